"""Hostile claims through the API: a verdict or InvalidArgument, within the time box.

Huge numbers and exponents, deep nesting, foreign objects, unknown symbols and complex points
must never hang, exhaust memory, escape as a traceback from inside SymPy, or be proved.
"""

from __future__ import annotations

import time

import pytest
import sympy as sp

from symbolic_gan.checker import check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Premise, Roots, Supremum
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import JSD
from symbolic_gan.objective import P, Q, X, Y
from symbolic_gan.verdict import Status

CTX = Context(positive=True, domain=sp.Interval.open(0, 1), normalised=True)


def nested(depth: int) -> sp.Expr:
    expr = P
    for _ in range(depth):
        expr = sp.log(1 + expr)
    return expr


REJECTED_AT_CONSTRUCTION = [
    ("huge-int", lambda: Equation(10**5000 * P, P), "bits"),
    ("huge-exponent", lambda: Equation((2 * P + 2 * Q) ** (10**6), P), "exponent"),
    ("float-exponent", lambda: Equation(P**1e300, P), "exponent"),
    ("too-deep", lambda: Equation(nested(120), P), "deeper"),
    ("foreign-object", lambda: Equation(object(), P), "SymPy expression"),
    ("string", lambda: Equation("p", P), "SymPy expression"),
    ("python-float", lambda: Inequality(0.5, ">=", P), "SymPy expression"),
    ("relation-as-side", lambda: Equation(sp.Eq(P, Q), P), "SymPy expression"),
    ("matrix", lambda: Equation(sp.Matrix([P]), P), "SymPy expression"),
    ("boolean", lambda: Equation(True, P), "SymPy expression"),
    ("bad-equality-condition", lambda: Inequality(P, ">=", 0, equality_iff="p = q"),
     "equality_iff"),
    ("strict-with-equality", lambda: Inequality(P, ">", 0, equality_iff=sp.Eq(P, Q)),
     "equality_iff"),
    ("tuple-domain", lambda: Maximiser(P * Y, Y, P, (0, 1)), "domain"),
    ("symbolic-domain", lambda: Maximiser(P * Y, Y, P, sp.Interval(0, Q)), "domain"),
    ("variable-not-symbol", lambda: Roots(Y, Y + 1, (0,), sp.Reals), "variable"),
    ("roots-not-tuple", lambda: Roots(Y, Y, [0], sp.Reals), "roots"),
    ("root-holds-variable", lambda: Roots(Y, Y, (Y,), sp.Reals), "roots"),
    ("sup-value-holds-variable", lambda: Supremum(Y, Y, sp.Interval(0, 1), Y), "value"),
    ("premise-kind-misspelt", lambda: Premise("positivity", "p > 0", "positve"), "kind"),
    ("domain-premise-without-interval", lambda: Premise("d", "0 < y < 1", "domain"), "interval"),
]


@pytest.mark.parametrize(("make", "named"), [pytest.param(m, n, id=i)
                                             for i, m, n in REJECTED_AT_CONSTRUCTION])
def test_hostile_construction_is_an_invalid_argument(make, named):
    with pytest.raises(InvalidArgument, match=named):
        make()


DECIDED = [
    ("power-of-sum-over-guard", Equation((P + Q) ** 5000, P), Status.UNKNOWN),
    ("unknown-symbol", Equation(sp.Symbol("dx") * P, P), Status.REFUTED),
    ("complex-point", Maximiser(-(Y - sp.I) ** 2, Y, sp.I, sp.Reals), Status.REFUTED),
    ("complex-infinity", Equation(sp.zoo * P, P), Status.UNKNOWN),
    ("nan", Equation(sp.nan, P), Status.UNKNOWN),
    ("bounded-integral", Equation(sp.Integral(P, (X, 0, 1)), 1), Status.UNKNOWN),
    ("power-tower", Equation(P ** (P ** (P ** (P**P))), Q), Status.REFUTED),
    ("symbol-called-u", Inequality(sp.Symbol("u", positive=True) * sp.log(P), ">=", 0),
     Status.REFUTED),
]


@pytest.mark.parametrize(("claim", "status"), [pytest.param(c, s, id=i) for i, c, s in DECIDED])
def test_hostile_claim_gets_a_verdict_quickly(claim, status):
    start = time.perf_counter()
    verdict = check_claim(claim, CTX, time_limit=5.0)
    assert verdict.status is status, verdict
    assert time.perf_counter() - start < 10  # the time box (5 s) plus set-up, never a hang


def test_the_time_box_gives_unknown_with_time_limit_as_the_method():
    slow = Inequality(2 * JSD(P, Q) - sp.log(4), ">=", -sp.log(4), sp.Eq(P, Q))
    verdict = check_claim(slow, CTX, time_limit=0.001)
    assert verdict.status is Status.UNKNOWN and verdict.method == "time limit"
    assert check_claim(slow, CTX).status is Status.PROVED  # the default box is large enough


def test_time_limit_is_validated():
    with pytest.raises(InvalidArgument, match="time_limit"):
        check_claim(Equation(P, P), CTX, time_limit=-1)


def test_an_enclosing_time_limit_survives_the_checks_inside_it():
    # each check_claim opens and closes its own box; none may cancel or swallow the outer one
    from symbolic_gan.timebox import TimeLimitReached, time_box

    start = time.perf_counter()
    with pytest.raises(TimeLimitReached) as info:
        with time_box(0.3) as outer:
            while time.perf_counter() - start < 10:
                check_claim(Equation(P + Q, Q + P), CTX)
    assert info.value.box is outer
    assert time.perf_counter() - start < 5
