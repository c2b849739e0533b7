"""Densities: values against SciPy and mpmath, validation, user densities, closed forms."""

from __future__ import annotations

import math
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import scipy.stats as st
import sympy

from symbolic_gan.densities import (
    Beta,
    Cauchy,
    Discrete,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Mixture,
    Normal,
    StudentT,
    Uniform,
    UserDensity,
    entropy_normal,
    kl_normal,
    w1_normal,
)
from symbolic_gan.errors import InvalidArgument, NumericError

X = np.array([-3.0, -0.5, 0.0, 0.25, 0.5, 0.9, 2.0, 7.5])

FAMILIES = [
    (Normal(0.5, 2.0), st.norm(0.5, 2.0)),
    (Uniform(-1.0, 2.0), st.uniform(-1.0, 3.0)),
    (Beta(0.5, 0.5), st.beta(0.5, 0.5)),
    (Beta(2.5, 4.0), st.beta(2.5, 4.0)),
    (Laplace(0.2, 1.5), st.laplace(0.2, 1.5)),
    (StudentT(1), st.t(1)),
    (StudentT(3.5, 1.0, 2.0), st.t(3.5, 1.0, 2.0)),
    (Cauchy(0.5, 2.0), st.cauchy(0.5, 2.0)),
    (Gamma(2.5, 1.5), st.gamma(2.5, scale=1.5)),
    (Gamma(0.5, 2.0), st.gamma(0.5, scale=2.0)),
    (Exponential(2.0), st.expon(scale=2.0)),
    (LogNormal(0.3, 0.8), st.lognorm(0.8, scale=math.exp(0.3))),
]
# ids from our densities only: a SciPy object's repr holds its address, which differs between
# pytest-xdist workers
FAMILY_IDS = [str(dens) for dens, _ in FAMILIES]


@pytest.mark.parametrize(("dens", "ref"), FAMILIES, ids=FAMILY_IDS)
def test_logpdf_matches_scipy(dens, ref):
    with np.errstate(divide="ignore"):
        expected = ref.logpdf(X)
    got = dens.logpdf(X)
    assert got.shape == X.shape
    finite = np.isfinite(expected)
    np.testing.assert_allclose(got[finite], expected[finite], rtol=1e-13, atol=1e-13)
    np.testing.assert_array_equal(got[~finite], expected[~finite])
    np.testing.assert_allclose(dens.pdf(X), np.exp(got), rtol=1e-15)


@pytest.mark.parametrize(("dens", "ref"), FAMILIES, ids=FAMILY_IDS)
def test_mp_and_sympy_agree_with_numpy(dens, ref):
    x = 0.25
    with mpmath.workdps(30):
        mp_val = float(dens.mp_logpdf(mpmath.mpf(x)))
    assert mp_val == pytest.approx(float(dens.logpdf(x)), rel=1e-13, abs=1e-13)
    s = sympy.Symbol("x", real=True)
    sym_val = float(dens.sympy_pdf(s).subs(s, sympy.Rational(1, 4)).evalf(30))
    assert sym_val == pytest.approx(float(dens.pdf(x)), rel=1e-13)


def test_mixture_is_weighted_sum():
    m = Mixture([0.3, 0.7], [Normal(0, 1), Laplace(3, 1)])
    expected = 0.3 * st.norm.pdf(X) + 0.7 * st.laplace(3, 1).pdf(X)
    np.testing.assert_allclose(m.pdf(X), expected, rtol=1e-13)
    assert m.tail(1) == ("exp", 1.0)
    assert str(m) == "Mixture([0.3, 0.7], [Normal(0, 1), Laplace(3, 1)])"


def test_discrete_logpdf_is_log_mass_at_points_only():
    d = Discrete([1.0, 0.0], [0.75, 0.25])
    assert d.points == (0.0, 1.0) and d.probs == (0.25, 0.75)
    np.testing.assert_allclose(d.pdf([0.0, 0.5, 1.0, 2.0]), [0.25, 0.0, 0.75, 0.0])
    assert d.is_discrete and not Normal().is_discrete


def test_beta_near_end_uses_distance():
    b = Beta(0.5, 0.5)
    d = np.array([1e-30, 1e-200])
    near = b.logpdf_near(1.0, d, -1)
    expected = -0.5 * np.log(d) - math.log(math.pi)  # log(1/(pi sqrt(x(1-x)))), x -> 1
    np.testing.assert_allclose(near, expected, rtol=1e-14)
    assert np.all(np.isinf(b.logpdf(1.0 - d)))  # through 1 - d the information is lost


def test_breakpoints_sorted_and_include_support_ends():
    for dens, _ in FAMILIES:
        bps = dens.breakpoints()
        assert list(bps) == sorted(bps)
        for end in dens.support:
            if math.isfinite(end):
                assert end in bps
    assert 3.0 in Normal(3, 1e-3).breakpoints()
    assert 0.0 in Laplace(0, 1).breakpoints()  # the kink


def test_str_forms():
    assert str(Normal(0, 1)) == "Normal(0, 1)"
    assert str(Uniform(-1, 2.5)) == "Uniform(-1, 2.5)"
    assert str(StudentT(1)) == "StudentT(1, 0, 1)"
    assert str(Discrete([0, 1], [0.5, 0.5])) == "Discrete([0, 1], [0.5, 0.5])"


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: Normal(0, -1), "sigma"),
        (lambda: Normal(0, 0), "sigma"),
        (lambda: Normal(float("nan"), 1), "mu"),
        (lambda: Normal(float("inf"), 1), "mu"),
        (lambda: Normal("0", 1), "mu"),
        (lambda: Uniform(1, 0), "high"),
        (lambda: Beta(0, 1), "a"),
        (lambda: Beta(1, float("nan")), "b"),
        (lambda: Laplace(0, -2), "scale"),
        (lambda: StudentT(0), "df"),
        (lambda: StudentT(1, 0, float("inf")), "scale"),
        (lambda: Mixture([0.5, 0.4], [Normal(), Normal(1, 1)]), "weights"),
        (lambda: Mixture([0.5, 0.5], [Normal()]), "components"),
        (lambda: Mixture([1.0], ["normal"]), "components[0]"),
        (lambda: Mixture([1.0], [Discrete([0], [1.0])]), "components[0]"),
        (lambda: Discrete([0, 1], [0.5, 0.6]), "probs"),
        (lambda: Discrete([0, 0], [0.5, 0.5]), "points"),
        (lambda: Discrete([], []), "points"),
    ],
)
def test_invalid_parameters_name_the_argument(make, name):
    with pytest.raises(InvalidArgument, match=rf"^{re_escape(name)}="):
        make()


def re_escape(s: str) -> str:
    import re

    return re.escape(s)


def test_invalid_argument_is_value_error():
    with pytest.raises(ValueError, match="must be > 0"):
        Normal(0, -1)


# ------------------------------------------------------------------------- user densities


def test_user_logpdf_normalised():
    d = UserDensity.from_logpdf(lambda x: np.log(2.0 * x), (0.0, 1.0), name="2x")
    assert float(d.mass().value) == pytest.approx(1.0, abs=1e-13)
    assert d.support == (0.0, 1.0) and str(d) == "2x"
    assert np.isneginf(d.logpdf(1.5))


def test_user_unnormalised_is_reported_with_its_mass():
    with pytest.raises(InvalidArgument, match=r"mass=0\.5: half does not integrate to 1"):
        UserDensity.from_logpdf(lambda x: np.full_like(x, math.log(0.5)), (0, 1), name="half")
    d = UserDensity.from_logpdf(lambda x: np.log(0.5) + 0 * x, (0, 1), name="h", check_mass=False)
    r = d.mass()
    assert float(r.value) == pytest.approx(0.5, abs=1e-13)  # never renormalised


def test_user_negative_density_rejected_with_x():
    with pytest.raises(InvalidArgument, match=r"density is -.* at x="):
        UserDensity.from_pdf(lambda x: 1.0 - 2.0 * x, (0, 1))


def test_user_nan_and_inf_rejected_with_x():
    with pytest.raises(InvalidArgument, match=r"nan at x="):
        UserDensity.from_logpdf(lambda x: np.where(x > 0.5, np.nan, 0.0), (0, 1))
    with pytest.raises(InvalidArgument, match=r"inf at x="):
        UserDensity.from_logpdf(lambda x: np.where(x < 0.5, np.inf, 0.0), (0, 1))


def test_user_nan_found_during_evaluation_names_x():
    # Fine on the probe points, NaN very close to 1: caught when integrating.
    def bad(x):
        return np.where(x > 0.995, np.nan, 0.0)

    with pytest.raises((InvalidArgument, NumericError), match=r"x=0\.99"):
        UserDensity.from_logpdf(bad, (0, 1), singular_ends=(False, False))
    d = UserDensity.from_logpdf(bad, (0, 1), singular_ends=(False, False), check_mass=False)
    with pytest.raises(NumericError, match=r"nan at x=0\.9996"):
        d.logpdf(np.array([0.5, 0.9996]))


def test_user_from_sympy():
    x = sympy.Symbol("x", real=True)
    expr = sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi)
    d = UserDensity.from_sympy(expr, x, (-math.inf, math.inf))
    np.testing.assert_allclose(d.logpdf(X), st.norm.logpdf(X), rtol=1e-13)
    # Far tail: the log-form avoids underflow of the pdf.
    assert d.logpdf(np.array([45.0]))[0] == pytest.approx(st.norm.logpdf(45.0), rel=1e-12)
    assert d.sympy_pdf(x) == expr


def test_user_from_sympy_rejects_extra_free_symbols():
    x, mu = sympy.symbols("x mu", real=True)
    with pytest.raises(InvalidArgument, match=r"free symbols other than x: \['mu'\]"):
        UserDensity.from_sympy(sympy.exp(-((x - mu) ** 2) / 2), x, (-1, 1))


def test_user_bad_arguments():
    with pytest.raises(InvalidArgument, match=r"^logpdf="):
        UserDensity.from_logpdf("not callable", (0, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^support="):
        UserDensity.from_logpdf(lambda x: 0 * x, (1, 0))


# ------------------------------------------------------------------------- closed forms


def test_closed_forms():
    assert kl_normal(Normal(0, 1), Normal(0, 1)) == 0.0
    expected = math.log(2) + (1 + 1) / 8 - 0.5
    assert kl_normal(Normal(0, 1), Normal(1, 2)) == pytest.approx(expected, rel=1e-15)
    assert w1_normal(Normal(0, 1), Normal(-2.5, 1)) == 2.5
    assert w1_normal(Normal(0, 1), Normal(0, 3)) == pytest.approx(2 * math.sqrt(2 / math.pi))
    # General case against the quantile coupling, computed by SciPy quadrature.
    from scipy.integrate import quad

    p, q = Normal(0.3, 1.0), Normal(-0.2, 2.0)
    w = quad(lambda u: abs(p.mu - q.mu + (p.sigma - q.sigma) * st.norm.ppf(u)), 0, 1)[0]
    assert w1_normal(p, q) == pytest.approx(w, rel=1e-8)
    assert entropy_normal(Normal(0, 1)) == pytest.approx(0.5 * math.log(2 * math.pi * math.e))
    with pytest.raises(InvalidArgument, match=r"^p="):
        kl_normal(Uniform(), Normal())  # type: ignore[arg-type]


def test_import_does_not_load_sympy_or_scipy():
    code = (
        "import sys, symbolic_gan.densities, symbolic_gan.numeric, symbolic_gan.quadrature;"
        "bad = [m for m in ('sympy', 'scipy', 'mpmath') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_new_families_print_as_themselves_and_integrate_to_one():
    from symbolic_gan.numeric import kl, mass

    assert str(Cauchy(0, 1)) == "Cauchy(0, 1)" and Cauchy(0, 1) != StudentT(1, 0, 1)
    assert str(Exponential(0.5)) == "Exponential(0.5)" and str(Gamma(2, 3)) == "Gamma(2, 3)"
    assert str(LogNormal(0, 1)) == "LogNormal(0, 1)"
    for d in (Gamma(0.5, 2), Gamma(30, 0.1), Exponential(3), LogNormal(1, 2), Cauchy(2, 1e-3)):
        r = mass(d)
        assert r.success and abs(r.value - 1.0) <= max(r.error, 1e-15), (d, r)
    # closed forms: KL of Gammas (shape, scale) and of LogNormals
    k1, t1, k2, t2 = 2.5, 1.5, 4.0, 0.75
    exact = (
        (k1 - k2) * float(mpmath.digamma(k1)) - math.lgamma(k1) + math.lgamma(k2)
        + k2 * math.log(t2 / t1) + k1 * (t1 - t2) / t2
    )
    r = kl(Gamma(k1, t1), Gamma(k2, t2))
    assert r.success and abs(r.value - exact) <= r.error + 1e-15 * abs(exact)
    r = kl(LogNormal(0, 0.5), LogNormal(0.3, 1))
    exact = math.log(2.0) + (0.25 + 0.09) / 2.0 - 0.5
    assert r.success and abs(r.value - exact) <= r.error + 1e-15
    with pytest.raises(InvalidArgument, match="shape"):
        Gamma(0, 1)
    with pytest.raises(InvalidArgument, match="scale"):
        Exponential(-1)
