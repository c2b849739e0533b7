"""The engine on random objectives: its own steps are never refuted, and never proved yet failed.

Objectives ``p·a(y) + q·b(y)`` are drawn from sums of log, exp and polynomial terms in y, on a
domain where each term is defined. The engine derives the optimal discriminator when dφ/dy has a
single root inside the domain (others are rejected); every step it then produces must come out
PROVED (and, numerically, not FAILED) or UNKNOWN — never REFUTED: a refuted step of the engine's
own derivation would be a false counterexample or a wrong derivation.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symbolic_gan.battery import default_battery
from symbolic_gan.checker import check
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.numcheck import check_numeric
from symbolic_gan.objective import Objective, Y
from symbolic_gan.theorems.lsgan import optimal_discriminator_theorem
from symbolic_gan.verdict import NumericStatus, Status

DOMAINS = {
    "unit": (sp.Interval.open(0, 1), (sp.log(Y), sp.log(1 - Y), Y, Y**2, sp.exp(Y))),
    "positive": (sp.Interval.open(0, sp.oo), (sp.log(Y), Y, Y**2, sp.exp(-Y))),
    "line": (sp.Reals, (Y, Y**2, sp.exp(Y), sp.exp(-Y))),
}


@st.composite
def objectives(draw: st.DrawFn) -> Objective:
    name = draw(st.sampled_from(sorted(DOMAINS)))
    domain, terms = DOMAINS[name]
    coefficient = st.integers(-3, 3).filter(bool)

    def side() -> sp.Expr:
        chosen = draw(st.lists(st.sampled_from(terms), min_size=1, max_size=2, unique=True))
        return sp.Add(*(draw(coefficient) * t for t in chosen))

    return Objective(f"random_{name}", side(), side(), domain)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                   HealthCheck.too_slow])
@given(objectives())
def test_the_engine_never_refutes_its_own_steps(objective):
    try:
        derivation = optimal_discriminator_theorem(objective)
    except InvalidArgument:
        assume(False)  # no unique interior stationary point: the engine declines, honestly
        return
    checked = check(derivation, time_limit=2.0)
    for step in checked.steps:
        assert step.symbolic.status is not Status.REFUTED, (objective, step)
    numeric = check_numeric(checked, cases=default_battery()[:1])
    for step in numeric.steps:
        if step.symbolic.status is Status.PROVED:
            assert step.numeric.status is not NumericStatus.FAILED, (objective, step)
