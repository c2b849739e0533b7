"""Numeric cross-checks: every step of a checked derivation, measured on concrete density pairs.

Each claim is turned into numbers the same way whatever the objective: pointwise claims are
evaluated at the quadrature nodes of each pair (where both densities are positive), integral
claims by quadrature of both sides, a maximiser by comparing ``V(D*, G)`` with ``V(D, G)`` for
perturbed and unrelated discriminators. A case passes when the discrepancy is within its
tolerance, ``max(k·reported error, floor)``; a case whose quadrature did not succeed makes the
step ``inconclusive``, never ``passed``.

>>> from symbolic_gan.api import prove
>>> result = prove("gan-global-optimum")
>>> sorted({str(s.numeric.status) for s in result.steps})
['passed']
"""

from __future__ import annotations

import dataclasses
import functools
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp

from symbolic_gan.calculus import carry_out
from symbolic_gan.derivation import Claim, Equation, Inequality, Maximiser, Roots, Supremum
from symbolic_gan.errors import InvalidArgument, NumericWarning
from symbolic_gan.functionals import expand_functionals, has_integral, integral_terms
from symbolic_gan.objective import Y
from symbolic_gan.rewrite import Context, log_normal_form
from symbolic_gan.verdict import CheckedDerivation, CheckedStep, NumericStatus, NumericVerdict

__all__ = ["ERROR_FACTOR", "FLOOR", "check_numeric", "default_cases"]

#: A case passes when its discrepancy is at most ``max(ERROR_FACTOR·error, FLOOR·scale)``.
ERROR_FACTOR = 10.0
FLOOR = 1e-13
_EPS = float(np.finfo(float).eps)
_LP, _LQ, _LPQ = sp.symbols("lp lq lpq", real=True)
_SUM = sp.Symbol("p_plus_q", positive=True)
_Y_FRACTIONS = np.array([0.02, 0.5, 0.98])
_NODES = 8
_UNDERFLOW = -708.0  # log of the smallest normal double


@dataclasses.dataclass(frozen=True)
class _Outcome:
    """One case of one step: discrepancy, tolerance, and whether quadrature was trusted."""

    case: str
    error: float
    tolerance: float
    trusted: bool = True
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.trusted and self.error <= self.tolerance


def default_cases(pairs: int = 0, seed: int = 0) -> tuple[Any, ...]:
    """The default battery of hard density pairs plus ``pairs`` random pairs from ``seed``."""
    from symbolic_gan.battery import default_battery, random_pairs

    return tuple(default_battery()) + (tuple(random_pairs(pairs, seed)) if pairs else ())


# ------------------------------------------------------------------ expressions → numpy
def _density_symbols(expr: sp.Expr) -> tuple[sp.Symbol, sp.Symbol]:
    names = sorted((s for s in expr.free_symbols if s.is_positive), key=lambda s: s.name)
    names = [s for s in names if s.name not in ("s", "u")]
    if not names:
        return sp.Symbol("p", positive=True), sp.Symbol("q", positive=True)
    if len(names) == 1:
        other = "q" if names[0].name == "p" else "p"
        return (names[0], sp.Symbol(other, positive=True)) if names[0].name == "p" else (
            sp.Symbol(other, positive=True), names[0])
    return names[0], names[1]


@functools.lru_cache(maxsize=256)
def _log_domain_terms(
    expr: sp.Expr, p: sp.Symbol, q: sp.Symbol
) -> tuple[list[sp.Expr], list[tuple[bool, bool]]]:
    """The additive terms of ``expr`` in (lp, lq, lpq, y), and whether each carries p or q.

    Logs of p, q and p + q become lp, lq and lpq = log(p + q); an additive term that carries a
    positive power of p (or q) is 0 where that density is 0: the ``0·log 0 = 0`` convention.
    """
    normal, _ = log_normal_form(expand_functionals(expr), Context(positive=True))
    marked = normal.xreplace({sp.log(p): _LP, sp.log(q): _LQ, sp.log(p + q): _LPQ})
    # p + q stays one quantity, exp(lpq): expanding must not multiply out its powers
    marked = sp.expand(sp.factor_terms(marked).xreplace({p + q: _SUM}))
    bodies, vanish = [], []
    for term in sp.Add.make_args(marked):
        vanish.append((term.has(p) and term.xreplace({p: 0}) == 0,
                       term.has(q) and term.xreplace({q: 0}) == 0))
        # every product of exponentials as one exponential, so that ratios such as
        # p²q/(p + q)² never form 0/0 when the densities underflow
        body = term.xreplace({_SUM: sp.exp(_LPQ), p: sp.exp(_LP), q: sp.exp(_LQ)})
        bodies.append(sp.powsimp(body, combine="exp"))
    return bodies, vanish


@functools.lru_cache(maxsize=256)
def _log_domain(expr: sp.Expr, p: sp.Symbol, q: sp.Symbol) -> Callable[..., np.ndarray]:
    """A numpy function of (lp, lq, y) evaluating ``expr(p, q, y)`` in the log domain."""
    bodies, vanish = _log_domain_terms(expr, p, q)
    fn = sp.lambdify((_LP, _LQ, _LPQ, Y), bodies, modules=[np])

    def evaluate(lp: np.ndarray, lq: np.ndarray, y: Any = 0.5) -> np.ndarray:
        lp, lq = np.asarray(lp, dtype=float), np.asarray(lq, dtype=float)
        total = np.zeros(np.broadcast_shapes(lp.shape, lq.shape, np.shape(y)))
        with np.errstate(all="ignore"):
            values = fn(lp, lq, np.logaddexp(lp, lq), y)
            for value, (vanish_p, vanish_q) in zip(values, vanish, strict=True):
                value = np.broadcast_to(np.asarray(value, dtype=float), total.shape)
                # A term carrying a factor p is 0 where p is 0 or underflows (|p| < 1e-308
                # while its logs are at most ~1e3): 0·log 0 = 0.
                dead = np.zeros(total.shape, dtype=bool)
                if vanish_p:
                    dead |= np.broadcast_to(lp < _UNDERFLOW, total.shape)
                if vanish_q:
                    dead |= np.broadcast_to(lq < _UNDERFLOW, total.shape)
                total = total + np.where(dead, 0.0, value)
        return total

    return evaluate


@functools.lru_cache(maxsize=256)
def _log_domain_mp(expr: sp.Expr, p: sp.Symbol, q: sp.Symbol) -> Callable[..., Any]:
    """The mpmath twin of :func:`_log_domain`, for the quadrature's last escalation stage."""
    import mpmath

    bodies, vanish = _log_domain_terms(expr, p, q)
    fn = sp.lambdify((_LP, _LQ, _LPQ, Y), bodies, modules=[mpmath])

    def evaluate(lp: Any, lq: Any, y: Any = 0.5) -> Any:
        if mpmath.isinf(lp) and mpmath.isinf(lq):
            lpq = mpmath.mpf("-inf")
        else:
            top = max(lp, lq)
            lpq = top + mpmath.log1p(mpmath.exp(min(lp, lq) - top))
        total = mpmath.mpf(0)
        for value, (vanish_p, vanish_q) in zip(fn(lp, lq, lpq, y), vanish, strict=True):
            if (vanish_p and mpmath.isinf(lp)) or (vanish_q and mpmath.isinf(lq)):
                continue
            total += value
        return total

    return evaluate


def _y_grid(domain: sp.Interval) -> np.ndarray:
    lo, hi = float(domain.inf), float(domain.sup)
    if np.isfinite(lo) and np.isfinite(hi):
        return lo + (hi - lo) * _Y_FRACTIONS
    if np.isfinite(lo):
        return lo + np.tan(_Y_FRACTIONS * np.pi / 2)
    if np.isfinite(hi):
        return hi - np.tan(_Y_FRACTIONS * np.pi / 2)
    return np.tan((_Y_FRACTIONS - 0.5) * np.pi)


# ------------------------------------------------------------------ one claim, one case
class _Checker:
    def __init__(self, cases: Sequence[Any], point: sp.Expr | None, domain: sp.Interval | None):
        from symbolic_gan.quadrature import pair_nodes

        self.cases = cases
        self.point = point
        self.domain = domain
        self._integrals: dict[sp.Expr, list[tuple[float, float, bool, str]]] = {}
        self.nodes = []
        for case in cases:
            x, lp, lq = pair_nodes(case.p, case.q)
            keep = np.isfinite(lp) & np.isfinite(lq) & (lp > -600) & (lq > -600)
            self.nodes.append((x[keep], lp[keep], lq[keep]))

    # pointwise claims ------------------------------------------------------------
    def _ys(self) -> np.ndarray:
        return _y_grid(self.domain) if self.domain is not None else np.array([0.5])

    def _sample(self, lp: np.ndarray, lq: np.ndarray) -> np.ndarray:
        """Indices of up to ``_NODES`` nodes: evenly spread, plus the extreme ratios p/q."""
        if lp.size <= _NODES:
            return np.arange(lp.size)
        ratio = lp - lq
        spread = np.linspace(0, lp.size - 1, _NODES - 2).astype(int)
        return np.unique(np.concatenate([spread, [np.argmin(ratio), np.argmax(ratio)]]))

    def pointwise(self, expr: sp.Expr, relation: str = "=", at_point: bool = False
                  ) -> list[_Outcome]:
        """Evaluate ``expr`` (REL 0) at sampled nodes with mpmath at 30 digits.

        Densities are taken as ``exp(logpdf)`` at the nodes, where both are positive; the
        discrepancy allowed is ``FLOOR·Σ|terms|`` (mpmath's own error is ~1e-28 of that).
        """
        import mpmath

        p, q = _density_symbols(expr)
        terms = list(sp.Add.make_args(sp.expand(expand_functionals(expr))))
        parts_of = sp.lambdify((p, q, Y), terms, modules=[mpmath])
        ystar = (sp.lambdify((p, q), self.point, modules=[mpmath])
                 if at_point and self.point is not None else None)
        ys = [mpmath.mpf(float(v)) for v in self._ys()]
        outcomes = []
        for case, (_, lp, lq) in zip(self.cases, self.nodes, strict=True):
            if lp.size == 0:
                outcomes.append(_Outcome(case.name, 0.0, FLOOR, note="no common support"))
                continue
            worst_excess, worst = -np.inf, (0.0, FLOOR)
            for i in self._sample(lp, lq):
                # enough digits that p/(p + q) is not rounded onto an end of (0, 1)
                with mpmath.workdps(30 + int(abs(lp[i] - lq[i]) / 2.3)):
                    pv, qv = mpmath.exp(mpmath.mpf(lp[i])), mpmath.exp(mpmath.mpf(lq[i]))
                    for yv in ([ystar(pv, qv)] if ystar is not None else ys):
                        parts = parts_of(pv, qv, yv)
                        value = float(mpmath.fsum(parts))
                        tol = FLOOR * max(1.0, float(mpmath.fsum(abs(t) for t in parts)))
                    error = abs(value) if relation == "=" else (
                        max(value, 0.0) if relation in ("<", "<=") else max(-value, 0.0))
                    if error - tol > worst_excess:
                        worst_excess, worst = error - tol, (error, tol)
            outcomes.append(_Outcome(case.name, worst[0], worst[1], bool(np.isfinite(worst[0]))))
        return outcomes

    # integral claims -------------------------------------------------------------
    def integral(self, expr: sp.Expr) -> list[tuple[float, float, bool, str]]:
        """``c0 + ∫F`` per case, with the reported error, success, message."""
        split = integral_terms(expr)
        if split is None:
            raise InvalidArgument.for_value("expr", expr, "not a linear combination of integrals")
        constant, integrand = split
        if self.point is not None and integrand.has(Y):
            integrand = integrand.xreplace({Y: self.point})
        c = float(constant)
        return [(c + v, e, s, m) for v, e, s, m in self._quadrature(sp.expand(integrand))]

    def _quadrature(self, integrand: sp.Expr) -> list[tuple[float, float, bool, str]]:
        """∫ integrand dx on every case, computed once per integrand."""
        from symbolic_gan.quadrature import integrate_pairs

        if integrand not in self._integrals:
            p, q = _density_symbols(integrand)
            f, f_mp = _log_domain(integrand, p, q), _log_domain_mp(integrand, p, q)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NumericWarning)
                result = integrate_pairs(lambda x, lp, lq: f(lp, lq),
                                         [c.p for c in self.cases], [c.q for c in self.cases],
                                         mp_integrand=lambda x, lp, lq: f_mp(lp, lq))
            self._integrals[integrand] = [
                (float(v), float(e), bool(s), str(m)) for v, e, s, m in zip(
                    result.value, result.error, result.success, result.message, strict=True)]
        return self._integrals[integrand]

    def compare(self, lhs: sp.Expr, rhs: sp.Expr, relation: str) -> list[_Outcome]:
        left, right = self.integral(lhs), self.integral(rhs)
        outcomes = []
        for case, (a, ea, sa, ma), (b, eb, sb, mb) in zip(self.cases, left, right, strict=True):
            tol = max(ERROR_FACTOR * (ea + eb), FLOOR * max(1.0, abs(a), abs(b)))
            if relation == "=":
                error = abs(a - b) if np.isfinite(a) or np.isfinite(b) else 0.0
            elif relation in (">=", ">"):
                error = max(b - a, 0.0) if np.isfinite(a) or np.isfinite(b) else 0.0
            else:
                error = max(a - b, 0.0) if np.isfinite(a) or np.isfinite(b) else 0.0
            trusted = sa and sb and not np.isnan(error)
            outcomes.append(_Outcome(case.name, float(error), tol, trusted,
                                     "; ".join(m for m in (ma, mb) if m)))
        return outcomes

    def maximiser(self, claim: Maximiser) -> list[_Outcome]:
        """V(D*, G) ≥ V(D, G) for perturbed and unrelated discriminators D (integrals).

        ``V(D*)`` is integrated from φ with y* substituted symbolically (exact in the log
        domain); each rival stays inside the domain, away from its ends: D* mixed with the
        domain's centre, and a smooth unrelated D.
        """
        import mpmath

        from symbolic_gan.quadrature import integrate_pairs

        p, q = _density_symbols(claim.function)
        best_expr = claim.function.xreplace({claim.variable: claim.point})
        centre, spread = _centre(claim.domain)

        def rivals(ystar: Any, x: Any, tanh: Callable[[Any], Any]) -> list[Any]:
            """D* pulled towards the centre, mixed with a smooth D, and that smooth D alone."""
            smooth = centre + spread * tanh(x)
            return [0.9 * ystar + 0.1 * centre, 0.7 * ystar + 0.3 * smooth, smooth]

        phi, phi_mp = _log_domain(claim.function, p, q), _log_domain_mp(claim.function, p, q)
        ystar, ystar_mp = _log_domain(claim.point, p, q), _log_domain_mp(claim.point, p, q)
        best_f, best_mp = _log_domain(best_expr, p, q), _log_domain_mp(best_expr, p, q)
        ps, qs = [c.p for c in self.cases], [c.q for c in self.cases]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NumericWarning)
            best = integrate_pairs(lambda x, lp, lq: best_f(lp, lq), ps, qs,
                                   mp_integrand=lambda x, lp, lq: best_mp(lp, lq))
            values = [
                integrate_pairs(
                    lambda x, lp, lq, k=k: phi(lp, lq, rivals(ystar(lp, lq), x, np.tanh)[k]),
                    ps, qs,
                    mp_integrand=lambda x, lp, lq, k=k: phi_mp(
                        lp, lq, rivals(ystar_mp(lp, lq), x, mpmath.tanh)[k]))
                for k in range(3)
            ]
        outcomes = []
        for i, case in enumerate(self.cases):
            worst, tol, trusted = 0.0, FLOOR, bool(best.success[i])
            for rival in values:
                gap = float(rival.value[i] - best.value[i])
                tol = max(tol, ERROR_FACTOR * float(best.error[i] + rival.error[i]))
                worst = max(worst, gap) if np.isfinite(gap) or gap > 0 else worst
                trusted = trusted and bool(rival.success[i])
            outcomes.append(_Outcome(case.name, worst, tol, trusted))
        return outcomes

    def supremum(self, claim: Supremum) -> list[_Outcome]:
        """sup over the y-grid and near the ends of the function is ≤ the value (and close)."""
        p, q = _density_symbols(claim.function + claim.value)
        f = _log_domain(claim.function, p, q)
        value = _log_domain(carry_out(claim.value), p, q)
        lo, hi = float(claim.domain.inf), float(claim.domain.sup)
        ys = np.concatenate([_y_grid(claim.domain), [v for v in (lo + 1e-9, hi - 1e-9)
                                                     if np.isfinite(v)]])
        outcomes = []
        for case, (_, lp, lq) in zip(self.cases, self.nodes, strict=True):
            lp_, lq_ = lp[:, None], lq[:, None]
            values = f(lp_, lq_, ys[None, :])
            target = value(lp_, lq_)
            excess = float(np.max(values - target)) if values.size else 0.0
            tol = float(np.max(np.maximum(1e-6 * (1 + np.abs(target)), FLOOR))) if values.size \
                else FLOOR
            outcomes.append(_Outcome(case.name, max(excess, 0.0), tol,
                                     bool(np.all(np.isfinite(target)))))
        return outcomes


def _centre(domain: sp.Interval) -> tuple[float, float]:
    """A point well inside ``domain`` and a spread that keeps ``centre ± spread`` inside."""
    lo, hi = float(domain.inf), float(domain.sup)
    if np.isfinite(lo) and np.isfinite(hi):
        return (lo + hi) / 2, (hi - lo) / 4
    if np.isfinite(lo):
        return lo + 1.0, 0.5
    if np.isfinite(hi):
        return hi - 1.0, 0.5
    return 0.0, 1.0


def _outcomes(claim: Claim, checker: _Checker) -> list[_Outcome]:
    if isinstance(claim, Maximiser):
        return checker.maximiser(claim)
    if isinstance(claim, Supremum):
        return checker.supremum(claim)
    if isinstance(claim, Roots):
        return checker.pointwise(claim.expr, "=", at_point=True)
    if isinstance(claim, Equation | Inequality):
        relation = "=" if isinstance(claim, Equation) else claim.relation
        difference = claim.lhs - claim.rhs
        if has_integral(difference):
            outcomes = checker.compare(claim.lhs, claim.rhs, relation)
            if isinstance(claim, Inequality) and claim.equality_iff is not None:
                outcomes = _equality_cases(claim, checker, outcomes)
            return outcomes
        return checker.pointwise(carry_out(difference), relation)
    raise InvalidArgument.for_value("claim", claim, "no numeric check for this claim type")


def _equality_cases(claim: Inequality, checker: _Checker, outcomes: list[_Outcome]
                    ) -> list[_Outcome]:
    """Where the pair is identical the bound must be attained."""
    same = checker.compare(claim.lhs, claim.rhs, "=")
    return [
        dataclasses.replace(o, error=max(o.error, s.error), note=o.note or "equality case")
        if case.p == case.q else o
        for case, o, s in zip(checker.cases, outcomes, same, strict=True)
    ]


def _verdict(outcomes: list[_Outcome]) -> NumericVerdict:
    if not outcomes:
        return NumericVerdict(NumericStatus.NOT_RUN, detail="no pairs")
    failed = [o for o in outcomes if o.trusted and o.error > o.tolerance]
    untrusted = [o for o in outcomes if not o.trusted]
    if failed:
        status = NumericStatus.FAILED
        detail = "exceeded tolerance on: " + ", ".join(o.case for o in failed)
    elif untrusted:
        status = NumericStatus.INCONCLUSIVE
        detail = "quadrature not trusted on: " + "; ".join(
            f"{o.case} ({o.note[:160]})" if o.note else o.case for o in untrusted)
    else:
        status, detail = NumericStatus.PASSED, f"all {len(outcomes)} pairs within tolerance"
    worst = max(outcomes, key=lambda o: o.error - o.tolerance)
    cases = tuple({"case": o.case, "error": o.error, "tolerance": o.tolerance,
                   "passed": o.passed, "note": o.note} for o in outcomes)
    return NumericVerdict(status, float(max(o.error for o in outcomes)), worst.tolerance,
                          len(outcomes), detail, cases)


def check_numeric(
    checked: CheckedDerivation, *, pairs: int = 0, seed: int = 0, cases: Sequence[Any] | None = None
) -> CheckedDerivation:
    """``checked`` with a numeric verdict on every step, over the default battery plus
    ``pairs`` random pairs from ``seed`` (or over ``cases``: objects with ``name``, ``p``, ``q``).
    """
    if not isinstance(checked, CheckedDerivation):
        raise InvalidArgument.for_value("checked", checked, "must be a CheckedDerivation")
    cases = tuple(default_cases(pairs, seed) if cases is None else cases)
    point = domain = None
    for step in checked.derivation.steps:
        if isinstance(step.claim, Maximiser):
            point, domain = step.claim.point, step.claim.domain
    checker = _Checker(cases, point, domain)
    steps = []
    for item in checked.steps:
        try:
            numeric = _verdict(_outcomes(item.step.claim, checker))
        except (InvalidArgument, TypeError, ValueError, ZeroDivisionError) as exc:
            numeric = NumericVerdict(NumericStatus.INCONCLUSIVE, detail=f"not evaluable: {exc}")
        steps.append(CheckedStep(item.step, item.symbolic, numeric))
    return dataclasses.replace(checked, steps=tuple(steps))
