"""Integrands with a kink where the densities cross (``|p - q|``, ``min(p, q)``): their
values are within the reported errors.

Gauss–Kronrod's nested estimate assumes smoothness; across a kink the Gauss and Kronrod
values can agree far better than either is right, so such panels are cut at the crossing.
References are closed forms (mpmath at 40 digits): for two Normals, ``∫ min(p, q)`` is a sum
of differences of the CDFs between the (analytic) crossings.
"""

from __future__ import annotations

import itertools
import math
import warnings

import mpmath
import numpy as np
import pytest

from symbolic_gan import numeric
from symbolic_gan.densities import Beta, Cauchy, Laplace, Mixture, Normal, StudentT, Uniform
from symbolic_gan.errors import NumericWarning
from symbolic_gan.quadrature import smooth


def overlap(lp, lq):
    return np.exp(np.minimum(lp, lq))


def total_variation(lp, lq):
    return 0.5 * np.abs(np.exp(lp) - np.exp(lq))


def _normal_crossings(m1, s1, m2, s2):
    """Roots of log N(x; m1, s1) = log N(x; m2, s2), at 40 digits."""
    m1, s1, m2, s2 = map(mpmath.mpf, (m1, s1, m2, s2))
    a = 1 / (2 * s2**2) - 1 / (2 * s1**2)
    b = m1 / s1**2 - m2 / s2**2
    c = m2**2 / (2 * s2**2) - m1**2 / (2 * s1**2) + mpmath.log(s2 / s1)
    if a == 0:
        return [-c / b]
    d = b * b - 4 * a * c
    r = mpmath.sqrt(d) if d >= 0 else None
    return [] if r is None else sorted([(-b - r) / (2 * a), (-b + r) / (2 * a)])


def _normal_overlap(m1, s1, m2, s2):
    with mpmath.workdps(40):
        pts = [-mpmath.inf, *_normal_crossings(m1, s1, m2, s2), mpmath.inf]
        total = mpmath.mpf(0)
        for a, b in itertools.pairwise(pts):
            mid = (a + b) / 2 if mpmath.isfinite(a) and mpmath.isfinite(b) else (
                b - 1 if not mpmath.isfinite(a) else a + 1)
            m, s = (m1, s1) if mpmath.npdf(mid, m1, s1) < mpmath.npdf(mid, m2, s2) else (m2, s2)
            total += mpmath.ncdf(b, m, s) - mpmath.ncdf(a, m, s)
        return total


_rng = np.random.default_rng(20261201)
_PAIRS = [
    (float(m1), float(s1), float(m2), float(s1 if equal else s2))
    for (m1, m2), (s1, s2), equal in zip(
        _rng.normal(0.0, 3.0, (40, 2)), np.exp(_rng.normal(0.0, 1.0, (40, 2))),
        _rng.random(40) < 0.3, strict=True)
]


@pytest.mark.parametrize("integrand", [overlap, total_variation], ids=["min", "abs"])
def test_kinked_integrands_of_normal_pairs_are_within_their_reported_error(integrand):
    ps = [Normal(m1, s1) for m1, s1, _, _ in _PAIRS]
    qs = [Normal(m2, s2) for _, _, m2, s2 in _PAIRS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a pair may escalate
        r = numeric.integrate(integrand, ps, qs)
    for k, args in enumerate(_PAIRS):
        ov = _normal_overlap(*args)
        exact = ov if integrand is overlap else 1 - ov
        if r.success[k]:
            assert abs(float(r.value[k] - exact)) <= r.error[k], (args, r[k])


def test_an_integrand_declared_smooth_is_not_cut_at_the_crossing():
    # The mark is a promise: min(p, q) marked smooth is integrated as if it were, and
    # its panels are then not cut where the densities cross (fewer evaluations).
    p, q = Normal(0.0, 1.0), Normal(1.0, 1.0)
    cut = numeric.integrate(overlap, p, q)
    trusting = numeric.integrate(smooth(lambda lp, lq: np.exp(np.minimum(lp, lq))), p, q)
    assert cut.success and cut.method == "gauss-kronrod"
    assert abs(cut.value - float(2 * mpmath.ncdf(-0.5))) <= cut.error
    assert trusting.nfev != cut.nfev


def _laplace(loc, b):
    return lambda x: mpmath.exp(-abs(x - loc) / b) / (2 * b)


def _normal(m, s):
    return lambda x: mpmath.npdf(x, m, s)


def _cauchy(loc, s):
    return lambda x: s / (mpmath.pi * ((x - loc) ** 2 + s * s))


def _student(df, loc, s):
    df = mpmath.mpf(df)
    c = mpmath.gamma((df + 1) / 2) / (mpmath.sqrt(df * mpmath.pi) * mpmath.gamma(df / 2) * s)
    return lambda x: c * (1 + ((x - loc) / s) ** 2 / df) ** (-(df + 1) / 2)


def _beta(a, b):
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    return lambda x: x ** (a - 1) * (1 - x) ** (b - 1) / mpmath.beta(a, b) if 0 < x < 1 else 0


def _uniform(lo, hi):
    return lambda x: 1 / mpmath.mpf(hi - lo) if lo <= x <= hi else 0


@pytest.mark.parametrize(("pair", "pdfs", "kinks"), [
    ((Laplace(0.3, 1.0), Normal(0.0, 1.0)), (_laplace(0.3, 1.0), _normal(0.0, 1.0)), [0.3]),
    ((Mixture((0.5, 0.5), (Laplace(-0.68, 1.5), Normal(0.0, 1.0))), Normal(-3.4, 1.5)),
     (lambda x: (_laplace(-0.68, 1.5)(x) + _normal(0.0, 1.0)(x)) / 2, _normal(-3.4, 1.5)),
     [-0.68]),
    # a crossing inside the tanh-sinh segments at the singular ends of a Beta
    ((Beta(0.5, 0.5), Uniform(0.0, 1.0)), (_beta(0.5, 0.5), _uniform(0.0, 1.0)), [0.0, 1.0]),
    ((Uniform(-1.0, 1.0), Mixture((0.55, 0.45), (Normal(3.99, 1.5), Beta(2.00001, 3.63)))),
     (_uniform(-1.0, 1.0), lambda x: 0.55 * _normal(3.99, 1.5)(x) + 0.45 * _beta(2.00001, 3.63)(x)),
     [-1.0, 0.0, 1.0]),
    # crossings in the tails of power-law densities
    ((StudentT(3.0, 0.0, 1.0), Normal(0.0, 1.0)), (_student(3, 0, 1), _normal(0.0, 1.0)), [0.0]),
], ids=["laplace-normal", "mixture-normal", "beta-uniform", "uniform-beta-mixture",
        "student-normal"])
def test_kinked_integrand_of_other_families_matches_mpmath_between_the_crossings(
        pair, pdfs, kinks):
    (p, q), (fp, fq) = pair, pdfs
    r = numeric.integrate(total_variation, p, q)
    # (the kinks are cut out by the batched rule itself, not left to an escalation)
    assert r.success and r.method == "gauss-kronrod", r
    with mpmath.workdps(40):
        def diff(x):
            return fp(x) - fq(x)

        grid = np.linspace(-10.0, 10.0, 4001)  # (no crossing of these pairs lies beyond)
        d = np.array([float(diff(x)) for x in grid])
        roots = [mpmath.findroot(diff, (grid[i], grid[i + 1]), solver="anderson")
                 for i in np.flatnonzero(np.sign(d[1:]) * np.sign(d[:-1]) < 0)
                 if not any(grid[i] <= k <= grid[i + 1] for k in kinks)]
        pts = sorted([*roots, *kinks])
        exact = mpmath.quad(lambda x: abs(diff(x)) / 2, [-mpmath.inf, *pts, mpmath.inf])
    assert abs(r.value - float(exact)) <= r.error, (r, exact)


def test_densities_equal_to_within_rounding_are_not_cut_at_every_node():
    # p and q agree to rounding everywhere: log p - log q changes sign at random nodes, and
    # cutting there would double the panels each round (800 000 evaluations)
    p = Mixture((0.5, 0.5), (Normal(0.0, 1.0), Normal(0.0, 1.0)))
    r = numeric.integrate(total_variation, p, Normal(0.0, 1.0))
    assert r.success and abs(r.value) <= r.error
    assert r.nfev < 5000, r


def test_two_crossings_between_two_nodes_are_found():
    # log N(0, 1) - log Laplace(m, ½) peaks 1e-3 above 0 at x = 2: the densities cross at
    # 2 ± 0.045, between two nodes of the first panels (review finding: 8e8 x the error)
    m = (2.0 - 0.5 * math.log(2 * math.pi) - 1e-3) * 0.5
    r = numeric.integrate(total_variation, Normal(0.0, 1.0), Laplace(m, 0.5))
    with mpmath.workdps(40):
        def diff(x):
            return mpmath.npdf(x, 0, 1) - _laplace(m, 0.5)(x)

        roots = [mpmath.findroot(diff, x0) for x0 in (-4.08, 0.08, 1.955, 2.045)]
        exact = mpmath.quad(lambda x: abs(diff(x)) / 2, [-mpmath.inf, *sorted([*roots, m]),
                                                         mpmath.inf])
    assert r.success and abs(r.value - float(exact)) <= r.error, (r, exact)


def test_a_crossing_between_a_panel_end_and_its_outermost_node_is_found():
    # log Laplace(0, 1) - log Laplace(m, 3) = 0 at x = 1.997, 0.003 from the breakpoint 2
    # of Laplace(0, 1): inside the sliver beyond the outermost node of a panel
    m = 4 * 1.997 - 3 * math.log(3)
    r = numeric.integrate(total_variation, Laplace(0.0, 1.0), Laplace(m, 3.0))
    with mpmath.workdps(40):
        def diff(x):
            return _laplace(0.0, 1.0)(x) - _laplace(m, 3.0)(x)

        roots = [-(m + 3 * mpmath.log(3)) / 2, (m + 3 * mpmath.log(3)) / 4]
        exact = mpmath.quad(lambda x: abs(diff(x)) / 2, [-mpmath.inf, roots[0], 0, roots[1], m,
                                                         mpmath.inf])
    assert r.success and abs(r.value - float(exact)) <= r.error, (r, exact)


def test_a_jump_where_p_is_twice_q_is_not_passed_with_a_wrong_value():
    # ∫ p over {p > 2q}: a jump where no crossing is looked for. The batched rule fails its
    # estimate; quad's was 2e4 times too small (review finding). Two subdivisions of quad
    # disagree, so the result is a failure, not a wrong value.
    p, q = Cauchy(2.99910426645534, 10.749797458400398), Laplace(0.8217967637769896,
                                                                  0.7554948500206518)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumericWarning)
        r = numeric.integrate(lambda lp, lq: np.where(lp > lq + np.log(2), np.exp(lp), 0.0), p, q)
    with mpmath.workdps(40):
        def ratio_minus_2(x):
            return _cauchy(2.99910426645534, 10.749797458400398)(x) - 2 * _laplace(
                0.8217967637769896, 0.7554948500206518)(x)

        r1, r2 = mpmath.findroot(ratio_minus_2, -2.2), mpmath.findroot(ratio_minus_2, 3.7)
        def cdf(x):
            return mpmath.atan((x - mpmath.mpf(2.99910426645534))
                               / mpmath.mpf(10.749797458400398)) / mpmath.pi + 0.5

        exact = 1 - (cdf(r2) - cdf(r1))
    assert not r.success or abs(r.value - float(exact)) <= r.error, (r, exact)
    assert not r.success and "subdivisions" in r.message
