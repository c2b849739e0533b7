"""A bank of wrong steps, each refuted by the checker's symbolic test or by a numeric
counterexample pair that Hypothesis finds and shrinks.

The test id says which check is relied on (``caught-by-symbolic`` / ``caught-by-numeric``);
the numeric route prints the shrunk counterexample pair (visible with ``pytest -rA -s``).
This complements tests/test_wrong_steps.py (symbolic refutations): the wrong discriminators,
the missing ½ and the log-base slips are re-used here with the numeric route, and the bank
adds further slips.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp
from hypothesis import find, settings

from symbolic_gan.checker import check, check_step
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Roots
from symbolic_gan.functionals import JSD, KL, Midpoint, integral
from symbolic_gan.numcheck import check_numeric
from symbolic_gan.objective import GAN, P, Q, Y
from symbolic_gan.strategies import density_pairs
from symbolic_gan.theorems import get_theorem
from symbolic_gan.verdict import NumericStatus, Status

PHI = P * sp.log(Y) + Q * sp.log(1 - Y)
C = P * sp.log(P / (P + Q)) + Q * sp.log(Q / (P + Q))
M = Midpoint(P, Q)
CRITERION = 2 * JSD(P, Q) - sp.log(4)

# (id, step, claim, route)
BANK = [
    ("d-star-q-over-p-plus-q", "pointwise maximisation",
     Maximiser(PHI, Y, Q / (P + Q), GAN.domain), "numeric"),
    ("d-star-p-over-p-plus-2q", "pointwise maximisation",
     Maximiser(PHI, Y, P / (P + 2 * Q), GAN.domain), "numeric"),
    ("d-star-one-half", "pointwise maximisation",
     Maximiser(PHI, Y, sp.S.Half, GAN.domain), "numeric"),
    ("m-without-one-half", "pointwise rewrite",
     Equation(C, P * sp.log(P / (P + Q)) + Q * sp.log(Q / (P + Q)) - (P + Q) * sp.log(2)),
     "numeric"),
    ("minus-log-2-for-minus-log-4", "divergence form",
     Equation(integral(C), 2 * JSD(P, Q) - sp.log(2)), "numeric"),
    ("jsd-in-bits-with-natural-log", "divergence form",
     Equation(integral(C), 2 * JSD(P, Q) / sp.log(2) - sp.log(4)), "numeric"),
    ("bound-as-equality-for-all-G", "divergence form",
     Equation(integral(C), -sp.log(4)), "numeric"),
    ("jsd-without-one-half", "divergence form",
     Equation(integral(C), JSD(P, Q) - sp.log(4)), "numeric"),
    ("kl-directions-swapped", "divergence form",
     Equation(integral(C), KL(M, P) + KL(M, Q) - sp.log(4)), "numeric"),
    ("log-p-over-pg-plus-pg", "substitution",
     Equation(integral(PHI.subs(Y, P / (P + Q))),
              integral(P * sp.log(P / (Q + Q)) + Q * sp.log(Q / (P + Q)))), "numeric"),
    ("normalisation-gives-log-2", "normalisation",
     Equation(integral((P + Q) * sp.log(2)), sp.log(2)), "numeric"),
    ("lower-bound-zero", "lower bound",
     Inequality(CRITERION, ">=", sp.S.Zero), "numeric"),
    ("second-derivative-positive", "second-order condition",
     Inequality(-P / Y**2 - Q / (1 - Y) ** 2, ">", sp.S.Zero), "symbolic"),
    ("second-derivative-positive-numerically", "second-order condition",
     Inequality(-P / Y**2 - Q / (1 - Y) ** 2, ">", sp.S.Zero), "numeric"),
    ("first-order-root-q-over-p-plus-q", "first-order condition",
     Roots(sp.diff(PHI, Y), Y, (Q / (P + Q),), GAN.domain), "symbolic"),
    ("one-minus-log-d", "pointwise maximisation",
     Maximiser(P * sp.log(Y) + Q * (1 - sp.log(Y)), Y, P / (P + Q), GAN.domain), "symbolic"),
    ("d-star-at-equality-one-third", "equality case",
     Equation(P / (P + P), sp.Rational(1, 3)), "symbolic"),
]


@pytest.fixture(scope="module")
def derivation():
    return get_theorem("gan-global-optimum").derive()


@pytest.fixture(scope="module")
def checked_true(derivation):
    return check(derivation)


def test_the_bank_is_big_enough():
    assert len({name for name, *_ in BANK}) >= 12


@pytest.mark.parametrize(
    ("step", "claim", "route"),
    [pytest.param(step, claim, route, id=f"{name}-caught-by-{route}")
     for name, step, claim, route in BANK],
)
def test_wrong_step_is_refuted(derivation, checked_true, step, claim, route):
    wrong = derivation.replace_step(step, claim=claim)
    if route == "symbolic":
        verdict = check_step(wrong.step(step), wrong.premises).symbolic
        assert verdict.status is Status.REFUTED, verdict
        print(f"{step}: refuted symbolically by {verdict.method}")
        return
    # Numeric route: the true step passes on every pair; Hypothesis finds (and shrinks) a
    # pair on which the wrong one fails.
    # Only the wrong step is checked numerically (the derivation still supplies D*).
    (true_step,) = [s for s in checked_true.steps if s.step.name == step]
    only_true = dataclasses.replace(checked_true, steps=(true_step,))
    only_wrong = dataclasses.replace(
        checked_true, derivation=wrong,
        steps=(dataclasses.replace(true_step, step=wrong.step(step)),))

    def fails(pair):
        verdict = check_numeric(only_wrong, cases=[pair]).steps[0].numeric
        return verdict.status is NumericStatus.FAILED

    pair = find(density_pairs(families=("normal", "laplace"),
                              relation=("overlapping", "identical")), fails,
                settings=settings(database=None, max_examples=60))
    print(f"{step}: numeric counterexample {pair.name}")
    true_verdict = check_numeric(only_true, cases=[pair]).steps[0].numeric
    assert true_verdict.status is NumericStatus.PASSED, true_verdict
