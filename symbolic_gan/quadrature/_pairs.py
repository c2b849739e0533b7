"""Sums of one pair of any densities (the general plan), and of groups of same-class pairs
of families with a batch interface (vectorised)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from symbolic_gan.densities import Density, Normal
from symbolic_gan.quadrature._base import EPS, Integrand
from symbolic_gan.quadrature._crossings import segment_crossing
from symbolic_gan.quadrature._gk import (
    Raw,
    Sums,
    call_integrand,
    exp_flush,
    gk_run,
    log_sensitivity,
    scan_nonfinite,
)
from symbolic_gan.quadrature._normal import raw_normal
from symbolic_gan.quadrature._rules import (
    Panels,
    de_sum,
    make_panels,
    plan_panels,
    segment_logpdf,
    tail_panels,
)

#: At most this many double-exponential segments of one pair are cut at a crossing.
_MAX_SEGMENT_CUTS = 8


def raw_slow(integrand: Integrand, p: Density, q: Density) -> Raw:
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
        f = call_integrand(integrand, x, lp, lq)
        nfev += f.size
        # Each atom is a point of positive mass: a "panel" of its own.
        col = (x[:, None], f[:, None], (lp[:, None], lq[:, None]))
        scan_nonfinite(*col, [0] * x.size, bad, inf_at, inf_pt)
        fs = finite(f)
        total += math.fsum(fs)
        err += 2.0 * EPS * float(np.sum(np.abs(fs))) * fs.size
        for i, lg in enumerate((lp, lq)):
            m = finite(exp_flush(lg))
            mass_v[i] += math.fsum(m)
            mass_e[i] += 2.0 * EPS * float(np.sum(m)) * m.size
    if cont:
        panels, segs = plan_panels(cont)

        def evaluate(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            lp = lpdf(pd, x)
            return lp, (lp if qd is pd else lpdf(qd, x))

        mag = np.array([sum(d.log_magnitude for d in (pd, qd) if d is not None)])
        raw = gk_run(
            integrand, panels, evaluate, 1, clip=True, records=(bad, inf_at, inf_pt), log_mag=mag
        ).raw(0)
        total += raw.value
        err += raw.error
        nfev += raw.nfev
        for i in (0, 1):
            mass_v[i] += raw.masses[i]
            mass_e[i] += raw.mass_errors[i]
        def logpdfs(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return lpdf(pd, x), lpdf(qd, x)

        # A kink where the densities cross inside a segment is cut out, as for the panels
        # (see symbolic_gan.quadrature._crossings); a few cuts per pair at most.
        cuts = 0 if qd is pd or getattr(integrand, "smooth", False) else _MAX_SEGMENT_CUTS
        while segs:
            seg = segs.pop()
            lp = np.full(seg.x.shape, -np.inf) if pd is None else segment_logpdf(pd, seg)
            lq = (
                lp
                if qd is pd
                else (np.full(seg.x.shape, -np.inf) if qd is None else segment_logpdf(qd, seg))
            )
            if cuts:
                at = segment_crossing(seg, lp, lq, logpdfs)
                if at is not None:
                    cuts -= 1
                    segs.extend(seg.cut(at))
                    continue
            f = call_integrand(integrand, seg.x, lp, lq)
            nfev += f.size
            scan_nonfinite(seg.x[None], f[None], (lp[None], lq[None]), [0], bad, inf_at, inf_pt)
            with np.errstate(all="ignore"):
                pv, qv = finite(exp_flush(lp)), finite(exp_flush(lq))
                sens = log_sensitivity(
                    integrand, seg.x, lp, lq, pv, qv, f, np.zeros(f.size, np.intp), mag
                )
                rounding = finite(sens * (np.abs(finite(f)) + pv + qv))
            v, e = de_sum(finite(f), seg, rounding)
            total += v
            err += e
            for i, lg in enumerate((lp, lq)):
                v, e = de_sum(finite(exp_flush(lg)), seg)
                mass_v[i] += v
                mass_e[i] += e
    return Raw(
        total,
        err,
        (mass_v[0], mass_v[1]),
        (mass_e[0], mass_e[1]),
        nfev,
        bad.get(0),
        inf_at.get(0),
        inf_pt.get(0),
    )


# ---- fast path: groups of pairs of families with a batch interface and light tails


#: Tail kinds the fast path maps (a power-law tail needs exp-sinh: the general plan).
BATCH_TAILS = ("finite", "gauss", "exp")


def batches(cls: type) -> bool:
    """Whether pairs of densities of class ``cls`` go through the vectorised fast path: its
    family has a batch interface (:meth:`Density.batch_params`...) and light tails.

    >>> from symbolic_gan.densities import Beta, Cauchy, Laplace
    >>> batches(Laplace), batches(Cauchy), batches(Beta)
    (True, False, False)
    """
    return getattr(cls, "batch_tails", None) in BATCH_TAILS


def _columns(ds: Sequence[Density], *names: str) -> np.ndarray:
    """Attributes of many densities as the columns of one array."""
    return np.stack([np.fromiter(map(attrgetter(n), ds), float, len(ds)) for n in names], 1)


def raw_fast(integrand: Integrand, ps: Sequence[Density], qs: Sequence[Density]) -> Sums:
    """Pairs whose classes are all equal to (type(ps[0]), type(qs[0])), vectorised."""
    cp, cq = type(ps[0]), type(qs[0])
    if cp is Normal and cq is Normal:
        return raw_normal(integrand, _columns(ps, "mu", "sigma"), _columns(qs, "mu", "sigma"))
    pp = np.array([d.batch_params() for d in ps], dtype=float)
    pq = np.array([d.batch_params() for d in qs], dtype=float)
    g = len(ps)
    b = np.sort(
        np.concatenate([cp.batch_breakpoints(pp), cq.batch_breakpoints(pq)], axis=1), axis=1
    )
    nb = b.shape[1]
    rows = np.repeat(np.arange(g), nb - 1)
    inner = make_panels(rows, b[:, :-1].ravel(), b[:, 1:].ravel())
    # Coinciding breakpoints (shared support ends...) would give zero-width panels whose
    # nodes sit exactly on an end: drop them.
    parts = [inner.take(inner.b > inner.a)]
    inf_p, inf_q = cp.batch_tails != "finite", cq.batch_tails != "finite"
    if inf_p or inf_q:
        sp = cp.batch_scale(pp) if inf_p else np.zeros(g)
        sq = cq.batch_scale(pq) if inf_q else np.zeros(g)
        c = np.maximum(sp, sq)
        parts.append(tail_panels(np.arange(g), b[:, 0], c, -1.0))
        parts.append(tail_panels(np.arange(g), b[:, -1], c, 1.0))
    panels = Panels.concat(parts)

    def evaluate(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return cp.batch_logpdf(x, pp[rows]), cq.batch_logpdf(x, pq[rows])

    mag = cp.batch_log_magnitude(pp) + cq.batch_log_magnitude(pq)
    return gk_run(integrand, panels, evaluate, g, log_mag=mag)
