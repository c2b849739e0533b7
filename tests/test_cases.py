"""Case splits on a switch (symbolic_gan.cases): |p − q|, max, min, sign and Heaviside.

A claim with a kink is proved when it is proved on each side of the switch and on the switch
itself; it is never proved when one side fails. Only variables positive under the premises are
split on.
"""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_gan.cases import split_cases
from symbolic_gan.checker import check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Supremum
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.verdict import Status

UNIT = sp.Interval.open(0, 1)
FULL = Context(positive=True, domain=UNIT, normalised=True, convention=True)
SYMMETRIC = Context(positive=True, domain=sp.Interval(-1, 1))
NO_POSITIVITY = Context(positive=False, domain=UNIT)
HINGE = -P * sp.Max(0, 1 - Y) - Q * sp.Max(0, 1 + Y)

TRUE = [
    ("abs-dominates", Inequality(sp.Abs(P - Q), ">=", P - Q), FULL),
    ("abs-dominates-other-side", Inequality(sp.Abs(P - Q), ">=", Q - P), FULL),
    ("abs-below-sum", Inequality(sp.Abs(P - Q), "<", P + Q), FULL),
    ("max-plus-min", Equation(sp.Max(P, Q) + sp.Min(P, Q), P + Q), FULL),
    ("max-minus-min", Equation(sp.Max(P, Q) - sp.Min(P, Q), sp.Abs(P - Q)), FULL),
    ("max-by-abs", Equation(sp.Max(P, Q), (P + Q + sp.Abs(P - Q)) / 2), FULL),
    ("min-below-mean", Inequality(sp.Min(P, Q), "<=", (P + Q) / 2), FULL),
    ("sign-times-switch", Equation(sp.sign(P - Q) * (P - Q), sp.Abs(P - Q)), FULL),
    ("heaviside-positive-part", Equation(sp.Heaviside(P - Q) * (P - Q), sp.Max(P - Q, 0)),
     FULL),
    ("scaled-switch", Inequality(sp.Max(2 * P, 2 * Q), ">=", P + Q), FULL),
    ("two-switches-triangle", Inequality(sp.Abs(P - 2 * Q) + sp.Abs(P - Q), ">=", Q), FULL),
    ("one-variable", Inequality(sp.Abs(P - 1), ">=", 1 - P), FULL),
    ("sup-by-cases", Supremum((P - Q) * Y, Y, sp.Interval(0, 1), sp.Max(P - Q, 0)), FULL),
    ("sup-abs", Supremum((P - Q) * Y, Y, sp.Interval(-1, 1), sp.Abs(P - Q)), SYMMETRIC),
]


@pytest.mark.parametrize(("claim", "ctx"), [pytest.param(c, x, id=n) for n, c, x in TRUE])
def test_true_claim_is_proved_by_cases(claim, ctx):
    verdict = check_claim(claim, ctx)
    assert verdict.status is Status.PROVED, verdict


def test_the_proof_names_its_cases():
    verdict = check_claim(Inequality(sp.Abs(P - Q), ">=", P - Q), FULL)
    assert verdict.method.startswith("by cases — p > q: ")
    assert "; p < q: " in verdict.method and "; p = q: " in verdict.method


FALSE = [
    ("abs-is-the-switch", Equation(sp.Abs(P - Q), P - Q), FULL),
    ("max-is-p", Equation(sp.Max(P, Q), P), FULL),
    ("min-above-mean", Inequality(sp.Min(P, Q), ">=", (P + Q) / 2), FULL),
    ("strict-at-the-tie", Inequality(sp.Abs(P - Q), ">", 0), FULL),
    ("wrong-tie-value", Equation(sp.Heaviside(P - Q) + sp.Heaviside(Q - P), 2), FULL),
    ("other-switch-fails", Inequality(sp.Abs(P - 2 * Q), ">=", P - Q), FULL),
    ("one-variable-wrong", Inequality(sp.Abs(P - 1), "<=", P), FULL),
    ("sup-without-max", Supremum((P - Q) * Y, Y, sp.Interval(0, 1), P - Q), FULL),
    ("sup-doubled", Supremum((P - Q) * Y, Y, sp.Interval(0, 1), 2 * sp.Max(P - Q, 0)), FULL),
    ("hinge-maximiser-wrong-sign", Maximiser(HINGE, Y, sp.sign(Q - P), SYMMETRIC.domain),
     SYMMETRIC),
]


@pytest.mark.parametrize(("claim", "ctx"), [pytest.param(c, x, id=n) for n, c, x in FALSE])
def test_false_claim_is_not_proved_by_cases(claim, ctx):
    assert check_claim(claim, ctx).status is not Status.PROVED


def test_no_split_without_the_positivity_premise():
    # p and q are then any reals: the split p = q·(1 + t) would not cover them
    verdict = check_claim(Inequality(sp.Abs(P - Q), ">=", P - Q), NO_POSITIVITY)
    assert "by cases" not in verdict.method


def test_the_three_cases_cover_both_sides_and_the_tie():
    cases = split_cases((sp.Max(P, Q),), (P, Q))
    assert [name for name, _ in cases] == ["p > q", "p < q", "p = q"]
    (t,) = cases[0][1][0].free_symbols - {Q}
    at = {Q: sp.Integer(2), t: sp.Rational(1, 2)}
    above, below, tie = (case[0].xreplace(at) for _, case in cases)
    assert (above, below, tie) == (3, 2, 2)  # max(3, 2), max(4/3, 2), max(2, 2)


def test_a_switch_in_a_variable_that_is_not_positive_is_not_split():
    assert split_cases((sp.Abs(Y - sp.Rational(1, 2)),), (P, Q)) is None
    assert split_cases((sp.Abs(P + Q),), (P, Q)) is None  # no sign change: nothing to split


def test_total_variation_is_at_most_one():
    # |p − q| ≤ p + q by cases, and the chord between the asymptotes of −|u − 1| is −(1 + u)
    from symbolic_gan.functionals import integral

    tv = integral(sp.Abs(P - Q)) / 2
    assert check_claim(Inequality(tv, "<=", 1), FULL).status is Status.PROVED
    assert check_claim(Inequality(tv, "<=", sp.Rational(9, 10)), FULL).status \
        is not Status.PROVED
