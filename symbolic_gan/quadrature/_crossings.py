"""Where the two log-densities cross inside a panel: the kinks of ``|p - q|``, ``min(p, q)``
and of anything else that switches between the densities there.

Gauss–Kronrod's error estimate assumes a smooth integrand.  Across a kink both rules
converge only like the square of the panel width, and the Gauss and the Kronrod values can
agree by coincidence to far better than either is right (``∫ min(p, q)`` for two Normals:
``|K - G|`` 100 times below the actual error).  So, unless an integrand is declared
smooth (:func:`symbolic_gan.quadrature.smooth`), a panel inside which ``log p - log q``
changes sign between two nodes is cut at the crossing (found by regula falsi) and its
estimate is not used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from symbolic_gan.quadrature._base import EPS
from symbolic_gan.quadrature._rules import Panels, Segment, gauss_kronrod

__all__ = [
    "find_crossing",
    "first_per_row",
    "first_sign_change",
    "locate_crossings",
    "plan_cuts",
    "scan_panels",
    "segment_crossing",
]

#: A crossing closer than this (relative to the panel's width) to an end is the end itself.
_AT_END = 1e-9
#: ``log p - log q`` within this of 0 (relative to ``1 + |log p| + |log q|``) has no sign.
_NOISE = 1e-12


def first_sign_change(lp: np.ndarray, lq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per panel (column of node values), the first two nodes ``j0 < j1`` at which
    ``log p - log q`` has opposite signs beyond rounding (``_NOISE`` relative to ``1 +
    |log p| + |log q|``), with only rounding between them; ``(-1, -1)`` where none.
    Densities equal to within rounding (a mixture of a density with itself, against it)
    "cross" at every node in floating point: their ``|p - q|`` is rounding, not a kink.

    >>> lp = np.zeros((4, 3))
    >>> lq = np.array([[-1.0, -1, 1e-15], [0.0, -2, -1e-15], [1.0, -3, 1e-15], [2.0, -4, 0]])
    >>> [a.tolist() for a in first_sign_change(lp, lq)]
    [[0, -1, -1], [2, -1, -1]]
    """
    return _first_change(*_signed(lp, lq))


def _signed(lp: np.ndarray, lq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log p - log q`` and where its sign is beyond rounding."""
    with np.errstate(invalid="ignore"):
        d = lp - lq  # NaN where both are -inf: no sign
        return d, np.abs(d) > _NOISE * (1.0 + np.abs(lp) + np.abs(lq))


def _first_change(d: np.ndarray, clear: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    sd = np.where(clear, np.sign(d), 0.0)
    # the last node with a sign, at or before each node
    rows = np.arange(sd.shape[0])[:, None]
    last = np.maximum.accumulate(np.where(clear, rows, -1), axis=0)
    before = np.take_along_axis(sd, np.maximum(last, 0), axis=0)
    change = (sd[1:] * before[:-1] < 0.0) & (last[:-1] >= 0)
    found = change.any(axis=0)
    j1 = np.argmax(change, axis=0) + 1
    j0 = np.take_along_axis(last, (j1 - 1)[None], axis=0)[0]
    return np.where(found, j0, -1), np.where(found, j1, -1)


def scan_panels(
    panels: Panels,
    lp: np.ndarray,
    lq: np.ndarray,
    evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    n: int,
) -> np.ndarray:
    """Per panel (columns of ``lp``, ``lq`` at its ``2n+1`` nodes): ``(j0, j1, dip)``, the
    first sign change of ``log p - log q`` between two points of the panel (its ends
    count, evaluated here: a crossing between an end and the outermost node would be
    missed otherwise), in the positions of :func:`extended_nodes`; and whether, without a
    sign change, ``|log p - log q|`` has a local minimum at a node through which the
    parabola of the three nodes about it dips below 0 (two crossings between two nodes,
    where the densities nearly touch: the panel must be refined until they show).
    """
    ends = panels.to_x(np.stack([panels.a, panels.b]))
    with np.errstate(all="ignore"):
        lpe, lqe = evaluate(ends, panels.row)
    ep, eq = np.concatenate([lpe[:1], lp, lpe[1:]]), np.concatenate([lqe[:1], lq, lqe[1:]])
    d, clear = _signed(ep, eq)
    j0, j1 = _first_change(d, clear)
    t = extended_nodes(n)[:, None]
    with np.errstate(all="ignore"):
        d0, d1, d2 = d[:-2], d[1:-1], d[2:]
        h0, h1 = t[1:-1] - t[:-2], t[2:] - t[1:-1]
        f01, f12 = (d1 - d0) / h0, (d2 - d1) / h1
        a = (f12 - f01) / (h0 + h1)
        b = (f01 * h1 + f12 * h0) / (h0 + h1)
        vertex = d1 - b * b / (4.0 * a)
        s1 = np.sign(d1)
        dip = (
            clear[:-2] & clear[1:-1] & clear[2:]
            & (np.sign(d0) == s1) & (np.sign(d2) == s1)
            & (np.abs(d1) < np.abs(d0)) & (np.abs(d1) <= np.abs(d2))
            & (np.sign(vertex) == -s1)
        ).any(axis=0)
    return np.stack([j0, j1, np.where(j0 < 0, dip, False)])


def plan_cuts(
    panels: Panels,
    scans: np.ndarray,
    evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    n: int,
    per_row: int,
) -> tuple[np.ndarray, np.ndarray, Panels]:
    """From the :func:`scan_panels` of ``panels``: which to refine (a dip that may hide two
    crossings, until they show), which to cut at a crossing, whatever their estimates say,
    and the pieces they are cut into.  At most ``per_row`` of each a row and a round: more
    would be rounding mistaken for crossings, or a tangle the refinement handles."""
    refine = np.zeros(panels.a.size, bool)
    dips = np.flatnonzero(scans[2] > 0)
    refine[dips[first_per_row(panels.row[dips], per_row)]] = True
    cut = np.zeros(panels.a.size, bool)
    cx = np.flatnonzero(scans[0] >= 0)
    cx = cx[first_per_row(panels.row[cx], per_row)]
    if not cx.size:
        return refine, cut, panels.take(slice(0, 0))
    across = panels.take(cx)
    t, inside = locate_crossings(across, scans[0, cx], scans[1, cx], evaluate, n)
    cut[cx[inside]] = True
    return refine & ~cut, cut, across.take(inside).cut(t[inside])


def first_per_row(rows: np.ndarray, k: int) -> np.ndarray:
    """Indices of the first ``k`` entries of each value in ``rows``.

    >>> first_per_row(np.array([3, 3, 1, 3, 1]), 2).tolist()
    [0, 1, 2, 4]
    """
    order = np.argsort(rows, kind="stable")
    r = rows[order]
    start = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
    rank = np.arange(r.size) - np.repeat(start, np.diff(np.r_[start, r.size]))
    return np.sort(order[rank < k])


def extended_nodes(n: int) -> np.ndarray:
    """The ``2n+1`` Gauss–Kronrod nodes on ``[-1, 1]`` with the two ends added.

    >>> extended_nodes(10)[[0, 1, -1]].tolist()[::2]
    [-1.0, 1.0]
    """
    return np.concatenate([[-1.0], gauss_kronrod(n)[0], [1.0]])


def locate_crossings(
    panels: Panels,
    j0: np.ndarray,
    j1: np.ndarray,
    evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    n: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The crossing of ``log p - log q`` between the points ``j0`` and ``j1`` of each panel
    (in :func:`extended_nodes`), by :func:`find_crossing` in the panel's variable; returns
    the crossings and whether each lies strictly inside its panel (not within ``_AT_END``
    of its width from an end, where a cut already is).
    """
    s = extended_nodes(n)
    mid, half = (panels.a + panels.b) / 2.0, (panels.b - panels.a) / 2.0

    def diff(t: np.ndarray) -> np.ndarray:
        lp, lq = evaluate(panels.to_x(t[None]), panels.row)
        return lp[0] - lq[0]

    t = find_crossing(mid + half * s[j0], mid + half * s[j1], diff)
    width = panels.b - panels.a
    inside = (t - panels.a > _AT_END * width) & (panels.b - t > _AT_END * width)
    return t, inside


def find_crossing(
    lo: np.ndarray, hi: np.ndarray, diff: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """Where ``diff`` (``log p - log q``) changes sign between ``lo`` and ``hi``
    (elementwise): regula falsi with the Illinois modification (``diff`` is smooth between
    nodes), bisection where a value is not finite, down to a few ulps (or to 1e-15 of the
    first bracket near 0: a kink that close to a cut leaves an error of the order of its
    slope jump times that distance squared).

    >>> root = find_crossing(np.array([0.0]), np.array([2.0]), lambda t: t * t - 2)
    >>> bool(abs(root[0] - 2**0.5) <= 4.5e-16)
    True
    """
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
    with np.errstate(all="ignore"):
        flo, fhi = diff(lo), diff(hi)
        enough = 1e-15 * np.abs(hi - lo)
        last = np.zeros(lo.shape)  # which end moved last: -1 lo, +1 hi
        for _ in range(128):  # (bisection alone needs at most ~64 halvings)
            mid = 0.5 * (lo + hi)
            live = np.abs(hi - lo) > np.maximum(2.0 * EPS * np.abs(mid), enough)
            if not live.any():
                break
            secant = (lo * fhi - hi * flo) / (fhi - flo)
            ok = np.isfinite(secant) & (secant > np.minimum(lo, hi)) & (secant < np.maximum(lo, hi))
            m = np.where(ok, secant, mid)
            fm = diff(m)
            exact = fm == 0.0
            same = np.sign(fm) == np.sign(flo)
            move_lo, move_hi = live & same & ~exact, live & ~same & ~exact
            # Illinois: an end kept twice in a row has its value halved
            fhi = np.where(move_lo & (last == -1), 0.5 * fhi, fhi)
            flo = np.where(move_hi & (last == 1), 0.5 * flo, flo)
            lo, flo = np.where(move_lo, m, lo), np.where(move_lo, fm, flo)
            hi, fhi = np.where(move_hi, m, hi), np.where(move_hi, fm, fhi)
            lo, hi = np.where(live & exact, m, lo), np.where(live & exact, m, hi)
            last = np.where(move_lo, -1.0, np.where(move_hi, 1.0, last))
    return 0.5 * (lo + hi)


def segment_crossing(
    seg: Segment,
    lp: np.ndarray,
    lq: np.ndarray,
    logpdfs: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
) -> float | None:
    """The first crossing of ``log p - log q`` between two nodes of a double-exponential
    segment (``lp``, ``lq`` at its nodes, in order), or None: none, or one within rounding
    of the segment's start (where the segment already ends)."""
    j0, j1 = (int(j[0]) for j in first_sign_change(lp[:, None], lq[:, None]))
    if j0 < 0:
        return None

    def diff(x: np.ndarray) -> np.ndarray:
        a, b = logpdfs(x)
        return a - b

    x = float(find_crossing(seg.x[j0 : j0 + 1], seg.x[j1 : j1 + 1], diff)[0])
    a, b = seg.ends
    scale = abs(b - a) if np.isfinite(b) else seg.c
    if min(abs(x - a), abs(b - x)) <= _AT_END * scale:
        return None
    return x
