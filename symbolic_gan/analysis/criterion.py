"""The generator's criterion at the optimal discriminator: ``C(G) = ∫ q·h(p/q) dx = c·D_f + β``.

``h(u) = sup_y [u·a(y) + b(y)]`` is convex (a supremum of affine functions of u). With
``β = h(1)`` and a slope ``s`` of h at 1, ``f(u) = h(u) − β − s·(u − 1)`` is normalised and
``∫ q·h(p/q) = ∫ q·f(p/q) + β + s·(∫p − ∫q) = D_f(P‖Q) + β`` because both densities have mass 1.
``f''`` (with a Dirac term ``J·δ(u − c)`` for each kink of h, J its jump in slope) is compared
with the catalogue to name the divergence and its factor ``c``.

>>> from symbolic_gan.analysis.optimum import supremum_regions
>>> from symbolic_gan.objective import Y
>>> c = criterion(supremum_regions(sp.log(Y), sp.log(1 - Y), sp.Interval.open(0, 1)).regions)
>>> c.divergence, c.scale, c.constant
('Jensen-Shannon', 2, -log(4))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from symbolic_gan.analysis.catalogue import Match, U, match_divergence
from symbolic_gan.analysis.limits import Undecided
from symbolic_gan.analysis.optimum import Region

__all__ = ["CONSTANT", "INFINITE", "TOTAL_VARIATION", "UNNAMED", "Criterion", "criterion",
           "tidy_u"]

#: ``divergence`` when h is affine: C(G) is the same number for every generator.
CONSTANT = "constant criterion"
#: ``divergence`` when h is +∞ on a region of ratios: C(G) = +∞ (unless P = Q).
INFINITE = "infinite criterion"
#: ``divergence`` when f'' matches nothing in the catalogue.
UNNAMED = "unnamed f-divergence"
TOTAL_VARIATION = "total variation"
_LARGE = 80  # operations above which no simplification is attempted
_CHECK_AT = (sp.Rational(1, 3), sp.Rational(5, 4), sp.Rational(7, 2))


@dataclass(frozen=True)
class Criterion:
    """``h``, the normalised ``f`` and ``f''`` (functions of u), ``C(G) = scale·D + constant``.

    For an infinite criterion ``f``, ``f_second_derivative``, ``scale`` and ``constant`` are
    None; ``match`` is the catalogue entry when the divergence is named.
    """

    h: sp.Expr
    f: sp.Expr | None
    f_second_derivative: sp.Expr | None
    scale: sp.Expr | None
    constant: sp.Expr | None
    divergence: str
    expression: str
    match: Match | None = None


def tidy_u(expr: sp.Expr) -> sp.Expr:
    """The shortest of a few rewritings of a function of u that agree with it numerically.

    >>> tidy_u(sp.log((U / (U + 1)) ** U / (U + 1)))
    u*log(u) + (-u - 1)*log(u + 1)
    """
    if expr in (sp.oo, -sp.oo) or not expr.has(U):
        return _constant(expr)
    if sp.count_ops(expr) > _LARGE:
        return expr  # factoring nested radicals can take minutes: leave large forms alone
    forms = [expr] if expr.has(sp.log) else [expr, sp.factor(sp.together(expr))]
    if expr.has(sp.log):
        args_tidied = expr.replace(lambda e: isinstance(e, sp.log),
                                   lambda e: sp.log(sp.factor(sp.together(e.args[0]))))
        expanded = sp.expand(sp.expand_log(args_tidied, force=True))
        logs = sorted({e for e in sp.preorder_traversal(expanded) if isinstance(e, sp.log)},
                      key=sp.default_sort_key)
        forms += [sp.collect(expanded, logs), expanded]
    forms.sort(key=lambda f: (_powers_of_u(f), sp.count_ops(f), len(sp.sstr(f))))
    return next(f for f in forms if f is expr or _agree(f, expr))


def _constant(expr: sp.Expr) -> sp.Expr:
    """A constant in a short form: logs of rationals combined (``-2·log 2`` -> ``-log 4``)."""
    if sp.count_ops(expr) > _LARGE:
        return expr
    if expr.has(sp.log):
        combined = sp.logcombine(sp.expand_log(expr, force=True), force=True)
        if _agree(combined, expr):
            return combined
    return sp.nsimplify(expr) if expr.is_Float else sp.radsimp(expr)


def _powers_of_u(expr: sp.Expr) -> int:
    """How many powers with u in the exponent (``(u/(u + 1))**u``) the form keeps."""
    return sum(1 for e in sp.preorder_traversal(expr) if isinstance(e, sp.Pow) and e.exp.has(U))


def _plus(constant: sp.Expr) -> str:
    if constant == 0:
        return ""
    magnitude = -constant if constant.could_extract_minus_sign() else constant
    shown = f"({sp.sstr(magnitude)})" if isinstance(magnitude, sp.Add) else sp.sstr(magnitude)
    return f" − {shown}" if magnitude is not constant else f" + {shown}"


def _times(scale: sp.Expr) -> str:
    return "" if scale == 1 else f"{sp.sstr(scale)}·"


def _agree(one: sp.Expr, two: sp.Expr) -> bool:
    for u in _CHECK_AT[:2]:
        try:
            gap = complex((one - two).evalf(25, subs={U: u}))
            scale = 1.0 + abs(complex(two.evalf(25, subs={U: u})))
        except (TypeError, ValueError):
            return False
        if abs(gap) > 1e-18 * scale:
            return False
    return True


def _at_one(regions: tuple[Region, ...]) -> tuple[Region, Region]:
    """The regions just left and just right of u = 1 (the same one if 1 is inside it)."""
    for i, r in enumerate(regions):
        if bool(r.lo < 1) and bool(1 < r.hi):
            return r, r
        if r.hi == 1:
            return r, regions[i + 1]
    raise Undecided("no region contains u = 1")


def _piecewise(pieces: list[tuple[sp.Expr, Region]]) -> sp.Expr:
    if len(pieces) == 1:
        return pieces[0][0]
    args = [(expr, U < r.hi) for expr, r in pieces[:-1]]
    return sp.Piecewise(*args, (pieces[-1][0], True))


def _infinite(regions: tuple[Region, ...]) -> Criterion:
    h = _piecewise([(r.value, r) for r in regions])
    everywhere = all(r.where == "unbounded" for r in regions)
    left, right = _at_one(regions)
    if left is right and left.where == "unbounded":
        text = "C(G) = +∞ for every generator: sup_y φ is infinite even where p = q"
    elif everywhere:
        text = "C(G) = +∞ whenever P ≠ Q: sup_y φ is infinite wherever p ≠ q"
    else:
        text = ("C(G) = +∞ whenever P ≠ Q: sup_y φ is infinite on a region of ratios p/q that "
                "every P ≠ Q reaches on a set of positive measure")
    return Criterion(h, None, None, None, None, INFINITE, text)


def criterion(regions: tuple[Region, ...]) -> Criterion:
    """The criterion from the regions of the supremum (see the module docstring)."""
    if any(r.where == "unbounded" for r in regions):
        return _infinite(regions)
    values = [tidy_u(r.value) for r in regions]
    h = _piecewise(list(zip(values, regions, strict=True)))
    left, right = _at_one(regions)
    lv, rv = values[regions.index(left)], values[regions.index(right)]
    beta = _constant(lv.subs(U, 1))
    slope = _constant((sp.diff(lv, U).subs(U, 1) + sp.diff(rv, U).subs(U, 1)) / 2)
    fs = [tidy_u(v - beta - slope * (U - 1)) for v in values]
    seconds = [_second(f) for f in fs]
    jumps = []
    for (v1, r1), (v2, _) in itertools.pairwise(zip(values, regions, strict=True)):
        c = r1.hi
        jump = _constant(sp.diff(v2, U).subs(U, c) - sp.diff(v1, U).subs(U, c))
        if jump != 0:
            jumps.append((c, jump))
    _check_convex(seconds, jumps)
    f = _piecewise(list(zip(fs, regions, strict=True)))
    second = _piecewise(list(zip(seconds, regions, strict=True))) + sum(
        (j * sp.DiracDelta(U - c) for c, j in jumps), sp.S.Zero)
    if all(s == 0 for s in seconds) and not jumps:
        return Criterion(h, f, second, sp.S.Zero, beta, CONSTANT,
                         f"C(G) = {sp.sstr(beta)} for every generator: the criterion is "
                         "constant and gives the generator no signal")
    match = None
    if len(regions) == 1:
        match = match_divergence(seconds[0])
    elif all(s == 0 for s in seconds) and [c for c, _ in jumps] == [1]:
        scale = jumps[0][1]
        return Criterion(h, f, second, scale, beta, TOTAL_VARIATION,
                         f"C(G) = {_times(scale)}TV(P‖Q){_plus(beta)}, "
                         "TV = ½∫|p − q| dx")
    if match is None:
        return Criterion(h, f, second, sp.S.One, beta, UNNAMED,
                         f"C(G) = D_f(P‖Q){_plus(beta)} with f'' = {sp.sstr(second)}")
    return Criterion(h, f, second, match.scale, beta, match.name,
                     f"C(G) = {_times(match.scale)}{match.label}{_plus(beta)}", match)


def _second(f: sp.Expr) -> sp.Expr:
    second = sp.diff(f, U, 2)
    if sp.count_ops(second) > _LARGE:
        return second
    second = sp.factor(sp.together(second))
    return sp.simplify(second) if second.has(sp.log, sp.exp, sp.LambertW) else second


def _check_convex(seconds: list[sp.Expr], jumps: list[tuple[sp.Expr, sp.Expr]]) -> None:
    """h is a supremum of affine functions: a negative f'' or jump means a wrong supremum."""
    for s in seconds:
        for u in _CHECK_AT:
            value = sp.N(s.subs(U, u), 20)
            if value.is_real and value < -1e-15:
                raise Undecided(f"h'' = {sp.sstr(s)} < 0 at u = {u}: the supremum is wrong")
    for c, j in jumps:
        if sp.N(j, 20) < 0:
            raise Undecided(f"h' jumps down by {sp.sstr(j)} at u = {c}: the supremum is wrong")
