"""Exact identities whose terms cancel inside (a review finding): float64 loses the value
entirely at extreme density ratios, so a float64 "failure" is confirmed by mpmath, with digits
increased until two precisions agree, before a true step is called failed."""

from __future__ import annotations

import pytest

from symbolic_gan.battery import default_battery
from symbolic_gan.numcheck import check_numeric
from symbolic_gan.theorems import get_theorem
from symbolic_gan.verdict import CheckedDerivation, CheckedStep, Status, SymbolicVerdict

BATTERY = {case.name: case for case in default_battery()}


def numeric_of(theorem: str, step: str, case: str):
    derivation = get_theorem(theorem).derive()
    unchecked = SymbolicVerdict(Status.UNKNOWN, "not checked here")
    checked = CheckedDerivation(derivation, (CheckedStep(derivation.step(step), unchecked),))
    return check_numeric(checked, cases=[BATTERY[case]]).steps[0].numeric


@pytest.mark.parametrize(("theorem", "case"), [
    # −p((p−q)/(p+q) − 1)²/2 − q((p−q)/(p+q) + 1)²/2 = −2pq/(p+q) at p/q ≈ e^-220
    ("lsgan-criterion", "spike"),
    # √(1 − p²/(p² + q²)) at q/p ≈ 1e-84: the 1 − … cancels to 1e-168
    ("alpha-gan-2", "cauchy-normal"),
])
def test_an_exact_identity_is_not_failed_by_cancellation(theorem, case):
    verdict = numeric_of(theorem, "criterion function", case)
    assert str(verdict.status) == "passed", verdict.cases


def test_a_wrong_identity_still_fails():
    from symbolic_gan.derivation import Equation
    from symbolic_gan.objective import P, Q

    derivation = get_theorem("lsgan-criterion").derive()
    wrong = derivation.replace_step("criterion function", claim=Equation(
        derivation.step("criterion function").claim.lhs, -P * Q / (P + Q)))
    unchecked = SymbolicVerdict(Status.UNKNOWN, "not checked here")
    checked = CheckedDerivation(wrong, (CheckedStep(wrong.step("criterion function"),
                                                    unchecked),))
    verdict = check_numeric(checked, cases=[BATTERY["normal-pair"]]).steps[0].numeric
    assert str(verdict.status) == "failed"
