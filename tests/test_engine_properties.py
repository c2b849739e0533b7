"""The engine on random objectives: its own steps are never refuted, and never proved yet failed.

Objectives ``p·a(y) + q·b(y)`` are drawn from shapes whose dφ/dy has exactly one root inside
the domain for every p, q > 0 and which the engine solves in closed form (GAN-, LSGAN- and
exponential-type terms, and mixtures of them), with random positive coefficients: every draw
is an objective the engine derives, so no example is spent on one it declines.  Every step it
then produces must come out PROVED (and, numerically, not FAILED) or UNKNOWN — never REFUTED:
a refuted step of the engine's own derivation would be a false counterexample or a wrong
derivation.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symbolic_gan.battery import default_battery
from symbolic_gan.checker import check
from symbolic_gan.numcheck import check_numeric
from symbolic_gan.objective import Objective, Y
from symbolic_gan.theorems.lsgan import optimal_discriminator_theorem
from symbolic_gan.verdict import NumericStatus, Status

UNIT, POSITIVE, LINE = sp.Interval.open(0, 1), sp.Interval.open(0, sp.oo), sp.Reals
#: (domain, a, b) as functions of three positive coefficients: each has a single interior
#: stationary point (dφ/dy decreases from +inf, or from a positive value, to below 0).
SHAPES = (
    (UNIT, lambda c, d, e: c * sp.log(Y), lambda c, d, e: d * sp.log(1 - Y)),
    (UNIT, lambda c, d, e: -c * (1 - Y) ** 2, lambda c, d, e: -d * Y**2),
    (POSITIVE, lambda c, d, e: c * sp.log(Y), lambda c, d, e: -d * Y),
    (POSITIVE, lambda c, d, e: c * sp.log(Y), lambda c, d, e: -d * Y**2),
    (POSITIVE, lambda c, d, e: c * Y + e * sp.log(Y), lambda c, d, e: -d * Y**2),
    (LINE, lambda c, d, e: -c * sp.exp(-Y), lambda c, d, e: -d * sp.exp(Y)),
    (LINE, lambda c, d, e: -c * sp.exp(-Y), lambda c, d, e: -d * Y),
    (LINE, lambda c, d, e: c * Y, lambda c, d, e: -d * sp.exp(Y)),
    (LINE, lambda c, d, e: c * Y, lambda c, d, e: -d * Y**2 - e * Y),
    (LINE, lambda c, d, e: -c * Y**2 + e * Y, lambda c, d, e: -d * Y),
    (LINE, lambda c, d, e: -c * Y**2, lambda c, d, e: -d * Y**2 - e * Y),
)


#: Reflections of the domains that keep them: with one, p and q exchange roles.
REFLECTIONS = {UNIT: 1 - Y, LINE: -Y}


@st.composite
def objectives(draw: st.DrawFn) -> Objective:
    domain, a, b = draw(st.sampled_from(SHAPES))
    c, d, e = (draw(st.integers(1, 4)) for _ in range(3))
    sides = a(c, d, e), b(c, d, e)
    if domain in REFLECTIONS and draw(st.booleans()):
        sides = (sides[1].subs(Y, REFLECTIONS[domain]), sides[0].subs(Y, REFLECTIONS[domain]))
    return Objective("random", *sides, domain)


@settings(max_examples=6, deadline=None)
@given(objectives())
def test_the_engine_never_refutes_its_own_steps(objective):
    derivation = optimal_discriminator_theorem(objective)  # every shape is one it derives
    checked = check(derivation, time_limit=2.0)
    for step in checked.steps:
        assert step.symbolic.status is not Status.REFUTED, (objective, step)
    numeric = check_numeric(checked, cases=default_battery()[:1])
    for step in numeric.steps:
        if step.symbolic.status is Status.PROVED:
            assert step.numeric.status is not NumericStatus.FAILED, (objective, step)
