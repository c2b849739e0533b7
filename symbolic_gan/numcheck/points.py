"""Claimed points (a maximiser, roots) at every sample node: placed in the domain, and a
function evaluated there, in float64 where it can decide and mpmath where it cannot.

A point such as ``p/(p + q)`` rounds onto the end 1 of (0, 1) once ``p/q > 1e16``. Its
distance to each end is therefore computed from its own expression (``1 − p/(p + q)`` is
brought over one denominator, ``q/(p + q)``, and evaluated in the log domain), and the function
at such a point is evaluated from the substituted expression. Only where these cannot decide
either (a distance within its rounding bound of 0, a non-finite value) does mpmath place the
point at 40 or more digits, within :data:`MP_BUDGET` nodes per claim.

>>> import numpy as np
>>> from symbolic_gan.objective import P, Q
>>> from symbolic_gan.numcheck.lower import Roles
>>> site = Site(np.array([50.0, 0.0]), np.array([0.0, 0.0]))
>>> placed = place(site, P / (P + Q), Roles(P, Q), sp.Interval.open(0, 1), "y*")
>>> placed.y.tolist(), placed.usable.tolist(), placed.failed.tolist()
([1.0, 0.5], [False, True], [False, False])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from symbolic_gan.numcheck.lower import EPS, Lowered, Roles, lower, mp_value
from symbolic_gan.numcheck.nodes import inside
from symbolic_gan.numcheck.outcome import FLOOR

__all__ = ["MP_BUDGET", "Placed", "Site", "as_real", "place", "value_at"]

#: At most this many nodes per claim are evaluated with mpmath; beyond, they stay undecided.
MP_BUDGET = 400


def as_real(v: Any) -> float | None:
    """A real mpmath/float value as float, or None when complex or NaN."""
    import mpmath

    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            return None
        v = v.real
    f = float(v)
    return None if np.isnan(f) else f


@dataclass(frozen=True)
class Site:
    """The sample nodes: log-densities, and ``1 + max(|log p|, |log q|)`` for rounding bounds."""

    lp: np.ndarray
    lq: np.ndarray

    @property
    def mag(self) -> np.ndarray:
        return 1.0 + np.maximum(np.abs(self.lp), np.abs(self.lq))

    def rounding(self, f: Lowered, scale: np.ndarray, mag: Any = None) -> np.ndarray:
        """A bound on the float64 rounding error of ``f`` whose ``Σ|terms|`` is ``scale``."""
        mag = self.mag if mag is None else mag
        return 16.0 * (len(f.vanish) + 1) * EPS * mag * np.where(np.isfinite(scale), scale, 0)

    def where(self, i: Any, y: Any = None) -> str:
        at = f"at log p={self.lp[i]:.6g}, log q={self.lq[i]:.6g}"
        return at if y is None else f"{at}, y={float(y):.6g}"


@dataclass(frozen=True)
class Placed:
    """A point at every node: its float value, where that float is usable (strictly inside),
    the mpmath value where float64 could not place it, and the nodes where it is not a real
    point of the domain (``failed``, with ``notes``) or could not be placed (``undecided``);
    ``uncertainty`` bounds the error of the float value."""

    point: sp.Expr
    y: np.ndarray
    usable: np.ndarray
    failed: np.ndarray
    undecided: np.ndarray
    uncertainty: np.ndarray
    exact: dict[int, Any] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)


def place(site: Site, point: sp.Expr, roles: Roles, domain: sp.Interval, what: str) -> Placed:
    """Place ``point`` (an expression in the densities) in ``domain`` at every node."""
    n = site.lp.size
    g = lower(point, roles, None)
    y = np.broadcast_to(g.np(site.lp, site.lq)[0], (n,)).astype(float)
    is_in, is_out = np.ones(n, bool), np.zeros(n, bool)
    uncertainty = 8 * EPS * site.mag * np.where(np.isfinite(y), np.abs(y), 0.0)
    for end, sign, is_open in ((domain.inf, 1, bool(domain.left_open)),
                               (domain.sup, -1, bool(domain.right_open))):
        if not end.is_finite:
            continue
        d = lower(_distance(point, end, sign), roles, None)
        dv, ds = d.np(site.lp, site.lq)
        dv, ds = np.broadcast_to(dv, (n,)), np.broadcast_to(ds, (n,))
        rb = FLOOR * ds + site.rounding(d, ds)
        # the point is no more accurate than its distance to the end (1 − tanh(…) cancels)
        uncertainty = np.fmax(uncertainty, site.rounding(d, ds))
        with np.errstate(invalid="ignore"):
            is_in &= (dv > rb) | (not is_open and np.abs(dv) <= rb)
            is_out |= (dv < -rb) | (is_open & (dv == 0) & (ds == 0))
    with np.errstate(invalid="ignore"):
        usable = is_in & np.isfinite(y) & inside(y, domain)
    failed, undecided = is_out & ~is_in, np.zeros(n, bool)
    notes = {int(i): f"{what} = {y[i]:.17g} is outside the domain {site.where(i)}"
             for i in np.flatnonzero(failed)}
    exact: dict[int, Any] = {}
    unclear = np.flatnonzero(~is_in & ~is_out)
    for i in unclear[:MP_BUDGET]:
        v, _ = mp_value(g, site.lp[i], site.lq[i], digits=40)
        real = as_real(v)
        if real is None:
            failed[i], notes[int(i)] = True, f"{what} = {v} is not a real number {site.where(i)}"
        elif not inside(getattr(v, "real", v), domain):
            failed[i] = True
            notes[int(i)] = f"{what} = {real:.17g} is outside the domain {site.where(i)}"
        else:
            exact[int(i)] = getattr(v, "real", v)
    for i in unclear[MP_BUDGET:]:
        undecided[i] = True
        notes.setdefault(int(i), f"{what} not placed in the domain (mpmath budget spent)")
    return Placed(point, y, usable, failed, undecided, uncertainty, exact, notes)


def value_at(site: Site, f: Lowered, expr: sp.Expr, variable: sp.Symbol, placed: Placed,
             roles: Roles) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``expr`` at the placed point: ``(value, Σ|terms|, decided)`` per node.

    Float64 at the float point where it is usable; else the substituted expression in float64;
    else mpmath at the mpmath point. ``decided`` is False where none gave a finite real.
    """
    n = site.lp.size
    y = np.where(placed.usable, placed.y, 0.5)
    value, scale = f.np(site.lp, site.lq, y)
    value = np.broadcast_to(value, (n,)).astype(float)
    scale = np.broadcast_to(scale, (n,)).astype(float)
    decided = placed.usable & np.isfinite(value)
    rest = ~decided & ~placed.failed & ~placed.undecided
    placed_by_mp = np.zeros(n, bool)
    placed_by_mp[list(placed.exact)] = True
    if rest.any():
        good = np.zeros(n, bool)
        if (rest & ~placed_by_mp).any():  # inside, but the float point rounds onto an end
            sub = lower(_substituted(expr, variable, placed.point), roles, None)
            sv, ss = sub.np(site.lp, site.lq)
            sv, ss = np.broadcast_to(sv, (n,)), np.broadcast_to(ss, (n,))
            good = rest & ~placed_by_mp & np.isfinite(sv) & np.isfinite(ss)
            value, scale = np.where(good, sv, value), np.where(good, ss, scale)
            decided |= good
        for i in np.flatnonzero(rest & ~good)[:MP_BUDGET]:
            yv = placed.exact.get(int(i))
            if yv is None:
                yv = mp_value(lower(placed.point, roles, None), site.lp[i], site.lq[i],
                              digits=40)[0]
            v, s = mp_value(f, site.lp[i], site.lq[i], yv, digits=40)
            real, sreal = as_real(v), as_real(s)
            if real is not None and sreal is not None and np.isfinite(real):
                value[i], scale[i], decided[i] = real, sreal, True
    return value, scale, decided


@functools.lru_cache(maxsize=256)
def _distance(point: sp.Expr, end: sp.Expr, sign: int) -> sp.Expr:
    """``±(point − end)`` over one denominator: ``1 − p/(p + q)`` as ``q/(p + q)``."""
    return sp.together(sign * (point - end))


@functools.lru_cache(maxsize=256)
def _substituted(expr: sp.Expr, variable: sp.Symbol, point: sp.Expr) -> sp.Expr:
    """``expr`` at ``variable = point``, each rational part over one denominator (no logs:
    those are split by the lowering)."""
    e = expr.xreplace({variable: point})
    return sp.Add(*(sp.together(t) if not t.has(sp.log, sp.exp) else t
                    for t in sp.Add.make_args(e)))
