"""The checker must fail: wrong steps, taken from the slips listed in docs/theory.md#slips,
are rejected.

Each wrong claim is typed in here by hand from the mathematics (never produced by the code under
test), swapped into the real derivation, and must come back REFUTED (or at least not PROVED),
with the failing step named.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from symbolic_gan.checker import check, check_step
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Roots
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import JSD, Midpoint, integral
from symbolic_gan.objective import GAN, Objective, P, Q, Y
from symbolic_gan.theorems.gan import gan_global_optimum
from symbolic_gan.theorems.optimum import optimal_discriminator
from symbolic_gan.verdict import Status

PHI = P * sp.log(Y) + Q * sp.log(1 - Y)
C_INTEGRAND = P * sp.log(P / (P + Q)) + Q * sp.log(Q / (P + Q))
M = Midpoint(P, Q)


@pytest.fixture(scope="module")
def derivation():
    return gan_global_optimum()


def verdict(derivation, name, **changes):
    """Check step ``name`` of the derivation after replacing some of its fields."""
    wrong = derivation.replace_step(name, **changes)
    return check_step(wrong.step(name), wrong.premises).symbolic


def test_the_true_derivation_is_proved(derivation):
    checked = check(derivation)
    assert [s.step.name for s in checked.failures()] == []
    assert checked.ok


@pytest.mark.parametrize(
    "wrong_point",
    [Q / (P + Q), P / (P + 2 * Q), sp.S.Half, P / (P - Q)],
    ids=["q/(p+q)", "p/(p+2q)", "one-half", "p/(p-q)"],
)
def test_wrong_optimal_discriminator_is_refuted(derivation, wrong_point):
    result = verdict(derivation, "pointwise maximisation",
                     claim=Maximiser(PHI, Y, wrong_point, GAN.domain))
    assert result.status is Status.REFUTED, result


def test_wrong_root_of_first_order_condition_is_refuted(derivation):
    first = sp.diff(PHI, Y)
    result = verdict(derivation, "first-order condition",
                     claim=Roots(first, Y, (Q / (P + Q),), GAN.domain))
    assert result.status is Status.REFUTED
    assert "claimed root" in result.method


def test_missing_root_of_first_order_condition_is_refuted(derivation):
    first = sp.diff(PHI, Y)
    result = verdict(derivation, "first-order condition", claim=Roots(first, Y, (), GAN.domain))
    assert result.status is Status.REFUTED
    assert "not claimed" in result.method


def test_midpoint_without_one_half_is_refuted(derivation):
    no_half = P + Q  # "m = p + q"
    wrong = P * sp.log(P / no_half) + Q * sp.log(Q / no_half) - (P + Q) * sp.log(2)
    result = verdict(derivation, "pointwise rewrite", claim=Equation(C_INTEGRAND, wrong))
    assert result.status is Status.REFUTED
    assert result.counterexample is not None


def test_minus_log_two_for_minus_log_four_is_refuted(derivation):
    result = verdict(derivation, "normalisation",
                     claim=Equation(integral((P + Q) * sp.log(2)), sp.log(2)))
    assert result.status is Status.REFUTED
    result = verdict(derivation, "divergence form",
                     claim=Equation(integral(C_INTEGRAND), 2 * JSD(P, Q) - sp.log(2)))
    assert result.status is Status.REFUTED


@pytest.mark.parametrize("step", ["normalisation", "divergence form"])
def test_dropping_the_normalisation_premise_means_no_proof(derivation, step):
    cited = tuple(n for n in derivation.step(step).premises if n != "normalisation")
    result = verdict(derivation, step, premises=cited)
    assert result.status is not Status.PROVED
    # Without ∫p = ∫q = 1 the masses are free, and a mass other than 1 is a counterexample.
    assert result.status is Status.REFUTED
    assert "masses" in result.method


def test_sign_flip_in_second_derivative_is_refuted(derivation):
    second = -P / Y**2 - Q / (1 - Y) ** 2
    result = verdict(derivation, "second-order condition", claim=Inequality(second, ">", 0))
    assert result.status is Status.REFUTED
    result = verdict(derivation, "second-order condition", claim=Inequality(-second, "<", 0))
    assert result.status is Status.REFUTED


def test_second_derivative_sign_needs_positivity(derivation):
    result = verdict(derivation, "second-order condition", premises=("domain",))
    assert result.status is Status.UNKNOWN


def test_one_minus_log_d_for_log_one_minus_d():
    slip = Objective("slip", sp.log(Y), 1 - sp.log(Y), sp.Interval.open(0, 1))
    # The engine finds no interior maximiser for the mistyped objective ...
    with pytest.raises(InvalidArgument, match="no unique interior maximiser"):
        optimal_discriminator(slip)
    # ... and the claimed D* = p/(p + q) is refuted for it.
    step = gan_global_optimum().step("pointwise maximisation")
    wrong = dataclasses.replace(step, claim=Maximiser(slip.integrand(), Y, P / (P + Q),
                                                       GAN.domain))
    assert check_step(wrong, gan_global_optimum().premises).symbolic.status is Status.REFUTED


def test_bound_claimed_as_equality_for_every_generator_is_refuted(derivation):
    result = verdict(derivation, "divergence form",
                     claim=Equation(integral(C_INTEGRAND), -sp.log(4)))
    assert result.status is Status.REFUTED
    assert "two-cell" in result.method


def test_jsd_in_bits_mixed_with_natural_log_is_refuted(derivation):
    in_bits = JSD(P, Q) / sp.log(2)
    result = verdict(derivation, "divergence form",
                     claim=Equation(integral(C_INTEGRAND), 2 * in_bits - sp.log(4)))
    assert result.status is Status.REFUTED


def test_log_p_over_pg_plus_pg_is_refuted(derivation):
    wrong = P * sp.log(P / (Q + Q)) + Q * sp.log(Q / (P + Q))
    result = verdict(derivation, "substitution",
                     claim=Equation(integral(PHI.subs(Y, P / (P + Q))), integral(wrong)))
    assert result.status is Status.REFUTED


def test_wrong_equality_case_is_refuted(derivation):
    criterion = 2 * JSD(P, Q) - sp.log(4)
    result = verdict(derivation, "lower bound",
                     claim=Inequality(criterion, ">=", -sp.log(4), sp.Eq(P, 2 * Q)))
    assert result.status is Status.REFUTED


def test_upper_bound_in_place_of_lower_bound_is_not_proved(derivation):
    criterion = 2 * JSD(P, Q) - sp.log(4)
    result = verdict(derivation, "lower bound", claim=Inequality(criterion, "<=", -sp.log(4)))
    assert result.status is not Status.PROVED


def test_wrong_d_star_at_equality_is_refuted(derivation):
    result = verdict(derivation, "equality case", claim=Equation(P / (P + P), sp.Rational(1, 3)))
    assert result.status is Status.REFUTED


def test_wrong_support_value_is_refuted(derivation):
    from symbolic_gan.derivation import Supremum

    result = verdict(derivation, "support of p_g only",
                     claim=Supremum(Q * sp.log(1 - Y), Y, GAN.domain, Q * sp.log(2)))
    assert result.status is Status.REFUTED
