"""Quadrature rules (Gauss–Kronrod, tanh-sinh, exp-sinh) and the panels and segments
they are applied on."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.quadrature._base import DE_H, EPS, ES_T, GK_N, TS_T


@functools.cache
def gauss_kronrod(n: int = GK_N) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gauss–Kronrod rule on ``[-1, 1]``: nodes (2n+1), Kronrod weights, Gauss weights.

    The Gauss weights are 0 at the Kronrod-only nodes.  The Kronrod nodes are the roots of
    the Stieltjes polynomial, found from its orthogonality conditions in the Legendre basis;
    the weights make the rule exact for degree ``3n + 1``.

    >>> x, wk, wg = gauss_kronrod(10)
    >>> len(x), round(float(wk[10]), 15)
    (21, 0.149445554002917)
    >>> abs(float(wk @ x**30) - 2 / 31) < 1e-15
    True
    """
    from numpy.polynomial import legendre as leg

    xg, wg = leg.leggauss(n)
    xm, wm = leg.leggauss(2 * n + 2)
    basis = np.eye(n + 2)
    pm = np.array([leg.legval(xm, basis[j]) for j in range(n + 2)])
    a = np.einsum("m,km,jm->kj", wm * pm[n], pm[: n + 1], pm)
    c = np.append(np.linalg.solve(a[:, : n + 1], -a[:, n + 1]), 1.0)
    roots = np.real(leg.legroots(c))
    x = np.sort(np.concatenate([xg, roots]))
    x = (x - x[::-1]) / 2.0
    vb = np.eye(2 * n + 1)
    v = np.array([leg.legval(x, vb[k]) for k in range(2 * n + 1)])
    moments = np.zeros(2 * n + 1)
    moments[0] = 2.0
    wk = np.linalg.solve(v, moments)
    wk = (wk + wk[::-1]) / 2.0
    wgk = np.zeros_like(x)
    wgk[1::2] = wg
    for arr in (x, wk, wgk):
        arr.setflags(write=False)
    return x, wk, wgk


@functools.cache
def _tanh_sinh() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unit tanh-sinh rule on [0, 1]: (t, distance to 0, distance to 1, weight, level)."""
    k = np.arange(-int(TS_T / DE_H), int(TS_T / DE_H) + 1)
    t = k * DE_H
    u = 0.5 * np.pi * np.sinh(t)
    dl = 1.0 / (1.0 + np.exp(2.0 * u))
    dr = 1.0 / (1.0 + np.exp(-2.0 * u))
    e = np.exp(-2.0 * np.abs(u))
    w = DE_H * 0.5 * np.pi * np.cosh(t) * 4.0 * e / (1.0 + e) ** 2 / 2.0
    level = np.where(k % 4 == 0, 2, np.where(k % 2 == 0, 1, 0))
    return t, dl, dr, w, level


@functools.cache
def _exp_sinh() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit exp-sinh rule on [0, inf): (distance, weight, level)."""
    k = np.arange(-int(ES_T / DE_H), int(ES_T / DE_H) + 1)
    t = k * DE_H
    d = np.exp(0.5 * np.pi * np.sinh(t))
    w = DE_H * d * 0.5 * np.pi * np.cosh(t)
    level = np.where(k % 4 == 0, 2, np.where(k % 2 == 0, 1, 0))
    return d, w, level


@dataclass
class Panels:
    """Gauss–Kronrod panels ``[a, b]`` in a variable t, one row index (pair) each.

    ``kind`` 0: ``x = t``; kind 1: a tail ``x = start + side*c*t/(1 - t)``, ``t`` in [0, 1].
    """

    row: np.ndarray
    a: np.ndarray
    b: np.ndarray
    kind: np.ndarray
    start: np.ndarray
    c: np.ndarray
    side: np.ndarray

    def take(self, idx: Any) -> Panels:
        return Panels(*(getattr(self, n)[idx] for n in _PANEL_FIELDS))

    @staticmethod
    def concat(parts: Sequence[Panels]) -> Panels:
        return Panels(*(np.concatenate([getattr(p, n) for p in parts]) for n in _PANEL_FIELDS))

    def split(self, k: int) -> Panels:
        """Each panel cut into ``k`` equal pieces (in t)."""
        frac = np.arange(k + 1) / k
        edges = self.a[:, None] + (self.b - self.a)[:, None] * frac
        rep = np.repeat(np.arange(self.a.size), k)
        out = self.take(rep)
        out.a = edges[:, :-1].ravel()
        out.b = edges[:, 1:].ravel()
        return out

    def nodes(self, n: int = GK_N) -> tuple[np.ndarray, np.ndarray]:
        """Nodes ``x`` (2n+1 x panels: each column a panel) and the factor that turns
        unit weights into weights (1 x panels, or nodes x panels with tails)."""
        s = gauss_kronrod(n)[0][:, None]
        mid, half = (self.a + self.b) / 2.0, (self.b - self.a) / 2.0
        t = mid + half * s
        tails = np.flatnonzero(self.kind == 1)
        if tails.size == 0:
            return t, half[None]
        scale = np.repeat(half[None], s.size, axis=0)
        tt = t[:, tails]
        t[:, tails] = self._tail_x(tt, tails)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale[:, tails] *= self.c[tails] / (1.0 - tt) ** 2
        return t, scale

    def to_x(self, t: np.ndarray) -> np.ndarray:
        """The points ``x`` at the values ``t`` of the variable (one column per panel)."""
        x = np.array(t, dtype=float)
        tails = np.flatnonzero(self.kind == 1)
        if tails.size:
            x[..., tails] = self._tail_x(x[..., tails], tails)
        return x

    def _tail_x(self, tt: np.ndarray, tails: np.ndarray) -> np.ndarray:
        start, side, c = self.start[tails], self.side[tails], self.c[tails]
        with np.errstate(divide="ignore", invalid="ignore"):
            xt = start + side * (c * tt / (1.0 - tt))
        # A node of a tail never lies on its start (a support end, possibly singular,
        # of another density): at least one ulp beyond it.
        beyond = np.nextafter(start, side * np.inf)
        return np.where(side > 0, np.maximum(xt, beyond), np.minimum(xt, beyond))

    def cut(self, t: np.ndarray) -> Panels:
        """Each panel cut in two at its own value ``t`` of the variable."""
        out = Panels.concat([self, self])
        n = self.a.size
        out.b[:n] = t
        out.a[n:] = t
        return out


_PANEL_FIELDS = ("row", "a", "b", "kind", "start", "c", "side")


def make_panels(row: np.ndarray, a: np.ndarray, b: np.ndarray) -> Panels:
    z = np.zeros(a.shape)
    return Panels(row, a, b, np.zeros(a.shape, np.int8), z, z, z)


def tail_panels(row: np.ndarray, start: np.ndarray, c: np.ndarray, side: float) -> Panels:
    n = row.size
    return Panels(row, np.zeros(n), np.ones(n), np.ones(n, np.int8), start, c, np.full(n, side))


@dataclass
class Segment:
    """A double-exponential segment: one tanh-sinh panel or one exp-sinh tail."""

    x: np.ndarray
    w: np.ndarray  # level h weights
    w2: np.ndarray  # level 2h (nested)
    w4: np.ndarray  # level 4h (nested)
    near: list[tuple[np.ndarray, float, np.ndarray, int]] = field(default_factory=list)
    #: Where it lies: ``(a, b)`` for tanh-sinh; ``(start, side*inf)`` for exp-sinh, with
    #: its length scale ``c`` (see :func:`cut_segment`).
    ends: tuple[float, float] = (math.nan, math.nan)
    c: float = 0.0

    def cut(self, x: float) -> tuple[Segment, Segment]:
        """The segment as two, cut at ``x`` inside it: tanh-sinh on both sides of ``x`` (an
        exp-sinh tail keeps its rule beyond ``x``).  Used where the integrand has a kink.

        >>> left, right = ts_segment(0.0, 2.0).cut(0.5)
        >>> left.ends, right.ends
        ((0.0, 0.5), (0.5, 2.0))
        >>> abs(float(np.sum(left.w) + np.sum(right.w)) - 2.0) < 1e-12
        True
        """
        a, b = self.ends
        if math.isfinite(b):
            return ts_segment(a, x), ts_segment(x, b)
        side = 1 if b > 0 else -1
        near = ts_segment(*sorted((a, x)))
        return near, es_segment(x, self.c, side)


def plan_panels(dens: Sequence[Density]) -> tuple[Panels, list[Segment]]:
    """GK panels and DE segments for the union support of continuous densities ``dens``."""
    lo = min(d.support[0] for d in dens)
    hi = max(d.support[1] for d in dens)
    pts = {b for d in dens for b in d.breakpoints() if lo <= b <= hi}
    pts |= {v for v in (lo, hi) if math.isfinite(v)}
    bps = sorted(pts)
    sing_left = {pt for d in dens for pt, side in d.singular_points() if side > 0}
    sing_right = {pt for d in dens for pt, side in d.singular_points() if side < 0}
    segs: list[Segment] = []
    gk_a: list[float] = []
    gk_b: list[float] = []
    for a, b in itertools.pairwise(bps):
        if a in sing_left or b in sing_right:
            segs.append(ts_segment(a, b))
        else:
            gk_a.append(a)
            gk_b.append(b)
    parts = [make_panels(np.zeros(len(gk_a), np.intp), np.array(gk_a), np.array(gk_b))]
    for side, end in ((-1, lo), (1, hi)):
        if math.isfinite(end):
            continue
        start = bps[0] if side < 0 else bps[-1]
        infinite = [d for d in dens if not math.isfinite(d.support[0 if side < 0 else 1])]
        c = max(d.scale for d in infinite)
        if any(d.tail(side)[0] in ("power", "unknown") for d in infinite):
            segs.append(es_segment(start, c, side))
        else:
            parts.append(tail_panels(np.zeros(1, np.intp), np.array([start]), np.array([c]), side))
    return Panels.concat(parts), segs


def ts_segment(a: float, b: float) -> Segment:
    """A tanh-sinh panel on [a, b]; densities are evaluated by distance to the nearer end."""
    _, dl, dr, w, level = _tanh_sinh()
    width = b - a
    left = dl <= dr
    # Densities are evaluated from the exact distances; x itself (for integrands that use
    # it, e.g. a discriminator) is kept strictly inside, never rounded onto an end.
    x = np.where(left, a + width * dl, b - width * dr)
    x = np.clip(x, np.nextafter(a, b), np.nextafter(b, a))
    ww = width * w
    w2 = np.where(level >= 1, 2.0 * ww, 0.0)
    w4 = np.where(level >= 2, 4.0 * ww, 0.0)
    near = [(left, a, width * dl[left], 1), (~left, b, width * dr[~left], -1)]
    return Segment(x, ww, w2, w4, near, (a, b))


def es_segment(b: float, c: float, side: int) -> Segment:
    """An exp-sinh tail starting at ``b`` going to ``side*inf``."""
    d, w, level = _exp_sinh()
    ww = c * w
    w2 = np.where(level >= 1, 2.0 * ww, 0.0)
    w4 = np.where(level >= 2, 4.0 * ww, 0.0)
    # The smallest distances round b + side*c*d onto b itself, which may be a support end
    # where another density is singular (Beta(1, ½) at 1 below a Student-t tail from 1):
    # keep every node at least one ulp beyond b.
    x = b + side * c * d
    beyond = np.nextafter(b, side * math.inf)
    x = np.maximum(x, beyond) if side > 0 else np.minimum(x, beyond)
    return Segment(x, ww, w2, w4, [], (b, side * math.inf), c)


def segment_logpdf(d: Density, seg: Segment) -> np.ndarray:
    if not seg.near:
        return d.logpdf(seg.x)
    out = np.empty_like(seg.x)
    for mask, end, dist, side in seg.near:
        out[mask] = d.logpdf_near(end, dist, side)
    return out


def de_sums(
    f: np.ndarray, segs: Sequence[Segment], rounding: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Sum double-exponential segments of equal node counts (``f``: one row per segment);
    per segment, the value and an error from the nested levels h, 2h, 4h.

    ``rounding`` (per node, ``(|f| + p + q)·(|log p| + |log q| + L)``) adds the floor of
    the log-densities' rounding (see ``log_floor`` in the Gauss–Kronrod module).

    >>> seg = ts_segment(0.0, 1.0)
    >>> v, e = de_sums(seg.x[None] ** 2, [seg])
    >>> abs(float(v[0]) - 1 / 3) <= float(e[0]) < 1e-14
    True
    """
    w = np.stack([seg.w for seg in segs])
    with np.errstate(all="ignore"):
        i1 = np.sum(f * w, axis=1)
        i2 = np.sum(f * np.stack([seg.w2 for seg in segs]), axis=1)
        i4 = np.sum(f * np.stack([seg.w4 for seg in segs]), axis=1)
        scale = np.sum(np.abs(f) * w, axis=1)
        floor = 50.0 * EPS * scale + 1e-300
        if rounding is not None:
            floor = np.maximum(floor, EPS * np.sum(rounding * w, axis=1))
        e1, e2 = np.abs(i1 - i2), np.abs(i1 - i4)
        # Quadratic convergence (Bailey): log(err/S) ≈ log(e1/S)^2 / log(e2/S).
        r1, r2 = np.log(e1 / scale), np.log(e2 / scale)
        est = np.where(r2 < 0, scale * np.exp(np.minimum(0.0, r1 * r1 / r2)), e1)
        converging = np.maximum(np.maximum(est, floor), e1 * e1 / e2)
        err = np.where(
            e1 <= floor,
            floor,
            np.where((e2 <= e1) | (scale == 0.0), np.maximum(e1, e2), converging),
        )
    return i1, np.where(np.isfinite(i1), err, math.inf)
