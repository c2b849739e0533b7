"""Vectorised adaptive Gauss–Kronrod over the panels of many pairs, with the self-checks
of each panel (nested estimate, rounding floor, non-finite values)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from symbolic_gan.quadrature._base import CHUNK, EPS, GK_N, Integrand
from symbolic_gan.quadrature._crossings import plan_cuts, scan_panels
from symbolic_gan.quadrature._rules import Panels, gauss_kronrod


@dataclass
class Raw:
    """Sums of one pair on its nodes, before the checks."""

    value: float
    error: float
    masses: tuple[float, float]
    mass_errors: tuple[float, float]
    nfev: int
    #: Why the sums cannot be trusted (NaN, an infinite density, an isolated infinity).
    bad: str | None = None
    #: Evidence that the integral is infinite: ``(x, ±inf)``, the integrand being infinite
    #: with one sign on every node of a panel (see :func:`scan_nonfinite`).
    inf_at: tuple[float, float] | None = None
    #: An infinity at some nodes of a panel only (no evidence): ``(x, ±inf)``.
    inf_pt: tuple[float, float] | None = None


def call_integrand(
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


def exp_flush(a: np.ndarray) -> np.ndarray:
    """``exp(a)``; where many entries underflow, those are computed as exactly 0.

    Results below ``exp(-708)`` (< 1e-307) are 0 or subnormal either way; when more than
    2% of the entries are there, they are set to 0 without NumPy's slow path (which an
    argument of -708 itself also takes: those entries are skipped, not clamped).

    >>> exp_flush(np.array([0.0, -800.0, -np.inf, np.nan])).tolist()
    [1.0, 0.0, 0.0, nan]
    """
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        low = np.less(a, _EXP_MIN)
        if np.ndim(a) == 0 or np.count_nonzero(low) <= 0.02 * low.size:
            return np.exp(a)
        out = np.zeros(np.shape(a))
        np.exp(a, out=out, where=~low)
    return out


def _first_x(x: np.ndarray, mask: np.ndarray) -> float | None:
    if not mask.any():
        return None
    return float(x[mask].flat[0])


def scan_nonfinite(
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
#: Beyond ``_MAX_ROUNDS``, a row is refined further (until its flagged panels are
#: ``2**-_LOCAL_DEPTH`` of their first width) while at most ``_LOCAL_PANELS`` of its panels
#: are flagged: trouble at a few points (a kink of ``|p - q|`` where the densities cross,
#: the peak of a Laplace) costs a few panels per round, while trouble spread over a row
#: would multiply its panels by the split each time.
_LOCAL_DEPTH = 32
_LOCAL_PANELS = 8
_SPLIT = 4
#: A panel is refined when its error estimate exceeds this (and the rounding floor).
_REFINE_ABS = 1e-15


def panel_rules(
    fs: Sequence[np.ndarray], scale: np.ndarray, n: int = GK_N
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


#: Rounding of log-densities: ``|δ log p| <= LOG_ROUNDING·eps·(|log p| + magnitude)``.
LOG_ROUNDING = 1.0


def log_floor(kf: np.ndarray, kp: np.ndarray, kq: np.ndarray, lmag: np.ndarray) -> np.ndarray:
    """The error that rounding of the log-densities alone puts in a panel's value.

    ``log p`` is computed with an absolute error of a few ``eps·(|log p| + L)`` (``L`` the
    magnitude of the terms it is summed from: ``log σ``, ``log B(a, b)``...), so ``p`` has a
    relative error of that size; an integrand built from ``p``, ``q`` and their logs
    (``p·log(p/q)``...) changes by at most ``(|f| + p + q)`` times it.  ``kf`` is ``∫|f|``,
    ``kp`` and ``kq`` the masses on the panel, ``lmag`` a typical ``|log p| + |log q| +
    L_p + L_q`` on it.  No refinement reduces this error.

    >>> one = np.array([1.0])
    >>> bool(log_floor(690.0 * one, one, 0.0 * one, 1380.0 * one)[0] > 1e-10)
    True
    """
    return LOG_ROUNDING * EPS * (kf + kp + kq) * lmag


def panel_estimates(
    k: np.ndarray,
    g: np.ndarray,
    res0: np.ndarray,
    cond: np.ndarray,
    refine_abs: float,
    lmag: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Error estimates (QUADPACK scaling) and refine flags from :func:`panel_rules`.

    ``cond`` is ``|midpoint| / half-width`` per panel: nodes carry a rounding error
    ``eps·|x|``, which matters on a narrow panel far from 0 (a spike); it enters the
    floor, not refinement; so does the rounding of the log-densities (``lmag``, see
    :func:`log_floor`).  Returns arrays of shape (3, panels).
    """
    resabs = np.concatenate([res0[None], k[1:]])  # p, q >= 0: their resabs is their sum
    with np.errstate(all="ignore"):
        r = np.minimum(1.0, 200.0 * np.abs(k - g) / resabs)
        heur = resabs * r * np.sqrt(r)  # QUADPACK's (200·|K - G|/resabs)^1.5, capped at 1
    heur = np.where(resabs > 0, heur, 0.0)
    floor = 50.0 * EPS * resabs
    est = np.maximum(heur, floor + EPS * cond * resabs)
    if lmag is not None:
        # (the masses need no such floor: their check allows MASS_TOL = 1e-12)
        np.maximum(est[0], log_floor(res0, k[1], k[2], lmag), out=est[0])
    return est, heur > np.maximum(floor, refine_abs)


def log_sensitivity(
    integrand: Integrand,
    x: np.ndarray,
    lp: np.ndarray,
    lq: np.ndarray,
    pv: np.ndarray,
    qv: np.ndarray,
    f: np.ndarray,
    rows: np.ndarray,
    log_mag: np.ndarray | None,
) -> np.ndarray:
    """Per panel, from its middle node: ``s_p·(|log p| + L_p) + s_q·(|log q| + L_q)`` with
    ``s_p = |∂f/∂log p| / (|f| + p + q)`` (a forward difference), plus
    ``(p·|log p| + q·|log q|) / (|f| + p + q)`` for the rounding of the log-domain terms
    inside ``f`` (``log p - log m`` cancels in JSD): the factor that :func:`log_floor`
    multiplies by ``∫(|f| + p + q)``.  ``L_p + L_q`` is ``log_mag`` per
    row (split evenly: both enter through the same rounding)."""
    if getattr(integrand, "collects_nodes", False):
        return np.zeros(x.shape)
    shape = x.shape
    x, lp, lq, pv, qv = (np.ravel(a) for a in (x, lp, lq, pv, qv))
    f = np.ravel(np.broadcast_to(f, shape))
    rows = np.ravel(np.broadcast_to(rows, shape))
    h = 1e-6
    eh = math.exp(h)
    with np.errstate(all="ignore"):
        # one call: log p moved by h in the first half, log q in the second
        both = call_integrand(
            integrand,
            np.concatenate([x, x]),
            np.concatenate([lp + h, lp]),
            np.concatenate([lq, lq + h]),
            np.concatenate([pv * eh, pv]),
            np.concatenate([qv, qv * eh]),
        )
        d = np.abs(both - np.concatenate([f, f])) * (1.0 / h)
        half = 0.0 if log_mag is None else 0.5 * log_mag[rows]
        alp, alq = np.abs(lp), np.abs(lq)
        out = d[: x.size] * (alp + half) + d[x.size :] * (alq + half)
        # and the rounding inside f of its log-domain terms, p·(log p - log m)...
        out += np.where(pv > 0.0, pv * alp, 0.0) + np.where(qv > 0.0, qv * alq, 0.0)
        out /= np.abs(f) + pv + qv
    return np.where(np.isfinite(out), out, 0.0).reshape(shape)


@dataclass
class Sums:
    """Per-pair sums of a batch: value, error, masses and their errors, evaluations."""

    acc: np.ndarray  # (6, n): value, error, mass p, its error, mass q, its error
    nfev: np.ndarray
    bad: dict[int, str]
    inf_at: dict[int, tuple[float, float]]
    inf_pt: dict[int, tuple[float, float]]

    def raw(self, r: int) -> Raw:
        a = self.acc[:, r]
        return Raw(
            float(a[0]),
            float(a[1]),
            (float(a[2]), float(a[4])),
            (float(a[3]), float(a[5])),
            int(self.nfev[r]),
            self.bad.get(r),
            self.inf_at.get(r),
            self.inf_pt.get(r),
        )


def gk_run(
    integrand: Integrand,
    panels: Panels,
    evaluate: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    nrows: int,
    *,
    clip: bool = False,
    records: tuple[dict[int, str], dict[int, Any], dict[int, Any]] | None = None,
    n: int = GK_N,
    refine_abs: float = _REFINE_ABS,
    target: float = 0.0,
    start: Sums | None = None,
    split: int = _SPLIT,
    log_mag: np.ndarray | None = None,
) -> Sums:
    """Adaptive, vectorised Gauss–Kronrod over panels of many rows (pairs).

    Each round evaluates every current panel (in chunks whose temporaries stay within
    ``CHUNK`` elements), then cuts in ``split``, up to ``_MAX_ROUNDS`` times (more where a
    row has only a few, see ``_LOCAL_DEPTH``), the panels whose
    estimate (of the integrand or of either mass) is above ``refine_abs`` and the rounding
    floor, in the rows whose summed estimates (of the integrand, or of either mass) are
    still above ``target``: a row already within ``target`` keeps its panels.  With
    ``clip`` the nodes of a (very narrow) finite panel are kept strictly inside it, never
    rounded onto an end where a density may be singular, and infinite densities at nodes
    are looked for.  ``log_mag`` (per row: the magnitudes ``L_p + L_q`` of the terms the
    log-densities are summed from, :attr:`Density.log_magnitude`) enters the rounding floor
    of :func:`log_floor` (see :func:`log_sensitivity`).  ``records`` (bad, inf_at, inf_pt)
    are dicts to record non-finite values in (see :func:`scan_nonfinite`), new ones by
    default.  ``start`` holds sums
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
    step = max(1, CHUNK // nk)  # each (nodes, panels) temporary stays within CHUNK
    current = panels
    last = max(_MAX_ROUNDS, math.ceil(_LOCAL_DEPTH / math.log2(split)))
    seek = not getattr(integrand, "smooth", False)
    for rnd in range(last + 1):
        if current.a.size == 0:
            break
        ks, gs, rs, ls, js = [], [], [], [], []  # type: ignore[var-annotated]
        for s in range(0, current.a.size, step):
            pn = current.take(slice(s, s + step))
            x, scale = pn.nodes(n)
            if clip:
                lo, hi = np.nextafter(pn.a, pn.b), np.nextafter(pn.b, pn.a)
                x = np.where(pn.kind == 0, np.minimum(np.maximum(x, lo), hi), x)
            lp, lq = evaluate(x, pn.row)
            if seek and rnd < last:
                js.append(scan_panels(pn, lp, lq, evaluate, n))
            pv, qv = exp_flush(lp), exp_flush(lq)
            f = call_integrand(integrand, x, lp, lq, pv, qv)
            # Only the slow path's densities can be +inf at a node (singular ones); the
            # fast path's masses are finite, and a non-finite sum would fail the checks.
            total = np.sum(f) + (np.sum(pv) + np.sum(qv) if clip else 0.0)
            if not np.isfinite(total):
                scan_nonfinite(x.T, f.T, (lp.T, lq.T), pn.row, bad, inf_at, inf_pt)  # type: ignore[arg-type]
                # Non-finite values count as 0 in the sums; the pair is retried or
                # decided from the record above, never taken as it is.
                f = np.where(np.isfinite(f), f, 0.0)
                pv = np.where(np.isfinite(pv), pv, 0.0)
                qv = np.where(np.isfinite(qv), qv, 0.0)
            for out, part in zip((ks, gs, rs), panel_rules((f, pv, qv), scale, n), strict=True):
                out.append(part)
            # (copies: a view would keep the chunk's large arrays alive)
            ls.append((*(a[n].copy() for a in (x, lp, lq, pv, qv, f)), pn.row))
        with np.errstate(divide="ignore", invalid="ignore"):
            cond = np.abs(current.a + current.b) / np.abs(current.b - current.a)
        cond = np.where((current.kind == 0) & np.isfinite(cond), cond, 0.0)
        k = np.concatenate(ks, 1)
        # the middle nodes of every panel, in one call of the integrand
        mids = [np.concatenate([m[j] for m in ls]) for j in range(7)]
        sens = log_sensitivity(integrand, *mids, log_mag)  # type: ignore[call-arg]
        g = np.concatenate(gs, 1)
        e, flag3 = panel_estimates(k, g, np.concatenate(rs), cond, refine_abs, sens)
        if rnd > _MAX_ROUNDS:
            # Panels this deep surround a point where the integrand is not smooth (a kink):
            # QUADPACK's scaling (200·|K - G|/resabs)^1.5 assumes smoothness and there falls
            # below the actual error, which is of the order of |K - G| itself.
            np.maximum(e, np.abs(k - g), out=e)
        flag = flag3.any(axis=0)
        rows = current.row
        nfev += np.bincount(rows, minlength=nrows) * nk
        if rnd < last and flag.any():
            if rnd >= _MAX_ROUNDS:
                flag &= (np.bincount(rows[flag], minlength=nrows) <= _LOCAL_PANELS)[rows]
            if target > 0.0:
                total_e = acc[[1, 3, 5]] + np.stack(
                    [np.bincount(rows, weights=v, minlength=nrows) for v in e]
                )
                flag &= (total_e > target).any(axis=0)[rows]  # type: ignore[index]
        else:
            flag[:] = False  # type: ignore[index]
        cut, cuts = np.zeros(flag.shape, bool), current.take(slice(0, 0))
        if js:
            # (see symbolic_gan.quadrature._crossings)
            dips, cut, cuts = plan_cuts(current, np.concatenate(js, axis=1), evaluate, n,
                                        _LOCAL_PANELS)
            flag |= dips
        flag &= ~cut
        keep = ~(flag | cut)
        for j, v in zip((0, 2, 4, 1, 3, 5), np.concatenate([k, e]), strict=True):
            acc[j] += np.bincount(rows[keep], weights=v[keep], minlength=nrows)
        if keep.all():
            break
        current = Panels.concat([current.take(np.flatnonzero(flag)).split(split), cuts])
    return Sums(acc, nfev, bad, inf_at, inf_pt)
