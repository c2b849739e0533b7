"""``check_numeric``: every step of a checked derivation, measured on concrete density pairs.

Symbol roles are explicit: the data density :data:`~symbolic_gan.objective.P` is the first
density of each pair and the other density symbol of the derivation the second (besides
:data:`~symbolic_gan.objective.Q`, a positive symbol declared in ``Derivation.symbols``, e.g.
``p_theta``); ``y`` is :data:`~symbolic_gan.objective.Y`, ranging over the interval of the
``kind="domain"`` premise the step cites (or else the derivation's one domain premise, or
else the real line); a claim's own domain wins for maximisers, roots and suprema.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import sympy as sp

from symbolic_gan.derivation import (
    Derivation,
    Equation,
    Inequality,
    Maximiser,
    Premise,
    Roots,
    Step,
    Supremum,
)
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import has_integral
from symbolic_gan.numcheck.integrals import Integrals
from symbolic_gan.numcheck.lower import Roles, Unevaluable, lower
from symbolic_gan.numcheck.nodes import sample_nodes, y_grid
from symbolic_gan.numcheck.outcome import Outcome, verdict
from symbolic_gan.numcheck.pointwise import Pointwise
from symbolic_gan.objective import P, Q
from symbolic_gan.verdict import CheckedDerivation, CheckedStep, NumericStatus, NumericVerdict

__all__ = ["check_numeric", "default_cases", "roles_for", "step_domain"]


def default_cases(pairs: int = 0, seed: int = 0) -> tuple[Any, ...]:
    """The default battery of hard density pairs plus ``pairs`` random pairs from ``seed``."""
    from symbolic_gan.battery import default_battery, random_pairs

    return tuple(default_battery()) + (tuple(random_pairs(pairs, seed)) if pairs else ())


def _claim_exprs(step: Step) -> list[sp.Basic]:
    c = step.claim
    if isinstance(c, Equation | Inequality):
        return [c.lhs, c.rhs]
    if isinstance(c, Maximiser):
        return [c.function, c.point]
    if isinstance(c, Roots):
        return [c.expr, *c.roots]
    return [c.function, c.value]


def roles_for(derivation: Derivation) -> Roles:
    """The two density symbols ``derivation`` declares (``Derivation.densities``).

    >>> from symbolic_gan.theorems import get_theorem
    >>> roles_for(get_theorem("mle-minimises-kl").derive())
    Roles(p=p, q=p_theta, y=y, x=x)
    """
    if len(derivation.densities) >= 2:  # the roles the derivation declares
        return Roles(derivation.densities[0], derivation.densities[1])
    return Roles(P, Q)


def _cited(derivation: Derivation, step: Step) -> list[Premise]:
    return [p for p in derivation.premises if p.name in step.premises]


def step_domain(derivation: Derivation, step: Step) -> sp.Interval:
    """The interval y ranges over in ``step``: the cited domain premise, else the
    derivation's one domain premise, else the real line."""
    for premises in (_cited(derivation, step), list(derivation.premises)):
        domains = [p.interval for p in premises if p.kind == "domain" and p.interval is not None]
        if len(domains) == 1 or (domains and premises is not derivation.premises):
            return domains[0]
    return sp.Interval(-sp.oo, sp.oo)


class _Run:
    """The state shared by all steps of one run: nodes, quadrature cache, roles, D*."""

    def __init__(self, derivation: Derivation, cases: Sequence[Any]):
        self.derivation = derivation
        self.cases = cases
        self.names = [c.name for c in cases]
        self.roles = roles_for(derivation)
        self.nodes = sample_nodes(cases)
        self.pointwise = Pointwise(self.nodes, self.names)
        self.integrals = Integrals(cases, [i for i, _, _ in self.nodes.problems])
        self.point = next((s.claim.point for s in derivation.steps
                           if isinstance(s.claim, Maximiser) and s.claim.variable == self.roles.y),
                          None)

    def outcomes(self, step: Step) -> list[Outcome]:
        claim, roles = step.claim, self.roles
        if isinstance(claim, Maximiser):
            return self.pointwise.maximiser(claim, roles)
        if isinstance(claim, Roots):
            return self.pointwise.roots(claim, roles)
        if isinstance(claim, Supremum):
            return self.pointwise.supremum(claim, roles)
        relation = "=" if isinstance(claim, Equation) else claim.relation
        domain = step_domain(self.derivation, step)
        cited = _cited(self.derivation, step)
        if has_integral(claim.lhs - claim.rhs):
            point = None
            if self.point is not None:
                try:
                    point = lower(self.point, roles, None)
                except Unevaluable:
                    point = None
            return self.integrals.compare(
                claim.lhs, claim.rhs, relation, roles, domain, point,
                normalised=any(p.kind == "normalised" for p in cited),
                equality_iff=claim.equality_iff if isinstance(claim, Inequality) else None)
        difference = claim.lhs - claim.rhs
        has_y = difference.has(roles.y)
        f = lower(difference, roles, roles.y if has_y else None)
        return self.pointwise.relation(f, relation, y_grid(domain) if has_y else None)

    def with_problems(self, step: Step, outcomes: list[Outcome]) -> list[Outcome]:
        """Pairs that could not be sampled: their own status, whatever the claim said."""
        by_name = {o.case: o for o in outcomes}
        for i, status, note in self.nodes.problems:
            if status is NumericStatus.PREMISE_VIOLATED and not step.premises:
                status = NumericStatus.INCONCLUSIVE
            by_name[self.names[i]] = Outcome(self.names[i], status, float("nan"), 0.0, note)
        return [by_name[n] for n in self.names if n in by_name]


def check_numeric(
    checked: CheckedDerivation, *, pairs: int = 0, seed: int = 0, cases: Sequence[Any] | None = None
) -> CheckedDerivation:
    """``checked`` with a numeric verdict on every step, over the default battery plus
    ``pairs`` random pairs from ``seed`` (or over ``cases``: objects with ``name``, ``p``, ``q``).

    No exception of one step escapes: a step that cannot be evaluated is ``inconclusive``
    with the reason in its detail.
    """
    if not isinstance(checked, CheckedDerivation):
        raise InvalidArgument.for_value("checked", checked, "must be a CheckedDerivation")
    cases = tuple(default_cases(pairs, seed) if cases is None else cases)
    run = _Run(checked.derivation, cases)
    steps = []
    for item in checked.steps:
        try:
            numeric = verdict(run.with_problems(item.step, run.outcomes(item.step)))
        except Unevaluable as exc:
            numeric = NumericVerdict(NumericStatus.INCONCLUSIVE, pairs=len(cases),
                                     detail=f"not evaluable: {exc}")
        except Exception as exc:  # never let one step's exception escape the whole check
            numeric = NumericVerdict(NumericStatus.INCONCLUSIVE, pairs=len(cases),
                                     detail=f"not evaluable: {type(exc).__name__}: {exc}")
        steps.append(CheckedStep(item.step, item.symbolic, numeric))
    return dataclasses.replace(checked, steps=tuple(steps))
