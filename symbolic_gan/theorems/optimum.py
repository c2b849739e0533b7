"""The optimal discriminator of any pointwise objective, derived by applying rules.

Nothing here knows which objective it is given: the steps come from differentiating, solving
and substituting ``φ(y; p, q) = p·a(y) + q·b(y)``.

>>> from symbolic_gan.objective import LSGAN
>>> optimal_discriminator(LSGAN).point
p/(p + q)
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symbolic_gan.calculus import find_roots
from symbolic_gan.context import Context
from symbolic_gan.derivation import Equation, Inequality, Maximiser, Roots, Step
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import Expectation, integral
from symbolic_gan.objective import Objective, P, Q, Y
from symbolic_gan.rewrite import in_domain
from symbolic_gan.verdict import Status

__all__ = ["OptimalDiscriminator", "optimal_discriminator", "tidy"]


def tidy(expr: sp.Expr) -> sp.Expr:
    """Combine each log argument over one denominator; factor a rational expression."""
    if expr.has(sp.log):
        return expr.replace(lambda e: isinstance(e, sp.log),
                            lambda e: sp.log(sp.factor(sp.together(e.args[0]))))
    return sp.factor(sp.together(expr))


@dataclass(frozen=True)
class OptimalDiscriminator:
    """What the rules produce from an objective: φ, its derivatives, the roots and y*."""

    objective: Objective
    integrand: sp.Expr
    first: sp.Expr
    second: sp.Expr
    solver_roots: tuple[sp.Expr, ...]
    point: sp.Expr
    value: sp.Expr
    """``φ(y*; p, q)`` with log arguments combined: the integrand of ``C(G) = V(D*, G)``."""

    def steps(self) -> tuple[Step, ...]:
        """The pointwise argument for this objective: expectations as integrals, first- and
        second-order conditions, the maximiser they give, and the substitution of it."""
        o, phi = self.objective, self.integrand
        shown = ", ".join(sp.sstr(r) for r in self.solver_roots)
        return (
            Step("expectations as integrals",
                 Equation(Expectation(P, o.a) + Expectation(Q, o.b), integral(phi)),
                 "E_p[f] = ∫ p f dx, for data and generator densities alike", ("density",)),
            Step("first-order condition",
                 Roots(self.first, Y, (self.point,), o.domain),
                 "solve dφ/dy = 0; substitute every root back and test it against the domain",
                 ("positivity", "domain"), note=f"solver roots: [{shown}]"),
            Step("second-order condition",
                 Inequality(tidy(self.second.xreplace({Y: self.point})), "<", sp.S.Zero),
                 "d²φ/dy² < 0 at y*: a strict local maximum, the only stationary point",
                 ("positivity",),
                 note=f"d²φ/dy² = {sp.sstr(self.second)}"),
            Step("pointwise maximisation",
                 Maximiser(phi, Y, self.point, o.domain),
                 "sup_D ∫ φ(D(x)) dx = ∫ sup_y φ(y) dx, as x -> y*(p(x), q(x)) is measurable",
                 ("measurable", "positivity", "domain"),
                 uses=("expectations as integrals", "first-order condition",
                       "second-order condition")),
            Step("substitution",
                 Equation(integral(phi.xreplace({Y: self.point})), integral(self.value)),
                 "C(G) = V(D*, G): substitute y* and combine the log arguments",
                 ("positivity",), uses=("pointwise maximisation",)),
        )


def optimal_discriminator(objective: Objective) -> OptimalDiscriminator:
    """Differentiate, solve, keep the roots inside the domain, substitute back."""
    if not isinstance(objective, Objective):
        raise InvalidArgument.for_value("objective", objective, "must be an Objective")
    phi = objective.integrand()
    first = sp.diff(phi, Y)
    second = sp.diff(phi, Y, 2)
    roots = find_roots(first, Y)
    ctx = Context(positive=True, domain=objective.domain)
    membership = [in_domain(r, objective.domain, ctx).status for r in roots]
    inside = [r for r, m in zip(roots, membership, strict=True) if m is Status.PROVED]
    if len(inside) != 1 or Status.UNKNOWN in membership:
        raise InvalidArgument.for_value(
            "objective", objective.name,
            f"dφ/dy = {sp.sstr(first)} has {len(inside)} roots shown inside {objective.domain}"
            f" (solver roots: {[sp.sstr(r) for r in roots]}); no unique interior maximiser",
        )
    (point,) = inside
    point = sp.factor(point)
    if not tidy(second.xreplace({Y: point})).is_negative:
        raise InvalidArgument.for_value(
            "objective", objective.name,
            f"d²φ/dy² at the stationary point {sp.sstr(point)} is not shown negative: "
            "no interior maximiser (a minimum, an inflection, or undecided)")
    return OptimalDiscriminator(objective, phi, first, second, roots, point,
                                tidy(phi.xreplace({Y: point})))
