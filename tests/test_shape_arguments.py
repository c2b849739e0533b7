"""One-variable shape arguments: strict convexity, monotone convex functions, strict concavity,
and the linear minorants that carry a pointwise bound through an integral (docs/theory.md).

* a strictly convex g with a stationary point u0 lies above g(u0), strictly except at u0;
* a strictly convex g whose slope at one end has the right sign is monotone: it lies above its
  limit at that end;
* a strictly concave g lies strictly above the lesser of its limits at 0 and ∞;
* under normalisation, ``∫ F ≥ a + b`` when ``F ≥ a·p + b·q`` pointwise (tangent at u = 1, or
  the chord between the asymptotes of a concave g: this gives JSD ≤ log 2).

True claims must be proved; false ones must never be; where the method exhibits the point that
breaks a strict inequality, the verdict is REFUTED.
"""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_gan.checker import check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Inequality
from symbolic_gan.functionals import JSD, KL, integral
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.verdict import Status

UNIT = sp.Interval.open(0, 1)
FULL = Context(positive=True, domain=UNIT, normalised=True, convention=True)
NOT_NORMALISED = Context(positive=True, domain=UNIT, convention=True)
VALUE_AT_D_STAR = P * sp.log(P / (P + Q)) + Q * sp.log(Q / (P + Q))

TRUE = [
    ("log-1-plus-below-identity", Inequality(sp.log(1 + P), "<", P)),
    ("exp-above-tangent", Inequality(sp.exp(P), ">", 1 + P)),
    ("log-below-tangent", Inequality(sp.log(P), "<=", P - 1)),
    ("x-log-x", Inequality(P * sp.log(P) - P + 1, ">=", 0)),
    ("value-pointwise", Inequality(VALUE_AT_D_STAR, "<=", 0)),
    ("value-pointwise-strict", Inequality(VALUE_AT_D_STAR, "<", 0)),
    ("jsd-at-most-log-2", Inequality(JSD(P, Q), "<=", sp.log(2))),
    ("c-of-g-at-most-zero", Inequality(2 * JSD(P, Q) - sp.log(4), "<=", 0)),
    ("kl-strict-tangent", Inequality(KL(P, Q) + 1, ">", 0)),
]


@pytest.mark.parametrize(("claim",), [pytest.param(c, id=n) for n, c in TRUE])
def test_true_shape_claim_is_proved(claim):
    verdict = check_claim(claim, FULL)
    assert verdict.status is Status.PROVED, verdict


FALSE = [
    # concave with a limit below zero at an end: the bound fails for large p
    ("concave-negative-end", Inequality(sp.log(1 + P) - P / 2, ">=", 0)),
    ("log-nonnegative", Inequality(sp.log(P), ">=", 0)),
    ("value-nonnegative", Inequality(VALUE_AT_D_STAR, ">=", 0)),
    ("jsd-at-most-half-log-2", Inequality(JSD(P, Q), "<=", sp.log(2) / 2)),
    ("jsd-below-log-2-minus", Inequality(JSD(P, Q), "<=", sp.log(2) - sp.Rational(1, 100))),
    ("c-of-g-negative-margin", Inequality(2 * JSD(P, Q) - sp.log(4), "<=", -sp.Rational(1, 10))),
    ("exp-above-steeper-line", Inequality(sp.exp(P), ">", 1 + 2 * P)),
    ("kl-strictly-positive", Inequality(KL(P, Q), ">", 0)),
    # positivity holds on the common support, which disjoint supports leave empty: there
    # JSD = log 2 and C(G) = 0, so the strict bounds fail (they were once proved)
    ("value-integral-strict", Inequality(integral(VALUE_AT_D_STAR), "<", 0)),
    ("jsd-below-log-2", Inequality(JSD(P, Q), "<", sp.log(2))),
    ("log-2-above-jsd", Inequality(sp.log(2), ">", JSD(P, Q))),
    ("overlap-positive", Inequality(integral(sp.sqrt(P * Q)), ">", 0)),
]


@pytest.mark.parametrize(("claim",), [pytest.param(c, id=n) for n, c in FALSE])
def test_false_shape_claim_is_not_proved(claim):
    assert check_claim(claim, FULL).status is not Status.PROVED


STRICT_FAILS_AT_THE_MINIMUM = [
    ("log-strictly-below-tangent", Inequality(sp.log(P), "<", P - 1), {"p": "1"}),
    ("relative-entropy-integrand-strict", Inequality(P * sp.log(P / Q) - P + Q, ">", 0),
     {"p": "1", "q": "1"}),
]


@pytest.mark.parametrize(("claim", "point"),
                         [pytest.param(c, x, id=n) for n, c, x in STRICT_FAILS_AT_THE_MINIMUM])
def test_a_strict_bound_tight_at_the_minimum_is_refuted_there(claim, point):
    verdict = check_claim(claim, FULL)
    assert verdict.status is Status.REFUTED, verdict
    assert verdict.counterexample == point


def test_the_chord_needs_normalisation():
    # without ∫p = ∫q = 1 the masses are free: JSD ≤ log 2 is not a theorem
    assert check_claim(Inequality(JSD(P, Q), "<=", sp.log(2)), NOT_NORMALISED).status \
        is not Status.PROVED


def test_the_chord_gives_no_equality_case():
    # JSD = log 2 only for disjoint supports, which positivity excludes: no locus to claim
    claim = Inequality(JSD(P, Q), "<=", sp.log(2), sp.Eq(P, Q))
    assert check_claim(claim, FULL).status is not Status.PROVED


def test_the_method_is_reported():
    verdict = check_claim(Inequality(JSD(P, Q), "<=", sp.log(2)), FULL)
    assert "chord between the asymptotes" in verdict.method
    verdict = check_claim(Inequality(sp.log(1 + P), "<", P), FULL)
    assert "strictly increasing" in verdict.method


def test_y_claims_still_use_the_domain():
    # the shape arguments work in the reparametrised variable of y's domain
    claim = Inequality(P * sp.log(Y) + Q * sp.log(1 - Y), "<", 0)
    assert check_claim(claim, FULL).status is Status.PROVED
