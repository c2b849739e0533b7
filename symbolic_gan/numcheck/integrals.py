"""Integral claims ``c₀ + ∫F dx REL c₁ + ∫G dx`` by batched quadrature of each side.

Each distinct integrand is integrated once for all pairs of the run (one batch) and cached
across steps. A claim with ``y = D(x)`` free inside an integral holds "for every D": it is
checked for several discriminators with values inside the domain of y. A pair whose density
is not normalised gives ``premise-violated`` when the step cites normalisation, and is
integrated without the mass check otherwise. A pair whose quadrature raises is marked alone.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from symbolic_gan.errors import NumericError, NumericWarning
from symbolic_gan.functionals import integral_terms
from symbolic_gan.numcheck.lower import (
    Lowered,
    Roles,
    Unevaluable,
    canonical,
    lower_normal,
    normal_form,
)
from symbolic_gan.numcheck.nodes import discriminators, negative_density
from symbolic_gan.numcheck.outcome import ERROR_FACTOR, FLOOR, Outcome
from symbolic_gan.verdict import NumericStatus

__all__ = ["Integrals", "Side"]

_ANY = "any"  # the discriminator label of an integrand without y


@dataclass(frozen=True)
class Side:
    """One pair's value of one side of a claim: value, reported error, and its trouble."""

    value: float
    error: float
    status: str  # ok, infinite, unnormalised, failed, error
    message: str = ""

    @property
    def trusted(self) -> bool:
        return self.status in ("ok", "infinite")


@functools.lru_cache(maxsize=256)
def _split(expr: sp.Expr) -> tuple[float, sp.Expr]:
    split = integral_terms(expr)
    if split is None:
        raise Unevaluable.for_value("claim", sp.sstr(expr), "not a linear combination of integrals")
    constant, integrand = split
    if constant.free_symbols:
        raise Unevaluable.for_value("claim", sp.sstr(constant),
                                    "the part outside the integrals is not a number")
    return float(constant), integrand


class Integrals:
    """Quadrature of the integrands of a run, for all pairs at once, cached by integrand."""

    def __init__(self, cases: Sequence[Any], skip: Sequence[int] = ()):
        self.cases = list(cases)
        self.active = [i for i in range(len(self.cases)) if i not in set(skip)]
        self._cache: dict[tuple[Any, ...], list[Side | None]] = {}

    # ---------------------------------------------------------------- quadrature
    def _run(self, f: Callable[..., Any], f_mp: Callable[..., Any], index: list[int],
             check_mass: bool) -> dict[int, Side]:
        from symbolic_gan.quadrature import QuadStatus, integrate_pairs

        def batch(idx: list[int]) -> dict[int, Side]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NumericWarning)
                warnings.simplefilter("ignore", RuntimeWarning)
                r = integrate_pairs(f, [self.cases[i].p for i in idx],
                                    [self.cases[i].q for i in idx], mp_integrand=f_mp,
                                    check_mass=check_mass)
            return {i: Side(float(r.value[k]), float(r.error[k]),
                            str(QuadStatus(int(r.status[k]))),
                            str(r.message[k])) for k, i in enumerate(idx)}

        if not index:
            return {}
        try:
            return batch(index)
        except Exception:  # one pair's exception must mark that pair only: retry one by one
            out = {}
            for i in index:
                try:
                    out.update(batch([i]))
                except NumericError as exc:
                    out[i] = Side(np.nan, np.nan, "violated" if negative_density(exc)
                                  else "error", f"{exc}")
                except Exception as exc:
                    out[i] = Side(np.nan, np.nan, "error", f"{type(exc).__name__}: {exc}")
            return out

    def side(self, marked: sp.Expr, key: sp.Expr, roles: Roles, disc: tuple[str, Any],
             normalised: bool, smooth: bool = False) -> list[Side | None]:
        """``∫ F dx`` per pair (None for a pair left out), ``F`` in :func:`normal_form` (its
        :func:`canonical` key ``key``), with y replaced by the discriminator ``disc``;
        ``smooth`` declares the integrand free of kinks (see
        :func:`symbolic_gan.quadrature.smooth`)."""
        label, d = disc
        key = (key, roles, label)
        if key not in self._cache:
            import mpmath

            has_y = marked.has(roles.y)
            F = lower_normal(marked, roles, roles.y if has_y else None, marked.has(roles.x))
            if has_y and d is None:
                raise Unevaluable.for_value("claim", sp.sstr(marked),
                                            "y is free but no discriminator was given")
            if not _vanishes_without_densities(F, d if has_y else None):
                raise Unevaluable.for_value(
                    "claim", sp.sstr(marked),
                    "the integrand does not vanish where both densities are 0")

            def f(x: Any, lp: Any, lq: Any) -> Any:
                return F.value(lp, lq, d(x, lp, lq, np.tanh) if has_y else 0.0, x)

            def f_mp(x: Any, lp: Any, lq: Any) -> Any:
                return F.mp(lp, lq, d(x, lp, lq, mpmath.tanh) if has_y else 0, x)[0]

            f.smooth = smooth  # type: ignore[attr-defined]

            sides = self._run(f, f_mp, self.active, True)
            self._cache[key] = [sides.get(i) for i in range(len(self.cases))]
            loose = [i for i, s in sides.items() if s.status == "unnormalised"]
            # without normalisation, the claim must hold whatever the masses
            self._cache[(*key, "loose")] = [sides.get(i) for i in range(len(self.cases))]
            for i, side in self._run(f, f_mp, loose, False).items():
                self._cache[(*key, "loose")][i] = side
        return self._cache[key] if normalised else self._cache[(*key, "loose")]

    # ---------------------------------------------------------------- claims
    def compare(self, lhs: sp.Expr, rhs: sp.Expr, relation: str, roles: Roles,
                domain: sp.Interval, point: Lowered | None, normalised: bool,
                equality_iff: sp.Basic | None = None) -> list[Outcome]:
        """``lhs REL rhs`` per pair, the worst over the discriminators when y is free.

        One quadrature per claim, of the difference of the integrands, shared (up to a
        constant factor) with every claim whose difference is the same function.
        """
        (cl, fl), (cr, fr) = _split(lhs), _split(rhs)
        names = [c.name for c in self.cases]
        constant, size = cl - cr, max(1.0, abs(cl), abs(cr))
        variable = roles.y if (fl - fr).has(roles.y) else None
        normal = normal_form(fl - fr, roles, variable, with_x=True)
        if normal == 0:  # the same integrand on both sides: only the constants are compared
            same = Side(constant, 0.0, "ok")
            return [_judge(n, relation, same, FLOOR * size, "") for n in names]
        factor, rest, key = canonical(normal, roles)
        discs: list[tuple[str, Any]] = [(_ANY, None)]
        if variable is not None:
            discs = list(discriminators(domain))
            if point is not None:
                discs.insert(0, ("D*", lambda x, lp, lq, tanh, g=point: _point(g, lp, lq)))
        worst: list[Outcome | None] = [None] * len(self.cases)
        for disc in discs:
            # (the other discriminators are smooth functions of x, log p and log q)
            star = point.expr if point is not None and disc[0] == "D*" else sp.S.Zero
            smooth = _smooth(rest, star)
            for i, s in enumerate(self.side(rest, key, roles, disc, normalised, smooth)):
                if s is None:
                    continue
                note = "" if disc[0] == _ANY else f"D = {disc[0]}"
                with np.errstate(invalid="ignore"):
                    d = Side(constant + float(factor) * s.value, abs(float(factor)) * s.error,
                             s.status, s.message)
                tol = max(ERROR_FACTOR * d.error, FLOOR * max(size, _finite(d.value)))
                o = _judge(names[i], relation, d, tol, note)
                if equality_iff is not None and o.status is NumericStatus.PASSED:
                    o = _equality(o, self.cases[i], equality_iff, roles, d, tol)
                before = worst[i]
                worst[i] = o if before is None else _worse(before, o)
        return [o for o in worst if o is not None]


def _vanishes_without_densities(F: Lowered, d: Any) -> bool:
    """Whether ``F`` is 0 where both densities are 0 (else its integral over the whole line
    is not that of a density-weighted function, and quadrature would chase it for minutes)."""
    x = np.array([-1e3, 0.0, 1e3])
    # densities of 1e-261: a density-weighted integrand is about that small, while a term
    # without a density factor stays of order 1 (an exact 0 at -inf could be a 0/0 artefact)
    lp = lq = np.full(3, -600.0)
    y = d(x, lp, lq, np.tanh) if d is not None else 0.0
    with np.errstate(all="ignore"):
        values = np.asarray(F.value(lp, lq, y, x), dtype=float)
    return bool(np.all(np.isfinite(values) & (np.abs(values) < 1e-200)))


def _point(g: Lowered, lp: Any, lq: Any) -> Any:
    if isinstance(lp, np.ndarray) or isinstance(lq, np.ndarray):
        return g.np(lp, lq)[0]
    return g.mp(lp, lq)[0]


#: Functions with a kink or a jump: an integrand built with one is not declared smooth to the
#: quadrature, which then cuts its panels where the densities cross.
_KINKED = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside, sp.Piecewise, sp.floor, sp.ceiling)


def _smooth(*exprs: sp.Basic) -> bool:
    return not any(e.has(*_KINKED) for e in exprs)


def _finite(v: float) -> float:
    return abs(v) if np.isfinite(v) else 0.0


_RANK = {NumericStatus.PASSED: 0, NumericStatus.INCONCLUSIVE: 1,
         NumericStatus.PREMISE_VIOLATED: 2, NumericStatus.FAILED: 3}


def _worse(a: Outcome, b: Outcome) -> Outcome:
    if _RANK[b.status] != _RANK[a.status]:
        return b if _RANK[b.status] > _RANK[a.status] else a
    return b if b.error - b.tolerance > a.error - a.tolerance else a


def _judge(name: str, relation: str, d: Side, tol: float, note: str) -> Outcome:
    """One pair: ``d REL 0`` for the difference ``d = lhs − rhs``, with tolerance ``tol``.

    An infinite difference is a failure of ``=`` (``+inf`` against ``-inf`` is never 0).
    """
    if d.status == "violated":
        return Outcome(name, NumericStatus.PREMISE_VIOLATED, np.nan, tol, d.message[:200])
    if d.status == "unnormalised":
        return Outcome(name, NumericStatus.PREMISE_VIOLATED, np.nan, tol,
                       "normalisation is cited but " + d.message[:200])
    if not d.trusted or np.isnan(d.value):
        return Outcome(name, NumericStatus.INCONCLUSIVE, np.nan, tol,
                       "quadrature not trusted: " + (d.message or d.status)[:200])
    prefix = f"{note}: " if note else ""
    if relation == "=":
        error = abs(d.value)
        status = NumericStatus.PASSED if error <= tol else NumericStatus.FAILED
    else:
        wrong = d.value if relation in ("<", "<=") else -d.value  # > 0: on the wrong side
        error = max(wrong, 0.0)
        if relation in ("<=", ">="):
            status = NumericStatus.PASSED if wrong <= tol else NumericStatus.FAILED
        elif wrong < -tol:
            status = NumericStatus.PASSED
        elif wrong > tol:
            status = NumericStatus.FAILED
        else:
            return Outcome(name, NumericStatus.INCONCLUSIVE, error, tol,
                           prefix + f"strict {relation} not shown: the sides differ by "
                           f"{abs(d.value):.3g}, within the error {tol:.3g}")
    text = "" if status is NumericStatus.PASSED else (
        f"lhs − rhs = {d.value:.17g} (tolerance {tol:.3g})")
    return Outcome(name, status, float(error), float(tol), prefix + text if text else note)


def _equality(o: Outcome, case: Any, condition: sp.Basic, roles: Roles, d: Side,
              tol: float) -> Outcome:
    """``equality iff p = q``: attained on identical pairs, not attained on the others."""
    if not (isinstance(condition, sp.Equality)
            and set(condition.args) == {roles.p, roles.q}):
        return o  # a condition the numeric check cannot read is left to the symbolic check
    gap = abs(d.value)
    if case.p == case.q and gap > tol:
        return Outcome(o.case, NumericStatus.FAILED, gap, tol,
                       f"p = q but equality is not attained: lhs − rhs = {d.value:.17g}")
    if case.p == case.q:
        return Outcome(o.case, o.status, max(o.error, gap), tol, "equality case")
    if gap <= tol:
        return Outcome(o.case, NumericStatus.INCONCLUSIVE, gap, tol,
                       "equality attained on a pair whose densities differ as objects")
    return o
