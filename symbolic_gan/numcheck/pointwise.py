"""Pointwise claims at the sample points of every pair: float64, and mpmath where it cannot tell.

* a relation ``lhs REL rhs`` (``y`` free: at every value of a grid over its domain);
* :class:`~symbolic_gan.derivation.Roots`: the expression vanishes at every claimed root, each
  root is a real point of the domain, and a dense grid finds no other root (sign changes that
  bisection confirms are not poles, and grid values that are 0);
* :class:`~symbolic_gan.derivation.Maximiser`: the point is in the domain and beats a dense
  search of the function over the domain;
* :class:`~symbolic_gan.derivation.Supremum`: the value bounds the function on a dense grid
  (ends included) and is approached by it: both ways.

Float64 is trusted where the verdict is the same for every value within the rounding bound
``16·(terms + 1)·eps·(1 + max|log p|, |log q|)·Σ|terms|``; elsewhere (non-finite values, a
point on an end of the domain, a strict inequality within rounding of 0) mpmath decides at
``30 + |log p − log q|/2.3`` digits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from symbolic_gan.derivation import Maximiser, Roots, Supremum
from symbolic_gan.numcheck.lower import Lowered, Roles, lower, mp_value
from symbolic_gan.numcheck.nodes import Nodes, y_grid
from symbolic_gan.numcheck.outcome import FLOOR, Outcome
from symbolic_gan.numcheck.points import MP_BUDGET, Site, as_real, place, value_at
from symbolic_gan.verdict import NumericStatus

__all__ = ["Pointwise"]

_UNDECIDED, _FAIL = 1, 2
#: A float64 failure smaller than this, relative to ``Σ|terms|``, is confirmed with mpmath.
MARGINAL = 1e-6



def _mp_strict_sign(v: Any, scale: Any) -> int:
    """The sign of the mpmath value ``v`` (0 within 1e-30 of ``scale``), in mpmath arithmetic."""
    import mpmath

    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            return 0
        v = v.real
    try:
        if mpmath.isnan(v) or abs(v) <= mpmath.mpf("1e-30") * abs(scale):
            return 0
    except TypeError:
        return 0
    return 1 if v > 0 else -1

class Pointwise:
    """The pointwise checks of one run: every claim evaluated on the same flattened nodes."""

    def __init__(self, nodes: Nodes, names: Sequence[str]):
        self.nodes = nodes
        self.names = list(names)
        self.lp, self.lq = nodes.lp, nodes.lq
        self.site = Site(nodes.lp, nodes.lq)
        self.mag = self.site.mag

    # -------------------------------------------------------------- shared machinery
    def _gather(self, state: np.ndarray, error: np.ndarray, tol: np.ndarray,
                notes: dict[int, str]) -> list[Outcome]:
        """Per pair: failed if any node failed, inconclusive if any undecided, else passed."""
        n = self.nodes.pairs
        pair = self.nodes.pair
        err = np.zeros(n)
        np.maximum.at(err, pair, np.where(np.isnan(error), 0.0, error))
        tl = np.zeros(n)
        np.maximum.at(tl, pair, np.where(np.isnan(tol), 0.0, tol))
        failed = np.bincount(pair, state == _FAIL, n) > 0
        undecided = np.bincount(pair, state == _UNDECIDED, n) > 0
        counted = np.bincount(pair, minlength=n) > 0
        first: dict[int, str] = {}
        for i in sorted(notes):
            first.setdefault(int(pair[i]), notes[i])
        out = []
        for k in range(n):
            if failed[k]:
                status = NumericStatus.FAILED
            elif undecided[k]:
                status = NumericStatus.INCONCLUSIVE
            else:
                status = NumericStatus.PASSED
            note = first.get(k, "" if counted[k] else "no common support")
            out.append(Outcome(self.names[k], status, float(err[k]), float(tl[k]), note))
        return out

    # -------------------------------------------------------------- relation
    def relation(self, f: Lowered, relation: str, ys: np.ndarray | None) -> list[Outcome]:
        """``f REL 0`` at every node and every grid value ``ys`` of y (None: y not free)."""
        lp, lq = self.lp[:, None], self.lq[:, None]
        grid = np.zeros(1) if ys is None else np.asarray(ys, float)
        value, scale = f.np(lp, lq, grid[None, :])
        shape = (self.lp.size, grid.size)
        value, scale = np.broadcast_to(value, shape), np.broadcast_to(scale, shape)
        signed = value if relation in ("<", "<=", "=") else -value
        tol = FLOOR * scale
        bound = tol + self.site.rounding(f, scale, self.mag[:, None])
        # a failure within MARGINAL of the scale may be float64's conditioning: mpmath decides
        clear = np.maximum(bound, MARGINAL * scale)
        with np.errstate(invalid="ignore"):
            if relation == "=":
                ok, bad = np.abs(value) <= bound, np.abs(value) > clear
                error = np.abs(value)
            elif relation in ("<=", ">="):
                ok, bad = signed <= bound, signed > clear
                error = np.maximum(signed, 0.0)
            else:
                ok, bad = signed < -bound, signed > clear
                error = np.maximum(signed, 0.0)
            # an overflow keeps its sign: -inf < 0 whatever the rounding
            ok |= np.isneginf(signed) & (relation != "=")
            bad |= np.isposinf(signed) & (relation != "=")
        state = np.where(ok, 0, _UNDECIDED)  # float64 failures are confirmed below
        notes: dict[int, str] = {}
        error = np.where(np.isfinite(error), error, np.nan)
        spent = self._confirm_failures(f, relation, grid if ys is not None else None, bad & ~ok,
                                       state, error, tol, notes)
        for i, j in zip(*np.nonzero(state == _UNDECIDED), strict=True):
            if bad[i, j]:
                continue  # a float64 failure mpmath did not confirm: stays undecided
            if spent >= MP_BUDGET:
                notes.setdefault(int(i), "float64 could not decide (mpmath budget spent)")
                continue
            spent += 1
            y = None if ys is None else _mp_float(grid[j])
            good, violation, note = _mp_decide(f, self.lp[i], self.lq[i], y, relation, tol[i, j])
            where = self.site.where(i, None if ys is None else grid[j])
            if note:
                notes.setdefault(int(i), f"{note} {where}")
            if good is not None:
                state[i, j] = 0 if good else _FAIL
                error[i, j] = violation
        for i, j in zip(*np.nonzero(state == _FAIL), strict=True):
            notes.setdefault(int(i), f"{relation} fails by {error[i, j]:.3g} "
                             + self.site.where(i, None if ys is None else grid[j]))
        node_state = state.max(axis=1)
        node_error = np.max(np.where(np.isnan(error), -np.inf, error), axis=1)
        node_error = np.where(np.isfinite(node_error), node_error, np.nan)
        return self._gather(node_state, node_error, tol.max(axis=1), notes)

    def _confirm_failures(self, f: Lowered, relation: str, grid: np.ndarray | None,
                          bad: np.ndarray, state: np.ndarray, error: np.ndarray,
                          tol: np.ndarray, notes: dict[int, str]) -> int:
        """Confirm float64 failures with mpmath, worst first, one confirmed per pair: terms
        that cancel inside (``((p − q)/(p + q) + 1)²`` at p/q = 1e-96) defeat any float64
        bound built from the terms' sizes. A pair with a confirmed failure keeps its other
        float64 failures; an unconfirmed one is undecided. Returns the mpmath budget spent."""
        spent = 0
        pair = self.nodes.pair
        confirmed: set[int] = set()
        rows, cols = np.nonzero(bad)
        with np.errstate(invalid="ignore", divide="ignore"):
            badness = np.nan_to_num(error[rows, cols] / np.maximum(tol[rows, cols], 1e-300))
        for k in np.argsort(-badness, kind="stable"):
            i, j = int(rows[k]), int(cols[k])
            if int(pair[i]) in confirmed:
                state[i, j] = _FAIL
                continue
            if spent >= MP_BUDGET:
                notes.setdefault(i, "a float64 failure not confirmed (mpmath budget spent)")
                continue
            spent += 1
            y = None if grid is None else _mp_float(grid[j])
            good, violation, note = _mp_decide(f, self.lp[i], self.lq[i], y, relation, tol[i, j])
            if note:
                notes.setdefault(i, f"{note} " + self.site.where(i, None if grid is None
                                                                 else grid[j]))
            if good is None:
                continue
            state[i, j] = 0 if good else _FAIL
            error[i, j] = violation
            if not good:
                confirmed.add(int(pair[i]))
        return spent

    # -------------------------------------------------------------- maximiser
    def maximiser(self, claim: Maximiser, roles: Roles) -> list[Outcome]:
        """The point lies in the domain and φ(point) ≥ φ(y) on a dense grid, at every node."""
        site, n = self.site, self.lp.size
        phi = lower(claim.function, roles, claim.variable)
        placed = place(site, claim.point, roles, claim.domain, f"{claim.variable}*")
        state = np.where(placed.failed, _FAIL, np.where(placed.undecided, _UNDECIDED, 0))
        notes = dict(placed.notes)
        best_at, best_scale, decided = value_at(site, phi, claim.function, claim.variable,
                                                placed, roles)
        for i in np.flatnonzero(~decided & (state == 0)):
            state[i] = _UNDECIDED
            notes[int(i)] = f"φ(y*) is not a finite real {site.where(i)}"
        grid = y_grid(claim.domain, 65)
        values, scale = phi.np(self.lp[:, None], self.lq[:, None], grid[None, :])
        values = np.where(np.isfinite(values), values, -np.inf)
        j = np.argmax(values, axis=1)
        top = values[np.arange(n), j]
        top_scale = np.broadcast_to(scale, values.shape)[np.arange(n), j]
        big = np.maximum(np.where(np.isfinite(top_scale), top_scale, 0.0),
                         np.where(np.isfinite(best_scale), best_scale, 0.0))
        tol = FLOOR * big + site.rounding(phi, big)
        with np.errstate(invalid="ignore"):
            gap = np.where(np.isneginf(top), 0.0, top - best_at)
        spent = 0
        for i in np.flatnonzero((gap > tol) & (state == 0)):
            if gap[i] <= MARGINAL * big[i]:  # float64's conditioning? mpmath decides
                if spent >= MP_BUDGET:
                    state[i], notes[int(i)] = _UNDECIDED, "mpmath budget spent"
                    continue
                spent += 1
                ystar = placed.exact.get(int(i))
                if ystar is None:
                    ystar = mp_value(lower(claim.point, roles, None), self.lp[i], self.lq[i],
                                     digits=40)[0]
                at_star = mp_value(phi, self.lp[i], self.lq[i], ystar, digits=40)
                at_grid = mp_value(phi, self.lp[i], self.lq[i], _mp_float(grid[j[i]]),
                                   digits=40)
                exact_gap = as_real(at_grid[0] - at_star[0])
                if exact_gap is None or exact_gap <= 1e-30 * (as_real(at_star[1]) or 0.0):
                    gap[i] = 0.0 if exact_gap is None else exact_gap
                    continue
                gap[i] = exact_gap
            state[i] = _FAIL
            notes[int(i)] = (f"φ(y={grid[j[i]]:.6g}) = {top[i]:.6g} exceeds φ(y*) = "
                             f"{best_at[i]:.6g} " + site.where(i))
        error = np.where(np.isfinite(gap) & (state != _UNDECIDED), np.maximum(gap, 0.0), np.nan)
        return self._gather(state, error, tol, notes)

    # -------------------------------------------------------------- roots
    def roots(self, claim: Roots, roles: Roles) -> list[Outcome]:
        """Zero at every claimed root (each a real point of the domain), and no other root."""
        site, n = self.site, self.lp.size
        f = lower(claim.expr, roles, claim.variable)
        state, notes = np.zeros(n, int), dict[int, str]()
        error, tol_node = np.zeros(n), np.zeros(n)
        located = []
        for k, root in enumerate(claim.roots):
            placed = place(site, root, roles, claim.domain, f"root {k + 1}")
            state = np.maximum(state, np.where(placed.failed, _FAIL,
                                               np.where(placed.undecided, _UNDECIDED, 0)))
            for node, note in placed.notes.items():
                notes.setdefault(node, note)
            value, scale, decided = value_at(site, f, claim.expr, claim.variable, placed, roles)
            bound = FLOOR * scale + site.rounding(f, scale)
            y = np.array(placed.y, dtype=float, copy=True)
            # where the float root is used, its own error (placed.uncertainty) moves f by `sens`
            with np.errstate(invalid="ignore"):
                near = [np.broadcast_to(f.np(self.lp, self.lq, y + s * placed.uncertainty)[0],
                                        (n,)) for s in (-1.0, 1.0)]
                sens = np.fmax(np.abs(near[0] - value), np.abs(near[1] - value))
                sens = np.where(placed.usable & np.isfinite(sens), sens, 0.0)
                off = decided & ~(np.abs(value) <= bound) & ~placed.failed
                # wrong beyond any rounding of the point or the value: no mpmath needed
                wrong = off & (np.abs(value) > np.maximum(bound + sens, MARGINAL * scale))
            # a float "wrong" may come from a point that underflowed (p² at p = e^-529): mpmath
            # confirms every failure while its budget lasts
            float_wrong, unsure = wrong, off.copy()
            wrong = np.zeros(n, dtype=bool)
            if unsure.any():  # the substituted expression may tell (1 − p/(p + q) = q/(p + q))
                again = dataclasses.replace(placed, usable=placed.usable & ~unsure)
                v2, s2, d2 = value_at(site, f, claim.expr, claim.variable, again, roles)
                with np.errstate(invalid="ignore"):
                    unsure &= ~(d2 & (np.abs(v2) <= FLOOR * s2 + site.rounding(f, s2)))
            spent = 0
            for i in np.flatnonzero(unsure):  # float64 cannot tell: mpmath decides
                if spent >= MP_BUDGET:
                    if float_wrong[i]:
                        wrong[i] = True
                        continue
                    state[i] = max(state[i], _UNDECIDED)
                    notes.setdefault(int(i), f"root {k + 1} not decided (mpmath budget spent)")
                    continue
                spent += 1
                yv = placed.exact.get(int(i))
                if yv is None:
                    yv = mp_value(lower(root, roles, None), self.lp[i], self.lq[i], digits=40)[0]
                v, s = mp_value(f, self.lp[i], self.lq[i], yv, digits=40)
                real, sreal, where = as_real(v), as_real(s), as_real(yv)
                if where is not None:  # the root as mpmath places it, for the unclaimed search
                    y[i] = where
                if real is None or sreal is None:
                    state[i] = max(state[i], _UNDECIDED)
                elif abs(real) > FLOOR * sreal:
                    wrong[i], value[i] = True, real
            for i in np.flatnonzero(wrong):
                state[i], error[i] = _FAIL, abs(value[i])
                notes.setdefault(int(i), f"not a root: value {value[i]:.6g} at root {k + 1} "
                                 f"y={y[i]:.6g} " + site.where(i))
            for i in np.flatnonzero(~decided & ~placed.failed & ~placed.undecided):
                state[i] = max(state[i], _UNDECIDED)
                notes.setdefault(int(i), f"value at root {k + 1} is not a finite real")
            tol_node = np.maximum(tol_node, np.where(np.isfinite(bound), bound, 0.0))
            located.append(np.where(np.isfinite(y), y, np.nan))
        self._unclaimed(f, claim, located, state, notes)
        return self._gather(state, error, tol_node, notes)

    def _unclaimed(self, f: Lowered, claim: Roots, located: list[np.ndarray], state: np.ndarray,
                   notes: dict[int, str]) -> None:
        """Mark nodes where a dense grid finds a root that no claimed root accounts for."""
        grid = y_grid(claim.domain, 97)
        n, m = self.lp.size, grid.size
        values, scale = f.np(self.lp[:, None], self.lq[:, None], grid[None, :])
        values = np.broadcast_to(values, (n, m))
        scale = np.broadcast_to(scale, (n, m))
        bound = FLOOR * scale + self.site.rounding(f, scale, self.mag[:, None])
        with np.errstate(invalid="ignore"):
            zero = np.isfinite(values) & (np.abs(values) <= bound)
            change = (np.sign(values[:, :-1]) * np.sign(values[:, 1:]) < 0) \
                & ~zero[:, :-1] & ~zero[:, 1:]
        roots = np.stack(located, axis=1) if located else np.full((n, 1), np.nan)
        # a grid point's zero is the claimed root's when no other grid point lies between them;
        # beyond the outermost points that reaches the domain's end (a root 1 − 1e-84 rounds
        # to 1, past the last point 1 − 1e-12)
        lo = np.concatenate([[-np.inf], grid[:-1]])
        hi = np.concatenate([grid[1:], [np.inf]])
        with np.errstate(invalid="ignore"):
            covered_zero = np.any((roots[:, None, :] >= lo[None, :, None])
                                  & (roots[:, None, :] <= hi[None, :, None]), axis=2)
            covered_change = np.any((roots[:, None, :] >= grid[:-1][None, :, None])
                                    & (roots[:, None, :] <= grid[1:][None, :, None]), axis=2)
        for i, j in zip(*np.nonzero(zero & ~covered_zero), strict=True):
            if state[i] != _FAIL:
                state[i] = _FAIL
                notes[int(i)] = f"unclaimed root at y={grid[j]:.6g} " + self.site.where(i)
        ii, jj = np.nonzero(change & ~covered_change)
        if ii.size == 0:
            return
        a, b = grid[jj].copy(), grid[jj + 1].copy()
        ends = np.maximum(np.abs(values[ii, jj]), np.abs(values[ii, jj + 1]))
        fa = values[ii, jj].copy()
        for _ in range(60):  # bisection: a root keeps |f| small, a pole makes it blow up
            mid = (a + b) / 2
            fm = np.broadcast_to(f.np(self.lp[ii], self.lq[ii], mid)[0], mid.shape)
            left = np.sign(fm) == np.sign(fa)
            a, fa = np.where(left, mid, a), np.where(left, fm, fa)
            b = np.where(left, b, mid)
        mid = (a + b) / 2
        fm = np.broadcast_to(f.np(self.lp[ii], self.lq[ii], mid)[0], mid.shape)
        # a root: |f| falls far below its size at the bracket's ends (at a pole it grows)
        is_root = np.isfinite(fm) & (np.abs(fm) <= 1e-6 * ends)
        for i, y in zip(ii[is_root], mid[is_root], strict=True):
            if state[i] != _FAIL:
                state[i] = _FAIL
                notes[int(i)] = f"unclaimed root near y={y:.9g} " + self.site.where(i)

    # -------------------------------------------------------------- supremum
    def supremum(self, claim: Supremum, roles: Roles) -> list[Outcome]:
        """The value bounds the function on a dense grid and the grid (ends included)
        comes within ``1e-6`` relative of it: an upper bound, and the least one."""
        f = lower(claim.function, roles, claim.variable)
        n = self.lp.size
        state, notes = np.zeros(n, int), dict[int, str]()
        target = self._value(claim.value, roles, state, notes)
        grid = y_grid(claim.domain, 65)
        values, scale = f.np(self.lp[:, None], self.lq[:, None], grid[None, :])
        values = np.broadcast_to(values, (n, grid.size))
        scale = np.broadcast_to(scale, (n, grid.size))
        finite = np.where(np.isfinite(values), values, -np.inf)
        j = np.argmax(finite, axis=1)
        top = finite[np.arange(n), j]
        top_scale = scale[np.arange(n), j]
        spread = np.max(np.where(np.isfinite(scale), scale, 0.0), axis=1)
        size = np.maximum(np.abs(target), np.maximum(spread, np.where(np.isfinite(top_scale),
                                                                        top_scale, 0.0)))
        above_tol = FLOOR * size + self.site.rounding(f, size, self.mag)
        least_tol = 1e-6 * size
        with np.errstate(invalid="ignore"):
            excess = top - target
        free = state == 0
        both_minus_inf = np.isneginf(target) & np.isneginf(top)
        infinite = free & ~np.isfinite(target) & ~both_minus_inf
        with np.errstate(invalid="ignore"):
            above = free & ~infinite & (excess > above_tol)
            below = free & ~infinite & ~above & (-excess > least_tol)
        state[infinite] = _UNDECIDED
        state[above | below] = _FAIL
        error = np.where(above, excess, np.where(below, -excess, 0.0))
        for i in np.flatnonzero(infinite):
            notes[int(i)] = f"claimed supremum {target[i]} is not finite " + self.site.where(i)
        for i in np.flatnonzero(above):
            notes[int(i)] = (f"not an upper bound: the function is {top[i]:.6g} > "
                             f"{target[i]:.6g} at y={grid[j[i]]:.6g} " + self.site.where(i))
        for i in np.flatnonzero(below):
            notes[int(i)] = (f"not the least upper bound: the function stays below "
                             f"{top[i]:.6g} < {target[i]:.6g} " + self.site.where(i))
        return self._gather(state, error, np.maximum(above_tol, least_tol), notes)

    def _value(self, value: sp.Expr, roles: Roles, state: np.ndarray, notes: dict[int, str]
               ) -> np.ndarray:
        """``value`` at every node; a one-sided limit of a density to 0 is taken numerically:
        the log-density set to -inf (0·log 0 = 0), confirmed by approaching it (q = e^-k·p)."""
        n = self.lp.size
        if not (isinstance(value, sp.Limit) and value.args[1] in (roles.p, roles.q)
                and value.args[2] == 0 and str(value.args[3]) == "+"):
            v, _ = lower(value, roles, None).np(self.lp, self.lq)
            return np.broadcast_to(v, (n,)).astype(float)
        g = lower(value.args[0], roles, None)
        moving = value.args[1] == roles.p
        base = self.lq if moving else self.lp

        def at(log_density: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            lp, lq = (log_density, self.lq) if moving else (self.lp, log_density)
            v, s = g.np(lp, lq)
            return np.broadcast_to(v, (n,)), np.broadcast_to(s, (n,))

        limit, _ = at(np.full(n, -np.inf))
        near, scale = at(base - 700.0)
        with np.errstate(invalid="ignore"):
            size = np.maximum(np.maximum(scale, np.abs(limit)), np.exp(base))
            off = ~(np.abs(near - limit) <= 1e-6 * size)
        for i in np.flatnonzero(off):
            state[i] = _UNDECIDED
            notes[int(i)] = (f"the limit is not confirmed: {limit[i]:.6g} at 0, {near[i]:.6g} "
                             "near it " + self.site.where(i))
        return np.asarray(limit, dtype=float)


def _mp_decide(f: Lowered, lp: float, lq: float, y: Any, relation: str, tol: float
               ) -> tuple[bool | None, float, str]:
    """Whether ``f REL 0`` holds at one node by mpmath, its violation, and a note; None when the
    value is not a finite real or does not settle. Digits grow (×4) until two precisions agree
    within ``tol``: a cancellation of 1e-168 needs more than 168."""
    previous = None
    for digits in (40, 160, 640):
        v, s = mp_value(f, lp, lq, 0 if y is None else y, digits=digits)
        real, size = as_real(v), as_real(s)
        if real is None or size is None or not np.isfinite(size):
            return None, float("nan"), f"value {v} is not a finite real"
        if previous is not None and abs(real - previous) <= max(tol, 1e-300):
            sgn = real if relation in ("<", "<=", "=") else -real
            if relation == "=":
                return abs(real) <= tol, abs(real), ""
            if relation in ("<", ">"):
                strict = _mp_strict_sign(v, s)  # in mpmath: floats underflow to ±0
                note = "strict inequality holds with equality" if strict == 0 else ""
                return strict == (-1 if relation == "<" else 1), max(sgn, 0.0), note
            return sgn <= tol, max(sgn, 0.0), ""
        previous = real
    return None, float("nan"), "float64 and mpmath could not settle the value"


def _mp_float(v: float) -> Any:
    import mpmath

    return mpmath.mpf(float(v))
