"""Quadrature of pointwise integrands of two densities, batched and self-checking.

One result shape, :class:`QuadResult`, whatever the method.  The default method evaluates
many pairs at once with fixed nodes in NumPy:

* composite Gauss–Kronrod (G10/K21) panels split at the union of both densities'
  breakpoints (support ends, kinks, location ± k·scale), with a rational map for
  Gaussian/exponential tails;
* tanh-sinh on panels next to a support end where a density is singular (Beta with
  ``a < 1``...), the densities evaluated at an exact *distance* to the end;
* exp-sinh on power-law (or unknown) tails.

Pairs of two Normals, the common batch, get their own layout (:func:`_normal_panels`):
G20/K41 panels chosen per pair so that each fits both Gaussians and the points where the
log-densities cross, refined only while the pair's summed estimate is above 5e-14; an
integrand declared :func:`bounded_by_densities` (JSD, V at D*) has what lies 8σ beyond
both means bounded analytically instead of integrated.

Integrands are functions ``f(x, logp, logq)`` of the log-densities (``-inf`` where a density
is 0); each integrand is responsible for the ``0·log 0 = 0`` convention.  Per pair the rule
checks itself: the masses of ``p`` and ``q`` on the same nodes, a nested-rule error estimate
(Kronrod − Gauss with the QUADPACK scaling; level h versus 2h for the double-exponential
rules), optional bounds on the value, and non-finite values.  A pair that fails is escalated
to ``scipy.integrate.quad`` split at the same breakpoints (``epsabs=epsrel=1e-13``), then to
mpmath at 30 digits (if an mpmath integrand is given).  If it still fails, the result says so
(``success=False``, a message) and a :class:`~symbolic_gan.errors.NumericWarning` is issued.

Densities that are both discrete are summed exactly over the union of their points; a
discrete density against a continuous one is integrated against the dominating measure
"counting + Lebesgue" (each density is 0 where the other lives).

>>> from symbolic_gan.densities import Normal
>>> r = mass(Normal(0, 1))
>>> round(float(r.value), 12), bool(r.success), r.method
(1.0, True, 'gauss-kronrod')
>>> bool(r.error < 1e-13)
True
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import numpy as np

from symbolic_gan.densities import Density, Laplace, Normal, Uniform, UserDensity
from symbolic_gan.errors import InvalidArgument, NumericWarning

__all__ = [
    "ATOL",
    "MASS_TOL",
    "RTOL",
    "Integrand",
    "MpIntegrand",
    "QuadResult",
    "gauss_kronrod",
    "integrate_pairs",
    "mass",
    "pair_nodes",
    "takes_densities",
]

#: A vectorised integrand ``f(x, logp, logq)``.  An integrand with the attribute
#: ``takes_densities = True`` is called as ``f(x, logp, logq, p, q)`` with ``p = exp(logp)``,
#: ``q = exp(logq)`` already computed (see :func:`takes_densities`).
Integrand = Callable[..., np.ndarray]
#: The same integrand in mpmath: ``f(x, logp, logq)`` with mpmath numbers.
MpIntegrand = Callable[[Any, Any, Any], Any]

#: Absolute / relative tolerance that the error estimate must meet for ``success``.
ATOL = 1e-12
RTOL = 1e-12
#: Largest accepted ``|mass - 1|`` of each density, measured on the same nodes.
MASS_TOL = 1e-12

_EPS = float(np.finfo(float).eps)
_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_CHUNK = 65536  # float64 elements per temporary (512 KiB): fewer NumPy calls a node
_GK_N = 10
_DE_H = 1.0 / 16.0
_TS_T = 5.5  # tanh-sinh: t in [-T, T]; distances stay above 1e-300
_ES_T = 5.0  # exp-sinh: x - b in [c e^-116, c e^116]


# =============================================================================== result


@dataclass(frozen=True)
class QuadResult:
    """The result of a quadrature, for one pair or a batch.

    For one pair the fields are scalars (``float``, ``bool``, ``str``, ``int``); for a batch
    ``value``, ``error``, ``success`` and ``nfev`` are NumPy arrays and ``status``,
    ``method``, ``message`` are tuples of str.

    * ``value`` – the integral (``±inf`` when decided infinite, ``nan`` on failure);
    * ``error`` – absolute error estimate;
    * ``success`` – True iff the value is trustworthy within ``error``;
    * ``status`` – ``"ok"``, ``"infinite"``, ``"unnormalised"`` or ``"failed"``;
    * ``method`` – ``"gauss-kronrod"``, ``"sum"``, ``"analytic"``, ``"quad"``,
      ``"mpmath"`` or ``"mpmath-reference"``;
    * ``nfev`` – number of integrand evaluations;
    * ``message`` – a human-readable account ("" when nothing to say).

    >>> r = QuadResult(0.5, 1e-15, True, "ok", "gauss-kronrod", 42, "")
    >>> r.is_batch, len(QuadResult.stack([r, r]))
    (False, 2)
    """

    value: Any
    error: Any
    success: Any
    status: Any
    method: Any
    nfev: Any
    message: Any

    @property
    def is_batch(self) -> bool:
        """Whether this is the result of a batch."""
        return isinstance(self.value, np.ndarray)

    def __len__(self) -> int:
        if not self.is_batch:
            raise TypeError("a single-pair QuadResult has no len()")
        return int(self.value.shape[0])

    def __getitem__(self, i: int) -> QuadResult:
        """The result of pair ``i`` of a batch."""
        if not self.is_batch:
            raise TypeError("a single-pair QuadResult cannot be indexed")
        return QuadResult(
            float(self.value[i]),
            float(self.error[i]),
            bool(self.success[i]),
            self.status[i],
            self.method[i],
            int(self.nfev[i]),
            self.message[i],
        )

    def __iter__(self) -> Any:
        return (self[i] for i in range(len(self)))

    @staticmethod
    def stack(results: Sequence[QuadResult]) -> QuadResult:
        """Combine single-pair results into one batch result."""
        return QuadResult(
            np.array([float(r.value) for r in results], dtype=float),
            np.array([float(r.error) for r in results], dtype=float),
            np.array([bool(r.success) for r in results], dtype=bool),
            tuple(str(r.status) for r in results),
            tuple(str(r.method) for r in results),
            np.array([int(r.nfev) for r in results], dtype=np.int64),
            tuple(str(r.message) for r in results),
        )


# =============================================================================== rules


@functools.cache
def gauss_kronrod(n: int = _GK_N) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
    k = np.arange(-int(_TS_T / _DE_H), int(_TS_T / _DE_H) + 1)
    t = k * _DE_H
    u = 0.5 * np.pi * np.sinh(t)
    dl = 1.0 / (1.0 + np.exp(2.0 * u))
    dr = 1.0 / (1.0 + np.exp(-2.0 * u))
    e = np.exp(-2.0 * np.abs(u))
    w = _DE_H * 0.5 * np.pi * np.cosh(t) * 4.0 * e / (1.0 + e) ** 2 / 2.0
    level = np.where(k % 4 == 0, 2, np.where(k % 2 == 0, 1, 0))
    return t, dl, dr, w, level


@functools.cache
def _exp_sinh() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit exp-sinh rule on [0, inf): (distance, weight, level)."""
    k = np.arange(-int(_ES_T / _DE_H), int(_ES_T / _DE_H) + 1)
    t = k * _DE_H
    d = np.exp(0.5 * np.pi * np.sinh(t))
    w = _DE_H * d * 0.5 * np.pi * np.cosh(t)
    level = np.where(k % 4 == 0, 2, np.where(k % 2 == 0, 1, 0))
    return d, w, level


# =============================================================================== plans


@dataclass
class _Panels:
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

    def take(self, idx: Any) -> _Panels:
        return _Panels(*(getattr(self, n)[idx] for n in _PANEL_FIELDS))

    @staticmethod
    def concat(parts: Sequence[_Panels]) -> _Panels:
        return _Panels(*(np.concatenate([getattr(p, n) for p in parts]) for n in _PANEL_FIELDS))

    def split(self, k: int) -> _Panels:
        """Each panel cut into ``k`` equal pieces (in t)."""
        frac = np.arange(k + 1) / k
        edges = self.a[:, None] + (self.b - self.a)[:, None] * frac
        rep = np.repeat(np.arange(self.a.size), k)
        out = self.take(rep)
        out.a = edges[:, :-1].ravel()
        out.b = edges[:, 1:].ravel()
        return out

    def nodes(self, n: int = _GK_N) -> tuple[np.ndarray, np.ndarray]:
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
        c = self.c[tails]
        with np.errstate(divide="ignore", invalid="ignore"):
            start, side = self.start[tails], self.side[tails]
            xt = start + side * (c * tt / (1.0 - tt))
            # A node of a tail never lies on its start (a support end, possibly singular,
            # of another density): at least one ulp beyond it.
            beyond = np.nextafter(start, side * np.inf)
            t[:, tails] = np.where(side > 0, np.maximum(xt, beyond), np.minimum(xt, beyond))
            scale[:, tails] *= c / (1.0 - tt) ** 2
        return t, scale


_PANEL_FIELDS = ("row", "a", "b", "kind", "start", "c", "side")


def _panels(row: np.ndarray, a: np.ndarray, b: np.ndarray) -> _Panels:
    z = np.zeros(a.shape)
    return _Panels(row, a, b, np.zeros(a.shape, np.int8), z, z, z)


def _tails(row: np.ndarray, start: np.ndarray, c: np.ndarray, side: float) -> _Panels:
    n = row.size
    return _Panels(row, np.zeros(n), np.ones(n), np.ones(n, np.int8), start, c, np.full(n, side))


@dataclass
class _Seg:
    """A double-exponential segment: one tanh-sinh panel or one exp-sinh tail."""

    x: np.ndarray
    w: np.ndarray  # level h weights
    w2: np.ndarray  # level 2h (nested)
    w4: np.ndarray  # level 4h (nested)
    near: list[tuple[np.ndarray, float, np.ndarray, int]] = field(default_factory=list)


def _plan(dens: Sequence[Density]) -> tuple[_Panels, list[_Seg]]:
    """GK panels and DE segments for the union support of continuous densities ``dens``."""
    lo = min(d.support[0] for d in dens)
    hi = max(d.support[1] for d in dens)
    pts = {b for d in dens for b in d.breakpoints() if lo <= b <= hi}
    pts |= {v for v in (lo, hi) if math.isfinite(v)}
    bps = sorted(pts)
    sing_left = {pt for d in dens for pt, side in d.singular_points() if side > 0}
    sing_right = {pt for d in dens for pt, side in d.singular_points() if side < 0}
    segs: list[_Seg] = []
    gk_a: list[float] = []
    gk_b: list[float] = []
    for a, b in itertools.pairwise(bps):
        if a in sing_left or b in sing_right:
            segs.append(_ts_seg(a, b))
        else:
            gk_a.append(a)
            gk_b.append(b)
    parts = [_panels(np.zeros(len(gk_a), np.intp), np.array(gk_a), np.array(gk_b))]
    for side, end in ((-1, lo), (1, hi)):
        if math.isfinite(end):
            continue
        start = bps[0] if side < 0 else bps[-1]
        infinite = [d for d in dens if not math.isfinite(d.support[0 if side < 0 else 1])]
        c = max(d.scale for d in infinite)
        if any(d.tail(side)[0] in ("power", "unknown") for d in infinite):
            segs.append(_es_seg(start, c, side))
        else:
            parts.append(_tails(np.zeros(1, np.intp), np.array([start]), np.array([c]), side))
    return _Panels.concat(parts), segs


def _ts_seg(a: float, b: float) -> _Seg:
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
    return _Seg(x, ww, w2, w4, near)


def _es_seg(b: float, c: float, side: int) -> _Seg:
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
    return _Seg(x, ww, w2, w4)


def _seg_logpdf(d: Density, seg: _Seg) -> np.ndarray:
    if not seg.near:
        return d.logpdf(seg.x)
    out = np.empty_like(seg.x)
    for mask, end, dist, side in seg.near:
        out[mask] = d.logpdf_near(end, dist, side)
    return out


# =============================================================================== sums


def _de_sum(f: np.ndarray, seg: _Seg) -> tuple[float, float]:
    """Sum a double-exponential segment; error from the nested levels h, 2h, 4h."""
    i1 = float(np.sum(f * seg.w))
    i2 = float(np.sum(f * seg.w2))
    i4 = float(np.sum(f * seg.w4))
    scale = float(np.sum(np.abs(f) * seg.w))
    floor = 50.0 * _EPS * scale + 1e-300
    e1, e2 = abs(i1 - i2), abs(i1 - i4)
    if not math.isfinite(i1):
        return i1, math.inf
    if e1 <= floor:
        return i1, floor
    if e2 <= e1 or scale == 0.0:
        return i1, max(e1, e2)
    # Quadratic convergence (Bailey): log(err/S) ≈ log(e1/S)^2 / log(e2/S).
    r1, r2 = math.log(e1 / scale), math.log(e2 / scale)
    est = scale * math.exp(min(0.0, r1 * r1 / r2)) if r2 < 0 else e1
    return i1, max(est, floor, e1 * e1 / e2)


# =============================================================================== evaluation


@dataclass
class _Raw:
    """Sums of one pair on its nodes, before the checks."""

    value: float
    error: float
    masses: tuple[float, float]
    mass_errors: tuple[float, float]
    nfev: int
    #: Why the sums cannot be trusted (NaN, an infinite density, an isolated infinity).
    bad: str | None = None
    #: Evidence that the integral is infinite: ``(x, ±inf)``, the integrand being infinite
    #: with one sign on every node of a panel (see :func:`_scan_nonfinite`).
    inf_at: tuple[float, float] | None = None
    #: An infinity at some nodes of a panel only (no evidence): ``(x, ±inf)``.
    inf_pt: tuple[float, float] | None = None


def _call(
    integrand: Integrand,
    x: np.ndarray,
    lp: np.ndarray,
    lq: np.ndarray,
    p: np.ndarray | None = None,
    q: np.ndarray | None = None,
) -> np.ndarray:
    with np.errstate(all="ignore"):
        if p is None:
            p = np.exp(lp)
        if q is None:
            q = np.exp(lq)
        if getattr(integrand, "takes_densities", False):
            out = np.asarray(integrand(x, lp, lq, p, q), dtype=float)
        else:
            out = np.asarray(integrand(x, lp, lq), dtype=float)
    return np.broadcast_to(out, x.shape)


#: Below this, exp is subnormal or 0, and NumPy's exp takes a slow path (~20x slower).
_EXP_MIN = -708.0


def _exp(a: np.ndarray) -> np.ndarray:
    """``exp(a)``; where many entries underflow, those are computed as exactly 0.

    Results below ``exp(-708)`` (< 1e-307) are 0 or subnormal either way; when more than
    2% of the entries are there, they are set to 0 without NumPy's slow path.

    >>> _exp(np.array([0.0, -800.0, -np.inf, np.nan])).tolist()
    [1.0, 0.0, 0.0, nan]
    """
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        low = np.less(a, _EXP_MIN)
        if np.ndim(a) == 0 or np.count_nonzero(low) <= 0.02 * low.size:
            return np.exp(a)
        out = np.exp(np.maximum(a, _EXP_MIN))
        out[low] = 0.0
    return out


def _first_x(x: np.ndarray, mask: np.ndarray) -> float | None:
    if not mask.any():
        return None
    return float(x[mask].flat[0])


def _scan_nonfinite(
    x: np.ndarray,
    f: np.ndarray,
    dens: Sequence[np.ndarray],
    rows: Sequence[int],
    bad: dict[int, str],
    inf_at: dict[int, tuple[float, float]],
    inf_pt: dict[int, tuple[float, float]],
) -> None:
    """Classify the non-finite values of ``f`` panel by panel (one panel per row of ``x``).

    An integral is infinite only if its integrand is infinite on a set of positive measure,
    never because of a point: an infinity at an isolated node (an integrable singularity
    such as ``log|x|`` at a node, a density singular at a node) is no evidence and makes the
    pair be retried by the adaptive stages.  Evidence (``inf_at``) is the integrand infinite
    with one sign at two or more *consecutive* nodes of a panel (or at an atom) while the
    densities (``dens``, log p and log q at the nodes) are nowhere ``+inf`` in the panel: a
    density, or a discriminator as evaluated in floating point, is 0 on an interval where
    the other density is positive (a gap in a mixture; ``D = 0`` where ``p > 0``).  Isolated
    infinities go to ``inf_pt``; a NaN, an infinite density at a node, or infinities of
    both signs go to ``bad``.  Entries are ``(x, ±inf)`` per row; the nodes of a row are
    in increasing (or decreasing) order of x.
    """
    suspect = ~np.isfinite(f).all(axis=1)
    for d in dens:
        suspect |= np.isposinf(d).any(axis=1)
    for i in np.flatnonzero(suspect).tolist():
        fi = f[i]
        r = int(rows[i])
        nan = np.isnan(fi)
        if nan.any():
            bad.setdefault(r, f"integrand is NaN at x={_first_x(x[i], nan)!r}")
            continue
        for name, d in zip("pq", dens, strict=True):
            top = np.isposinf(d[i])
            if top.any():
                bad.setdefault(r, f"density {name} is infinite at x={_first_x(x[i], top)!r}")
                break
        else:
            inf = np.isinf(fi)
            if not inf.any():
                continue
            signs = np.sign(fi[inf])
            sign = float(signs[0]) * math.inf
            seen = inf_at.get(r, inf_pt.get(r))
            if np.any(signs != signs[0]) or (seen is not None and seen[1] != sign):
                bad.setdefault(r, "integrand is +inf at some nodes and -inf at others")
            elif inf.size == 1 or np.any(inf[1:] & inf[:-1]):
                if r not in inf_at:
                    run = np.flatnonzero(inf[1:] & inf[:-1]) if inf.size > 1 else [0]
                    inf_at[r] = (float(x[i].flat[run[0]]), sign)
            else:
                inf_pt.setdefault(r, (float(x[i][inf].flat[0]), sign))


_MAX_ROUNDS = 6
_SPLIT = 4
#: A panel is refined when its error estimate exceeds this (and the rounding floor).
_REFINE_ABS = 1e-15


def _panel_rules(
    fs: Sequence[np.ndarray], scale: np.ndarray, n: int = _GK_N
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-panel Kronrod and Gauss values of ``fs`` and ``∫|fs[0]|`` (Kronrod).

    ``fs`` holds the (integrand, p, q) values, each of shape (nodes, panels); ``scale``
    turns unit weights into weights, per panel (1, P) or per node (nodes, P).  Returns
    arrays of shape (3, panels), (3, panels) and (panels,).
    """
    _, wk, wg = gauss_kronrod(n)
    w = np.stack([wk, wg])
    if scale.shape[0] == 1:
        kg = np.stack([w @ f for f in fs]) * scale
        res0 = (wk @ np.abs(fs[0])) * scale[0]
    else:
        kg = np.stack([w @ (f * scale) for f in fs])
        res0 = wk @ np.abs(fs[0] * scale)
    return kg[:, 0], kg[:, 1], res0


def _panel_estimates(
    k: np.ndarray, g: np.ndarray, res0: np.ndarray, cond: np.ndarray, refine_abs: float
) -> tuple[np.ndarray, np.ndarray]:
    """Error estimates (QUADPACK scaling) and refine flags from :func:`_panel_rules`.

    ``cond`` is ``|midpoint| / half-width`` per panel: nodes carry a rounding error
    ``eps·|x|``, which matters on a narrow panel far from 0 (a spike); it enters the
    floor, not refinement.  Returns arrays of shape (3, panels).
    """
    resabs = np.concatenate([res0[None], k[1:]])  # p, q >= 0: their resabs is their sum
    with np.errstate(all="ignore"):
        r = np.minimum(1.0, 200.0 * np.abs(k - g) / resabs)
        heur = resabs * r * np.sqrt(r)  # QUADPACK's (200·|K - G|/resabs)^1.5, capped at 1
    heur = np.where(resabs > 0, heur, 0.0)
    floor = 50.0 * _EPS * resabs
    return np.maximum(heur, floor + _EPS * cond * resabs), heur > np.maximum(floor, refine_abs)


@dataclass
class _Sums:
    """Per-pair sums of a batch: value, error, masses and their errors, evaluations."""

    acc: np.ndarray  # (6, n): value, error, mass p, its error, mass q, its error
    nfev: np.ndarray
    bad: dict[int, str]
    inf_at: dict[int, tuple[float, float]]
    inf_pt: dict[int, tuple[float, float]]

    def raw(self, r: int) -> _Raw:
        a = self.acc[:, r]
        return _Raw(
            float(a[0]),
            float(a[1]),
            (float(a[2]), float(a[4])),
            (float(a[3]), float(a[5])),
            int(self.nfev[r]),
            self.bad.get(r),
            self.inf_at.get(r),
            self.inf_pt.get(r),
        )


def _gk_run(
    integrand: Integrand,
    panels: _Panels,
    evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    nrows: int,
    *,
    clip: bool = False,
    records: tuple[dict[int, str], dict[int, Any], dict[int, Any]] | None = None,
    n: int = _GK_N,
    refine_abs: float = _REFINE_ABS,
    target: float = 0.0,
    start: _Sums | None = None,
    split: int = _SPLIT,
) -> _Sums:
    """Adaptive, vectorised Gauss–Kronrod over panels of many rows (pairs).

    Each round evaluates every current panel (in chunks whose temporaries stay within
    ``_CHUNK`` elements), then cuts in ``split``, up to ``_MAX_ROUNDS`` times, the panels whose
    estimate (of the integrand or of either mass) is above ``refine_abs`` and the rounding
    floor, in the rows whose summed estimates (of the integrand, or of either mass) are
    still above ``target``: a row already within ``target`` keeps its panels.  With
    ``clip`` the nodes of a (very narrow) finite panel are kept strictly inside it, never
    rounded onto an end where a density may be singular, and infinite densities at nodes
    are looked for.  ``records`` (bad, inf_at, inf_pt) are dicts to record non-finite
    values in (see :func:`_scan_nonfinite`), new ones by default.  ``start`` holds sums
    of other panels of the same rows (another rule's), to add to.
    """
    if start is None:
        acc, nfev = np.zeros((6, nrows)), np.zeros(nrows, np.int64)
    else:
        acc, nfev = start.acc.copy(), start.nfev.copy()
    if records is None:
        records = ({}, {}, {}) if start is None else (start.bad, start.inf_at, start.inf_pt)
    bad, inf_at, inf_pt = records
    nk = gauss_kronrod(n)[0].size
    step = max(1, _CHUNK // nk)  # each (nodes, panels) temporary stays within _CHUNK
    current = panels
    for rnd in range(_MAX_ROUNDS + 1):
        if current.a.size == 0:
            break
        ks, gs, rs = [], [], []
        for s in range(0, current.a.size, step):
            pn = current.take(slice(s, s + step))
            x, scale = pn.nodes(n)
            if clip:
                lo, hi = np.nextafter(pn.a, pn.b), np.nextafter(pn.b, pn.a)
                x = np.where(pn.kind == 0, np.minimum(np.maximum(x, lo), hi), x)
            lp, lq = evaluate(x, pn.row)
            pv, qv = _exp(lp), _exp(lq)
            f = _call(integrand, x, lp, lq, pv, qv)
            # Only the slow path's densities can be +inf at a node (singular ones); the
            # fast path's masses are finite, and a non-finite sum would fail the checks.
            total = np.sum(f) + (np.sum(pv) + np.sum(qv) if clip else 0.0)
            if not np.isfinite(total):
                _scan_nonfinite(x.T, f.T, (lp.T, lq.T), pn.row, bad, inf_at, inf_pt)
                # Non-finite values count as 0 in the sums; the pair is retried or
                # decided from the record above, never taken as it is.
                f = np.where(np.isfinite(f), f, 0.0)
                pv = np.where(np.isfinite(pv), pv, 0.0)
                qv = np.where(np.isfinite(qv), qv, 0.0)
            for out, part in zip((ks, gs, rs), _panel_rules((f, pv, qv), scale, n), strict=True):
                out.append(part)
        with np.errstate(divide="ignore", invalid="ignore"):
            cond = np.abs(current.a + current.b) / np.abs(current.b - current.a)
        cond = np.where((current.kind == 0) & np.isfinite(cond), cond, 0.0)
        k = np.concatenate(ks, 1)
        e, flag3 = _panel_estimates(k, np.concatenate(gs, 1), np.concatenate(rs), cond, refine_abs)
        flag = flag3.any(axis=0)
        rows = current.row
        nfev += np.bincount(rows, minlength=nrows) * nk
        if rnd < _MAX_ROUNDS and flag.any():
            if target > 0.0:
                total_e = acc[[1, 3, 5]] + np.stack(
                    [np.bincount(rows, weights=v, minlength=nrows) for v in e]
                )
                flag &= (total_e > target).any(axis=0)[rows]
        else:
            flag[:] = False
        keep = ~flag
        for j, v in zip((0, 2, 4, 1, 3, 5), np.concatenate([k, e]), strict=True):
            acc[j] += np.bincount(rows[keep], weights=v[keep], minlength=nrows)
        if not flag.any():
            break
        current = current.take(np.flatnonzero(flag)).split(split)
    return _Sums(acc, nfev, bad, inf_at, inf_pt)


def _raw_slow(integrand: Integrand, p: Density, q: Density) -> _Raw:
    """One pair, any densities: plan panels and segments, evaluate, sum."""
    total = err = 0.0
    mass_v = [0.0, 0.0]
    mass_e = [0.0, 0.0]
    nfev = 0
    bad: dict[int, str] = {}
    inf_at: dict[int, tuple[float, float]] = {}
    inf_pt: dict[int, tuple[float, float]] = {}
    atoms: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    cont: list[Density] = []
    pd: Density | None = p
    qd: Density | None = q
    if p.is_discrete and q.is_discrete:
        x = np.array(sorted(set(p.breakpoints()) | set(q.breakpoints())))
        atoms.append((x, p.logpdf(x), q.logpdf(x)))
    elif p.is_discrete or q.is_discrete:
        disc, other = (p, q) if p.is_discrete else (q, p)
        x = np.array(disc.breakpoints())
        ld, lc = disc.logpdf(x), np.full(x.shape, -np.inf)
        atoms.append((x, ld, lc) if disc is p else (x, lc, ld))
        cont = [other]
        pd, qd = (None, q) if disc is p else (p, None)
    else:
        cont = [p] if p == q else [p, q]

    def lpdf(d: Density | None, x: np.ndarray) -> np.ndarray:
        return np.full(x.shape, -np.inf) if d is None else d.logpdf(x)

    def finite(v: np.ndarray) -> np.ndarray:
        return np.where(np.isfinite(v), v, 0.0)

    for x, lp, lq in atoms:
        f = _call(integrand, x, lp, lq)
        nfev += f.size
        # Each atom is a point of positive mass: a "panel" of its own.
        col = (x[:, None], f[:, None], (lp[:, None], lq[:, None]))
        _scan_nonfinite(*col, [0] * x.size, bad, inf_at, inf_pt)
        fs = finite(f)
        total += math.fsum(fs)
        err += 2.0 * _EPS * float(np.sum(np.abs(fs))) * fs.size
        for i, lg in enumerate((lp, lq)):
            m = finite(_exp(lg))
            mass_v[i] += math.fsum(m)
            mass_e[i] += 2.0 * _EPS * float(np.sum(m)) * m.size
    if cont:
        panels, segs = _plan(cont)

        def evaluate(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            lp = lpdf(pd, x)
            return lp, (lp if qd is pd else lpdf(qd, x))

        raw = _gk_run(integrand, panels, evaluate, 1, clip=True, records=(bad, inf_at, inf_pt)).raw(
            0
        )
        total += raw.value
        err += raw.error
        nfev += raw.nfev
        for i in (0, 1):
            mass_v[i] += raw.masses[i]
            mass_e[i] += raw.mass_errors[i]
        for seg in segs:
            lp = np.full(seg.x.shape, -np.inf) if pd is None else _seg_logpdf(pd, seg)
            lq = (
                lp
                if qd is pd
                else (np.full(seg.x.shape, -np.inf) if qd is None else _seg_logpdf(qd, seg))
            )
            f = _call(integrand, seg.x, lp, lq)
            nfev += f.size
            _scan_nonfinite(seg.x[None], f[None], (lp[None], lq[None]), [0], bad, inf_at, inf_pt)
            v, e = _de_sum(finite(f), seg)
            total += v
            err += e
            for i, lg in enumerate((lp, lq)):
                v, e = _de_sum(finite(_exp(lg)), seg)
                mass_v[i] += v
                mass_e[i] += e
    return _Raw(
        total,
        err,
        (mass_v[0], mass_v[1]),
        (mass_e[0], mass_e[1]),
        nfev,
        bad.get(0),
        inf_at.get(0),
        inf_pt.get(0),
    )


# ---- fast path: groups of same-class Normal / Laplace / Uniform pairs, vectorised


def _scale_cols(cls: type, params: np.ndarray) -> np.ndarray:
    if cls is Uniform:
        return params[:, 1] - params[:, 0]
    return params[:, 1]


_FAST = (Normal, Laplace, Uniform)

# Normal/Normal pairs (see _normal_panels).  The constants come from the G20/K41 rule on
# one Gaussian, z = (x - mu)/sigma: its QUADPACK estimate stays below 1e-15 on a panel
# [z0, z1] on one side of the mean when |z1| <= 10 + 1.5|z0|, and on a panel across the
# mean when z1 - z0 <= 8.5 (measured; ``benchmarks/bench_quadrature.py`` shows the effect).
_NN_GK = 20
_NN_TAIL_GK = 7  # G7/K15 on each mapped tail, from 8 sigma on: mass there < 7e-16
_NN_END = 8.0
_NN_NEGLIGIBLE = 9.0  # a density below phi(9) ~ 1e-18 on a whole panel does not shape it
#: Candidate breakpoints, in σ about each mean (those beyond the bulk are moved onto its
#: ends): ±9σ lets a panel end where a narrow density becomes negligible.
_NN_CANDIDATES = (-_NN_NEGLIGIBLE, -_NN_END, -4.0, 0.0, 4.0, _NN_END, _NN_NEGLIGIBLE)
_NN_ACROSS = 8.5
_NN_ONE_SIDED = (8.0, 1.5)
#: A crossing of the log-densities inside a panel: its half-width times the slope of
#: log q - log p there must stay below this (the integrand's poles, at distance pi/slope
#: from the real axis, then stay outside the rule's reach).
_NN_CROSS_INSIDE = 3.0
#: A crossing matters where either density is above this there.
_NN_CROSS_SIGNIFICANT = 1e-30
_NN_TAIL = 4.0  # tail map scale, in units of the Gaussian decay length
#: A pair's panels are refined only while its summed estimate is above this.
_NN_TARGET = 5e-14
_NN_REFINE = 1e-14


def _normal_crossings(pp: np.ndarray, pq: np.ndarray) -> np.ndarray:
    """Points where two Normal log-densities cross (2 columns; the mean of p if none)."""
    mp, sp, mq, sq = pp[:, 0], pp[:, 1], pq[:, 0], pq[:, 1]
    # lp - lq = a x^2 + b x + c
    a = 0.5 / sq**2 - 0.5 / sp**2
    bb = mp / sp**2 - mq / sq**2
    c = 0.5 * mq**2 / sq**2 - 0.5 * mp**2 / sp**2 + np.log(sq / sp)
    with np.errstate(all="ignore"):
        disc = bb * bb - 4.0 * a * c
        r = np.sqrt(disc)
        # Stable roots; a == 0 (equal sigmas) gives the single root -c / b.
        qq = -0.5 * (bb + np.copysign(r, bb))
        x1 = np.where(a != 0.0, qq / a, -c / bb)
        x2 = c / qq
    out = np.stack([x1, x2], axis=1)
    ok = np.isfinite(out) & (disc >= 0.0)[:, None]
    return np.where(ok, out, mp[:, None])


def _fits_normal(za: np.ndarray, zb: np.ndarray) -> np.ndarray:
    """Whether a G20/K41 panel from ``za`` to ``zb`` (in units of sigma about the mean)
    integrates a Normal density to ~1e-16."""
    z1, slope = _NN_ONE_SIDED
    fits = np.where(
        za >= 0.0,
        zb <= z1 + slope * za,
        np.where(zb <= 0.0, za >= slope * zb - z1, zb - za <= _NN_ACROSS),
    )
    # (a candidate at mean ± 9σ computes to within rounding of ±9)
    far = _NN_NEGLIGIBLE * (1.0 - 1e-9)
    return fits | (za >= far) | (zb <= -far)


def _normal_panels(pp: np.ndarray, pq: np.ndarray) -> tuple[_Panels, np.ndarray, np.ndarray]:
    """Bulk panels (for G20/K41) of Normal/Normal pairs, and the ends of the bulk.

    Candidate breakpoints are each mean, mean ± 4σ and mean ± 8σ, and the points where
    the log-densities cross (where the JSD integrand turns from one density to the
    other, over a length 1/slope).  Left to right, a candidate is dropped when the panel
    from the last kept point to the next candidate still fits both densities and has no
    crossing too sharp for it (see the ``_NN_*`` constants).  The bulk ends 8σ past the
    farthest mean on each side.  Every panel is refined on its nested estimate anyway;
    the layout only makes refinement rare.
    """
    # Arrays are laid out (candidate, pair): every operation runs along the pairs.
    mp, sp, mq, sq = (np.ascontiguousarray(a) for a in (pp[:, 0], pp[:, 1], pq[:, 0], pq[:, 1]))
    k, m = np.array(_NN_CANDIDATES)[:, None], len(_NN_CANDIDATES)
    lo = np.minimum(mp - _NN_END * sp, mq - _NN_END * sq)
    hi = np.maximum(mp + _NN_END * sp, mq + _NN_END * sq)
    b = np.empty((2 * m + 2, mp.size))  # candidates of p, of q, then the crossings
    np.multiply(k, sp, out=b[:m])
    b[:m] += mp
    np.multiply(k, sq, out=b[m : 2 * m])
    b[m : 2 * m] += mq
    cross = np.ascontiguousarray(_normal_crossings(pp, pq).T)
    # Where either density exceeds _NN_CROSS_SIGNIFICANT: log(sigma·sqrt(2 pi)) + z²/2 small.
    zc = np.minimum(
        ((cross - mp) / sp) ** 2 / 2 + np.log(sp), ((cross - mq) / sq) ** 2 / 2 + np.log(sq)
    )
    sig = (
        (cross > lo)
        & (cross < hi)
        & (zc < -math.log(_NN_CROSS_SIGNIFICANT * math.sqrt(2 * math.pi)))
    )
    # An insignificant crossing moves onto lo, where no panel has it strictly inside.
    cross = np.where(sig, cross, lo)
    with np.errstate(divide="ignore"):
        widest = _NN_CROSS_INSIDE / np.abs((cross - mp) / sp**2 - (cross - mq) / sq**2)
    b[2 * m :] = cross
    np.clip(b, lo, hi, out=b)
    b.sort(axis=0)
    last, zp, zq = b[0], (b[0] - mp) / sp, (b[0] - mq) / sq
    for j in range(1, b.shape[0] - 1):
        nxt = b[j + 1]
        fits = _fits_normal(zp, (nxt - mp) / sp) & _fits_normal(zq, (nxt - mq) / sq)
        # A crossing strictly inside: half-width at most _NN_CROSS_INSIDE / slope there.
        sharp = (cross > last) & (cross < nxt) & (0.5 * (nxt - last) > widest)
        fits &= ~(sharp[0] | sharp[1])
        # A dropped point repeats the last kept one: a zero-width panel, removed below.
        b[j] = np.where(fits, last, b[j])
        last = b[j]
        zp, zq = (last - mp) / sp, (last - mq) / sq
    keep = b[1:] > b[:-1]
    bulk = _panels(np.nonzero(keep)[1], b[:-1][keep], b[1:][keep])
    return bulk, b[0], b[-1]


def _normal_tails(pp: np.ndarray, pq: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> _Panels:
    """The mapped tails beyond ``lo`` and ``hi`` (at least 8σ beyond both means)."""
    g = pp.shape[0]
    tails = []
    for side, x0 in ((-1.0, lo), (1.0, hi)):
        # A Gaussian tail from x0 decays on the length sigma^2/|x0 - mu| (<= sigma/8 here).
        decay = np.maximum(
            pp[:, 1] ** 2 / np.abs(x0 - pp[:, 0]), pq[:, 1] ** 2 / np.abs(x0 - pq[:, 0])
        )
        tails.append(_tails(np.arange(g), x0, _NN_TAIL * decay, side))
    return _Panels.concat(tails)


def _normal_outside(params: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """An upper bound on the mass of Normals outside ``[lo, hi]`` (8σ or more away)."""
    mu, sigma = params[:, 0], params[:, 1]
    out = np.zeros(mu.shape)
    for z in ((mu - lo) / sigma, (hi - mu) / sigma):
        out += np.exp(-0.5 * z * z) / (z * math.sqrt(2.0 * math.pi))  # Mills: Φ(-z) ≤ φ(z)/z
    return out


def _raw_normal(integrand: Integrand, pp: np.ndarray, pq: np.ndarray) -> _Sums:
    """Normal/Normal pairs (parameters ``(mu, sigma)`` per row), vectorised.

    For an integrand declared :func:`bounded_by_densities` (``|f| <= c·(p + q)``), what
    lies beyond the bulk (8σ past both means) is bounded by ``c`` times the masses there
    and added to the error estimate; other integrands get their tails integrated.
    """

    # log N(x; mu, sigma) = c - (k·(x - mu))², k = 1/(sigma·sqrt 2): four passes a node.
    cols = [
        np.stack([d[:, 0], 1.0 / (d[:, 1] * math.sqrt(2.0)), -np.log(d[:, 1]) - _LOG_SQRT_2PI], 1)
        for d in (pp, pq)
    ]

    def logpdf(x: np.ndarray, d: np.ndarray) -> np.ndarray:
        z = np.subtract(x, d[:, 0])
        z *= d[:, 1]
        z *= z
        return np.subtract(d[:, 2], z, out=z)

    def evaluate(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return logpdf(x, cols[0][rows]), logpdf(x, cols[1][rows])

    g = pp.shape[0]
    bulk, lo, hi = _normal_panels(pp, pq)
    # Refinement is rare here (mostly next to a crossing): halving costs fewer nodes.
    kw: dict[str, Any] = {"refine_abs": _NN_REFINE, "split": 2}
    c = getattr(integrand, "density_bound", None)
    if c is None:
        tails = _normal_tails(pp, pq, lo, hi)
        sums = _gk_run(integrand, tails, evaluate, g, n=_NN_TAIL_GK, target=_NN_TARGET / 4, **kw)
    else:
        out_p, out_q = _normal_outside(pp, lo, hi), _normal_outside(pq, lo, hi)
        acc = np.zeros((6, g))
        acc[1], acc[3], acc[5] = c * (out_p + out_q), out_p, out_q
        sums = _Sums(acc, np.zeros(g, np.int64), {}, {}, {})
    # log p at a node carries an absolute rounding error of a few eps·|log p| (so does p,
    # relatively), which an integrand like p·(log p - log m) cannot cancel: a floor of
    # 4·eps·(E_p|log p| + E_q|log q|), with E|log p| <= |log(sigma·sqrt(2 pi))| + 1/2.
    sums.acc[1] += 4.0 * _EPS * (np.abs(cols[0][:, 2]) + np.abs(cols[1][:, 2]) + 1.0)
    return _gk_run(integrand, bulk, evaluate, g, n=_NN_GK, target=_NN_TARGET, start=sums, **kw)


def _columns(ds: Sequence[Density], *names: str) -> np.ndarray:
    """Attributes of many densities as the columns of one array."""
    return np.stack([np.fromiter(map(attrgetter(n), ds), float, len(ds)) for n in names], 1)


def _raw_fast(integrand: Integrand, ps: Sequence[Density], qs: Sequence[Density]) -> _Sums:
    """Pairs whose classes are all equal to (type(ps[0]), type(qs[0])), vectorised."""
    cp, cq = type(ps[0]), type(qs[0])
    if cp is Normal and cq is Normal:
        return _raw_normal(integrand, _columns(ps, "mu", "sigma"), _columns(qs, "mu", "sigma"))
    pp = np.array([d._batch_params() for d in ps], dtype=float)
    pq = np.array([d._batch_params() for d in qs], dtype=float)
    g = len(ps)
    b = np.sort(
        np.concatenate([cp._batch_breakpoints(pp), cq._batch_breakpoints(pq)], axis=1), axis=1
    )
    nb = b.shape[1]
    rows = np.repeat(np.arange(g), nb - 1)
    inner = _panels(rows, b[:, :-1].ravel(), b[:, 1:].ravel())
    # Coinciding breakpoints (shared support ends...) would give zero-width panels whose
    # nodes sit exactly on an end: drop them.
    parts = [inner.take(inner.b > inner.a)]
    inf_p, inf_q = cp is not Uniform, cq is not Uniform
    if inf_p or inf_q:
        sp = _scale_cols(cp, pp) if inf_p else np.zeros(g)
        sq = _scale_cols(cq, pq) if inf_q else np.zeros(g)
        c = np.maximum(sp, sq)
        parts.append(_tails(np.arange(g), b[:, 0], c, -1.0))
        parts.append(_tails(np.arange(g), b[:, -1], c, 1.0))
    panels = _Panels.concat(parts)

    def evaluate(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return cp._batch_logpdf(x, pp[rows]), cq._batch_logpdf(x, pq[rows])

    return _gk_run(integrand, panels, evaluate, g)


# =============================================================================== checks


def _tolerance(value: float) -> float:
    return max(ATOL, RTOL * abs(value)) if math.isfinite(value) else ATOL


def _check(
    raw: _Raw,
    p: Density,
    q: Density,
    *,
    bounds: tuple[float, float] | None,
    check_mass: bool,
    mass_tol: float,
) -> tuple[str, str]:
    """Return (verdict, message); verdict in ok / infinite / unnormalised / retry."""
    if raw.bad is not None:
        return "retry", raw.bad
    if check_mass:
        for name, d, m, e in (
            ("p", p, raw.masses[0], raw.mass_errors[0]),
            ("q", q, raw.masses[1], raw.mass_errors[1]),
        ):
            # Written so that a NaN or infinite mass or error never passes.
            if not (math.isfinite(e) and abs(m - 1.0) <= max(mass_tol, 10.0 * e)):
                msg = f"mass of {name}={d} is {m:.15g} (error estimate {e:.1e}), not 1"
                if isinstance(d, UserDensity) and abs(m - 1.0) > 1e-6 and e < 1e-9:
                    return (
                        "unnormalised",
                        msg + "; the density is not normalised (never renormalised)",
                    )
                return "retry", msg
    if raw.inf_at is not None:
        # The integrand is infinite, with one sign, on every node of a panel where both
        # densities are finite (p > 0 where q = 0 on a gap of a mixture; D = 0 where p > 0):
        # infinite on an interval, not at a point (see _scan_nonfinite).
        x, sign = raw.inf_at
        return "infinite", (
            f"integrand is {sign!r} on an interval at x={x!r} (a density, or the "
            "discriminator as evaluated, is 0 there where a density is positive)"
        )
    if raw.inf_pt is not None:
        return "retry", (
            f"integrand is infinite at x={raw.inf_pt[0]!r} but finite at other nodes of its "
            "panel (a singularity at a point is no evidence of an infinite integral)"
        )
    if not math.isfinite(raw.value) or not math.isfinite(raw.error):
        return "retry", f"non-finite value {raw.value!r} or error {raw.error!r}"
    if raw.error > _tolerance(raw.value):
        return (
            "retry",
            f"error estimate {raw.error:.2e} above tolerance {_tolerance(raw.value):.1e}",
        )
    if bounds is not None:
        lo, hi = bounds
        slack = max(raw.error, ATOL)
        if raw.value < lo - slack or raw.value > hi + slack:
            return "retry", f"value {raw.value!r} outside its bounds [{lo!r}, {hi!r}]"
    return "ok", ""


def _infinite_around(integrand: Integrand, p: Density, q: Density, x0: float, sign: float) -> bool:
    """Whether an infinity found at one node ``x0`` holds on an interval around it.

    The integrand is evaluated at relative offsets ``±1e-6`` (absolute ``±1e-9·scale`` at
    0) on both sides.  A point singularity (``log|x - c|`` with ``c`` a node) is finite
    there; a function that is 0 on an interval as evaluated (a sigmoid discriminator that
    underflows to 0 where ``p > 0``, tiny as ``p`` may be) is not.
    """
    scale = (
        max(d.scale for d in (p, q) if not d.is_discrete)
        if not (p.is_discrete and q.is_discrete)
        else 1.0
    )
    delta = abs(x0) * 1e-6 if x0 != 0.0 else 1e-9 * scale
    x = np.array([x0 - delta, x0 - delta / 2, x0 + delta / 2, x0 + delta])
    with np.errstate(all="ignore"):
        lp = np.full(x.shape, -np.inf) if p.is_discrete else p.logpdf(x)
        lq = np.full(x.shape, -np.inf) if q.is_discrete else q.logpdf(x)
    if np.isposinf(lp).any() or np.isposinf(lq).any():
        return False
    f = _call(integrand, x, lp, lq)
    return bool(np.all(f == sign))


# =============================================================================== escalation


def _pieces(dens: Sequence[Density]) -> list[tuple[float, float, float | None, int]]:
    """Integration pieces (a, b, near-end, side) for the adaptive stages."""
    lo = min(d.support[0] for d in dens)
    hi = max(d.support[1] for d in dens)
    pts = sorted(
        {b for d in dens for b in d.breakpoints() if lo <= b <= hi}
        | {v for v in (lo, hi) if math.isfinite(v)}
    )
    sing_left = {pt for d in dens for pt, side in d.singular_points() if side > 0}
    sing_right = {pt for d in dens for pt, side in d.singular_points() if side < 0}
    out: list[tuple[float, float, float | None, int]] = []
    if not math.isfinite(lo):
        out.append((-math.inf, pts[0], None, 0))
    for a, b in itertools.pairwise(pts):
        sa, sb = a in sing_left, b in sing_right
        if sa and sb:
            m = (a + b) / 2.0
            out.append((a, m, a, 1))
            out.append((m, b, b, -1))
        elif sa:
            out.append((a, b, a, 1))
        elif sb:
            out.append((a, b, b, -1))
        else:
            out.append((a, b, None, 0))
    if not math.isfinite(hi):
        out.append((pts[-1], math.inf, None, 0))
    return out


def _logpdf_at(
    d: Density | None, x: float, near: float | None, side: int, dist: float
) -> np.ndarray:
    if d is None:
        return np.array([-np.inf])
    if near is None:
        return d.logpdf(np.array([x]))
    return d.logpdf_near(near, np.array([dist]), side)


#: Near a singular end the adaptive stages integrate over u with distance t = u**K.
_SUBST_POWER = 32


def _power_substitution(f: Callable[[float], float], length: float) -> Callable[[float], float]:
    """``∫_0^L f(t) dt = ∫_0^(L^(1/K)) f(u^K) K u^(K-1) du`` (float version)."""
    k = _SUBST_POWER

    def g(u: float) -> float:
        t = u**k
        if t <= 0.0:
            return 0.0
        return f(min(t, length)) * k * u ** (k - 1)

    return g


def _mp_power_substitution(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """mpmath version of :func:`_power_substitution`."""
    k = _SUBST_POWER

    def g(u: Any) -> Any:
        return f(u**k) * k * u ** (k - 1)

    return g


def _quad_stage(
    integrand: Integrand, p: Density, q: Density, *, check_mass: bool, mass_tol: float
) -> tuple[_Raw, bool]:
    """Adaptive ``scipy.integrate.quad`` at 1e-13 on the breakpoint pieces."""
    from scipy.integrate import quad

    atoms_value = atoms_err = 0.0
    atom_masses = [0.0, 0.0]
    if p.is_discrete and q.is_discrete:
        raise AssertionError("discrete pairs are summed exactly")
    cont: list[Density]
    pd: Density | None = p
    qd: Density | None = q
    if p.is_discrete or q.is_discrete:
        disc = p if p.is_discrete else q
        x = np.array(disc.breakpoints())
        ld, lc = disc.logpdf(x), np.full(x.shape, -np.inf)
        f = _call(integrand, x, *((ld, lc) if disc is p else (lc, ld)))
        atoms_value = float(np.sum(f))
        atoms_err = 4.0 * _EPS * float(np.sum(np.abs(f))) * x.size
        atom_masses[0 if disc is p else 1] = float(np.sum(_exp(ld)))
        cont = [q if disc is p else p]
        pd, qd = (None, q) if disc is p else (p, None)
    else:
        cont = [p] if p == q else [p, q]
    total, err, nfev, ok = atoms_value, atoms_err, 0, True
    masses = list(atom_masses)
    mass_err = [0.0, 0.0]

    def run(
        fun: Callable[[float], float], a: float, b: float, tiny: bool
    ) -> tuple[float, float, int, bool]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = quad(fun, a, b, epsabs=1e-13, epsrel=1e-13, limit=200, full_output=1)
        v, e, info = float(res[0]), float(res[1]), res[2]
        finite = math.isfinite(v) and math.isfinite(e)
        good = len(res) == 3 and not caught and finite
        if tiny and finite and not good:
            # A piece a few ulps wide (two breakpoints within rounding of each other):
            # QUADPACK cannot bisect it and says so (ier 2/3), though its 21 nodes are
            # plenty.  Accept it with the whole value added to the error (conservative).
            good, e = True, e + abs(v)
        return v, e, int(info["neval"]), good

    for a, b, near, side in _pieces(cont):
        lo_, hi_ = (0.0, b - a) if near is not None else (a, b)
        tiny = near is None and b - a <= 64.0 * _EPS * max(abs(a), abs(b))

        def xs(
            t: float, a: float = a, b: float = b, near: float | None = near, side: int = side
        ) -> tuple[float, float]:
            if near is None:
                return t, 0.0
            return (near + side * t), t

        def f(t: float, near: float | None = near, side: int = side) -> float:
            x, dist = xs(t)
            lp = _logpdf_at(pd, x, near, side, dist)
            lq = _logpdf_at(qd, x, near, side, dist)
            return float(_call(integrand, np.array([x]), lp, lq)[0])

        if near is not None:
            f = _power_substitution(f, hi_)
        ulo, uhi = (lo_, hi_) if near is None else (0.0, hi_ ** (1.0 / _SUBST_POWER))
        v, e, n, good = run(f, ulo, uhi, tiny)
        total, err, nfev, ok = total + v, err + e, nfev + n, ok and good
        if check_mass:
            for i, d in enumerate((pd, qd)):
                if d is None:
                    continue

                def fm(
                    t: float, d: Density = d, near: float | None = near, side: int = side
                ) -> float:
                    x, dist = xs(t)
                    return float(_exp(_logpdf_at(d, x, near, side, dist))[0])

                gm = fm if near is None else _power_substitution(fm, hi_)
                v, e, _, good = run(gm, ulo, uhi, tiny)
                masses[i] += v
                mass_err[i] += e
                ok = ok and good
    if not check_mass:
        masses = [1.0, 1.0]
    raw = _Raw(total, err, (masses[0], masses[1]), (mass_err[0], mass_err[1]), nfev)
    return raw, ok


def _mp_stage(
    mp_integrand: MpIntegrand,
    p: Density,
    q: Density,
    *,
    dps: int,
    check_mass: bool,
) -> tuple[_Raw, bool]:
    """mpmath tanh-sinh at ``dps`` digits on the breakpoint pieces."""
    import mpmath

    with mpmath.workdps(dps):
        ninf = mpmath.mpf("-inf")
        total = mpmath.mpf(0)
        err = mpmath.mpf(0)
        masses = [mpmath.mpf(0), mpmath.mpf(0)]
        mass_err = [mpmath.mpf(0), mpmath.mpf(0)]
        pd: Density | None = p
        qd: Density | None = q
        cont: list[Density]
        if p.is_discrete and q.is_discrete:
            pts = sorted(set(p.breakpoints()) | set(q.breakpoints()))
            for v in pts:
                x = mpmath.mpf(v)
                lp, lq = p.mp_logpdf(x), q.mp_logpdf(x)
                total += mp_integrand(x, lp, lq)
                masses[0] += mpmath.exp(lp)
                masses[1] += mpmath.exp(lq)
            cont = []
        elif p.is_discrete or q.is_discrete:
            disc = p if p.is_discrete else q
            for v in disc.breakpoints():
                x = mpmath.mpf(v)
                ld = disc.mp_logpdf(x)
                total += mp_integrand(x, ld, ninf) if disc is p else mp_integrand(x, ninf, ld)
                masses[0 if disc is p else 1] += mpmath.exp(ld)
            cont = [q if disc is p else p]
            pd, qd = (None, q) if disc is p else (p, None)
        else:
            cont = [p] if p == q else [p, q]
        ok = True
        if cont:
            for a, b, near, side in _pieces(cont):

                def lpdf(
                    d: Density | None, t: Any, near: float | None = near, side: int = side
                ) -> Any:
                    if d is None:
                        return ninf
                    if near is None:
                        return d.mp_logpdf(t)
                    return d.mp_logpdf_near(near, t, side)

                def xof(t: Any, near: float | None = near, side: int = side) -> Any:
                    return t if near is None else mpmath.mpf(near) + side * t

                def f(t: Any) -> Any:
                    return mp_integrand(xof(t), lpdf(pd, t), lpdf(qd, t))

                if near is None:
                    lim = [mpmath.mpf(a), mpmath.mpf(b)]
                    g = f
                else:
                    # Distance t = u^K: tanh-sinh then resolves t down to 1e-(K·dps),
                    # far enough for x^(a-1) singularities with a >= 1/K.
                    lim = [0, (mpmath.mpf(b) - mpmath.mpf(a)) ** (mpmath.mpf(1) / _SUBST_POWER)]
                    g = _mp_power_substitution(f)
                v, e = mpmath.quad(g, lim, error=True, maxdegree=10)
                total += v
                err += e
                if check_mass:
                    for i, d in enumerate((pd, qd)):
                        if d is None:
                            continue

                        def fm(t: Any, d: Density = d) -> Any:
                            return mpmath.exp(lpdf(d, t))

                        gm = fm if near is None else _mp_power_substitution(fm)
                        mv, me = mpmath.quad(gm, lim, error=True, maxdegree=10)
                        masses[i] += mv
                        mass_err[i] += me
        if not check_mass:
            masses = [mpmath.mpf(1), mpmath.mpf(1)]
        value = float(total)
        if not mpmath.isfinite(total):
            ok = False
        raw = _Raw(
            value,
            float(err) + _EPS * abs(value),
            (float(masses[0]), float(masses[1])),
            (float(mass_err[0]), float(mass_err[1])),
            0,
        )
    return raw, ok


# =============================================================================== driver


def takes_densities(f: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Mark an integrand ``f(x, logp, logq, p, q)`` that wants the densities too.

    >>> @takes_densities
    ... def first_moment(x, lp, lq, p, q):
    ...     return p * x
    >>> first_moment.takes_densities
    True
    """
    f.takes_densities = True  # type: ignore[attr-defined]
    return f


def bounded_by_densities(c: float) -> Callable[[Integrand], Integrand]:
    """Declare that an integrand satisfies ``|f(x)| <= c·(p(x) + q(x))`` for every x.

    Quadrature may then bound what lies far from both densities analytically (``c``
    times their mass there) instead of integrating it.  The JSD integrand, for one, lies
    in ``[0, (p + q)·log(2)/2]``.

    >>> @bounded_by_densities(1.0)
    ... def overlap(x, lp, lq):
    ...     return np.exp(np.minimum(lp, lq))
    >>> overlap.density_bound
    1.0
    """
    if not (isinstance(c, float | int) and math.isfinite(c) and c >= 0):
        raise InvalidArgument.for_value("c", c, "must be a finite number >= 0")

    def mark(f: Integrand) -> Integrand:
        f.density_bound = float(c)  # type: ignore[attr-defined]
        return f

    return mark


def _as_pairs(p: Any, q: Any) -> tuple[list[Density], list[Density], bool]:
    """Normalise (p, q) to two lists; the flag says whether the input was a batch."""
    if isinstance(p, Density) and isinstance(q, Density):
        return [p], [q], False
    if isinstance(p, Density) or isinstance(q, Density):
        raise InvalidArgument.for_value(
            "q" if isinstance(p, Density) else "p",
            q if isinstance(p, Density) else p,
            "give two densities or two equal-length sequences of densities",
        )
    try:
        ps, qs = list(p), list(q)
    except TypeError:
        raise InvalidArgument.for_value(
            "p", p, "must be a Density or a sequence of densities"
        ) from None
    if len(ps) != len(qs):
        raise InvalidArgument.for_value(
            "q", f"<{len(qs)} densities>", f"must have the same length as p ({len(ps)})"
        )
    for name, seq in (("p", ps), ("q", qs)):
        if all(issubclass(t, Density) for t in set(map(type, seq))):
            continue
        for i, d in enumerate(seq):
            if not isinstance(d, Density):
                raise InvalidArgument.for_value(f"{name}[{i}]", d, "must be a Density")
    return ps, qs, True


def integrate_pairs(
    integrand: Integrand,
    p: Any,
    q: Any,
    *,
    mp_integrand: MpIntegrand | None = None,
    bounds: tuple[float, float] | None = None,
    check_mass: bool = True,
    mass_tol: float = MASS_TOL,
    reference: bool = False,
    dps: int = 50,
) -> QuadResult:
    """Integrate ``integrand(x, logp, logq)`` over the line for one pair or a batch.

    ``bounds`` (optional) is a closed interval the value must lie in (a self-check);
    ``check_mass`` checks ``∫p = ∫q = 1`` on the same nodes.  With ``reference=True`` the
    integral is computed with mpmath at ``dps`` digits only (slow; for tests), which needs
    ``mp_integrand``.

    >>> import numpy as np
    >>> from symbolic_gan.densities import Normal
    >>> r = integrate_pairs(lambda x, lp, lq: np.exp(lp) * x * x, Normal(0, 2), Normal(0, 1))
    >>> round(float(r.value), 12), bool(r.success)
    (4.0, True)
    """
    if not callable(integrand):
        raise InvalidArgument.for_value("integrand", integrand, "must be callable")
    ps, qs, batch = _as_pairs(p, q)
    results: list[QuadResult | None] = [None] * len(ps)
    if reference:
        if mp_integrand is None:
            raise InvalidArgument.for_value(
                "mp_integrand", None, "reference mode needs an mpmath integrand"
            )
        for i, (a, b) in enumerate(zip(ps, qs, strict=True)):
            raw, ok = _mp_stage(mp_integrand, a, b, dps=dps, check_mass=check_mass)
            verdict, msg = _check(
                raw, a, b, bounds=bounds, check_mass=check_mass, mass_tol=mass_tol
            )
            # The mpmath error plus the rounding of the value to a double.
            good = (
                ok
                and verdict == "ok"
                and raw.error <= 10.0 ** (-dps / 2) + 2 * _EPS * abs(raw.value)
            )
            results[i] = QuadResult(
                raw.value,
                raw.error,
                good,
                "ok" if good else "failed",
                "mpmath-reference",
                raw.nfev,
                msg if not good else "",
            )
        return _finish(results, batch)
    n = len(ps)
    acc = np.zeros((6, n))
    nfev = np.zeros(n, np.int64)
    bad: dict[int, str] = {}
    inf_at: dict[int, tuple[float, float]] = {}
    inf_pt: dict[int, tuple[float, float]] = {}
    groups: dict[tuple[type, type], list[int]] = {}
    slow: list[int] = []
    tp, tq = set(map(type, ps)), set(map(type, qs))
    if len(tp) == len(tq) == 1 and tp <= set(_FAST) and tq <= set(_FAST):
        pairs: Any = ()  # one class pair, all fast (the common batch): a single group
        groups[(tp.pop(), tq.pop())] = list(range(n))
    else:
        pairs = enumerate(zip(map(type, ps), map(type, qs), strict=True))
    for i, key in pairs:
        if key[0] in _FAST and key[1] in _FAST:
            groups.setdefault(key, []).append(i)
        else:
            slow.append(i)
            a, b = ps[i], qs[i]
            raw = _raw_slow(integrand, a, b)
            acc[:, i] = (
                raw.value,
                raw.error,
                raw.masses[0],
                raw.mass_errors[0],
                raw.masses[1],
                raw.mass_errors[1],
            )
            nfev[i] = raw.nfev
            if raw.bad is not None:
                bad[i] = raw.bad
            if raw.inf_at is not None:
                inf_at[i] = raw.inf_at
            if raw.inf_pt is not None:
                inf_pt[i] = raw.inf_pt
    for idx in groups.values():
        whole = len(idx) == n
        sums = _raw_fast(
            integrand, ps if whole else [ps[i] for i in idx], qs if whole else [qs[i] for i in idx]
        )
        acc[:, idx] = sums.acc
        nfev[idx] = sums.nfev
        bad.update({idx[r]: v for r, v in sums.bad.items()})
        inf_at.update({idx[r]: v for r, v in sums.inf_at.items()})
        inf_pt.update({idx[r]: v for r, v in sums.inf_pt.items()})
    sums = _Sums(acc, nfev, bad, inf_at, inf_pt)
    value, err = acc[0], acc[1]
    # Vectorised checks; only suspect pairs get the per-pair treatment.
    suspect = ~(err <= np.maximum(ATOL, RTOL * np.abs(value)))
    if check_mass:
        for j in (2, 4):
            suspect |= ~np.isfinite(acc[j + 1])
            suspect |= ~(np.abs(acc[j] - 1.0) <= np.maximum(mass_tol, 10.0 * acc[j + 1]))
    if bounds is not None:
        slack = np.maximum(err, ATOL)
        suspect |= (value < bounds[0] - slack) | (value > bounds[1] + slack)
    suspect[list(bad) + list(inf_at) + list(inf_pt)] = True
    success = np.ones(n, dtype=bool)
    status = ["ok"] * n
    method = ["gauss-kronrod"] * n  # the fast classes are continuous
    for i in slow:
        if ps[i].is_discrete and qs[i].is_discrete:
            method[i] = "sum"
    message = [""] * n
    value, err = value.copy(), err.copy()
    failures: list[str] = []
    for i in np.flatnonzero(suspect).tolist():
        a, b = ps[i], qs[i]
        raw = sums.raw(i)
        if raw.inf_pt is not None and raw.bad is None and raw.inf_at is None:
            if _infinite_around(integrand, a, b, *raw.inf_pt):
                raw = dataclasses.replace(raw, inf_at=raw.inf_pt, inf_pt=None)
        verdict, msg = _check(raw, a, b, bounds=bounds, check_mass=check_mass, mass_tol=mass_tol)
        if verdict == "retry" and method[i] == "sum":
            verdict = "failed"
        if verdict == "retry":
            res = _escalate(
                integrand,
                mp_integrand,
                a,
                b,
                msg,
                bounds=bounds,
                check_mass=check_mass,
                mass_tol=mass_tol,
            )
        elif verdict == "infinite":
            assert raw.inf_at is not None
            res = QuadResult(raw.inf_at[1], 0.0, True, "infinite", method[i], raw.nfev, msg)
        elif verdict in ("unnormalised", "failed"):
            res = QuadResult(raw.value, raw.error, False, verdict, method[i], raw.nfev, msg)
        else:
            res = QuadResult(raw.value, raw.error, True, "ok", method[i], raw.nfev, "")
        value[i], err[i], success[i], nfev[i] = res.value, res.error, res.success, res.nfev
        status[i], method[i], message[i] = res.status, res.method, res.message
        if not res.success:
            failures.append(f"pair {i} ({a}, {b}): {res.message}")
    if failures:
        shown = "; ".join(failures[:3]) + (
            f"; and {len(failures) - 3} more" if len(failures) > 3 else ""
        )
        warnings.warn(
            f"quadrature failed for {len(failures)} pair(s): {shown}", NumericWarning, stacklevel=3
        )
    if batch:
        return QuadResult(value, err, success, tuple(status), tuple(method), nfev, tuple(message))
    return QuadResult(
        float(value[0]),
        float(err[0]),
        bool(success[0]),
        status[0],
        method[0],
        int(nfev[0]),
        message[0],
    )


def _escalate(
    integrand: Integrand,
    mp_integrand: MpIntegrand | None,
    p: Density,
    q: Density,
    first_msg: str,
    *,
    bounds: tuple[float, float] | None,
    check_mass: bool,
    mass_tol: float,
) -> QuadResult:
    msgs = [f"gauss-kronrod: {first_msg}"]
    raw, ok = _quad_stage(integrand, p, q, check_mass=check_mass, mass_tol=mass_tol)
    verdict, msg = _check(raw, p, q, bounds=bounds, check_mass=check_mass, mass_tol=mass_tol)
    if ok and verdict == "ok":
        return QuadResult(raw.value, raw.error, True, "ok", "quad", raw.nfev, "; ".join(msgs))
    msgs.append(f"quad: {msg or 'did not converge (IntegrationWarning)'}")
    last = raw
    if mp_integrand is not None:
        raw, ok = _mp_stage(mp_integrand, p, q, dps=30, check_mass=check_mass)
        verdict, msg = _check(raw, p, q, bounds=bounds, check_mass=check_mass, mass_tol=mass_tol)
        if ok and verdict == "ok":
            return QuadResult(raw.value, raw.error, True, "ok", "mpmath", raw.nfev, "; ".join(msgs))
        msgs.append(f"mpmath: {msg or 'did not converge'}")
        last = raw
    else:
        msgs.append("mpmath: skipped (no mpmath integrand)")
    status = "unnormalised" if verdict == "unnormalised" else "failed"
    return QuadResult(
        last.value,
        last.error,
        False,
        status,
        "mpmath" if mp_integrand else "quad",
        last.nfev,
        "; ".join(msgs),
    )


def _finish(results: Sequence[QuadResult | None], batch: bool) -> QuadResult:
    rs = [r for r in results if r is not None]
    if batch:
        if not rs:
            return QuadResult(
                np.zeros(0), np.zeros(0), np.zeros(0, bool), (), (), np.zeros(0, np.int64), ()
            )
        return QuadResult.stack(rs)
    return rs[0]


def pair_nodes(p: Density, q: Density) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nodes of the default rule for one pair: ``(x, logp, logq)`` (flattened).

    >>> from symbolic_gan.densities import Normal
    >>> x, lp, lq = pair_nodes(Normal(0, 1), Normal(1, 1))
    >>> x.shape == lp.shape == lq.shape, bool(np.all(np.isfinite(lp)))
    (True, True)
    """
    xs: list[np.ndarray] = []
    lps: list[np.ndarray] = []
    lqs: list[np.ndarray] = []

    def grab(x: np.ndarray, lp: np.ndarray, lq: np.ndarray) -> np.ndarray:
        xs.append(np.array(x, dtype=float).ravel())
        lps.append(np.array(lp, dtype=float).ravel())
        lqs.append(np.array(lq, dtype=float).ravel())
        return np.zeros(np.shape(x))

    _raw_slow(grab, p, q)
    return np.concatenate(xs), np.concatenate(lps), np.concatenate(lqs)


def mass(p: Any, *, reference: bool = False, dps: int = 50) -> QuadResult:
    """``∫ p dx`` (for a :class:`~symbolic_gan.densities.Discrete` the sum of the masses).

    Never renormalises: a user density that is not normalised shows its mass here.

    >>> from symbolic_gan.densities import Beta
    >>> r = mass(Beta(0.5, 0.5))
    >>> round(float(r.value), 12), bool(r.success)
    (1.0, True)
    """
    ps, _, batch = _as_pairs(p, p)

    @takes_densities
    def f(
        x: np.ndarray, lp: np.ndarray, lq: np.ndarray, pv: np.ndarray, qv: np.ndarray
    ) -> np.ndarray:
        return pv

    def mpf(x: Any, lp: Any, lq: Any) -> Any:
        import mpmath

        return mpmath.exp(lp)

    arg = ps if batch else ps[0]
    return integrate_pairs(
        f, arg, arg, mp_integrand=mpf, check_mass=False, reference=reference, dps=dps
    )
