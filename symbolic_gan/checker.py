"""The symbolic checker: one verdict per claim, and whether a derivation's conclusion follows.

Each claim kind has one decision function: equations and inequalities here (pointwise through
:mod:`symbolic_gan.rewrite`, integrals through :mod:`symbolic_gan.integral_claims`), maximisers,
roots and suprema in :mod:`symbolic_gan.optima`. Every check is time-boxed and size-guarded: a
limit gives UNKNOWN with the method "time limit", and so does any failure inside SymPy — a
checker error never becomes a verdict of proved or refuted.

>>> from symbolic_gan.theorems import get_theorem
>>> checked = check(get_theorem("gan-global-optimum").derive())
>>> checked.ok
True
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import sympy as sp

from symbolic_gan.calculus import carry_out
from symbolic_gan.cases import has_kinks, split_cases
from symbolic_gan.conclusion import establish
from symbolic_gan.context import Context, Finding
from symbolic_gan.derivation import (
    Claim,
    Derivation,
    Equation,
    Inequality,
    Maximiser,
    Premise,
    Roots,
    Step,
    Supremum,
)
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import expand_functionals, has_integral, integral_terms
from symbolic_gan.guards import too_large
from symbolic_gan.integral_claims import integral_sign, integral_zero
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.optima import decide_maximiser, decide_roots, decide_supremum
from symbolic_gan.rewrite import sign_test, undefined_divisors, zero_test
from symbolic_gan.timebox import TimeLimitReached, time_box
from symbolic_gan.verdict import CheckedDerivation, CheckedStep, Status, SymbolicVerdict

__all__ = [
    "MAX_TIME_LIMIT",
    "TIME_LIMIT",
    "check",
    "check_claim",
    "check_step",
    "context_for",
    "solve_condition",
]

#: Seconds a single claim may take before it is reported UNKNOWN ("time limit").
TIME_LIMIT = 5.0
#: The largest time limit accepted (a day); ``None`` means no limit at all.
MAX_TIME_LIMIT = 86_400.0


def context_for(
    premises: tuple[Premise, ...], cited: tuple[str, ...],
    densities: tuple[sp.Symbol, ...] = (P, Q),
) -> Context:
    """The :class:`Context` allowed by the premises of ``premises`` whose names are ``cited``."""
    used = [p for p in premises if p.name in cited]
    kinds: dict[str, str] = {p.kind: p.name for p in used}
    restriction = next((p for p in used if p.kind == "domain"), None)
    return Context(
        positive="positive" in kinds,
        domain=None if restriction is None else restriction.interval,
        variable=Y if restriction is None else restriction.variable,
        normalised="normalised" in kinds,
        convention="convention" in kinds,
        premise_names=kinds,
        densities=densities,
    )


# ------------------------------------------------------------------------------ equations
def _carried(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """``carry_out`` with the densities' positivity ignored unless a premise grants it."""
    return carry_out(expr, forget=() if ctx.positive else ctx.densities)


def _defined(found: Finding, claim: Equation | Inequality, ctx: Context) -> Finding:
    """A proof holds only where both sides are defined: UNKNOWN when one side divides by
    something, not shown non-zero, that the other does not (``(p − q)/(p − q) = 1``); two sides
    with the same singular places are compared where both are defined."""
    if found.status is not Status.PROVED:
        return found
    sides = [undefined_divisors(expand_functionals(_carried(side, ctx)), ctx)
             for side in (claim.lhs, claim.rhs)]
    only = [d for d in sides[0] if d not in sides[1]] + [d for d in sides[1] if d not in sides[0]]
    if only:
        return Finding(Status.UNKNOWN, f"{found.method}; but one side is undefined where "
                       f"{sp.sstr(only[0])} = 0 and the other is not, which is not shown "
                       "impossible")
    return found


def _equation(claim: Equation, ctx: Context) -> Finding:
    return _defined(_equation_everywhere(claim, ctx), claim, ctx)


def _equation_everywhere(claim: Equation, ctx: Context) -> Finding:
    difference = _carried(claim.lhs - claim.rhs, ctx)
    if has_integral(difference):
        split = integral_terms(difference)
        if split is None:
            return Finding(Status.UNKNOWN, "not a linear combination of integrals with numeric "
                           "coefficients (a derivative or limit of an integral needs an "
                           "exchange premise)", difference)
        constant, integrand = split
        return integral_zero(constant, expand_functionals(integrand), ctx)
    return zero_test(expand_functionals(difference), ctx)


def _inequality(claim: Inequality, ctx: Context) -> Finding:
    difference = _carried(claim.lhs - claim.rhs, ctx)
    if not has_integral(difference):
        found = sign_test(expand_functionals(difference), claim.relation, ctx)
    else:
        split = integral_terms(difference)
        if split is None:
            return Finding(Status.UNKNOWN, "not a linear combination of integrals with numeric "
                           "coefficients", difference)
        constant, integrand = split
        found = integral_sign(constant, expand_functionals(integrand), claim.relation, ctx)
    return _with_equality(_defined(found, claim, ctx), claim, ctx)


def solve_condition(condition: sp.Equality, densities: tuple[sp.Symbol, ...] = (P, Q)
                    ) -> dict[sp.Symbol, sp.Expr] | None:
    """``condition`` as a substitution ``{symbol: value}``, solving for a symbol in which it is
    linear with a numeric coefficient (``densities`` first), or None.

    >>> solve_condition(sp.Eq(P, 2 * Q))
    {p: 2*q}
    """
    expr = condition.lhs - condition.rhs
    order = sorted(expr.free_symbols, key=lambda s: (s not in densities, s.name))
    for symbol in order:
        coefficient = sp.cancel(sp.diff(expr, symbol))
        if coefficient.free_symbols or coefficient == 0:
            continue
        value = sp.cancel(symbol - expr / coefficient)
        if not value.has(symbol):
            return {symbol: value}
    return None


def _equality_only_at(found: Finding, claim: Inequality, ctx: Context, integrals: bool
                      ) -> Finding | None:
    """REFUTED when the proof locates equality at a point (for integrals: at densities that
    exist, p = q) where the two sides are shown equal and the condition fails; None otherwise."""
    condition = claim.equality_iff
    locus = None if found.equality_at is None or condition is None else solve_condition(
        found.equality_at, ctx.densities)
    if condition is None or locus is None or (integrals and not all(
            value in ctx.densities for key, value in locus.items() if key in ctx.densities)):
        return None
    there = _equation(Equation(claim.lhs.xreplace(locus), claim.rhs.xreplace(locus)), ctx)
    if there.status is not Status.PROVED:
        return None
    implied = zero_test((condition.lhs - condition.rhs).xreplace(locus), ctx)
    if implied.status is not Status.REFUTED:
        return None
    return Finding(Status.REFUTED, f"{found.method}; equality holds where "
                   f"{sp.sstr(found.equality_at)}, but the condition fails there: "
                   f"{implied.method}", implied.residual, implied.counterexample)


def _with_equality(found: Finding, claim: Inequality, ctx: Context) -> Finding:
    """Both directions of the claimed equality case: the bound is attained wherever the
    condition holds, and the proof shows equality only there."""
    condition = claim.equality_iff
    if condition is None or found.status is not Status.PROVED:
        return found
    substitution = solve_condition(condition, ctx.densities)
    if substitution is None:
        return Finding(Status.UNKNOWN, f"{found.method}; the equality condition cannot be "
                       "substituted (not linear in any symbol)")
    attained = _equation(Equation(claim.lhs.xreplace(substitution),
                                  claim.rhs.xreplace(substitution)), ctx)
    keeps_mass = all(value in ctx.densities for key, value in substitution.items()
                     if key in ctx.densities)
    integrals = has_integral(claim.lhs - claim.rhs)
    if attained.status is Status.REFUTED and integrals and not keeps_mass:
        # p = 2q everywhere contradicts ∫p = ∫q = 1: no such densities exist to test it on
        return _equality_only_at(found, claim, ctx, integrals) or Finding(
            Status.UNKNOWN, f"{found.method}; the equality condition cannot hold for two "
            "normalised densities, so it is not tested")
    if attained.status is Status.REFUTED:
        return Finding(Status.REFUTED, f"{found.method}; but where the equality condition holds "
                       f"the two sides differ: {attained.method}", attained.residual,
                       attained.counterexample)
    if attained.status is not Status.PROVED:
        return Finding(Status.UNKNOWN, f"{found.method}; equality under the condition not "
                       f"shown: {attained.method}")
    where = found.equality_at
    locus = None if where is None else solve_condition(where, ctx.densities)
    if locus is None:
        return Finding(Status.UNKNOWN, f"{found.method}; the bound is attained under the "
                       "condition, but the proof does not show equality holds only there")
    implied = zero_test((condition.lhs - condition.rhs).xreplace(locus), ctx, probe=False)
    if implied.status is not Status.PROVED:
        return Finding(Status.UNKNOWN, f"{found.method}; the proof locates equality at "
                       f"{sp.sstr(where)}, which is not shown to imply the condition")
    return Finding(Status.PROVED, f"{found.method}; equality is attained where the condition "
                   f"holds, and only where {sp.sstr(where)} (almost everywhere, for integrals)",
                   forced=found.forced)


_HANDLERS: dict[type, Callable[[Claim, Context], Finding]] = {
    Equation: _equation,  # type: ignore[dict-item]
    Inequality: _inequality,  # type: ignore[dict-item]
    Maximiser: decide_maximiser,  # type: ignore[dict-item]
    Roots: decide_roots,  # type: ignore[dict-item]
    Supremum: decide_supremum,  # type: ignore[dict-item]
}


def _optimum_by_cases(claim: Maximiser | Supremum, ctx: Context,
                      handler: Callable[[Claim, Context], Finding]) -> Finding | None:
    """A maximiser or supremum claim with a kink (``|p − q|``, ``max``, ``sign``…) in a
    density-only switch, proved on each side of the switch (:mod:`symbolic_gan.cases`)."""
    fields = ("function", "point") if isinstance(claim, Maximiser) else ("function", "value")
    exprs = tuple(getattr(claim, name) for name in fields)
    if not any(has_kinks(e) for e in exprs) or any(has_integral(e) for e in exprs):
        return None
    if not ctx.positive and any(e.has(*ctx.densities) for e in exprs):
        return None  # their signs are not premised: nothing to split on or resolve
    positive = [s for e in exprs for s in e.free_symbols
                if s != claim.variable and s.is_positive and (ctx.positive or s not in
                                                              ctx.densities)]
    if claim.domain.free_symbols:
        return None
    cases = split_cases(exprs, positive)
    if cases is None:
        return None
    shown = []
    for name, rewritten in cases:
        try:
            case = dataclasses.replace(claim, **dict(zip(fields, rewritten, strict=True)))
        except InvalidArgument:
            return None
        found = handler(case, ctx)
        if found.status is not Status.PROVED:
            return None
        shown.append(f"{name}: {found.method}")
    return Finding(Status.PROVED, "by cases — " + "; ".join(shown))


def _claim_size_problem(claim: Claim) -> str | None:
    for value in vars(claim).values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, sp.Basic):
                reason = too_large(item)
                if reason is not None:
                    return reason
    return None


def check_claim(claim: Claim, ctx: Context, *, time_limit: float | None = TIME_LIMIT
                ) -> SymbolicVerdict:
    """Check one claim under a context; never raises for a claim it cannot decide.

    ``time_limit`` (seconds, None for none) bounds the work; past it the verdict is UNKNOWN with
    the method ``"time limit"``.

    >>> from symbolic_gan.objective import P, Q, Y
    >>> check_claim(Equation(10**300 * P, P), Context(positive=True)).status
    <Status.REFUTED: 'refuted'>
    """
    if not isinstance(ctx, Context):
        raise InvalidArgument.for_value("ctx", ctx, "must be a Context")
    if time_limit is not None and (isinstance(time_limit, bool) or not isinstance(
            time_limit, int | float) or not 0 < time_limit <= MAX_TIME_LIMIT):
        raise InvalidArgument.for_value("time_limit", time_limit,
                                        f"must be None or in (0, {MAX_TIME_LIMIT:g}] seconds")
    handler = _HANDLERS.get(type(claim))
    if handler is None:
        raise InvalidArgument.for_value("claim", claim, "must be an Equation, Inequality, "
                                        "Maximiser, Roots or Supremum")
    start = time.perf_counter()
    reason = _claim_size_problem(claim)
    if reason is not None:
        finding = Finding(Status.UNKNOWN, f"size guard: {reason}")
    else:
        box = None  # an enclosing limit may land before this box exists: it is not ours
        try:
            with time_box(time_limit) as box:
                finding = handler(claim, ctx)
                if finding.status is Status.UNKNOWN and isinstance(claim, Maximiser | Supremum):
                    finding = _optimum_by_cases(claim, ctx, handler) or finding
        except TimeLimitReached as exc:
            if exc.box is not box:
                raise  # an enclosing limit: not this claim's to report
            finding = Finding(Status.UNKNOWN, "time limit")
        except Exception as exc:
            finding = Finding(Status.UNKNOWN, f"the checker could not decide: "
                              f"{type(exc).__name__}")
    return SymbolicVerdict(
        status=finding.status,
        method=finding.method,
        residual=None if finding.residual is None else sp.sstr(finding.residual),
        seconds=time.perf_counter() - start,
        counterexample=finding.counterexample,
        forced=finding.forced,
    )


def check_step(step: Step, premises: tuple[Premise, ...], *,
               densities: tuple[sp.Symbol, ...] = (P, Q),
               time_limit: float | None = TIME_LIMIT) -> CheckedStep:
    """Check a step using only the premises it cites."""
    ctx = context_for(premises, step.premises, densities)
    return CheckedStep(step, check_claim(step.claim, ctx, time_limit=time_limit))


def check(derivation: Derivation, *, time_limit: float | None = TIME_LIMIT) -> CheckedDerivation:
    """Check every step of ``derivation`` symbolically, then whether its conclusion follows
    from the proved steps (numeric verdicts stay ``not-run``)."""
    if not isinstance(derivation, Derivation):
        raise InvalidArgument.for_value("derivation", derivation, "must be a Derivation")
    start = time.perf_counter()
    steps = tuple(check_step(step, derivation.premises, densities=derivation.densities,
                             time_limit=time_limit) for step in derivation.steps)
    conclusion = establish(derivation)
    return CheckedDerivation(derivation, steps, time.perf_counter() - start, conclusion)
