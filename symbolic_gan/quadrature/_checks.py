"""The per-pair verdict on the sums: masses, evidence of an infinite integral, error
estimate against tolerance, bounds."""

from __future__ import annotations

import math

import numpy as np

from symbolic_gan.densities import Density, UserDensity
from symbolic_gan.quadrature._base import ATOL, RTOL, Integrand
from symbolic_gan.quadrature._gk import Raw, call_integrand


def tolerance(value: float, atol: float = ATOL, rtol: float = RTOL) -> float:
    return max(atol, rtol * abs(value)) if math.isfinite(value) else atol


def check_raw(
    raw: Raw,
    p: Density,
    q: Density,
    *,
    bounds: tuple[float, float] | None,
    check_mass: bool,
    mass_tol: float,
    atol: float = ATOL,
    rtol: float = RTOL,
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
        # infinite on an interval, not at a point (see scan_nonfinite).
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
    tol = tolerance(raw.value, atol, rtol)
    if raw.error > tol:
        return "retry", f"error estimate {raw.error:.2e} above tolerance {tol:.1e}"
    if bounds is not None:
        lo, hi = bounds
        slack = max(raw.error, atol)
        if raw.value < lo - slack or raw.value > hi + slack:
            return "retry", f"value {raw.value!r} outside its bounds [{lo!r}, {hi!r}]"
    return "ok", ""


def infinite_around(integrand: Integrand, p: Density, q: Density, x0: float, sign: float) -> bool:
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
    f = call_integrand(integrand, x, lp, lq)
    return bool(np.all(f == sign))


def underflowed(p: Density, q: Density, x0: float) -> str | None:
    """Why an infinity of the integrand at ``x0`` is an artefact of double precision.

    A log-density of ``-inf`` at ``x0`` where its mpmath twin is finite (a Normal with
    ``sigma = 1e-160`` has ``log q = -x²/(2σ²)`` beyond the range of doubles) is no
    evidence that the integral is infinite: the integral may be finite (and even
    representable) though its integrand is not, at that node, in doubles.
    """
    import mpmath

    x = np.array([x0])
    for name, d in (("p", p), ("q", q)):
        if d.is_discrete or not np.isneginf(d.logpdf(x)[0]):
            continue
        try:
            with mpmath.workdps(20):
                exact = d.mp_logpdf(mpmath.mpf(x0))
        except Exception:  # a user density without a usable mpmath twin: no verdict
            continue
        if mpmath.isfinite(exact):
            return (
                f"log-density of {name}={d} is {mpmath.nstr(exact, 6)} at x={x0!r}, "
                "beyond the range of double precision"
            )
    return None


def beyond_range(p: Density, q: Density) -> str | None:
    """Why a pair cannot be integrated in double precision at all, or None.

    The nodes must lie between the pair's breakpoints; when those (or the distance between
    the outermost ones) overflow, no rule can place them (``Normal(-1e308, 1)`` against
    ``Normal(1e308, 1)``).
    """
    pts = [b for d in (p, q) for b in d.breakpoints()]
    pts += [e for d in (p, q) for e in d.support if math.isfinite(e)]
    if not pts:
        return None
    lo, hi = min(pts), max(pts)
    if all(math.isfinite(v) for v in pts) and math.isfinite(hi - lo):
        return None
    return (
        f"the pair spans [{lo!r}, {hi!r}], wider than double precision can integrate "
        "over (no value computed)"
    )
