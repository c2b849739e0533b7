"""The derivation engine: objective-independent, honest about what it cannot decide."""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_gan.calculus import find_roots
from symbolic_gan.checker import check, check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Derivation, Equation, Inequality, Premise, Step
from symbolic_gan.errors import InvalidArgument, UnknownTheorem
from symbolic_gan.objective import GAN, Objective, P, Q, Y, lsgan
from symbolic_gan.rewrite import log_normal_form, zero_test
from symbolic_gan.theorems import get_theorem, list_theorems
from symbolic_gan.theorems.lsgan import optimal_discriminator_theorem
from symbolic_gan.theorems.optimum import optimal_discriminator
from symbolic_gan.verdict import Status


@pytest.mark.parametrize(("fake", "real"), [(0, 1), (-1, 1), (-1, 0), (2, -3)])
def test_lsgan_goes_through_the_same_engine(fake, real):
    derivation = optimal_discriminator_theorem(lsgan(fake, real))
    checked = check(derivation)
    assert checked.ok, [(s.step.name, s.symbolic) for s in checked.failures()]
    # Mao et al. 2017, eq. (4): D* = (b p_data + a p_g)/(p_data + p_g), typed from the paper.
    expected = (real * P + fake * Q) / (P + Q)
    point = derivation.step("pointwise maximisation").claim.point
    assert sp.simplify(point - expected) == 0


def test_lsgan_value_at_optimum_is_the_triangular_discriminator_term():
    # For a = 0, b = 1: φ(D*) = −½·pq/(p + q)  (docs/theory.md#gan-family, up to the affine terms).
    opt = optimal_discriminator(lsgan(0, 1))
    assert sp.simplify(opt.value + P * Q / (2 * (P + Q))) == 0


def test_a_new_objective_needs_no_engine_change():
    # An objective the engine has never seen: p·log y + q·log(1 − y) scaled and shifted.
    tilted = Objective("tilted", 2 * sp.log(Y), sp.log(1 - Y) - 3, sp.Interval.open(0, 1))
    opt = optimal_discriminator(tilted)
    assert sp.simplify(opt.point - 2 * P / (2 * P + Q)) == 0
    assert check(optimal_discriminator_theorem(tilted)).ok


def test_every_registered_theorem_is_proved():
    for theorem in list_theorems():
        checked = check(theorem.derive())
        assert checked.ok, (theorem.name, [s.step.name for s in checked.failures()])
        assert all(s.symbolic.seconds > 0 for s in checked.steps)


def test_gan_proof_has_the_steps_of_math_md():
    names = [s.name for s in get_theorem("gan-global-optimum").derive()]
    for expected in ("expectations as integrals", "pointwise maximisation",
                     "first-order condition", "second-order condition", "support of p_g only",
                     "support of p_data only", "substitution", "pointwise rewrite",
                     "normalisation", "divergence form", "lower bound", "equality case"):
        assert expected in names


def test_premises_are_explicit_and_cited():
    derivation = get_theorem("gan-global-optimum").derive()
    kinds = {p.kind for p in derivation.premises}
    assert {"positive", "domain", "normalised", "convention"} <= kinds
    assert "normalisation" in derivation.step("normalisation").premises
    assert "supports" in derivation.step("support of p_g only").premises


def test_unknown_is_not_proved_when_the_checker_cannot_decide():
    # sin(p) ≥ 0 is false (p = 4), but every sample point lies in (0, π): honest UNKNOWN.
    verdict = check_claim(Inequality(sp.sin(P), ">=", 0), Context(positive=True))
    assert verdict.status is Status.UNKNOWN
    assert not verdict.proved


def test_zero_test_does_not_call_a_non_zero_expression_zero():
    found = zero_test(sp.log(P + Q) - sp.log(P) - sp.log(Q), Context(positive=True))
    assert found.status is Status.REFUTED
    assert found.counterexample is not None


def test_forced_log_expansion_is_recorded_with_its_premise():
    ctx = Context(positive=True, domain=GAN.domain, premise_names={"domain": "domain"})
    _, forced = log_normal_form(sp.log(Y * (1 - Y)), ctx)
    assert forced and "domain" in forced[0]
    _, unforced = log_normal_form(sp.log(P * Q), Context(positive=True))
    assert unforced == ()


def test_spurious_roots_are_returned_for_the_caller_to_test():
    # y² = p has two roots; only one is positive: find_roots must return both.
    roots = find_roots(Y**2 - P, Y)
    assert len(roots) == 2


def test_objective_validation_names_the_argument():
    with pytest.raises(InvalidArgument, match="a="):
        Objective("bad", sp.log(Y) + P, sp.log(1 - Y), sp.Interval.open(0, 1))
    with pytest.raises(InvalidArgument, match="domain="):
        Objective("bad", sp.log(Y), sp.log(1 - Y), sp.Interval(0, 1))
    with pytest.raises(InvalidArgument, match="real_label"):
        lsgan(1, 1)


def test_derivation_validation():
    premise = Premise("positivity", "p > 0", "positive")
    step = Step("s", Equation(P, P), "trivial", ("nonexistent",))
    with pytest.raises(InvalidArgument, match="not declared premises"):
        Derivation("t", "t", "t", (premise,), (step,))
    with pytest.raises(InvalidArgument, match="claim="):
        Step("s", "p = p", "trivial")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="relation="):
        Inequality(P, "!=", Q)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="lhs="):
        Equation("p", P)  # type: ignore[arg-type]


def test_unknown_theorem_lists_the_known_ones():
    with pytest.raises(UnknownTheorem) as info:
        get_theorem("gan-local-optimum")
    message = str(info.value)
    assert "gan-local-optimum" in message
    assert all(t.name in message for t in list_theorems())


def test_check_rejects_non_derivations():
    with pytest.raises(InvalidArgument, match="derivation="):
        check("gan-global-optimum")  # type: ignore[arg-type]
