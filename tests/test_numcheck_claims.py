"""The numeric cross-check tests what each claim says: wrong claims FAIL, true ones do not.

Organised by hole: roots, suprema, maximisers, strict and y-dependent relations, infinities,
symbol roles and domains, premise violations, per-pair outcomes, robustness. Each wrong claim
is checked alone (a one-step checked derivation with an unchecked symbolic verdict), so the
symbolic checker plays no part and cannot hang on a hostile claim.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp

from symbolic_gan.battery import Case, default_battery
from symbolic_gan.densities import Laplace, Normal, Uniform, UserDensity
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Premise, Roots, Supremum
from symbolic_gan.functionals import JSD, KL, Entropy, Expectation, integral
from symbolic_gan.numcheck import check_numeric
from symbolic_gan.objective import GAN, Objective, P, Q, X, Y, lsgan
from symbolic_gan.theorems import get_theorem
from symbolic_gan.theorems.gan import gan_global_optimum
from symbolic_gan.verdict import (
    CheckedDerivation,
    CheckedStep,
    NumericStatus,
    Status,
    SymbolicVerdict,
)

PASSED, FAILED = NumericStatus.PASSED, NumericStatus.FAILED
INCONCLUSIVE, VIOLATED = NumericStatus.INCONCLUSIVE, NumericStatus.PREMISE_VIOLATED
UNIT = sp.Interval.open(0, 1)
PHI = GAN.integrand()
FIRST = sp.diff(PHI, Y)
DSTAR = P / (P + Q)
TANH_DSTAR = (1 + sp.tanh(sp.log(P / Q) / 2)) / 2
SQRT_DSTAR = sp.sqrt(P) / (sp.sqrt(P) + sp.sqrt(Q))
# a few hard pairs: identical, a spike (ratios p/q up to e^600), heavy tail, a plain pair
SMALL = tuple(c for c in default_battery()
              if c.name in ("identical", "spike", "cauchy-normal", "normal-pair"))
# the same without the heavy tail, whose integrals of log y or x take seconds to settle
LIGHT = tuple(c for c in SMALL if c.name != "cauchy-normal")
# KL(p‖q) = +inf: q = 0 on half of p's support
INFINITE = (Case("wider", Uniform(0, 2), Uniform(0, 1)),)


@pytest.fixture(scope="module")
def gan():
    return gan_global_optimum()


def one_step(derivation, name, claim=None, cases=SMALL, premises=None):
    """The numeric verdict of step ``name`` (its claim replaced by ``claim``) alone."""
    changes = {k: v for k, v in (("claim", claim), ("premises", premises)) if v is not None}
    d = derivation.replace_step(name, **changes) if changes else derivation
    unchecked = SymbolicVerdict(Status.UNKNOWN, "not checked here")
    checked = CheckedDerivation(d, (CheckedStep(d.step(name), unchecked),))
    return check_numeric(checked, cases=cases).steps[0].numeric


def statuses(verdict):
    return {c["case"]: c["status"] for c in verdict.cases}


# ---------------------------------------------------------------- roots
@pytest.mark.parametrize("roots, domain", [
    ((Q / (P + Q),), UNIT),                      # the wrong root, alone
    ((DSTAR, Q / (P + Q)), UNIT),                # the right root plus a wrong one
    ((DSTAR, sp.Rational(1, 2)), UNIT),          # plus a constant that is no root
    ((), UNIT),                                  # the root left out
], ids=["wrong", "extra", "extra-constant", "missing"])
def test_roots_are_evaluated_at_every_claimed_root_and_searched_for(gan, roots, domain):
    v = one_step(gan, "first-order condition", Roots(FIRST, Y, roots, domain))
    assert v.status is FAILED, v.detail


def test_unclaimed_roots_inside_a_wider_domain_fail(gan):
    expr = P * (Y - DSTAR) * (Y - 2)
    v = one_step(gan, "first-order condition", Roots(expr, Y, (DSTAR,), sp.Interval.open(0, 3)))
    assert v.status is FAILED and "unclaimed root" in v.detail
    right = one_step(gan, "first-order condition",
                     Roots(expr, Y, (DSTAR, sp.Integer(2)), sp.Interval.open(0, 3)))
    assert right.status is PASSED, right.detail


def test_a_sign_change_through_a_pole_is_not_a_root(gan):
    # 1/(y − ½) changes sign at ½ but has no root
    v = one_step(gan, "first-order condition", Roots(P / (Y - sp.Rational(1, 2)), Y, (), UNIT))
    assert v.status is PASSED, v.detail


def test_every_y_a_root_where_p_equals_q(gan):
    v = one_step(gan, "first-order condition", Roots(P - Q + 0 * Y, Y, (), UNIT))
    assert v.status is FAILED
    assert statuses(v)["identical"] == "failed"
    assert statuses(v)["spike"] == "passed"


@pytest.mark.parametrize("claim", [
    Roots(Y - 2, Y, (sp.Integer(2),), UNIT),                       # root outside the domain
    Roots(P * (Y + DSTAR), Y, (-DSTAR,), UNIT),                    # negative root
    Roots(P * sp.exp(-Y) - Q * sp.exp(Y), Y,                       # complex root on R
          (sp.log(-sp.sqrt(P / Q)),), sp.Reals),
], ids=["outside", "negative", "complex"])
def test_a_claimed_root_outside_the_domain_fails(gan, claim):
    v = one_step(gan, "first-order condition", claim)
    assert v.status is FAILED, v.detail


@pytest.mark.parametrize("root", [DSTAR, TANH_DSTAR, 1 / (1 + Q / P)], ids=str)
def test_the_true_root_in_any_form_does_not_fail(gan, root):
    v = one_step(gan, "first-order condition", Roots(FIRST, Y, (root,), UNIT))
    assert v.status is PASSED, v.detail


# ---------------------------------------------------------------- suprema
@pytest.mark.parametrize("function, value", [
    (Q * sp.log(1 - Y), -Q),                 # below the function: not an upper bound
    (Q * sp.log(1 - Y), Q),                  # above it everywhere: not the least
    ((P - Q) * Y, sp.Abs(P - Q)),            # right only where p ≥ q
    (-P * (Y - sp.Rational(1, 2)) ** 2, P / 10),
], ids=["too-low", "too-high", "abs", "parabola"])
def test_a_supremum_is_checked_both_ways(gan, function, value):
    v = one_step(gan, "support of p_g only", Supremum(function, Y, UNIT, value))
    assert v.status is FAILED, v.detail


@pytest.mark.parametrize("function, value", [
    (Q * sp.log(1 - Y), sp.Integer(0)),
    ((P - Q) * Y, sp.Max(P - Q, 0)),
    (-P * (Y - sp.Rational(1, 2)) ** 2, sp.Integer(0)),
], ids=["log", "max", "parabola"])
def test_a_true_supremum_passes(gan, function, value):
    v = one_step(gan, "support of p_g only", Supremum(function, Y, UNIT, value))
    assert v.status is PASSED, v.detail


# ---------------------------------------------------------------- maximisers
@pytest.mark.parametrize("point", [
    SQRT_DSTAR, Q / (P + Q), 2 * P / (P + Q), sp.Integer(0), (P / (P + Q)) ** 2,
], ids=["sqrt", "swapped", "outside", "zero", "squared"])
def test_a_wrong_maximiser_fails_pointwise(gan, point):
    v = one_step(gan, "pointwise maximisation", Maximiser(PHI, Y, point, UNIT))
    assert v.status is FAILED, v.detail


def test_the_sqrt_discriminator_fails_on_every_pair_but_the_identical_one(gan):
    v = one_step(gan, "pointwise maximisation", Maximiser(PHI, Y, SQRT_DSTAR, UNIT),
                 cases=default_battery())
    failed = {name for name, s in statuses(v).items() if s == "failed"}
    assert failed >= {"spike", "cauchy-normal", "normal-pair", "mixture-student"}
    assert statuses(v)["identical"] == "passed"


def test_a_maximiser_on_a_wider_domain_is_searched_there(gan):
    f = -P * (Y - 5) ** 2
    wrong = one_step(gan, "pointwise maximisation", Maximiser(f, Y, sp.Integer(1),
                                                               sp.Interval.open(0, 10)))
    right = one_step(gan, "pointwise maximisation", Maximiser(f, Y, sp.Integer(5),
                                                               sp.Interval.open(0, 10)))
    assert (wrong.status, right.status) == (FAILED, PASSED), (wrong.detail, right.detail)


@pytest.mark.parametrize("point", [DSTAR, TANH_DSTAR, 1 / (1 + Q / P)], ids=str)
def test_the_true_maximiser_in_any_form_does_not_fail(gan, point):
    v = one_step(gan, "pointwise maximisation", Maximiser(PHI, Y, point, UNIT))
    assert v.status is PASSED, v.detail


@pytest.mark.parametrize("step, claim", [
    ("first-order condition", Roots(FIRST, Y, (TANH_DSTAR,), UNIT)),
    ("pointwise maximisation", Maximiser(PHI, Y, TANH_DSTAR, UNIT)),
], ids=["roots", "maximiser"])
def test_an_ill_conditioned_true_form_never_fails_on_many_pairs(gan, step, claim):
    # 1 − tanh(z) cancels: float64 places the point only to ~1e-5 relative near the ends
    from symbolic_gan.numcheck import default_cases

    v = one_step(gan, step, claim, cases=default_cases(300, seed=3))
    assert v.status is not FAILED, v.detail
    assert sum(c["status"] == "passed" for c in v.cases) >= 8


def test_the_gan_steps_pass_on_many_random_pairs(gan):
    # float64 decides almost everywhere; where it cannot (p/q beyond 1e16), the substituted
    # expression or mpmath does, so no pair is left inconclusive
    from symbolic_gan.numcheck import default_cases

    checked = check_numeric(_all_unchecked(gan), cases=default_cases(150, seed=11))
    assert {s.step.name: str(s.numeric.status) for s in checked.steps} == {
        s.name: "passed" for s in gan.steps}, [(s.step.name, s.numeric.detail[:300])
                                               for s in checked.steps]


def test_the_maximiser_of_a_gaussian_bump_on_the_line(gan):
    f = (P + Q) * sp.exp(-Y ** 2)
    assert one_step(gan, "pointwise maximisation",
                    Maximiser(f, Y, sp.Integer(0), sp.Reals)).status is PASSED
    assert one_step(gan, "pointwise maximisation",
                    Maximiser(f, Y, sp.Rational(1, 10), sp.Reals)).status is FAILED


# ---------------------------------------------------------------- strict and y-dependent
@pytest.mark.parametrize("claim", [
    Inequality((P - Q) ** 2, ">", 0),
    Inequality(-sp.Abs(P - Q), "<", 0),
    Inequality(P * sp.log(P / Q) - P + Q, ">", 0),
], ids=["square", "abs", "gibbs-pointwise"])
def test_a_strict_claim_with_equality_on_a_case_does_not_pass(gan, claim):
    v = one_step(gan, "second-order condition", claim)
    assert v.status is FAILED and statuses(v)["identical"] == "failed", v.detail
    non_strict = dataclasses.replace(claim, relation=claim.relation + "=")
    assert one_step(gan, "second-order condition", non_strict).status is PASSED


def test_a_strict_integral_claim_with_equality_is_not_passed(gan):
    claim = Inequality(2 * JSD(P, Q) - sp.log(4), ">", -sp.log(4))
    v = one_step(gan, "lower bound", claim)
    assert statuses(v)["identical"] != "passed"
    assert v.status is not PASSED


@pytest.mark.parametrize("claim", [
    Inequality(Y, ">", sp.Rational(1, 2)),              # false for small y
    Inequality(P * sp.log(Y), ">=", -P),                # false near 0
    Inequality(Q * Y * (1 - Y), "<", Q / 5),            # false near ½ only
], ids=["linear", "log", "middle"])
def test_a_y_dependent_claim_is_checked_at_every_grid_value(gan, claim):
    v = one_step(gan, "second-order condition", claim)
    assert v.status is FAILED, v.detail


def test_the_domain_of_y_is_the_one_the_step_cites(gan):
    claim = Inequality(sp.log(Y), "<", 0)  # true on (0, 1), false on (0, 2)
    assert one_step(gan, "second-order condition", claim).status is PASSED
    wide = Premise("domain", "0 < y < 2", "domain", interval=sp.Interval.open(0, 2))
    d = dataclasses.replace(gan, premises=tuple(wide if p.name == "domain" else p
                                                for p in gan.premises))
    assert one_step(d, "second-order condition", claim).status is FAILED


@pytest.mark.parametrize("lhs, rhs", [
    (KL(P, Q), -KL(P, Q)),
    (Expectation(P, sp.log(Q)), -Expectation(P, sp.log(Q))),
    (KL(P, Q) + 1, -KL(P, Q)),
], ids=["kl", "cross-entropy", "shifted"])
def test_plus_infinity_against_minus_infinity_is_not_equal(gan, lhs, rhs):
    v = one_step(gan, "divergence form", Equation(lhs, rhs), cases=INFINITE)
    assert v.status is FAILED, v.detail


def test_equal_infinities_are_equal(gan):
    claim = Equation(Expectation(P, sp.log(Q)), -Entropy(P) - KL(P, Q))
    assert one_step(gan, "divergence form", claim, cases=INFINITE).status is PASSED


# ---------------------------------------------------------------- y inside integrals
@pytest.mark.parametrize("lhs, rhs", [
    (Expectation(P, sp.log(Y)), Expectation(Q, sp.log(Y))),
    (Expectation(P, sp.log(Y)) + Expectation(Q, sp.log(1 - Y)),
     Expectation(Q, sp.log(Y)) + Expectation(P, sp.log(1 - Y))),
    (Expectation(P, Y), sp.Rational(1, 2)),
], ids=["one-side", "swapped", "mean"])
def test_a_claim_for_every_discriminator_is_checked_for_several(gan, lhs, rhs):
    v = one_step(gan, "expectations as integrals", Equation(lhs, rhs),
                 premises=("density", "domain", "normalisation"), cases=LIGHT)
    assert v.status is FAILED, v.detail


def test_moments_in_x_are_integrated(gan):
    claim = Equation(integral(P * X), integral(Q * X))  # E_p[x] = E_q[x]: false
    v = one_step(gan, "normalisation", claim, cases=LIGHT)
    assert v.status is FAILED and statuses(v)["identical"] == "passed", v.detail


# ---------------------------------------------------------------- premises and per-pair
def _twice_uniform(name="twice-uniform"):
    return UserDensity.from_logpdf(
        lambda x: np.where((x > 0) & (x < 1), np.log(2.0), -np.inf), (0.0, 1.0),
        name=name, check_mass=False)


@pytest.mark.parametrize("step", ["normalisation", "divergence form"])
def test_a_density_of_mass_two_violates_the_normalisation_premise(gan, step):
    heavy = Case("unnormalised", _twice_uniform(), Uniform(0, 1))
    checked = check_numeric(_all_unchecked(gan), cases=[heavy])
    assert checked[step].numeric.status is VIOLATED, checked[step].numeric.detail
    assert not checked.numeric_ok and not checked.ok
    # a step that does not cite normalisation must hold whatever the masses
    assert checked["substitution"].numeric.status is PASSED


def test_a_density_of_mass_two_in_the_mle_theorem():
    mle = get_theorem("mle-minimises-kl").derive()
    heavy = Case("unnormalised", Uniform(0, 1), _twice_uniform())
    v = one_step(mle, "Gibbs' inequality", cases=[heavy])
    assert v.status is VIOLATED, v.detail


def test_a_negative_density_violates_the_premises(gan):
    negative = UserDensity.from_pdf(
        lambda x: np.where((x > 0.3) & (x < 0.3000001), -1.0, 1.0), (0.0, 1.0),
        name="negative", check_mass=False, breakpoints=[0.3, 0.3000001])
    v = one_step(gan, "pointwise rewrite", cases=[Case("negative", negative, Uniform(0, 1))])
    assert v.status is VIOLATED, v.detail


class _Fragile(Laplace):
    """A density whose evaluation raises beyond x = 5 (a user's bug)."""

    def logpdf(self, x):
        if np.any(np.asarray(x) > 5):
            raise RuntimeError("fragile beyond 5")
        return super().logpdf(x)


def test_one_pairs_exception_never_hides_another_pairs_failure(gan):
    cases = [Case("fragile", _Fragile(0.0, 1.0), Normal(0, 1)), *SMALL]
    wrong = Equation(integral(gan.step("divergence form").claim.lhs.function),
                     2 * JSD(P, Q) - sp.log(2))
    v = one_step(gan, "divergence form", wrong, cases=cases)
    assert v.status is FAILED
    by_case = statuses(v)
    assert by_case["fragile"] == "inconclusive"
    assert by_case["normal-pair"] == "failed"
    pointwise = one_step(gan, "pointwise maximisation", Maximiser(PHI, Y, SQRT_DSTAR, UNIT),
                         cases=cases)
    assert pointwise.status is FAILED and statuses(pointwise)["fragile"] == "inconclusive"


def _fragile_user():
    """A user density that breaks on large arrays: quadrature raises, sampling does not."""
    def logpdf(x):
        if np.size(x) > 200:
            raise RuntimeError("too many points")
        return -0.5 * np.asarray(x) ** 2 - 0.5 * np.log(2 * np.pi)

    return UserDensity.from_logpdf(logpdf, (-np.inf, np.inf), name="fragile-user",
                                   check_mass=False)


def test_an_exception_inside_quadrature_marks_that_pair_only(gan):
    cases = [Case("fragile-user", _fragile_user(), Normal(0, 1)), *LIGHT]
    wrong = Equation(integral((P + Q) * sp.log(2)), sp.log(2))
    v = one_step(gan, "normalisation", wrong, cases=cases)
    assert v.status is FAILED
    by_case = statuses(v)
    assert by_case["fragile-user"] == "inconclusive"
    assert by_case["normal-pair"] == "failed"


def test_every_pair_has_its_own_status(gan):
    heavy = Case("unnormalised", _twice_uniform(), Uniform(0, 1))
    cases = [heavy, *SMALL]
    v = one_step(gan, "normalisation", cases=cases)
    assert statuses(v) == {"unnormalised": "premise-violated", "identical": "passed",
                           "spike": "passed", "cauchy-normal": "passed",
                           "normal-pair": "passed"}
    assert v.status is VIOLATED


def _all_unchecked(derivation):
    unchecked = SymbolicVerdict(Status.UNKNOWN, "not checked here")
    return CheckedDerivation(derivation, tuple(CheckedStep(s, unchecked) for s in derivation))


# ---------------------------------------------------------------- true claims, robustness
def test_the_tanh_form_of_the_optimal_discriminator_is_equal_to_it(gan):
    v = one_step(gan, "equality case", Equation(TANH_DSTAR, DSTAR), cases=default_battery())
    assert v.status is PASSED, v.detail


@pytest.mark.parametrize("objective", [
    Objective("exp_obj", sp.log(Y), -Y, sp.Interval.open(0, sp.oo)),       # D* = p/q
    Objective("expexp", -sp.exp(-Y), -sp.exp(Y), sp.Reals),                # D* = log √(p/q)
    Objective("logsq", sp.log(Y), -Y ** 2 / 2, sp.Interval.open(0, sp.oo)),  # D* = √(p/q)
    lsgan(0, 1),
], ids=lambda o: o.name + str(o.domain))
def test_the_engines_own_derivation_never_fails(objective):
    from symbolic_gan.theorems.optimum import optimal_discriminator
    from symbolic_gan.theorems.premises import standard_premises

    opt = optimal_discriminator(objective)
    d = dataclasses.replace(gan_global_optimum(), premises=standard_premises(objective),
                            steps=opt.steps())
    checked = check_numeric(_all_unchecked(d), cases=SMALL)  # cauchy-normal included
    assert {s.step.name: str(s.numeric.status) for s in checked.steps} == {
        s.name: "passed" for s in d.steps}, [(s.step.name, s.numeric.detail)
                                             for s in checked.steps]


@pytest.mark.parametrize("claim", [
    Equation(P * sp.Symbol("dx"), P),
    Equation(integral(P * sp.Symbol("dx")), sp.Integer(1)),
    Inequality(sp.Symbol("q") * Y, "<", 1),  # a q that is not the density symbol
], ids=["dx", "dx-integral", "plain-q"])
def test_a_symbol_without_a_role_is_inconclusive_and_named(gan, claim):
    v = one_step(gan, "pointwise rewrite", claim)
    assert v.status is INCONCLUSIVE
    assert "no numeric role" in v.detail


def test_a_discriminator_of_zero_fails_without_a_traceback(gan):
    v = one_step(gan, "pointwise maximisation", Maximiser(PHI, Y, sp.Integer(0), UNIT))
    assert v.status is FAILED and "outside the domain" in v.detail


def test_an_undefined_value_is_inconclusive(gan):
    v = one_step(gan, "pointwise rewrite", Equation(P * sp.log(sp.Integer(0)), P))
    assert v.status is INCONCLUSIVE, v.detail
