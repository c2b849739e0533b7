"""Generator objectives that differ from the discriminator's (non-zero-sum games).

With the discriminator at its optimum ``y*(u)`` (u = p/q) and the generator minimising
``∫ p·a_G(D) + q·b_G(D) dx``, the generator's criterion is ``∫ q·k(p/q) dx`` with
``k(u) = u·a_G(y*(u)) + b_G(y*(u))``. Unlike h, k need not be convex, so it is a divergence
(up to the constant ``k(1)``) only when ``k'' ≥ 0``; that is tested, never assumed.

>>> from symbolic_gan.objective import Y
>>> g = generator_criterion(sp.log(Y), sp.log(1 - Y), sp.Interval.open(0, 1),
...                         sp.S.Zero, -sp.log(Y))  # the non-saturating loss −E_q[log D]
>>> g.k, g.convex
(-log(u/(u + 1)), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symbolic_gan.analysis.catalogue import U
from symbolic_gan.analysis.criterion import Criterion, criterion, tidy_u
from symbolic_gan.analysis.limits import Undecided
from symbolic_gan.analysis.optimum import Region, supremum_regions
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.objective import Y

__all__ = ["GeneratorCriterion", "generator_criterion"]

_GRID = tuple(sp.Rational(k, 8) for k in range(1, 65))


@dataclass(frozen=True)
class GeneratorCriterion:
    """``k(u)``, ``k''(u)``, whether k is convex on u > 0 (None: not decided), and, when it is,
    the criterion ``c·D_f + β`` it amounts to."""

    k: sp.Expr
    k_second_derivative: sp.Expr
    convex: bool | None
    criterion: Criterion | None
    reason: str = ""


def generator_criterion(a: sp.Expr, b: sp.Expr, domain: sp.Interval, a_g: sp.Expr,
                        b_g: sp.Expr) -> GeneratorCriterion:
    """The generator's criterion when D maximises ``p·a + q·b`` and G minimises
    ``p·a_G + q·b_G`` (see the module docstring). D* must be an interior optimum.
    """
    for label, expr in (("a", a), ("b", b), ("a_g", a_g), ("b_g", b_g)):
        if not isinstance(expr, sp.Expr) or expr.free_symbols - {Y}:
            raise InvalidArgument.for_value(label, expr, "must be a SymPy expression in y")
    try:
        regions = supremum_regions(a, b, domain).regions
    except Undecided as exc:
        raise InvalidArgument.for_value("a", a, f"the optimal discriminator: {exc}") from None
    if len(regions) != 1 or regions[0].where != "interior":
        raise InvalidArgument.for_value("a", a, "needs a unique interior optimal discriminator")
    ystar = regions[0].location
    k = tidy_u((U * a_g + b_g).subs(Y, ystar))
    second = sp.factor(sp.together(sp.diff(k, U, 2)))
    if second.is_nonnegative:
        convex, reason = True, "k'' ≥ 0 by assumptions (u > 0)"
    else:
        negative = [u for u in _GRID if sp.N(second.subs(U, u), 20) < 0]
        if negative:
            convex, reason = False, f"k''({negative[0]}) < 0: k is not convex, not a divergence"
        else:
            convex, reason = None, "k'' ≥ 0 on a grid of u, not shown for every u > 0"
    crit = None
    if convex:
        crit = criterion((Region(sp.Integer(0), sp.oo, "interior", ystar, k),))
    return GeneratorCriterion(k, second, convex, crit, reason)
