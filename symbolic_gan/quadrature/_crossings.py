"""Where the two log-densities cross inside a panel: the kinks of ``|p - q|``, ``min(p, q)``
and of anything else that switches between the densities there.

Gauss–Kronrod's error estimate assumes a smooth integrand.  Across a kink both rules
converge only like the square of the panel width, and the Gauss and the Kronrod values can
agree by coincidence to far better than either is right (``∫ min(p, q)`` for two Normals:
``|K - G|`` 100 times below the actual error).  So, unless an integrand is declared
smooth (:func:`symbolic_gan.quadrature.smooth`), a panel inside which ``log p - log q``
changes sign between two nodes is cut at the crossing, found by bisection, and its
estimate is not used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from symbolic_gan.quadrature._rules import Panels, Segment, gauss_kronrod

__all__ = ["bisect_sign", "first_sign_change", "locate_crossings", "segment_crossing"]

#: A crossing closer than this (relative to the panel's width) to an end is the end itself.
_AT_END = 1e-9


def first_sign_change(lp: np.ndarray, lq: np.ndarray) -> np.ndarray:
    """Per panel (column of node values), the first node ``j`` such that ``log p - log q``
    has opposite (finite, non-zero) signs at nodes ``j`` and ``j + 1``; -1 where none.

    >>> lp = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    >>> lq = np.array([[-1.0, -1.0], [1.0, -2.0], [2.0, -3.0]])
    >>> first_sign_change(lp, lq).tolist()
    [0, -1]
    """
    with np.errstate(invalid="ignore"):
        sd = np.sign(lp - lq)  # NaN where both are -inf: no sign
    change = sd[1:] * sd[:-1] < 0.0
    return np.where(change.any(axis=0), np.argmax(change, axis=0), -1)


def locate_crossings(
    panels: Panels,
    j: np.ndarray,
    evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    n: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The crossing of ``log p - log q`` between the nodes ``j`` and ``j + 1`` of each
    panel (a ``2n+1``-point Gauss–Kronrod rule), by bisection in the panel's variable
    down to adjacent floats; returns the crossings and whether each lies strictly inside
    its panel (not within ``_AT_END`` of its width from an end, where a cut already is).
    """
    s = gauss_kronrod(n)[0]
    mid, half = (panels.a + panels.b) / 2.0, (panels.b - panels.a) / 2.0

    def sign(t: np.ndarray) -> np.ndarray:
        lp, lq = evaluate(panels.to_x(t[None]), panels.row)
        with np.errstate(invalid="ignore"):
            return np.sign(lp[0] - lq[0])

    t = bisect_sign(mid + half * s[j], mid + half * s[j + 1], sign)
    width = panels.b - panels.a
    inside = (t - panels.a > _AT_END * width) & (panels.b - t > _AT_END * width)
    return t, inside


def bisect_sign(
    lo: np.ndarray, hi: np.ndarray, sign: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """Where ``sign`` changes between ``lo`` and ``hi`` (elementwise), by bisection down
    to adjacent floats.

    >>> root = bisect_sign(np.array([0.0]), np.array([2.0]), lambda t: np.sign(t * t - 2))
    >>> bool(abs(root[0] - 2**0.5) <= 2.3e-16)
    True
    """
    at_lo = sign(lo)
    for _ in range(1100):  # (at most ~1075 halvings between any two doubles)
        m = 0.5 * (lo + hi)
        live = (m != lo) & (m != hi)
        if not live.any():
            break
        same = sign(m) == at_lo
        lo = np.where(live & same, m, lo)
        hi = np.where(live & ~same, m, hi)
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
    j = int(first_sign_change(lp[:, None], lq[:, None])[0])
    if j < 0:
        return None

    def sign(x: np.ndarray) -> np.ndarray:
        a, b = logpdfs(x)
        with np.errstate(invalid="ignore"):
            return np.sign(a - b)

    x = float(bisect_sign(seg.x[j : j + 1], seg.x[j + 1 : j + 2], sign)[0])
    a, b = seg.ends
    scale = abs(b - a) if np.isfinite(b) else seg.c
    if min(abs(x - a), abs(b - x)) <= _AT_END * scale:
        return None
    return x
