"""The analysis of an objective as a :class:`~symbolic_gan.derivation.Derivation` to check.

Every conclusion of the analysis is stated as an ordinary claim (``Maximiser``, ``Roots``,
``Inequality``, ``Supremum``, ``Equation``) citing the standard premises, and is then checked by
:func:`symbolic_gan.checker.check` like the built-in theorems: the analysis proposes, the checker
decides. A region ``lo < p/q < hi`` of ratios is stated by writing ``p = q·r(t)`` with ``t > 0``
and ``r`` mapping ``t > 0`` onto the region, so that its claim holds for every admissible value.
"""

from __future__ import annotations

import itertools

import sympy as sp

from symbolic_gan.analysis.catalogue import U
from symbolic_gan.analysis.criterion import CONSTANT, TOTAL_VARIATION, UNNAMED, Criterion
from symbolic_gan.analysis.limits import Undecided
from symbolic_gan.analysis.optimum import (
    Region,
    breakpoints,
    sample_inside,
    smooth_branch,
    supremum_regions,
)
from symbolic_gan.derivation import (
    Derivation,
    Equation,
    Inequality,
    Maximiser,
    Premise,
    Roots,
    Step,
    Supremum,
    interval_text,
)
from symbolic_gan.functionals import Expectation, integral
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.theorems.premises import standard_premises

__all__ = ["T", "analysis_derivation", "in_densities", "region_ratio"]

#: The free positive parameter of a region of ratios.
T = sp.Symbol("t", positive=True)


def in_densities(expr: sp.Expr) -> sp.Expr:
    """A function of u = p/q written in p and q.

    >>> in_densities(U / (U + 1))
    p/(p + q)
    """
    substituted = expr.subs(U, P / Q)
    if expr.has(sp.log) or sp.count_ops(expr) > 80:
        return substituted
    return sp.factor(sp.together(substituted))


def region_ratio(region: Region) -> sp.Expr:
    """``r(t)``, mapping ``t > 0`` one-to-one onto ``lo < u < hi``.

    >>> region_ratio(Region(sp.Integer(0), sp.Integer(1), "limit", -sp.oo, 1 - U))
    1/(t + 1)
    """
    lo, hi = region.lo, region.hi
    if hi == sp.oo:
        return lo + T if lo != 0 else T
    if lo == 0:
        return hi / (1 + T)
    return lo + (hi - lo) * T / (1 + T)


def _premises(domain: sp.Interval) -> tuple[Premise, ...]:
    premises = list(standard_premises())
    premises.insert(3, Premise("domain", f"y in {interval_text(domain)} (the range of D)",
                               "domain", sp.latex(sp.Contains(sp.Symbol("y"), domain)), domain))
    return tuple(premises)


def _interior_steps(phi: sp.Expr, region: Region, domain: sp.Interval) -> list[Step]:
    point = in_densities(region.location)
    first, second = sp.diff(phi, Y), sp.diff(phi, Y, 2)
    at_point = second.subs(Y, point)
    if sp.count_ops(at_point) <= 80:
        at_point = sp.factor(sp.together(at_point))
    return [
        Step("pointwise maximisation", Maximiser(phi, Y, point, domain),
             "sup_D ∫ φ(D(x)) dx = ∫ sup_y φ(y) dx: maximise pointwise, for every p, q > 0",
             ("measurable", "positivity", "domain")),
        Step("first-order condition",
             Roots(first, Y, tuple(in_densities(r) for r in region.stationary) or (point,),
                   domain),
             "dφ/dy = 0 has exactly these roots in the domain (every solver root tested); "
             "y* is the one with the largest φ", ("positivity", "domain")),
        Step("second-order condition", Inequality(at_point, "<", sp.S.Zero),
             "d²φ/dy² < 0 at y*: a strict local maximum", ("positivity",)),
        Step("criterion function",
             Equation(phi.subs(Y, point), Q * in_densities(region.value)),
             "φ(y*) = q·h(p/q) with h(u) = sup_y [u·a(y) + b(y)]", ("positivity",)),
    ]


def _piece_steps(a: sp.Expr, b: sp.Expr, region: Region, domain: sp.Interval
                 ) -> list[Step] | None:
    """For a non-smooth objective: the supremum on each smooth piece of the domain (where
    the checker can see monotonicity), then each piece's value bounded by the region's.
    None when a piece's supremum changes form inside the region."""
    cuts = sorted(set(breakpoints(a, domain) + breakpoints(b, domain)), key=float)
    if not cuts or region.value == sp.oo:
        return None
    ends = [domain.inf, *cuts, domain.sup]
    ratio, where = region_ratio(region), _when_text(region)
    sups, bounds = [], []
    for k, (lo, hi) in enumerate(itertools.pairwise(ends)):
        piece = sp.Interval(lo, hi, (k == 0 and domain.left_open) or lo == -sp.oo,
                            (k == len(ends) - 2 and domain.right_open) or hi == sp.oo)
        mid = sample_inside(lo, hi)
        a_k, b_k = smooth_branch(a, mid), smooth_branch(b, mid)
        try:
            found = supremum_regions(a_k, b_k, piece).regions
        except Undecided:
            return None
        inner = [r for r in found if bool(r.lo <= region.lo) and bool(region.hi <= r.hi)]
        if len(inner) != 1 or inner[0].value == sp.oo or inner[0].where == "interior":
            return None
        value = Q * inner[0].value.subs(U, ratio)
        branch = (P * a_k + Q * b_k).subs(P, Q * ratio).rewrite(sp.exp)
        sups.append(Step(f"supremum where {where}, y in {interval_text(piece)}",
                         Supremum(branch, Y, piece, value),
                         f"with p = q·({sp.sstr(ratio)}), t > 0: φ is smooth on this piece",
                         ("positivity",)))
        bounds.append(Step(f"largest piece where {where}, y in {interval_text(piece)}",
                           Inequality(value, "<=", Q * region.value.subs(U, ratio)),
                           "the supremum over the domain is the largest supremum over its "
                           "pieces", ("positivity",)))
    return sups + bounds


def _region_steps(a: sp.Expr, b: sp.Expr, regions: tuple[Region, ...], domain: sp.Interval
                  ) -> list[Step]:
    phi = P * a + Q * b
    steps = []
    for region in regions:
        if region.where in ("kink", "boundary"):
            pieces = _piece_steps(a, b, region, domain)
            if pieces is not None:
                steps += pieces
                continue
        ratio = region_ratio(region)
        # hyperbolic functions as exponentials: their signs are then visible to assumptions
        on_region = phi.subs(P, Q * ratio).rewrite(sp.exp)
        value = Q * region.value.subs(U, ratio) if region.value != sp.oo else sp.oo
        where = _when_text(region)
        rule = {"interior": "a stationary point, compared with every other candidate",
                "boundary": "attained at a closed end of the domain",
                "kink": "attained where φ is not differentiable (one-sided slopes change sign)",
                "limit": "approached at an end of the domain, not attained",
                "unbounded": "φ grows without bound towards an end of the domain"}[region.where]
        claim = (Maximiser(on_region, Y, region.location.subs(U, ratio), domain)
                 if region.where == "interior" else Supremum(on_region, Y, domain, value))
        steps.append(Step(f"supremum where {where}", claim,
                          f"with p = q·({sp.sstr(ratio)}), t > 0: {rule}",
                          ("positivity", "domain"),
                          note=f"at y = {sp.sstr(region.location)}"))
    return steps


def _when_text(region: Region) -> str:
    parts = []
    if region.lo != 0:
        parts.append(f"p > {sp.sstr(region.lo)}·q" if region.lo != 1 else "p > q")
    if region.hi != sp.oo:
        parts.append(f"p < {sp.sstr(region.hi)}·q" if region.hi != 1 else "p < q")
    return " and ".join(parts) or "p, q > 0"


def _criterion_steps(crit: Criterion, value: sp.Expr) -> list[Step]:
    """``∫ value dx = c·D + β``, with ``value`` the integrand of C(G) = V(D*, G) (φ at y*, or
    q·h(p/q) where the supremum is not attained)."""
    premises = ("positivity", "normalisation")
    if crit.divergence == TOTAL_VARIATION:
        slope = sp.diff(crit.h.args[0][0], U).subs(U, 1) + crit.scale / 2  # type: ignore[operator]
        value = crit.constant * Q + slope * (P - Q) + crit.scale / 2 * sp.Abs(P - Q)  # type: ignore[operator]
        rhs = crit.scale * integral(sp.Abs(P - Q) / 2) + crit.constant
    elif crit.f is None or isinstance(crit.h, sp.Piecewise):
        return []
    elif crit.divergence == CONSTANT:
        rhs = crit.constant
    elif crit.divergence == UNNAMED or crit.match is None:
        rhs = integral(Q * in_densities(crit.f)) + crit.constant
    else:
        rhs = crit.scale * integral(Q * crit.match.f.subs(U, P / Q)) + crit.constant
    return [Step("divergence form", Equation(integral(value), rhs),
                 "q·h(p/q) = c·q·f(p/q) + β·q + s·(p − q) with f normalised; "
                 "∫ (p − q) dx = 0 and ∫ q dx = 1 by normalisation", premises,
                 note=crit.expression)]


def analysis_derivation(a: sp.Expr, b: sp.Expr, domain: sp.Interval,
                        regions: tuple[Region, ...], crit: Criterion | None, *,
                        theorem: str = "analyse-objective", title: str = "",
                        reference: str = "") -> Derivation:
    """The steps that state what the analysis found, to be checked."""
    phi = P * a + Q * b
    steps = [Step("expectations as integrals",
                  Equation(Expectation(P, a) + Expectation(Q, b), integral(phi)),
                  "E_p[f] = ∫ p f dx, for data and generator densities alike", ("density",))]
    value = None
    if len(regions) == 1 and regions[0].where == "interior":
        steps += _interior_steps(phi, regions[0], domain)
        value = phi.subs(Y, in_densities(regions[0].location))
    else:
        steps += _region_steps(a, b, regions, domain)
    if crit is not None:
        if value is None and crit.f is not None and not isinstance(crit.h, sp.Piecewise):
            value = Q * in_densities(crit.h)
        steps += _criterion_steps(crit, value)
    statement = f"For the pointwise objective {sp.sstr(phi)} on y in {interval_text(domain)}: "
    statement += crit.expression if crit is not None else "the supremum is not decided."
    return Derivation(
        theorem=theorem,
        title=title or f"Optimal discriminator and criterion of p·({sp.sstr(a)}) + "
                       f"q·({sp.sstr(b)})",
        statement=statement,
        premises=_premises(domain),
        steps=tuple(steps),
        reference=reference or "docs/theory.md (the f-divergence of a pointwise objective)",
        symbols=(("p", "p_data(x)"), ("q", "p_g(x)"), ("y", "D(x)"), ("u", "p/q"),
                 ("t", "a free positive parameter of a region of ratios")),
        # every step's claim is part of what the analysis states
        conclusion=tuple(step.claim for step in steps),
    )
