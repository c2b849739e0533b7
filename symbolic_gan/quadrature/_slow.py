"""Sums of pairs of any densities (the general plan): atoms, Gauss–Kronrod panels and
double-exponential segments, planned pair by pair; the panels of all pairs go through one
vectorised adaptive run."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.quadrature._base import EPS, Integrand
from symbolic_gan.quadrature._crossings import segment_crossing
from symbolic_gan.quadrature._gk import (
    Raw,
    call_integrand,
    exp_flush,
    gk_run,
    log_sensitivity,
    scan_nonfinite,
)
from symbolic_gan.quadrature._rules import Panels, Segment, de_sums, plan_panels, segment_logpdf

__all__ = ["raw_slow", "raw_slow_many"]

#: At most this many double-exponential segments of one pair are cut at a crossing.
_MAX_SEGMENT_CUTS = 8


@dataclass
class _Plan:
    """One pair: its densities as integrated (None for a discrete one, whose atoms are
    summed apart), atoms, panels and segments, and the magnitude of its log-densities."""

    pd: Density | None
    qd: Density | None
    atoms: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    panels: Panels | None = None
    segs: list[Segment] = field(default_factory=list)
    mag: float = 0.0

    def logpdfs(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lp = _lpdf(self.pd, x)
        return lp, (lp if self.qd is self.pd else _lpdf(self.qd, x))


def _lpdf(d: Density | None, x: np.ndarray) -> np.ndarray:
    return np.full(np.shape(x), -np.inf) if d is None else d.logpdf(x)


def _finite(v: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(v), v, 0.0)


def _plan(p: Density, q: Density) -> _Plan:
    cont: list[Density] = []
    if p.is_discrete and q.is_discrete:
        x = np.array(sorted(set(p.breakpoints()) | set(q.breakpoints())))
        return _Plan(p, q, [(x, p.logpdf(x), q.logpdf(x))])
    if p.is_discrete or q.is_discrete:
        disc, other = (p, q) if p.is_discrete else (q, p)
        x = np.array(disc.breakpoints())
        ld, lc = disc.logpdf(x), np.full(x.shape, -np.inf)
        plan = _Plan(None, q, [(x, ld, lc)]) if disc is p else _Plan(p, None, [(x, lc, ld)])
        cont = [other]
    else:
        plan = _Plan(p, q)
        cont = [p] if p == q else [p, q]
    plan.panels, plan.segs = plan_panels(cont)
    plan.mag = sum(d.log_magnitude for d in (plan.pd, plan.qd) if d is not None)
    return plan


def raw_slow(integrand: Integrand, p: Density, q: Density) -> Raw:
    """One pair, any densities: plan panels and segments, evaluate, sum."""
    return raw_slow_many(integrand, [p], [q])[0]


def raw_slow_many(integrand: Integrand, ps: Sequence[Density], qs: Sequence[Density]) -> list[Raw]:
    """Pairs of any densities, each planned on its own; the Gauss–Kronrod panels of all of
    them are refined together (one adaptive run, one row per pair)."""
    plans = [_plan(p, q) for p, q in zip(ps, qs, strict=True)]
    n = len(plans)
    acc = np.zeros((6, n))  # value, error, mass p, its error, mass q, its error
    nfev = np.zeros(n, np.int64)
    bad: dict[int, str] = {}
    inf_at: dict[int, tuple[float, float]] = {}
    inf_pt: dict[int, tuple[float, float]] = {}
    for r, plan in enumerate(plans):
        _sum_atoms(integrand, plan, r, acc, nfev, (bad, inf_at, inf_pt))
    rows = [r for r, plan in enumerate(plans) if plan.panels is not None]
    if rows:
        parts = []
        for r in rows:
            part = plans[r].panels
            assert part is not None
            part.row = np.full(part.a.size, r, np.intp)
            parts.append(part)

        def evaluate(x: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            if row.size and row[0] == row[-1] and (row == row[0]).all():
                return plans[int(row[0])].logpdfs(x)
            lp, lq = np.empty(x.shape), np.empty(x.shape)
            order = np.argsort(row, kind="stable")
            for cols in np.split(order, np.flatnonzero(np.diff(row[order])) + 1):
                lp[:, cols], lq[:, cols] = plans[int(row[cols[0]])].logpdfs(x[:, cols])
            return lp, lq

        mags = np.array([plan.mag for plan in plans])
        sums = gk_run(
            integrand, Panels.concat(parts), evaluate, n, clip=True,
            records=(bad, inf_at, inf_pt), log_mag=mags,
        )
        acc += sums.acc
        nfev += sums.nfev
    _sum_segments(integrand, plans, acc, nfev, (bad, inf_at, inf_pt))
    return [
        Raw(
            float(acc[0, r]), float(acc[1, r]),
            (float(acc[2, r]), float(acc[4, r])), (float(acc[3, r]), float(acc[5, r])),
            int(nfev[r]), bad.get(r), inf_at.get(r), inf_pt.get(r),
        )
        for r in range(n)
    ]


Records = tuple[dict[int, str], dict[int, tuple[float, float]], dict[int, tuple[float, float]]]


def _sum_atoms(
    integrand: Integrand, plan: _Plan, r: int, acc: np.ndarray, nfev: np.ndarray,
    records: Records,
) -> None:
    for x, lp, lq in plan.atoms:
        f = call_integrand(integrand, x, lp, lq)
        nfev[r] += f.size
        # Each atom is a point of positive mass: a "panel" of its own.
        col = (x[:, None], f[:, None], (lp[:, None], lq[:, None]))
        scan_nonfinite(*col, [r] * x.size, *records)
        fs = _finite(f)
        acc[0, r] += math.fsum(fs)
        acc[1, r] += 2.0 * EPS * float(np.sum(np.abs(fs))) * fs.size
        for i, lg in enumerate((lp, lq)):
            m = _finite(exp_flush(lg))
            acc[2 + 2 * i, r] += math.fsum(m)
            acc[3 + 2 * i, r] += 2.0 * EPS * float(np.sum(m)) * m.size


def _segment_logpdfs(plan: _Plan, seg: Segment) -> tuple[np.ndarray, np.ndarray]:
    pd, qd = plan.pd, plan.qd
    lp = np.full(seg.x.shape, -np.inf) if pd is None else segment_logpdf(pd, seg)
    if qd is pd:
        return lp, lp
    return lp, (np.full(seg.x.shape, -np.inf) if qd is None else segment_logpdf(qd, seg))


def _sum_segments(
    integrand: Integrand, plans: Sequence[_Plan], acc: np.ndarray, nfev: np.ndarray,
    records: Records,
) -> None:
    """The double-exponential segments of all pairs, summed segments of one rule at a time.

    A kink where the densities cross inside a segment is cut out, as for the panels (see
    symbolic_gan.quadrature._crossings): the segment is replaced by two, a few times a pair
    at most.
    """
    smooth = getattr(integrand, "smooth", False)
    cuts = [0 if plan.qd is plan.pd or smooth else _MAX_SEGMENT_CUTS for plan in plans]
    work = [(r, seg) for r, plan in enumerate(plans) for seg in plan.segs]
    mags = np.array([plan.mag for plan in plans])
    while work:
        ready: dict[int, list[tuple[int, Segment, np.ndarray, np.ndarray]]] = {}
        later: list[tuple[int, Segment]] = []
        for r, seg in work:
            lp, lq = _segment_logpdfs(plans[r], seg)
            if cuts[r]:
                at = segment_crossing(seg, lp, lq, plans[r].logpdfs)
                if at is not None:
                    cuts[r] -= 1
                    later.extend((r, part) for part in seg.cut(at))
                    continue
            ready.setdefault(seg.x.size, []).append((r, seg, lp, lq))
        for group in ready.values():
            rows = np.array([g[0] for g in group], np.intp)
            segs = [g[1] for g in group]
            x = np.stack([seg.x for seg in segs])
            lp, lq = np.stack([g[2] for g in group]), np.stack([g[3] for g in group])
            f = call_integrand(integrand, x, lp, lq)
            np.add.at(nfev, rows, x.shape[1])  # (a pair may have several segments here)
            scan_nonfinite(x, f, (lp, lq), rows, *records)  # type: ignore[arg-type]
            with np.errstate(all="ignore"):
                pv, qv = _finite(exp_flush(lp)), _finite(exp_flush(lq))
                sens = log_sensitivity(
                    integrand, x, lp, lq, pv, qv, f, np.repeat(rows[:, None], x.shape[1], 1),
                    mags,
                )
                rounding = _finite(sens * (np.abs(_finite(f)) + pv + qv))
            value, error = de_sums(_finite(f), segs, rounding)
            sums = [(value, error + _beyond(f, x, segs))]
            sums += [de_sums(_finite(exp_flush(lg)), segs) for lg in (lp, lq)]
            for j, (v, e) in enumerate(sums):
                np.add.at(acc[2 * j], rows, v)
                np.add.at(acc[2 * j + 1], rows, e)
        work = later


def _beyond(f: np.ndarray, x: np.ndarray, segs: Sequence[Segment]) -> np.ndarray:
    """Per segment, a bound on what an exp-sinh tail leaves out beyond its last node (at
    ``1e50`` widths: a power law ``x^(1-ν)`` with ν near 2, the KL integrand of a Student t
    against a Normal, still has 1e-9 there): ``|f|·d/(α - 1)`` at the last node, ``α`` the
    decay exponent of ``|f|`` over the last two (infinite if it is not above 1); 0 for a
    tanh-sinh segment.

    >>> from symbolic_gan.quadrature._rules import es_segment, ts_segment
    >>> tail, finite = es_segment(0.0, 1.0, 1), ts_segment(0.0, 1.0)
    >>> xs = np.stack([tail.x, finite.x[: tail.x.size]])
    >>> b = _beyond(xs ** -1.5, xs, [tail, finite])
    >>> bool(abs(b[0] / (2 * tail.x[-1] ** -0.5) - 1) < 1e-9), float(b[1])
    (True, 0.0)
    """
    out = np.zeros(len(segs))
    tails = [i for i, seg in enumerate(segs) if not math.isfinite(seg.ends[1])]
    if not tails:
        return out
    start = np.array([segs[i].ends[0] for i in tails])
    with np.errstate(all="ignore"):
        fa = np.abs(f[tails][:, -2:])
        d = np.abs(x[tails][:, -2:] - start[:, None])
        alpha = np.log(fa[:, 0] / fa[:, 1]) / np.log(d[:, 1] / d[:, 0])
        bound = np.where(alpha > 1.0, fa[:, 1] * d[:, 1] / (alpha - 1.0), math.inf)
    out[tails] = np.where(fa[:, 1] == 0.0, 0.0, np.where(np.isnan(bound), math.inf, bound))
    return out
