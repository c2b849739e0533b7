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

    loc = _location(d)
    if loc is not None and not isinstance(d, Mixture):
        return _standard_cdf(d, x - loc)
    if isinstance(d, Uniform):
        return min(1.0, max(0.0, (x - d.low) / (d.high - d.low)))
    if isinstance(d, Beta):
        return float(special.betainc(d.a, d.b, min(1.0, max(0.0, x))))
    if isinstance(d, Mixture):
        return sum(w * cdf(c, x) for w, c in zip(d.weights, d.components, strict=True))
    raise InvalidArgument.for_value("d", d, "no CDF for this density")


def _standard_cdf(d: Density, offset: float) -> float:
    """The CDF of the location family ``d`` at ``loc + offset``, from ``offset`` itself."""
    from scipy import special

    scale = d.batch_params()[1]  # type: ignore[index]
    z = offset / scale
    if isinstance(d, Normal):
        return float(special.ndtr(z))
    if isinstance(d, Laplace):
        return 0.5 * math.exp(z) if z < 0 else 1 - 0.5 * math.exp(-z)
    assert isinstance(d, StudentT)
    return float(special.stdtr(d.df, z))


def _location(d: Density) -> float | None:
    if isinstance(d, Normal | Laplace | StudentT):
        return d.batch_params()[0]
    if isinstance(d, Mixture):
        return next((loc for c in d.components if (loc := _location(c)) is not None), None)
    return None


def _cdf_from(d: Density, centre: float, u: float, upper: bool = False) -> float:
    """The CDF at ``centre + u`` (with ``upper``, the survival function ``1 − F``), with the
    offset from the location formed as ``u + (centre − loc)``: at a large location the sum
    ``centre + u`` would be rounded by ``eps·|centre|``, far more than the quadrature's own
    error; and a survival function of a symmetric family is its CDF at ``−z``, not ``1 − F``
    (which cancels in the upper tail, where a power law keeps the difference of two CDFs
    long)."""
    if isinstance(d, Mixture):
        return sum(w * _cdf_from(c, centre, u, upper) for w, c in zip(d.weights, d.components,
                                                                       strict=True))
    loc = _location(d)
    if loc is None:
        value = cdf(d, centre + u)
        return 1.0 - value if upper else value
    offset = u + (centre - loc)
    return _standard_cdf(d, -offset if upper else offset)


def _heavy(d: Density) -> bool:
    """Whether a tail of ``d`` falls like a power of x (Student's t, or a mixture holding one)."""
    if isinstance(d, Mixture):
        return any(_heavy(c) for c in d.components)
    return isinstance(d, StudentT)


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

    def gap(u: float) -> float:  # |F_p − F_q| = |S_p − S_q|: the smaller of the two in each tail
        upper = u > 0
        return abs(_cdf_from(p, centre, u, upper) - _cdf_from(q, centre, u, upper))

    def integrate_over(cuts: list[float]) -> tuple[float, float, int]:
        panels = [(-np.inf, cuts[0]), *itertools.pairwise(cuts), (cuts[-1], np.inf)]
        total = error = 0.0
        evaluations = 0
        for lo, hi in panels:
            if lo == hi:
                continue
            value, err, info = integrate.quad(gap, lo, hi, epsabs=1e-13, epsrel=1e-13,
                                              limit=200, full_output=1)[:3]
            total, error, evaluations = total + value, error + err, evaluations + info["neval"]
        return total, error, evaluations

    total, error, evaluations = integrate_over(points)
    if _heavy(p) or _heavy(q):
        # power-law tails: QUADPACK's estimate on the infinite panels is not a bound, so the
        # integral is done again with the tails cut further out, and the two must agree
        width = max(points[-1] - points[0], 1.0)
        again, error2, more = integrate_over(sorted({*points, points[0] - 1e3 * width,
                                                     points[-1] + 1e3 * width}))
        error = max(error, error2) + abs(total - again)
        evaluations += more
    ok = math.isfinite(total) and error <= 1e-9 * max(1.0, total)
    return QuadResult(total, error, ok, "ok" if ok else "failed", "quad", evaluations,
                      "" if ok else f"error estimate {error:.1e} too large")
