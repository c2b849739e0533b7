"""The symbolic checker: one verdict per step, from the claim and the premises it cites.

Dispatch is by claim type; each handler reduces its claim to zero tests and sign tests
(:mod:`symbolic_gan.rewrite`) and reports proved, refuted or unknown with the method used.

>>> from symbolic_gan.theorems import get_theorem
>>> checked = check(get_theorem("gan-global-optimum").derive())
>>> checked.ok
True
"""

from __future__ import annotations

import time

import sympy as sp

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
    interval_text,
)
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import expand_functionals, has_integral, integral_terms
from symbolic_gan.rewrite import (
    Context,
    Finding,
    carry_out,
    find_roots,
    homogeneous_reduction,
    in_domain,
    one_sided_limit,
    sign_test,
    zero_test,
)
from symbolic_gan.verdict import CheckedDerivation, CheckedStep, Status, SymbolicVerdict

__all__ = ["check", "check_claim", "check_step", "context_for"]

_TWO_CELL = (  # (a, b): p = 2a on [0, ½), 2(1 − a) on [½, 1]; q likewise with b
    (sp.Rational(1, 4), sp.Rational(3, 4)),
    (sp.Rational(1, 3), sp.Rational(1, 2)),
    (sp.Rational(1, 10), sp.Rational(2, 3)),
)


def context_for(premises: tuple[Premise, ...], cited: tuple[str, ...]) -> Context:
    """The :class:`Context` allowed by the premises of ``premises`` whose names are ``cited``."""
    used = [p for p in premises if p.name in cited]
    kinds = {p.kind: p.name for p in used}
    domain = next((p.interval for p in used if p.kind == "domain"), None)
    return Context(
        positive="positive" in kinds,
        domain=domain,
        normalised="normalised" in kinds,
        convention="convention" in kinds,
        premise_names=kinds,
    )


def _verdict(finding: Finding, seconds: float, prefix: str = "") -> SymbolicVerdict:
    return SymbolicVerdict(
        status=finding.status,
        method=prefix + finding.method,
        residual=None if finding.residual is None else sp.sstr(finding.residual),
        seconds=seconds,
        counterexample=finding.counterexample,
        forced=finding.forced,
    )


def _density_symbols(expr: sp.Expr) -> list[sp.Symbol]:
    return sorted((s for s in expr.free_symbols if s.is_positive), key=lambda s: s.name)


def _integral_zero(constant: sp.Expr, integrand: sp.Expr, ctx: Context) -> Finding:
    """Decide ``constant + ∫ integrand dx = 0`` for every admissible pair of densities."""
    pointwise = zero_test(integrand, ctx, probe=False)
    if pointwise.status is Status.PROVED:
        found = zero_test(constant, ctx)
        method = f"integrand ≡ 0 ({pointwise.method})"
        if constant != 0:
            method += f"; constant: {found.method}"
        return Finding(found.status, method, found.residual,
                       found.counterexample, pointwise.forced + found.forced)
    densities = _density_symbols(integrand)
    # reuse the rewritten integrand (logs split once) unless the premises stripped positivity
    # from its symbols
    normal = pointwise.residual if ctx.positive and pointwise.residual is not None else integrand
    coefficients = {}
    for s in densities:
        c = sp.expand(sp.diff(normal, s))
        c_normal = zero_test(c - c.xreplace({d: 1 for d in densities}), ctx)
        if c_normal.status is not Status.PROVED:
            break
        coefficients[s] = c.xreplace({d: 1 for d in densities})
    else:
        remainder = normal - sum(c * s for s, c in coefficients.items())
        rest = zero_test(remainder, ctx)
        if rest.status is Status.PROVED:
            return _linear_part(constant, coefficients, ctx, rest.forced)
    return _two_cell_counterexample(constant, integrand, ctx)


def _linear_part(
    constant: sp.Expr, coefficients: dict[sp.Symbol, sp.Expr], ctx: Context, forced: tuple[str, ...]
) -> Finding:
    linear = " + ".join(f"({sp.sstr(c)})·∫{s} dx" for s, c in coefficients.items())
    if ctx.normalised:
        total = constant + sum(coefficients.values())
        found = zero_test(total, ctx)
        method = (f"integrand linear in the densities: {linear}; "
                  f"∫ = 1 by {ctx.cite('normalised')}; {found.method}")
        return Finding(found.status, method, found.residual, found.counterexample,
                       forced + found.forced)
    masses = {s: sp.Symbol(f"M_{s.name}", positive=True) for s in coefficients}
    total = constant + sum(c * masses[s] for s, c in coefficients.items())
    found = zero_test(total, Context(positive=True))
    if found.status is Status.PROVED:
        return Finding(Status.PROVED, f"integrand linear in the densities: {linear}; "
                       "holds for any masses", forced=forced)
    return Finding(
        found.status,
        f"integrand linear in the densities: {linear}; without a normalisation premise the "
        f"masses M are free and the value is {sp.sstr(total)}",
        total,
        found.counterexample,
        forced + found.forced,
    )


def _two_cell_counterexample(constant: sp.Expr, integrand: sp.Expr, ctx: Context) -> Finding:
    """Refute with piecewise-constant normalised densities on [0, 1], or give up honestly."""
    densities = _density_symbols(integrand)
    if len(densities) > 2 or integrand.has(sp.Symbol("y", real=True)):
        return Finding(Status.UNKNOWN, "integral not reducible; no counterexample", integrand)
    for values in _TWO_CELL:
        cells = []
        for cell in (0, 1):
            point = {
                s: 2 * (v if cell == 0 else 1 - v) for s, v in zip(densities, values, strict=False)
            }
            cells.append(integrand.xreplace(point) / 2)
        total = constant + sum(cells)
        try:
            value = sp.N(total, 30, strict=True)
        except Exception:
            continue
        if value.is_real and abs(value) > sp.Float("1e-20"):
            shown = {
                s.name: f"{2 * v} on [0, 1/2), {2 * (1 - v)} on [1/2, 1]"
                for s, v in zip(densities, values, strict=False)
            }
            return Finding(
                Status.REFUTED,
                f"two-cell densities on [0, 1] give a difference of {sp.N(value, 8)}",
                integrand,
                shown,
            )
    return Finding(Status.UNKNOWN, "integral not reducible; no counterexample", integrand)


def _equation(claim: Equation, ctx: Context) -> Finding:
    difference = carry_out(claim.lhs - claim.rhs)
    if has_integral(difference):
        split = integral_terms(difference)
        if split is None:
            return Finding(Status.UNKNOWN, "not a linear combination of integrals", difference)
        constant, integrand = split
        return _integral_zero(constant, expand_functionals(integrand), ctx)
    return zero_test(expand_functionals(difference), ctx)


def _inequality(claim: Inequality, ctx: Context) -> Finding:
    difference = claim.lhs - claim.rhs
    if not has_integral(difference):
        found = sign_test(expand_functionals(difference), claim.relation, ctx)
        return _with_equality(found, claim)
    split = integral_terms(difference)
    if split is None:
        return Finding(Status.UNKNOWN, "not a linear combination of integrals", difference)
    constant, integrand = split
    integrand = expand_functionals(integrand)
    constant_sign = sign_test(constant, claim.relation, ctx) if constant != 0 else None
    pointwise = sign_test(integrand, claim.relation, ctx)
    if pointwise.status is Status.PROVED and (
        constant_sign is None or constant_sign.status is Status.PROVED
    ):
        found = Finding(Status.PROVED, "integrand " + pointwise.method + "; integrate",
                        pointwise.residual, forced=pointwise.forced)
        return _with_equality(found, claim)
    if ctx.normalised and claim.relation in (">=", "<="):
        tangent = _tangent_line(constant, integrand, claim.relation, ctx)
        if tangent is not None:
            return _with_equality(tangent, claim)
    if pointwise.status is Status.UNKNOWN:
        return Finding(Status.UNKNOWN, "pointwise sign not decided: " + pointwise.method,
                       pointwise.residual)
    return Finding(Status.UNKNOWN, "pointwise bound fails; the integral bound is not shown",
                   pointwise.residual, pointwise.counterexample)


def _tangent_line(
    constant: sp.Expr, integrand: sp.Expr, relation: str, ctx: Context
) -> Finding | None:
    """Jensen through the tangent at u = 1: ``q·g(u) ≥ q·g(1) + g'(1)(p − q)``, whose integral
    is ``g(1)`` by normalisation (the f-divergence argument of MATH.md §2)."""
    sign = 1 if relation == ">=" else -1
    reduced = homogeneous_reduction(sign * integrand, ctx)
    if reduced is None:
        return None
    g, p, q = reduced
    u = sorted(g.free_symbols, key=lambda s: s.name)[0] if g.free_symbols else None
    if u is None:
        return None
    g1 = g.xreplace({u: 1})
    slope = sp.diff(g, u).xreplace({u: 1})
    minorant = q * g1 + slope * (p - q)
    gap = sign_test(sign * integrand - minorant, ">=", ctx)
    if gap.status is not Status.PROVED:
        return None
    total = sign * constant + g1
    bound = sign_test(total, ">=", ctx) if total != 0 else Finding(Status.PROVED, "0 ≥ 0")
    if bound.status is not Status.PROVED:
        return Finding(bound.status, f"tangent line gives ∫ ≥ {g1}; constant: {bound.method}",
                       bound.residual, bound.counterexample)
    return Finding(
        Status.PROVED,
        f"tangent line at u = {p}/{q} = 1: integrand − ({sp.sstr(minorant)}) — {gap.method}; "
        f"∫ of the tangent = {sp.sstr(g1)} by {ctx.cite('normalised')}",
        gap.residual,
        forced=gap.forced,
    )


def _with_equality(found: Finding, claim: Inequality) -> Finding:
    """Check the claimed equality case against the minimiser the convexity proof found."""
    if claim.equality_iff is None or found.status is not Status.PROVED:
        return found
    minimiser = found.residual
    if not isinstance(minimiser, sp.Equality) or not isinstance(claim.equality_iff, sp.Equality):
        return Finding(Status.UNKNOWN, found.method + "; equality case not decided")
    u0 = minimiser.rhs
    p, q = sorted(claim.equality_iff.free_symbols, key=lambda s: s.name)
    same = zero_test(
        (claim.equality_iff.lhs - claim.equality_iff.rhs).xreplace({p: u0 * q}), Context(True)
    )
    if same.status is Status.PROVED:
        return Finding(Status.PROVED, found.method + f"; equality iff {claim.equality_iff}",
                       forced=found.forced)
    return Finding(Status.REFUTED, found.method + f"; so equality is not iff {claim.equality_iff}",
                   minimiser)


def _roots(claim: Roots, ctx: Context) -> Finding:
    solved = find_roots(claim.expr, claim.variable)
    notes = []
    for root in claim.roots:
        at_root = zero_test(claim.expr.xreplace({claim.variable: root}), ctx)
        if at_root.status is not Status.PROVED:
            return Finding(at_root.status, f"claimed root {root}: {at_root.method}",
                           at_root.residual, at_root.counterexample)
        inside = in_domain(root, claim.domain, ctx)
        if inside.status is not Status.PROVED:
            return Finding(inside.status, f"claimed root {root} in domain: {inside.method}",
                           inside.residual, inside.counterexample)
        notes.append(f"{root}: substituted back = 0, inside {interval_text(claim.domain)}")
    for root in solved:
        if any(zero_test(root - r, ctx).status is Status.PROVED for r in claim.roots):
            continue
        inside = in_domain(root, claim.domain, ctx)
        if inside.status is Status.PROVED:
            return Finding(Status.REFUTED, f"solver root {root} lies in the domain but is not "
                           "claimed", root)
        if inside.status is Status.UNKNOWN:
            return Finding(Status.UNKNOWN, f"solver root {root}: domain not decided", root)
        notes.append(f"{root}: outside the domain")
    return Finding(Status.PROVED, f"{len(solved)} candidate root(s); " + "; ".join(notes))


def _maximiser(claim: Maximiser, ctx: Context) -> Finding:
    v, f = claim.variable, claim.function
    inside = in_domain(claim.point, claim.domain, ctx)
    if inside.status is not Status.PROVED:
        return Finding(inside.status, "y* in domain: " + inside.method, inside.residual,
                       inside.counterexample)
    first = zero_test(sp.diff(f, v).xreplace({v: claim.point}), ctx)
    if first.status is not Status.PROVED:
        return Finding(first.status, "first-order condition at y*: " + first.method,
                       first.residual, first.counterexample, first.forced)
    second = sign_test(sp.diff(f, v, 2), "<", ctx)
    if second.status is not Status.PROVED:
        return Finding(second.status, "strict concavity: " + second.method, second.residual,
                       second.counterexample)
    return Finding(Status.PROVED, "inside the domain; derivative zero there; strictly concave "
                   "on the domain, so the unique global maximiser", forced=first.forced)


def _supremum(claim: Supremum, ctx: Context) -> Finding:
    v, f = claim.variable, claim.function
    slope = sp.diff(f, v)
    for relation, end, direction, word in (
        ("<", claim.domain.inf, "+", "decreasing"),
        (">", claim.domain.sup, "-", "increasing"),
    ):
        monotone = sign_test(slope, relation, ctx)
        if monotone.status is Status.PROVED:
            limit, how = one_sided_limit(f, v, end, direction)
            value, value_how = claim.value, "as given"
            if isinstance(value, sp.Limit):
                function, variable, point, side = value.args
                value, value_how = one_sided_limit(function, variable, point, str(side))
            found = zero_test(limit - carry_out(value), ctx)
            return Finding(found.status, f"{word} on the domain, so sup = limit at {v} → {end}"
                           f" = {sp.sstr(limit)} ({how}); claimed value = {sp.sstr(value)} "
                           f"({value_how}); difference: {found.method}", found.residual,
                           found.counterexample, found.forced)
    return Finding(Status.UNKNOWN, "not shown monotone on the domain", slope)


_HANDLERS = {
    Equation: _equation,
    Inequality: _inequality,
    Maximiser: _maximiser,
    Roots: _roots,
    Supremum: _supremum,
}


def check_claim(claim: Claim, ctx: Context) -> SymbolicVerdict:
    """Check one claim under a context; never raises for a claim it cannot decide."""
    start = time.perf_counter()
    handler = _HANDLERS.get(type(claim))
    if handler is None:
        raise InvalidArgument.for_value("claim", claim, "unknown claim type")
    finding = handler(claim, ctx)  # type: ignore[operator]
    return _verdict(finding, time.perf_counter() - start)


def check_step(step: Step, premises: tuple[Premise, ...]) -> CheckedStep:
    """Check a step using only the premises it cites."""
    return CheckedStep(step, check_claim(step.claim, context_for(premises, step.premises)))


def check(derivation: Derivation) -> CheckedDerivation:
    """Check every step of ``derivation`` symbolically (numeric verdicts stay ``not-run``)."""
    if not isinstance(derivation, Derivation):
        raise InvalidArgument.for_value("derivation", derivation, "must be a Derivation")
    start = time.perf_counter()
    steps = tuple(check_step(step, derivation.premises) for step in derivation.steps)
    return CheckedDerivation(derivation, steps, time.perf_counter() - start)
