"""Numeric cross-checks of proof steps: they pass on the truth and fail on wrong steps."""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_gan.api import prove
from symbolic_gan.battery import Case, default_battery
from symbolic_gan.checker import check
from symbolic_gan.densities import Normal, Uniform, UserDensity
from symbolic_gan.derivation import Equation, Maximiser
from symbolic_gan.functionals import JSD, integral
from symbolic_gan.numcheck import check_numeric
from symbolic_gan.objective import GAN, P, Q, Y
from symbolic_gan.theorems import get_theorem
from symbolic_gan.verdict import NumericStatus

C_INTEGRAND = P * sp.log(P / (P + Q)) + Q * sp.log(Q / (P + Q))


@pytest.fixture(scope="module")
def gan():
    return get_theorem("gan-global-optimum").derive()


def numeric(derivation, cases=None):
    return check_numeric(check(derivation), cases=cases)


def test_every_gan_step_passes_on_the_default_battery(gan):
    checked = numeric(gan)
    for step in checked.steps:
        assert step.numeric.status is NumericStatus.PASSED, (step.step.name, step.numeric.detail)
        assert step.numeric.pairs == len(default_battery())
        assert step.numeric.max_abs_error <= step.numeric.tolerance
        assert all(c["error"] <= c["tolerance"] for c in step.numeric.cases)


@pytest.mark.parametrize("name", ["mle-minimises-kl", "lsgan-optimal-discriminator"])
def test_other_theorems_never_fail_numerically(name):
    checked = prove(name)
    assert not [s.step.name for s in checked.steps if s.numeric.status is NumericStatus.FAILED]


def test_wrong_optimal_discriminator_fails_numerically(gan):
    wrong = gan.replace_step("pointwise maximisation",
                             claim=Maximiser(GAN.integrand(), Y, Q / (P + Q), GAN.domain))
    step = numeric(wrong)["pointwise maximisation"]
    assert step.numeric.status is NumericStatus.FAILED
    assert step.numeric.max_abs_error > step.numeric.tolerance


def test_minus_log_two_fails_numerically(gan):
    wrong = gan.replace_step("divergence form",
                             claim=Equation(integral(C_INTEGRAND), 2 * JSD(P, Q) - sp.log(2)))
    step = numeric(wrong)["divergence form"]
    assert step.numeric.status is NumericStatus.FAILED
    # the discrepancy is log 2 on every pair
    assert step.numeric.max_abs_error == pytest.approx(float(sp.log(2)), abs=1e-12)


def test_bound_as_equality_fails_except_on_identical_pairs(gan):
    wrong = gan.replace_step("divergence form",
                             claim=Equation(integral(C_INTEGRAND), -sp.log(4)))
    step = numeric(wrong)["divergence form"]
    assert step.numeric.status is NumericStatus.FAILED
    by_case = {c["case"]: c for c in step.numeric.cases}
    assert by_case["identical"]["passed"]
    assert not by_case["disjoint"]["passed"]
    # disjoint supports: C(G) = 0, so the discrepancy is log 4
    assert by_case["disjoint"]["error"] == pytest.approx(float(sp.log(4)), abs=1e-12)


def test_normalisation_step_measures_the_masses(gan):
    # A user density of mass 2: the normalisation premise fails and the step must say so.
    import numpy as np

    heavy = UserDensity.from_logpdf(lambda x: np.where((x > 0) & (x < 1), np.log(2.0), -np.inf),
                                    (0.0, 1.0), name="twice-uniform", check_mass=False)
    case = Case("unnormalised", heavy, Uniform(0, 1))
    step = numeric(gan, cases=[case])["normalisation"]
    assert step.numeric.status is not NumericStatus.PASSED


def test_numeric_check_validates_its_argument():
    from symbolic_gan.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="checked="):
        check_numeric("not a derivation")  # type: ignore[arg-type]


def test_random_pairs_are_added_to_the_battery(gan):
    checked = prove("gan-global-optimum", pairs=3, seed=7)
    assert all(s.numeric.pairs == len(default_battery()) + 3 for s in checked.steps)


def test_equality_case_is_attained_on_identical_pairs(gan):
    identical = Case("same", Normal(0.3, 2.0), Normal(0.3, 2.0))
    step = numeric(gan, cases=[identical])["lower bound"]
    assert step.numeric.status is NumericStatus.PASSED
    assert step.numeric.cases[0]["note"] == "equality case"
