"""The WGAN criterion in one dimension: ``W1(P, Q) = ∫ |F_p(x) − F_q(x)| dx``, through CDFs.

The Wasserstein critic's objective is not pointwise in ``(p(x), q(x))`` (the constraint
``|D|_Lip ≤ 1`` couples points), so it is not analysed like the others; in one dimension its
value is the L¹ distance between the CDFs. The CDFs come from closed forms (SciPy's special
functions); the integral is split at both densities' breakpoints and done by
``scipy.integrate.quad`` per panel, whose error estimates add up to the reported error. W1 is
infinite when a density without a first moment (Student-t with df ≤ 1) differs from the other.

>>> from symbolic_gan.densities import Normal
>>> r = w1(Normal(0, 1), Normal(2.5, 1))
>>> round(float(r.value), 12), bool(r.success)
(2.5, True)
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from symbolic_gan.densities import Beta, Density, Laplace, Mixture, Normal, StudentT, Uniform
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.quadrature import QuadResult

__all__ = ["cdf", "w1"]


def cdf(d: Density, x: float) -> float:
    """The CDF of ``d`` at ``x`` (Normal, Uniform, Laplace, Beta, Student-t, mixtures)."""
    from scipy import special

    if isinstance(d, Normal):
        return float(special.ndtr((x - d.mu) / d.sigma))
    if isinstance(d, Uniform):
        return min(1.0, max(0.0, (x - d.low) / (d.high - d.low)))
    if isinstance(d, Laplace):
        z = (x - d.loc) / d.b
        return 0.5 * math.exp(z) if z < 0 else 1 - 0.5 * math.exp(-z)
    if isinstance(d, Beta):
        return float(special.betainc(d.a, d.b, min(1.0, max(0.0, x))))
    if isinstance(d, StudentT):
        return float(special.stdtr(d.df, (x - d.loc) / d.s))
    if isinstance(d, Mixture):
        return sum(w * cdf(c, x) for w, c in zip(d.weights, d.components, strict=True))
    raise InvalidArgument.for_value("d", d, "no CDF for this density")


def _location(d: Density) -> float | None:
    if isinstance(d, Normal):
        return d.mu
    if isinstance(d, Laplace | StudentT):
        return d.loc
    if isinstance(d, Mixture):
        return next((loc for c in d.components if (loc := _location(c)) is not None), None)
    return None


def _cdf_from(d: Density, centre: float, u: float) -> float:
    """The CDF at ``centre + u``, with ``z`` formed from ``u + (centre − loc)``: at a large
    location the sum ``centre + u`` would be rounded by ``eps·|centre|``, far more than the
    quadrature's own error."""
    if isinstance(d, Mixture):
        return sum(w * _cdf_from(c, centre, u) for w, c in zip(d.weights, d.components,
                                                                strict=True))
    loc = _location(d)
    if loc is None:
        return cdf(d, centre + u)
    return cdf(_moved(d, 0.0), u + (centre - loc))


def _moved(d: Density, loc: float) -> Density:
    if isinstance(d, Normal):
        return Normal(loc, d.sigma)
    if isinstance(d, Laplace):
        return Laplace(loc, d.b)
    assert isinstance(d, StudentT)
    return StudentT(d.df, loc, d.s)


def _has_mean(d: Density) -> bool:
    if isinstance(d, StudentT):
        return d.df > 1
    if isinstance(d, Mixture):
        return all(_has_mean(c) for c in d.components)
    return True


def w1(p: Density, q: Density) -> QuadResult:
    """``W1(P, Q) = ∫ |F_p − F_q| dx`` with an error estimate (see the module docstring).

    >>> from symbolic_gan.densities import Normal
    >>> r = w1(Normal(0, 1), Normal(0, 3))  # |σ1 − σ2|·√(2/π)
    >>> abs(float(r.value) - 2 * (2 / 3.141592653589793) ** 0.5) < 1e-12
    True
    """
    from scipy import integrate

    for name, d in (("p", p), ("q", q)):
        if not isinstance(d, Density):
            raise InvalidArgument.for_value(name, d, "must be a Density")
        cdf(d, 0.0)  # raises for a density without a CDF here
    if p == q:
        return QuadResult(0.0, 0.0, True, "ok", "analytic", 0, "identical densities")
    if not (_has_mean(p) and _has_mean(q)):
        return QuadResult(math.inf, 0.0, True, "infinite", "analytic", 0,
                          "a density without a first moment: W1 = inf")
    # integrate in u = x − centre, the centre a location of p or q (exact differences near it)
    centre = next((loc for loc in (_location(p), _location(q)) if loc is not None), 0.0)
    points = sorted({*(b - centre for b in p.breakpoints()),
                     *(b - centre for b in q.breakpoints())})

    def gap(u: float) -> float:
        return abs(_cdf_from(p, centre, u) - _cdf_from(q, centre, u))

    panels = [(-np.inf, points[0]), *itertools.pairwise(points), (points[-1], np.inf)]
    total = error = 0.0
    evaluations = 0
    for lo, hi in panels:
        if lo == hi:
            continue
        value, err, info = integrate.quad(gap, lo, hi, epsabs=1e-13, epsrel=1e-13, limit=200,
                                          full_output=1)[:3]
        total, error, evaluations = total + value, error + err, evaluations + info["neval"]
    ok = math.isfinite(total) and error <= 1e-9 * max(1.0, total)
    return QuadResult(total, error, ok, "ok" if ok else "failed", "quad", evaluations,
                      "" if ok else f"error estimate {error:.1e} too large")
