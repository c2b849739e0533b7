"""The layout of Normal/Normal pairs: panels that fit both Gaussians and the crossings
of their log-densities, and the analytic bound on the far tails."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from symbolic_gan.densities import Normal
from symbolic_gan.quadrature._base import Integrand
from symbolic_gan.quadrature._gk import Sums, gk_run
from symbolic_gan.quadrature._rules import Panels, make_panels, tail_panels

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)

# Normal/Normal pairs (see _normal_panels).  The constants come from the G20/K41 rule on
# one Gaussian, z = (x - mu)/sigma: its QUADPACK estimate stays within 1e-15 of the
# rounding floor (50·eps·∫|f|) on a panel [z0, z1] on one side of the mean when
# |z1| <= 8 + 1.5|z0| (10 + 1.5|z0| would do for the Gaussian alone; 8 leaves room for the
# integrand's other factors, and measured fewer refinements), and on a panel across the
# mean when z1 - z0 <= 8.5.  tests/test_quadrature.py checks this on a grid of panels.
NN_GK = 20
_NN_TAIL_GK = 7  # G7/K15 on each mapped tail, from 8 sigma on: mass there < 7e-16
_NN_END = 8.0
NN_NEGLIGIBLE = 9.0  # a density below phi(9) ~ 1e-18 on a whole panel does not shape it
#: Candidate breakpoints, in σ about each mean (those beyond the bulk are moved onto its
#: ends): ±9σ lets a panel end where a narrow density becomes negligible.
_NN_CANDIDATES = (-NN_NEGLIGIBLE, -_NN_END, -4.0, 0.0, 4.0, _NN_END, NN_NEGLIGIBLE)
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


def fits_normal(za: np.ndarray, zb: np.ndarray) -> np.ndarray:
    """Whether a G20/K41 panel from ``za`` to ``zb`` (in units of sigma about the mean)
    integrates a Normal density to ~1e-16."""
    z1, slope = _NN_ONE_SIDED
    fits = np.where(
        za >= 0.0,
        zb <= z1 + slope * za,
        np.where(zb <= 0.0, za >= slope * zb - z1, zb - za <= _NN_ACROSS),
    )
    # (a candidate at mean ± 9σ computes to within rounding of ±9)
    far = NN_NEGLIGIBLE * (1.0 - 1e-9)
    return fits | (za >= far) | (zb <= -far)


def _normal_panels(pp: np.ndarray, pq: np.ndarray) -> tuple[Panels, np.ndarray, np.ndarray]:
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
        fits = fits_normal(zp, (nxt - mp) / sp) & fits_normal(zq, (nxt - mq) / sq)
        # A crossing strictly inside: half-width at most _NN_CROSS_INSIDE / slope there.
        sharp = (cross > last) & (cross < nxt) & (0.5 * (nxt - last) > widest)
        fits &= ~(sharp[0] | sharp[1])
        # A dropped point repeats the last kept one: a zero-width panel, removed below.
        b[j] = np.where(fits, last, b[j])
        last = b[j]
        zp, zq = (last - mp) / sp, (last - mq) / sq
    keep = b[1:] > b[:-1]
    bulk = make_panels(np.nonzero(keep)[1], b[:-1][keep], b[1:][keep])
    return bulk, b[0], b[-1]


def _normal_tails(pp: np.ndarray, pq: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> Panels:
    """The mapped tails beyond ``lo`` and ``hi`` (at least 8σ beyond both means)."""
    g = pp.shape[0]
    tails = []
    for side, x0 in ((-1.0, lo), (1.0, hi)):
        # A Gaussian tail from x0 decays on the length sigma^2/|x0 - mu| (<= sigma/8 here).
        decay = np.maximum(
            pp[:, 1] ** 2 / np.abs(x0 - pp[:, 0]), pq[:, 1] ** 2 / np.abs(x0 - pq[:, 0])
        )
        tails.append(tail_panels(np.arange(g), x0, _NN_TAIL * decay, side))
    return Panels.concat(tails)


def _normal_outside(params: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """An upper bound on the mass of Normals outside ``[lo, hi]`` (8σ or more away)."""
    mu, sigma = params[:, 0], params[:, 1]
    out = np.zeros(mu.shape)
    for z in ((mu - lo) / sigma, (hi - mu) / sigma):
        out += np.exp(-0.5 * z * z) / (z * math.sqrt(2.0 * math.pi))  # Mills: Φ(-z) ≤ φ(z)/z
    return out


def raw_normal(integrand: Integrand, pp: np.ndarray, pq: np.ndarray) -> Sums:
    """Normal/Normal pairs (parameters ``(mu, sigma)`` per row), vectorised.

    For an integrand declared :func:`bounded_by_densities` (``|f| <= c·(p + q)``), what
    lies beyond the bulk (8σ past both means) is bounded by ``c`` times the masses there
    and added to the error estimate; other integrands get their tails integrated.
    """

    def evaluate(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return Normal.batch_logpdf(x, pp[rows]), Normal.batch_logpdf(x, pq[rows])

    g = pp.shape[0]
    bulk, lo, hi = _normal_panels(pp, pq)
    # Refinement is rare here (mostly next to a crossing): halving costs fewer nodes.
    kw: dict[str, Any] = {"refine_abs": _NN_REFINE, "split": 2}
    c = getattr(integrand, "density_bound", None)
    if c is None:
        tails = _normal_tails(pp, pq, lo, hi)
        log_mag = sum(np.abs(np.log(d[:, 1])) + _LOG_SQRT_2PI for d in (pp, pq))
        sums = gk_run(
            integrand, tails, evaluate, g, n=_NN_TAIL_GK, target=_NN_TARGET / 4, log_mag=log_mag,
            **kw,
        )
    else:
        out_p, out_q = _normal_outside(pp, lo, hi), _normal_outside(pq, lo, hi)
        acc = np.zeros((6, g))
        acc[1], acc[3], acc[5] = c * (out_p + out_q), out_p, out_q
        sums = Sums(acc, np.zeros(g, np.int64), {}, {}, {})
    # log p at a node carries an absolute rounding error of a few eps·(|log p| + |c_p|),
    # c_p = log(sigma·sqrt(2 pi)) (so p a relative one): see log_floor.
    kw["log_mag"] = sum(np.abs(np.log(d[:, 1])) + _LOG_SQRT_2PI for d in (pp, pq))
    return gk_run(integrand, bulk, evaluate, g, n=NN_GK, target=_NN_TARGET, start=sums, **kw)
