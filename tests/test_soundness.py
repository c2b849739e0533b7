"""Wrong claims, organised by the cause that once let the checker accept them.

Every claim here is false, typed in by hand from the mathematics, and none may come back PROVED.
Where a certified counterexample exists (an admissible point evaluated exactly, or concrete
densities with the integrals evaluated), the verdict must be REFUTED. The causes:

A. equality conditions checked in one direction only;
B. the linear split of an integral treating x and y = D(x) as constants;
C. a claim decided on a premise's interval rather than its own;
D. membership of the real line taken for granted (complex points);
E. a solver's list of roots taken as complete;
F. limits taken by substitution through discontinuous functions;
G. ``.doit()`` evaluating integrals inside derivatives and substitutions as if p were constant;
S. a derivation whose conclusion does not follow from its steps;
T. a failed sufficient condition reported as a refutation of a true claim.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from symbolic_gan.checker import check, check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Roots, Supremum
from symbolic_gan.functionals import JSD, KL, Expectation, integral
from symbolic_gan.objective import P, Q, X, Y
from symbolic_gan.theorems import get_theorem
from symbolic_gan.verdict import Status

C = 2 * JSD(P, Q) - sp.log(4)
PHI = P * sp.log(Y) + Q * sp.log(1 - Y)
DSTAR = P / (P + Q)
UNIT = sp.Interval.open(0, 1)
FULL = Context(positive=True, domain=UNIT, normalised=True, convention=True)
POSITIVE = Context(positive=True)
REAL_LINE = Context(positive=True, domain=sp.Reals)

REFUTED, NOT_PROVED = "refuted", "not proved"

# (cause, id, claim, context, expected)
BANK = [
    # A. equality conditions: both directions, and the bound must be attained
    ("A", "bound-never-attained", Inequality(C, ">=", -2, sp.Eq(P, Q)), FULL, REFUTED),
    ("A", "kl-bound-minus-one", Inequality(KL(P, Q), ">=", -1, sp.Eq(P, Q)), FULL, REFUTED),
    ("A", "jsd-equality-at-p-2q", Inequality(JSD(P, Q), ">=", 0, sp.Eq(P, 2 * Q)), FULL,
     REFUTED),
    ("A", "pointwise-square-wrong-case", Inequality((P - Q) ** 2, ">=", 0, sp.Eq(P, 2 * Q)),
     POSITIVE, REFUTED),
    ("A", "condition-on-p-alone", Inequality(C, ">=", -sp.log(4), sp.Eq(P, 1)), FULL,
     NOT_PROVED),
    ("A", "gibbs-pointwise-wrong-case",
     Inequality(P * sp.log(P / Q) - P + Q, ">=", 0, sp.Eq(Q, 1)), POSITIVE, NOT_PROVED),
    # B. x and y = D(x) vary with x: they are not constants of the integral
    ("B", "equal-means", Equation(integral(P * X), integral(Q * X)), FULL, REFUTED),
    ("B", "swap-under-log-y", Equation(integral(PHI), integral(Q * sp.log(Y) + P * sp.log(1 - Y))),
     FULL, REFUTED),
    ("B", "second-moment-one", Equation(integral(P * X**2), 1), FULL, REFUTED),
    ("B", "equal-expected-discriminator", Equation(Expectation(P, Y), Expectation(Q, Y)), FULL,
     REFUTED),
    ("B", "difference-times-y", Equation(integral((P - Q) * Y), 0), FULL, REFUTED),
    ("B", "mean-inequality", Inequality(integral(P * X), ">=", integral(Q * X)), FULL, REFUTED),
    # C. one claim, one domain: the claim's own interval decides
    ("C", "maximiser-on-0-10", Maximiser(PHI, Y, DSTAR, sp.Interval.open(0, 10)), FULL,
     NOT_PROVED),
    ("C", "supremum-on-0-10", Supremum(Q * sp.log(1 - Y), Y, sp.Interval.open(0, 10), 0), FULL,
     NOT_PROVED),
    ("C", "maximiser-on-0-half", Maximiser(PHI, Y, DSTAR, sp.Interval.open(0, sp.S.Half)), FULL,
     REFUTED),
    ("C", "root-on-half-1", Roots(sp.diff(PHI, Y), Y, (DSTAR,), sp.Interval.open(sp.S.Half, 1)),
     FULL, REFUTED),
    # D. a point of the real line must be real
    ("D", "complex-maximiser", Maximiser(-P * sp.exp(-Y) - Q * sp.exp(Y), Y,
                                         sp.log(-sp.sqrt(P / Q)), sp.Reals), REAL_LINE, REFUTED),
    ("D", "complex-root", Roots(P * sp.exp(-Y) - Q * sp.exp(Y), Y, (sp.log(-sp.sqrt(P / Q)),),
                                sp.Reals), REAL_LINE, REFUTED),
    ("D", "imaginary-root", Roots(Y**2 + P**2, Y, (sp.I * P,), sp.Reals), REAL_LINE, REFUTED),
    ("D", "square-root-of-difference", Maximiser(-(Y - sp.sqrt(P - Q)) ** 2, Y, sp.sqrt(P - Q),
                                                 sp.Reals), REAL_LINE, REFUTED),
    # E. a solver's list is not a proof that there are no other roots
    ("E", "sine-misses-2pi", Roots(P * sp.sin(Y), Y, (sp.pi,), sp.Interval.open(1, 10)), FULL,
     REFUTED),
    ("E", "no-root-of-p-minus-q", Roots(P - Q + 0 * Y, Y, (), UNIT), FULL, REFUTED),
    ("E", "square-misses-negative", Roots(Y**2 - P, Y, (sp.sqrt(P),), sp.Reals), REAL_LINE,
     REFUTED),
    ("E", "product-misses-q", Roots((Y - P) * (Y - Q), Y, (P,), sp.Reals), REAL_LINE, REFUTED),
    ("E", "cosine-misses-3pi-half", Roots(Q * sp.cos(Y), Y, (sp.pi / 2,), sp.Interval.open(0, 7)),
     FULL, REFUTED),
    # F. substitution is the limit only where the function is continuous
    ("F", "heaviside-at-zero", Equation(sp.Limit(sp.Heaviside(P - Q), P, Q, "+"), sp.S.Half),
     POSITIVE, NOT_PROVED),
    ("F", "sign-at-zero", Equation(sp.Limit(sp.sign(P - Q), P, Q, "-"), 0), POSITIVE,
     NOT_PROVED),
    ("F", "floor-from-below", Equation(sp.Limit(sp.floor(Y), Y, 1, "-"), 1), POSITIVE,
     NOT_PROVED),
    ("F", "piecewise-jump", Equation(sp.Limit(sp.Piecewise((1, P > 1), (0, True)), P, 1, "+"), 0),
     POSITIVE, NOT_PROVED),
    # G. an integral is never evaluated as if its integrand were constant in x
    ("G", "derivative-of-integral", Equation(sp.Derivative(integral(P * Y), Y), P * X), FULL,
     NOT_PROVED),
    ("G", "subs-into-integral", Equation(sp.Subs(integral(P), Q, P), P * X), FULL, NOT_PROVED),
    ("G", "derivative-in-p", Equation(sp.Derivative(integral(P * sp.log(P)), P),
                                      X * (sp.log(P) + 1)), FULL, NOT_PROVED),
    ("G", "subs-then-compare", Equation(sp.Subs(integral(P * Q), Q, 1), P * X), FULL, NOT_PROVED),
]


@pytest.mark.parametrize(
    ("claim", "ctx", "expected"),
    [pytest.param(claim, ctx, expected, id=f"{cause}-{name}")
     for cause, name, claim, ctx, expected in BANK],
)
def test_wrong_claim_is_never_proved(claim, ctx, expected):
    verdict = check_claim(claim, ctx)
    assert verdict.status is not Status.PROVED, verdict
    if expected == REFUTED:
        assert verdict.status is Status.REFUTED, verdict
        assert verdict.counterexample is not None or "value" in verdict.method, verdict


def test_every_cause_has_at_least_three_variants():
    counts: dict[str, int] = {}
    for cause, *_ in BANK:
        counts[cause] = counts.get(cause, 0) + 1
    assert set(counts) == set("ABCDEFG") and min(counts.values()) >= 3, counts


# ------------------------------------------------------------------ S. structure
@pytest.fixture(scope="module")
def gan():
    return get_theorem("gan-global-optimum").derive()


def test_the_true_derivation_concludes_its_theorem(gan):
    checked = check(gan)
    assert checked.ok and checked.gaps() == ()
    assert len(checked.conclusion) == 4 and all(c.follows for c in checked.conclusion)


def test_only_the_equality_case_does_not_prove_the_theorem(gan):
    only = dataclasses.replace(gan, steps=(gan.step("equality case"),))
    checked = check(only)
    assert not checked.ok
    assert any("pointwise maximisation" in gap for gap in checked.gaps())


@pytest.mark.parametrize(("dropped", "named"), [
    ("normalisation", "normalisation"),
    ("pointwise rewrite", "pointwise rewrite"),
    ("first-order condition", "first-order condition"),
    ("support of p_g only", "support of p_g only"),
    # a step at the end of a chain: the gap is the conclusion no chain reaches any more
    ("substitution", "no chain of steps links its sides"),
    ("lower bound", "no chain of steps links its sides"),
])
def test_dropping_a_needed_step_names_the_gap(gan, dropped, named):
    shorter = dataclasses.replace(gan, steps=tuple(s for s in gan.steps if s.name != dropped))
    checked = check(shorter)
    assert not checked.ok
    assert any(named in gap for gap in checked.gaps()), checked.gaps()


def test_a_derivation_without_conclusion_is_not_ok(gan):
    checked = check(dataclasses.replace(gan, conclusion=()))
    assert not checked.ok
    assert checked.gaps() == ("the derivation states no conclusion",)


def test_a_conclusion_no_step_links_is_a_gap(gan):
    unrelated = Inequality(C, ">=", 0)
    checked = check(dataclasses.replace(gan, conclusion=(unrelated,)))
    assert not checked.ok
    assert "no chain of steps" in checked.gaps()[0]


def test_a_step_may_only_use_earlier_steps(gan):
    looped = gan.replace_step("expectations as integrals", uses=("lower bound",))
    checked = check(looped)
    assert not checked.ok
    assert any("does not come before it" in gap for gap in checked.gaps())


def test_a_refuted_needed_step_makes_the_derivation_not_ok(gan):
    wrong = gan.replace_step("normalisation", claim=Equation(integral((P + Q) * sp.log(2)),
                                                             sp.log(2)))
    checked = check(wrong)
    assert checked["normalisation"].symbolic.status is Status.REFUTED
    assert not checked.ok and "step 'normalisation' is refuted" in checked.gaps()


def test_an_equality_condition_does_not_survive_a_second_inequality(gan):
    # value ≥ −log 4 (iff p = q) and −log 4 ≥ −2 do not give "value ≥ −2 iff p = q"
    bridge = dataclasses.replace(gan.steps[-1], name="bridge",
                                 claim=Inequality(-sp.log(4), ">=", -2), uses=())
    value = integral(PHI.xreplace({Y: DSTAR}))
    extended = dataclasses.replace(gan, steps=(*gan.steps, bridge),
                                   conclusion=(Inequality(value, ">=", -2, sp.Eq(P, Q)),))
    assert not check(extended).ok


# ------------------------------------------------------------------ T. true claims stay unrefuted
TRUE_BUT_NOT_CONCAVE = [
    ("bell-maximiser", Maximiser((P + Q) * sp.exp(-Y**2), Y, 0, sp.Reals), REAL_LINE),
    ("gamma-shape-maximiser", Maximiser(Q * Y * sp.exp(-Y), Y, 1, sp.Interval.open(0, sp.oo)),
     POSITIVE),
    ("bell-root", Roots((P + Q) * Y * sp.exp(-Y**2), Y, (0,), sp.Reals), REAL_LINE),
    ("parabola-supremum", Supremum(-Q * (Y - 1) ** 2, Y, sp.Reals, 0), REAL_LINE),
    ("shifted-bell", Maximiser(P * sp.exp(-(Y - 2) ** 2), Y, 2, sp.Reals), REAL_LINE),
]


@pytest.mark.parametrize(("claim", "ctx"), [pytest.param(c, x, id=n)
                                            for n, c, x in TRUE_BUT_NOT_CONCAVE])
def test_a_failed_sufficient_condition_is_not_a_refutation(claim, ctx):
    assert check_claim(claim, ctx).status is not Status.REFUTED


def test_the_bell_maximiser_is_proved_by_the_first_derivative_test():
    verdict = check_claim(TRUE_BUT_NOT_CONCAVE[0][1], REAL_LINE)
    assert verdict.status is Status.PROVED and "before the point" in verdict.method


# ------------------------------------------------------------ R. found by an adversarial review
_R = sp.Rational
_HIDDEN_ZERO = sp.log(6) - sp.log(2) - sp.log(3)  # exactly 0, not recognised by SymPy
_U = sp.Symbol("u", positive=True)
_T = sp.Symbol("t", real=True)
_LEFT = Context(positive=True, domain=sp.Interval.open(-1, 0))
_JUMP = sp.Piecewise((-(Y - _R(1, 2)) ** 2, Y < _R(3, 4)), (10 - (Y - _R(1, 2)) ** 2, True))

REVIEW = [
    # logs split only as sums of logs of positive factors: log(y²) ≠ 2·log y for y < 0
    ("log-square-negative", Equation(sp.log(Y**2), 2 * sp.log(Y)), _LEFT),
    ("log-square-negative-abs", Equation(sp.Abs(sp.log(Y**2) - 2 * sp.log(Y)), 0), _LEFT),
    # jumps and poles are invisible to derivatives
    ("piecewise-maximiser", Maximiser(_JUMP, Y, _R(1, 2), UNIT), FULL),
    ("piecewise-convexity", Inequality(sp.Piecewise((_U - sp.log(_U) - 1, _U < 5),
                                                    (_U - sp.log(_U) - 100, True)), ">=", 0),
     POSITIVE),
    ("piecewise-monotone-roots", Roots(sp.Piecewise((Y - _R(1, 2), Y > _R(1, 4)),
                                                    (Y - _R(1, 8), True)), Y, (_R(1, 2),), UNIT),
     FULL),
    ("pole-supremum", Supremum(sp.atan(1 / (Y - _R(99, 100))), Y, UNIT,
                               -sp.atan(_R(100, 99))), FULL),
    ("pole-roots", Roots(sp.atan(1 / Y) - sp.pi * Y / 4, Y, (sp.S.One,), sp.Reals), REAL_LINE),
    ("pole-maximiser", Maximiser(-sp.Abs(Y) + sp.atan(1 / (Y - _R(1, 100))) / 2, Y, 0,
                                 sp.Interval.open(-1, 1)), REAL_LINE),
    # p and D(x) are functions of x
    ("derivative-of-d-in-x", Equation(integral(P * sp.Derivative(Y, X)), 0), FULL),
    ("derivative-of-p-in-x", Equation(integral(Q * sp.Derivative(P, X)), 0), FULL),
    # limits: two-sided means both sides; no continuity across a branch cut or at 0**y
    ("two-sided-limit", Equation(sp.Limit(sp.Abs(Y) / Y, Y, 0, "+-"), -1), POSITIVE),
    ("branch-cut-limit", Equation(sp.Limit(sp.Abs(sp.sqrt(sp.I * Y - 1) - sp.I), Y, 0, "-"), 0),
     POSITIVE),
    ("zero-to-the-y", Equation(sp.Limit(sp.S.Zero ** Y, Y, 0, "+"), 1), POSITIVE),
    ("hidden-zero-to-the-y", Equation(sp.Limit(_HIDDEN_ZERO ** Y, Y, 0, "+"), 1), POSITIVE),
    # a root where the expression is 0/0
    ("root-at-hidden-pole", Roots((Y - 1) / (Y * sp.log(6) - sp.log(2) - sp.log(3)), Y,
                                  (sp.S.One,), sp.Reals), REAL_LINE),
    # a user's real p is not the density p
    ("real-p-is-not-density-p", Equation(P, sp.Symbol("p", real=True)), Context()),
]


@pytest.mark.parametrize(("claim", "ctx"), [pytest.param(c, x, id=n) for n, c, x in REVIEW])
def test_review_finding_is_not_proved(claim, ctx):
    assert check_claim(claim, ctx).status is not Status.PROVED


TRUE_AND_TRICKY = [
    ("sign-of-hidden-zero", Equation(sp.sign(_HIDDEN_ZERO), 0), POSITIVE),
    ("removable-singularity-is-no-root",
     Roots((sp.exp(Y - _R(1, 2)) - 1) / (2 * Y * sp.log(6) - sp.log(2) - sp.log(3)), Y, (),
           sp.Reals), REAL_LINE),
    ("jump-of-zero-to-the-y", Roots(sp.S.Zero ** Y - _R(1, 2), Y, (), sp.Interval.open(-1, 1)),
     REAL_LINE),
    ("positive-variable-in-a-wider-domain", Maximiser(-(_U - 1) ** 2, _U, 1,
                                                      sp.Interval.open(-2, 2)), POSITIVE),
]


@pytest.mark.parametrize(("claim", "ctx"), [pytest.param(c, x, id=n)
                                            for n, c, x in TRUE_AND_TRICKY])
def test_review_true_claim_is_not_refuted(claim, ctx):
    assert check_claim(claim, ctx).status is not Status.REFUTED


def test_two_domain_premises_on_one_variable_are_refused(gan):
    from symbolic_gan.derivation import Premise
    from symbolic_gan.errors import InvalidArgument

    extra = Premise("other domain", "2 < y < 3", "domain", interval=sp.Interval.open(2, 3))
    with pytest.raises(InvalidArgument, match="one domain premise per variable"):
        dataclasses.replace(gan, premises=(*gan.premises, extra))


def test_a_limit_as_supremum_value_may_bind_the_variable():
    value = sp.Limit(_T + 1, _T, 0, "+")
    assert check_claim(Supremum(Y, Y, UNIT, value), FULL).status is Status.PROVED


# ------------------------------------------------------------ R2. a second adversarial review
_CLOSED = Context(domain=sp.Interval(0, 1))
_N = sp.Symbol("n", integer=True, positive=True)
_NEG = sp.Symbol("t", negative=True)


def _at(f, a):
    return sp.Subs(sp.Derivative(f, Y), Y, a)


REVIEW_2_FALSE = [
    # equations hold at the closed ends too
    ("sign-at-closed-end", Equation(sp.sign(Y), 1), _CLOSED),
    ("floor-at-closed-end", Equation(sp.floor(Y), 0), _CLOSED),
    ("heaviside-at-closed-end", Equation(sp.Heaviside(Y - 1), 0), _CLOSED),
    ("closed-end-inside-integral", Equation(integral(P) + sp.sign(Y), 2),
     Context(positive=True, normalised=True, domain=sp.Interval(0, 1))),
    # no derivative where the function is not differentiable
    ("derivative-of-abs-at-0", Equation(_at(sp.Abs(Y), 0), 0), POSITIVE),
    ("derivative-of-max-at-0", Equation(_at(sp.Max(Y, 0), 0), sp.S.Half), POSITIVE),
    ("derivative-of-piecewise-at-0", Equation(_at(sp.Piecewise((Y, Y < 0), (2 * Y, True)), 0), 2),
     POSITIVE),
    # a limit may not use positivity that no premise grants
    ("limit-uses-unpremised-positivity", Equation(sp.Limit(Y**P, Y, 0, "+"), 0), Context()),
    ("limit-exp-unpremised", Equation(sp.Limit(sp.exp(-P / Y), Y, 0, "+"), 0), Context()),
]


@pytest.mark.parametrize(("claim", "ctx"), [pytest.param(c, x, id=n)
                                            for n, c, x in REVIEW_2_FALSE])
def test_review_2_finding_is_not_proved(claim, ctx):
    assert check_claim(claim, ctx).status is not Status.PROVED


REVIEW_2_TRUE = [
    ("positive-variable-wider-domain", Inequality(sp.exp(_U) - 1 - _U - _U**2 / 2, ">=", 0),
     Context(variable=_U, domain=sp.Interval.open(-5, 5))),
    ("negative-variable-in-integral",
     Inequality(integral(P * (sp.exp(_NEG) - 1 - _NEG - _NEG**2 / 2)), "<=", 0),
     Context(positive=True, normalised=True, variable=_NEG)),
    ("kl-with-a-density-as-variable", Inequality(KL(P, Q), ">=", 0),
     Context(positive=True, normalised=True, variable=P, domain=sp.Interval.open(0, 2))),
    ("premise-on-y-kept-for-another-variable",
     Maximiser(-(sp.Symbol("s", real=True) - Y) ** 2, sp.Symbol("s", real=True), Y, UNIT),
     Context(domain=UNIT)),
    ("density-restricted-without-positivity", Inequality(P, "<=", sp.Rational(1, 10)),
     Context(variable=P, domain=sp.Interval.open(0, sp.Rational(1, 10)))),
    ("integer-variable-convexity", Inequality((_N - sp.Rational(3, 2)) ** 2 - sp.Rational(1, 5),
                                              ">=", 0), POSITIVE),
]


@pytest.mark.parametrize(("claim", "ctx"), [pytest.param(c, x, id=n)
                                            for n, c, x in REVIEW_2_TRUE])
def test_review_2_true_claim_is_not_refuted(claim, ctx):
    assert check_claim(claim, ctx).status is not Status.REFUTED


def test_a_domain_premise_contradicting_a_declaration_is_refused():
    from symbolic_gan.derivation import Premise
    from symbolic_gan.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="contradicts"):
        Premise("band", "-2 < u < -1", "domain", interval=sp.Interval.open(-2, -1), variable=_U)


def test_an_unbounded_time_limit_is_refused_not_overflowed():
    from symbolic_gan.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="time_limit"):
        check_claim(Equation(P + Q, Q + P), POSITIVE, time_limit=float("inf"))
    assert check_claim(Equation(P + Q, Q + P), POSITIVE, time_limit=None).status is Status.PROVED
