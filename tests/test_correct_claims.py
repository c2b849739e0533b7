"""True claims, written the many ways people write them: none may be refuted.

Each is an equivalent rewrite of a step of the theory (docs/theory.md). The checker must prove
it, or answer UNKNOWN with a reason; a REFUTED here would be a false counterexample. The ones the
checker is known to prove are marked, so that a regression from PROVED to UNKNOWN is caught too.
"""

from __future__ import annotations

import pytest
import sympy as sp

from symbolic_gan.checker import check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Roots, Supremum
from symbolic_gan.functionals import JSD, KL, Entropy, Expectation, Mass, Midpoint, integral
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.verdict import Status

C = 2 * JSD(P, Q) - sp.log(4)
M = Midpoint(P, Q)
PHI = P * sp.log(Y) + Q * sp.log(1 - Y)
DSTAR = P / (P + Q)
VALUE = integral(PHI.xreplace({Y: DSTAR}))
UNIT = sp.Interval.open(0, 1)
FULL = Context(positive=True, domain=UNIT, normalised=True, convention=True)
REAL_LINE = Context(positive=True, domain=sp.Reals)
PROVED, ANY = "proved", "proved-or-unknown"

# (id, claim, context, expected)
CLAIMS = [
    ("minus-2-log-2", Equation(VALUE, 2 * JSD(P, Q) - 2 * sp.log(2)), FULL, PROVED),
    ("minus-log-4", Equation(VALUE, C), FULL, PROVED),
    ("sides-swapped", Equation(C, VALUE), FULL, PROVED),
    ("jsd-as-two-kls", Equation(VALUE, KL(P, M) + KL(Q, M) - sp.log(4)), FULL, PROVED),
    ("jsd-definition", Equation(2 * JSD(P, Q), KL(P, M) + KL(Q, M)), FULL, PROVED),
    ("jsd-half-kls", Equation(JSD(P, Q), KL(P, M) / 2 + KL(Q, M) / 2), FULL, PROVED),
    ("jsd-symmetric", Equation(JSD(P, Q), JSD(Q, P)), FULL, PROVED),
    ("d-star-reciprocal", Maximiser(PHI, Y, 1 / (1 + Q / P), UNIT), FULL, PROVED),
    ("d-star-tanh", Maximiser(PHI, Y, (1 + sp.tanh(sp.log(P / Q) / 2)) / 2, UNIT), FULL, ANY),
    ("d-star-plain", Maximiser(PHI, Y, DSTAR, UNIT), FULL, PROVED),
    ("first-order-root", Roots(P / Y - Q / (1 - Y), Y, (DSTAR,), UNIT), FULL, PROVED),
    ("first-order-root-reciprocal", Roots(P / Y - Q / (1 - Y), Y, (1 / (1 + Q / P),), UNIT),
     FULL, PROVED),
    ("second-derivative-negative", Inequality(-P / Y**2 - Q / (1 - Y) ** 2, "<", 0), FULL,
     PROVED),
    ("relation-flipped", Inequality(0, ">", -P / Y**2 - Q / (1 - Y) ** 2), FULL, PROVED),
    ("lower-bound", Inequality(C, ">=", -sp.log(4), sp.Eq(P, Q)), FULL, PROVED),
    ("lower-bound-flipped", Inequality(-sp.log(4), "<=", C, sp.Eq(Q, P)), FULL, PROVED),
    ("lower-bound-2-log-2", Inequality(C, ">=", -2 * sp.log(2), sp.Eq(P, Q)), FULL, PROVED),
    ("jsd-nonnegative", Inequality(JSD(P, Q), ">=", 0, sp.Eq(P, Q)), FULL, PROVED),
    ("kl-nonnegative", Inequality(KL(P, Q), ">=", 0, sp.Eq(P, Q)), FULL, PROVED),
    ("kl-to-midpoint-nonnegative", Inequality(KL(P, M), ">=", 0), FULL, PROVED),
    ("jsd-at-most-log-2", Inequality(JSD(P, Q), "<=", sp.log(2)), FULL, PROVED),
    ("value-at-most-zero", Inequality(VALUE, "<=", 0), FULL, PROVED),
    ("abs-dominates", Inequality(sp.Abs(P - Q), ">=", P - Q), FULL, PROVED),
    ("sup-linear-by-cases", Supremum((P - Q) * Y, Y, sp.Interval(0, 1), sp.Max(P - Q, 0)), FULL,
     PROVED),
    ("bell-maximiser", Maximiser((P + Q) * sp.exp(-Y**2), Y, 0, sp.Reals), REAL_LINE, PROVED),
    ("normalisation-log-4", Equation(integral((P + Q) * sp.log(2)), sp.log(4)), FULL, PROVED),
    ("normalisation-2-log-2", Equation(integral(P * sp.log(2) + Q * sp.log(2)), 2 * sp.log(2)),
     FULL, PROVED),
    ("masses", Equation(Mass(P) + Mass(Q), 2), FULL, PROVED),
    ("expectations-as-integral", Equation(Expectation(P, sp.log(Y)) + Expectation(Q, sp.log(1 - Y)),
                                          integral(PHI)), FULL, PROVED),
    ("pointwise-midpoint", Equation(P * sp.log(P / (P + Q)),
                                    P * sp.log(P / M) - P * sp.log(2)), FULL, PROVED),
    ("log-4-as-2-log-2", Equation(sp.log(4), 2 * sp.log(2)), FULL, PROVED),
    ("entropy-decomposition", Equation(Expectation(P, sp.log(Q)), -Entropy(P) - KL(P, Q)), FULL,
     PROVED),
    ("support-p-only", Supremum(P * sp.log(Y), Y, UNIT, 0), FULL, PROVED),
    ("support-q-only", Supremum(Q * sp.log(1 - Y), Y, UNIT, 0), FULL, PROVED),
    ("equality-case", Equation(sp.Subs(DSTAR, Q, P), sp.S.Half), FULL, PROVED),
    ("lsgan-d-star", Maximiser(-(P * (Y - 1) ** 2 + Q * Y**2) / 2, Y, DSTAR, sp.Reals),
     REAL_LINE, PROVED),
]


@pytest.mark.parametrize(("claim", "ctx", "expected"),
                         [pytest.param(c, x, e, id=n) for n, c, x, e in CLAIMS])
def test_true_claim_is_never_refuted(claim, ctx, expected):
    verdict = check_claim(claim, ctx)
    assert verdict.status is not Status.REFUTED, verdict
    if expected == PROVED:
        assert verdict.status is Status.PROVED, verdict
    else:
        assert verdict.method, verdict  # an UNKNOWN always says why


def test_the_suite_is_big_enough():
    assert len(CLAIMS) >= 30
