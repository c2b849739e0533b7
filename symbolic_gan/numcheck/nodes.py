"""Where claims are evaluated: sample points of every pair, grids of y, smooth discriminators.

Pointwise claims are evaluated at points ``x`` where both densities are positive: the union of
both densities' breakpoints (support ends, location ± k·scale, mixture components), the
points between them, points just inside finite support ends and beyond the outermost
breakpoints, thinned to at most ``per_pair`` per pair while keeping the extreme ratios p/q.
All pairs are flattened into one array, so each claim is evaluated once for the whole run.

>>> from symbolic_gan.battery import default_battery
>>> nodes = sample_nodes(default_battery())
>>> nodes.pairs, bool(nodes.lp.size > 0), nodes.problems
(8, True, ())
>>> [round(float(v), 3) for v in y_grid(sp.Interval.open(0, 1), 3, ends=False)]
[0.01, 0.5, 0.99]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from symbolic_gan.errors import NumericError
from symbolic_gan.verdict import NumericStatus

__all__ = ["Nodes", "discriminators", "inside", "negative_density", "sample_nodes", "y_grid"]

_LOWEST = -230.0  # below this a cube of a density underflows: left out of pointwise checks
_NEAR = np.array([1e-12, 1e-9, 1e-6, 1e-3])


@dataclass(frozen=True)
class Nodes:
    """Sample points of all pairs, flattened: log-densities and the pair each belongs to.

    ``problems`` lists ``(pair index, status, note)`` for pairs that could not be sampled.
    """

    lp: np.ndarray
    lq: np.ndarray
    pair: np.ndarray
    pairs: int
    problems: tuple[tuple[int, NumericStatus, str], ...] = ()


def _points(p: Any, q: Any) -> np.ndarray:
    bps = np.union1d(np.asarray(p.breakpoints(), float), np.asarray(q.breakpoints(), float))
    bps = bps[np.isfinite(bps)]
    if bps.size == 0:
        bps = np.array([-1.0, 0.0, 1.0])
    span = max(float(bps[-1] - bps[0]), 1e-300)
    inner = [bps]
    if bps.size > 1:
        gaps = np.diff(bps)
        inner += [bps[:-1] + f * gaps for f in (0.25, 0.5, 0.75)]
    inner.append(np.array([bps[0] - span, bps[-1] + span, bps[0] - 4 * span, bps[-1] + 4 * span]))
    for lo, hi in (p.support, q.support):
        for end, side in ((lo, 1.0), (hi, -1.0)):
            if np.isfinite(end):
                inner.append(end + side * span * np.array([1e-9, 1e-6, 1e-3]))
    return np.unique(np.concatenate(inner))


def negative_density(exc: Exception) -> bool:
    """Whether a density's error says it is negative somewhere (``the density is -1.0 at x=…``).

    >>> negative_density(NumericError("neg: the density is -1.0 at x=0.3"))
    True
    """
    text = str(exc)
    return "negative" in text or re.search(r"\bis -(\d|inf)", text) is not None


def sample_nodes(cases: Sequence[Any], per_pair: int = 24) -> Nodes:
    """The sample points of every case (objects with ``p`` and ``q`` densities)."""
    lps, lqs, idx, problems = [], [], [], []
    for i, case in enumerate(cases):
        try:
            x = _points(case.p, case.q)
            with np.errstate(all="ignore"):
                lp = np.asarray(case.p.logpdf(x), dtype=float)
                lq = np.asarray(case.q.logpdf(x), dtype=float)
        except NumericError as exc:
            if negative_density(exc):
                problems.append((i, NumericStatus.PREMISE_VIOLATED, f"not a density: {exc}"))
            else:
                problems.append((i, NumericStatus.INCONCLUSIVE, f"density not evaluable: {exc}"))
            continue
        except Exception as exc:  # a user density may raise anything: mark this pair only
            problems.append((i, NumericStatus.INCONCLUSIVE,
                             f"density not evaluable: {type(exc).__name__}: {exc}"))
            continue
        if np.isnan(lp).any() or np.isnan(lq).any():
            problems.append((i, NumericStatus.PREMISE_VIOLATED, "a density is NaN somewhere"))
            continue
        keep = np.isfinite(lp) & np.isfinite(lq) & (lp > _LOWEST) & (lq > _LOWEST)
        lp, lq = lp[keep], lq[keep]
        if lp.size > per_pair:
            ratio = lp - lq
            spread = np.linspace(0, lp.size - 1, per_pair - 2).astype(int)
            pick = np.unique(np.concatenate([spread, [np.argmin(ratio), np.argmax(ratio)]]))
            lp, lq = lp[pick], lq[pick]
        lps.append(lp)
        lqs.append(lq)
        idx.append(np.full(lp.size, i))

    def cat(a: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(a) if a else np.zeros(0)

    return Nodes(cat(lps), cat(lqs), cat(idx).astype(int), len(cases), tuple(problems))


@functools.lru_cache(maxsize=64)
def y_grid(domain: sp.Interval, n: int = 9, ends: bool = True) -> np.ndarray:
    """``n`` values of y spread over ``domain``, plus values close to each end (``ends``).

    Ends that belong to a closed domain are included; an infinite end is approached up to
    about ``1e12``.  The grid is computed once per arguments and is read-only.
    """
    t = np.linspace(0.01, 0.99, n)
    if ends:
        t = np.concatenate([_NEAR, t, 1.0 - _NEAR])
    lo, hi = float(domain.inf), float(domain.sup)
    if np.isfinite(lo) and np.isfinite(hi):
        ys = lo + (hi - lo) * t
    elif np.isfinite(lo):
        ys = lo + t / (1.0 - t)
    elif np.isfinite(hi):
        ys = hi - (1.0 - t) / t
    else:
        ys = np.tan(np.pi * (t - 0.5))
    closed = [v for v, is_open in ((lo, domain.left_open), (hi, domain.right_open))
              if np.isfinite(v) and not is_open]
    grid = np.unique(np.concatenate([ys, closed]))
    grid.flags.writeable = False
    return grid


def inside(values: Any, domain: sp.Interval) -> Any:
    """Whether each value lies in ``domain`` (works for floats and mpmath numbers)."""
    lo, hi = float(domain.inf), float(domain.sup)
    above = values > lo if domain.left_open else values >= lo
    below = values < hi if domain.right_open else values <= hi
    return above & below if isinstance(above, np.ndarray) else bool(above and below)


Discriminator = Callable[[np.ndarray, np.ndarray, np.ndarray, Any], np.ndarray]


def discriminators(domain: sp.Interval) -> tuple[tuple[str, Discriminator], ...]:
    """Smooth discriminators ``D(x, log p, log q, tanh)`` with values well inside ``domain``.

    ``tanh`` is ``numpy.tanh`` or ``mpmath.tanh`` (the quadrature's last stage is mpmath).
    """
    lo, hi = float(domain.inf), float(domain.sup)

    def into(t: Any) -> Any:  # t in [-1, 1]
        if np.isfinite(lo) and np.isfinite(hi):
            return lo + (hi - lo) * (0.5 + 0.4 * t)
        if np.isfinite(lo):
            return lo + 1.0 + 0.75 * t
        if np.isfinite(hi):
            return hi - 1.0 - 0.75 * t
        return 2.0 * t

    return (
        ("tanh(x/2)", lambda x, lp, lq, tanh: into(tanh(x / 2))),
        ("tanh(log(p/q)/3)", lambda x, lp, lq, tanh: into(tanh((lp - lq) / 3))),
        ("0.6·tanh(x − 1)²", lambda x, lp, lq, tanh: into(1.2 * tanh(x - 1) ** 2 - 0.6)),
    )
