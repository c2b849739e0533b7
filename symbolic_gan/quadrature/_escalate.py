"""Escalation of a pair that fails its checks: adaptive ``scipy.integrate.quad``, then
mpmath."""

from __future__ import annotations

import dataclasses
import itertools
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.quadrature._base import EPS, Integrand, MpIntegrand, QuadResult
from symbolic_gan.quadrature._checks import check_raw
from symbolic_gan.quadrature._gk import (
    LOG_ROUNDING,
    Raw,
    call_integrand,
    exp_flush,
    log_sensitivity,
)


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


#: Largest tanh-sinh degree of the mpmath stage (each degree doubles the nodes of a piece
#: that does not converge: 8 bounds a hopeless pair to seconds, not tens of seconds).
_MP_DEGREE = 8
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


def _tail_map(
    a: float, b: float, width: float, num: Callable[[float], Any] = float
) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]] | None:
    """For an infinite piece, ``f ↦ (u ↦ w·f(end ± w·u))`` on ``u ∈ [0, inf)``, ``w`` the
    densities' width: adaptive rules map ``[end, inf)`` with a unit length, which misses a
    tail that lives at ``1e150`` (or ``1e-150``).  None for a finite piece."""
    if math.isfinite(a) and math.isfinite(b):
        return None
    end, sign = (b, -1.0) if not math.isfinite(a) else (a, 1.0)
    e, w = num(end), num(width)

    def wrap(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def g(u: Any) -> Any:
            return w * f(e + sign * w * u)

        return g

    return wrap


def _decays(g: Callable[[Any], Any], tol: Any) -> bool:
    """Whether ``g`` (a mapped tail on ``[0, inf)``) is seen to decay faster than ``1/u``:
    ``u·|g(u)| <= tol`` far out (``u = 1e8, 1e16`` widths).  mpmath's quadrature returns a
    large finite value, with a small relative error, for a tail that does not decay (an
    integrand tending to a constant): this refuses it.  A slowly convergent tail (``1/(u
    log² u)``) is refused too: the value is then not trusted, never wrong."""
    import mpmath

    for u in (mpmath.mpf(10) ** 8, mpmath.mpf(10) ** 16):
        gu = g(u)
        if not (mpmath.isfinite(gu) and u * abs(gu) <= tol):
            return False
    return True


def quad_stage(
    integrand: Integrand,
    p: Density,
    q: Density,
    *,
    check_mass: bool,
    mass_tol: float,
    rule: str = "quad",
    shifted: bool = False,
) -> tuple[Raw, bool]:
    """Adaptive ``scipy.integrate.quad`` (or ``scipy.integrate.tanhsinh`` with
    ``rule="tanh-sinh"``) at 1e-13 on the breakpoint pieces (each cut once more, at a point
    unrelated to the densities, with ``shifted``).

    QUADPACK's estimate assumes smoothness; an integrand not declared smooth may have a
    jump or a kink where it was not looked for (an indicator of ``p > 2q``), across which
    the estimate can be far too small.  Its value is then recomputed on the shifted
    pieces: two subdivisions that disagree beyond their estimates give no value."""
    from scipy.integrate import quad, tanhsinh

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
        f = call_integrand(integrand, x, *((ld, lc) if disc is p else (lc, ld)))
        atoms_value = float(np.sum(f))
        atoms_err = 4.0 * EPS * float(np.sum(np.abs(f))) * x.size
        atom_masses[0 if disc is p else 1] = float(np.sum(exp_flush(ld)))
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
        if rule == "tanh-sinh":

            def vec(t: np.ndarray) -> np.ndarray:
                return np.array([fun(float(v)) for v in np.ravel(t)]).reshape(np.shape(t))

            ts = tanhsinh(vec, a, b, atol=1e-13, rtol=1e-13, maxlevel=12)
            v, e = float(ts.integral), float(ts.error)
            finite = math.isfinite(v) and math.isfinite(e)
            good = bool(ts.success) and finite
            if tiny and finite and not good:
                good, e = True, e + abs(v)
            return v, e, int(ts.nfev), good
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

    width = max(d.scale for d in cont)
    pieces = _pieces(cont)
    if shifted:
        pieces = _shifted(pieces, width)
    for a, b, near, side in pieces:
        lo_, hi_ = (0.0, b - a) if near is not None else (a, b)
        tiny = near is None and b - a <= 64.0 * EPS * max(abs(a), abs(b))

        def xs(
            t: float, a: float = a, b: float = b, near: float | None = near, side: int = side
        ) -> tuple[float, float]:
            if near is None:
                return t, 0.0
            return (near + side * t), t

        def f(t: float, near: float | None = near, side: int = side) -> float:  # type: ignore[misc]
            x, dist = xs(t)
            lp = _logpdf_at(pd, x, near, side, dist)
            lq = _logpdf_at(qd, x, near, side, dist)
            return float(call_integrand(integrand, np.array([x]), lp, lq)[0])

        if near is not None:
            f = _power_substitution(f, hi_)  # type: ignore[arg-type, assignment]
        ulo, uhi = (lo_, hi_) if near is None else (0.0, hi_ ** (1.0 / _SUBST_POWER))
        tail = _tail_map(a, b, width)
        if tail is not None:
            # Two maps of the tail (widths w and 16·w): QUADPACK's estimate on a slowly
            # decaying tail is a heuristic, their difference is evidence (it was 2-3x low
            # on Student-t with df near 2 against a Normal).
            other = _tail_map(a, b, 16.0 * width)
            assert other is not None
            v2, e2, n2, good2 = run(other(f), 0.0, math.inf, tiny)  # type: ignore[arg-type]
            f, (ulo, uhi) = tail(f), (0.0, math.inf)  # type: ignore[arg-type, assignment]
        v, e, n, good = run(f, ulo, uhi, tiny)  # type: ignore[arg-type]
        if tail is not None:
            e, n, good = max(e, e2, abs(v - v2)), n + n2, good and good2
        total, err, nfev, ok = total + v, err + e, nfev + n, ok and good
        if check_mass:
            for i, d in enumerate((pd, qd)):
                if d is None:
                    continue

                def fm(
                    t: float, d: Density = d, near: float | None = near, side: int = side
                ) -> float:
                    x, dist = xs(t)
                    return float(exp_flush(_logpdf_at(d, x, near, side, dist))[0])

                gm = fm if near is None else _power_substitution(fm, hi_)
                if tail is not None:
                    gm = tail(gm)
                v, e, _, good = run(gm, ulo, uhi, tiny)
                masses[i] += v
                mass_err[i] += e
                ok = ok and good
    if not check_mass:
        masses = [1.0, 1.0]
    raw = Raw(total, err, (masses[0], masses[1]), (mass_err[0], mass_err[1]), nfev)
    if ok and rule == "quad" and not shifted and not getattr(integrand, "smooth", False):
        second, ok2 = quad_stage(integrand, p, q, check_mass=False, mass_tol=mass_tol,
                                shifted=True)
        gap = abs(second.value - raw.value)
        if not (ok2 and gap <= 10.0 * (second.error + raw.error)):
            why = (f"values on two subdivisions differ by {gap:.2g} (error estimates "
                   f"{raw.error:.1e}, {second.error:.1e}): a jump or kink not looked for?")
            return dataclasses.replace(raw, nfev=raw.nfev + second.nfev, bad=why), False
        raw = dataclasses.replace(raw, nfev=raw.nfev + second.nfev)
    return raw, ok


#: Where :func:`_shifted` cuts a finite piece (a fraction of it, unrelated to any density).
_SHIFT = 0.3819660112501051


def _shifted(
    pieces: list[tuple[float, float, float | None, int]], width: float
) -> list[tuple[float, float, float | None, int]]:
    """The pieces, each without a singular end cut once more: a finite one at ``_SHIFT``
    of its length, an infinite one at ``1/_SHIFT`` widths from its finite end."""
    out: list[tuple[float, float, float | None, int]] = []
    for a, b, near, side in pieces:
        if near is not None:
            out.append((a, b, near, side))
        elif math.isfinite(a) and math.isfinite(b):
            m = a + _SHIFT * (b - a)
            out += [(a, m, None, 0), (m, b, None, 0)] if a < m < b else [(a, b, None, 0)]
        else:
            m = b - width / _SHIFT if math.isfinite(b) else a + width / _SHIFT
            out += [(a, m, None, 0), (m, b, None, 0)]
    return out


def tanh_sinh_stage(
    integrand: Integrand, p: Density, q: Density, *, check_mass: bool, mass_tol: float
) -> tuple[Raw, bool]:
    """``scipy.integrate.tanhsinh`` at 1e-13 on the breakpoint pieces."""
    return quad_stage(
        integrand, p, q, check_mass=check_mass, mass_tol=mass_tol, rule="tanh-sinh"
    )


def mp_stage(
    mp_integrand: MpIntegrand,
    p: Density,
    q: Density,
    *,
    dps: int,
    check_mass: bool,
) -> tuple[Raw, bool]:
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
        ok, why = True, None
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

                tail = _tail_map(a, b, max(d.scale for d in cont), mpmath.mpf)
                if tail is not None:
                    lim, g = [mpmath.mpf(0), mpmath.inf], tail(f)
                elif near is None:
                    lim = [mpmath.mpf(a), mpmath.mpf(b)]
                    g = f
                else:
                    # Distance t = u^K: tanh-sinh then resolves t down to 1e-(K·dps),
                    # far enough for x^(a-1) singularities with a >= 1/K.
                    lim = [0, (mpmath.mpf(b) - mpmath.mpf(a)) ** (mpmath.mpf(1) / _SUBST_POWER)]
                    g = _mp_power_substitution(f)
                # (first: a tail that does not decay is refused without its quadrature, whose
                # finite sum of a divergent integral would be no value; the scale is that of
                # the other pieces)
                if tail is not None and not _decays(g, 1e-6 * max(1, abs(total))):
                    end = a if not math.isfinite(a) else b
                    ok, why = False, f"integrand does not decay faster than 1/x towards {end}"
                    break
                v, e = mpmath.quad(g, lim, error=True, maxdegree=_MP_DEGREE)
                total += v
                err += e
                if not err <= 1e-9 * max(1, abs(total)):
                    # the value has failed already: no masses (they cost twice as much)
                    ok = False
                    break
                if check_mass:
                    for i, d in enumerate((pd, qd)):
                        if d is None:
                            continue

                        def fm(t: Any, d: Density = d) -> Any:
                            return mpmath.exp(lpdf(d, t))

                        gm = fm if near is None else _mp_power_substitution(fm)
                        if tail is not None:
                            gm = tail(fm)
                        mv, me = mpmath.quad(gm, lim, error=True, maxdegree=_MP_DEGREE)
                        masses[i] += mv
                        mass_err[i] += me
        if not check_mass:
            masses = [mpmath.mpf(1), mpmath.mpf(1)]
        value = float(total)
        if not mpmath.isfinite(total):
            ok = False
        raw = Raw(
            value,
            float(err) + EPS * abs(value),
            (float(masses[0]), float(masses[1])),
            (float(mass_err[0]), float(mass_err[1])),
            0,
            why,
        )
    return raw, ok


def rounding_floor(integrand: Integrand, p: Density, q: Density) -> float:
    """The error that the rounding of ``log p`` and ``log q`` puts in any double-precision
    rule's value: ``LOG_ROUNDING·eps·∫(|f| + p + q)·(|log p| + |log q| + L_p + L_q)``,
    integrated with the default rule (see ``log_floor``)."""
    from symbolic_gan.quadrature._slow import raw_slow

    mag = p.log_magnitude + q.log_magnitude

    def g(x: np.ndarray, lp: np.ndarray, lq: np.ndarray) -> np.ndarray:
        pv, qv = exp_flush(lp), exp_flush(lq)
        f = call_integrand(integrand, x, lp, lq, pv, qv)
        rows = np.zeros(x.shape, np.intp)
        sens = log_sensitivity(integrand, x, lp, lq, pv, qv, f, rows, np.array([mag]))
        out = sens * (np.abs(f) + pv + qv)
        return np.where(np.isfinite(out), out, 0.0)

    try:
        raw = raw_slow(g, p, q)
    except Exception:  # an integrand that fails on whole arrays: no floor known
        return 0.0
    return LOG_ROUNDING * EPS * abs(raw.value) if math.isfinite(raw.value) else 0.0


def escalate(
    integrand: Integrand,
    mp_integrand: MpIntegrand | None,
    p: Density,
    q: Density,
    first_msg: str,
    *,
    bounds: tuple[float, float] | None,
    check_mass: bool,
    mass_tol: float,
    atol: float,
    rtol: float,
    stages: tuple[str, ...] = ("quad", "mpmath"),
) -> QuadResult:
    """Run ``stages`` in turn (``"quad"``, ``"tanh-sinh"``, ``"mpmath"``) until one passes
    the checks; the last result, failed, with every stage's reason otherwise."""
    msgs = [f"gauss-kronrod: {first_msg}"] if first_msg else []
    last: Raw | None = None
    verdict = "failed"
    for stage in stages:
        if stage == "mpmath":
            if mp_integrand is None:
                msgs.append("mpmath: skipped (no mpmath integrand)")
                continue
            raw, ok = mp_stage(mp_integrand, p, q, dps=30, check_mass=check_mass)
        else:
            adaptive = quad_stage if stage == "quad" else tanh_sinh_stage
            raw, ok = adaptive(integrand, p, q, check_mass=check_mass, mass_tol=mass_tol)
            # rounding of log p and log q bounds what any double-precision rule can do
            floor = rounding_floor(integrand, p, q)
            raw = dataclasses.replace(raw, error=max(raw.error, floor))
        verdict, msg = check_raw(
            raw, p, q, bounds=bounds, check_mass=check_mass, mass_tol=mass_tol, atol=atol,
            rtol=rtol,
        )
        if ok and verdict == "ok":
            return QuadResult(raw.value, raw.error, True, "ok", stage, raw.nfev, "; ".join(msgs))
        msgs.append(f"{stage}: {msg or 'did not converge'}")
        last = raw
    status = "unnormalised" if verdict == "unnormalised" else "failed"
    if last is None:
        return QuadResult(math.nan, math.inf, False, "failed", stages[-1], 0, "; ".join(msgs))
    return QuadResult(
        last.value, last.error, False, status, stages[-1], last.nfev, "; ".join(msgs)
    )
