"""Decisions about claims over a variable's interval: maximisers, roots and suprema.

Each claim carries its own variable and domain; those, never a premise's interval nor the name
``y``, decide where the variable ranges. A method that succeeds proves; a *sufficient* condition
that fails (concavity, monotonicity, a solver's list) leaves the claim unknown. Refutations are
certified at an admissible point: a value exactly evaluated, a point outside the domain, a root
exhibited, or a sign change of a continuous function around an unclaimed root.

>>> from symbolic_gan.derivation import Maximiser
>>> from symbolic_gan.objective import P, Q, Y
>>> claim = Maximiser((P + Q) * sp.exp(-Y**2), Y, 0, sp.Reals)
>>> decide_maximiser(claim, Context(positive=True)).status
<Status.PROVED: 'proved'>
"""

from __future__ import annotations

import dataclasses

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from symbolic_gan.calculus import (
    carry_out,
    continuous_at,
    exp_log_class,
    find_roots,
    jumps_certified,
    one_sided_limit,
)
from symbolic_gan.context import Context, Finding, effective_domain, opaque, sample_points
from symbolic_gan.derivation import Maximiser, Roots, Supremum, interval_text
from symbolic_gan.rewrite import in_domain, sign_test, smooth_on, zero_test
from symbolic_gan.verdict import Status

__all__ = ["claim_context", "decide_maximiser", "decide_roots", "decide_supremum"]

_DIGITS = 30
_FRACTIONS = tuple(sp.Rational(k, 20) for k in (1, 3, 5, 7, 9, 10, 11, 13, 15, 17, 19))
_SMOOTH = (sp.exp, sp.log, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan)
_EVERYWHERE_CONTINUOUS = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.Abs)


def claim_context(ctx: Context, variable: sp.Symbol, domain: sp.Interval) -> Context | None:
    """``ctx`` with the claim's own variable and domain — the domain cut down to the values the
    variable was declared to take — or None when that is not an interval. A restriction the
    context had on another symbol (y by a premise) is kept for choosing sample points."""
    effective = effective_domain(variable, domain)
    if effective is None:
        return None
    ranges = dict(ctx.ranges)
    if ctx.domain is not None and ctx.variable != variable:
        ranges[ctx.variable] = ctx.domain
    return dataclasses.replace(ctx, variable=variable, domain=effective,
                               ranges=tuple(ranges.items()))


def _no_interval(claim: Maximiser | Roots | Supremum) -> Finding:
    return Finding(Status.UNKNOWN, f"the values {claim.variable} was declared to take do not "
                   f"meet {interval_text(claim.domain)} in an interval")


def _defined_at(expr: sp.Expr, v: sp.Symbol, point: sp.Expr, ctx: Context) -> bool:
    """Whether every quantity ``expr`` divides by is shown non-zero at ``v = point`` (else a
    hidden 0/0 could pass for a root)."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.exp.is_negative and node.base.has(v):
            base = node.base.xreplace({v: point})
            if all(sign_test(base, r, ctx).status is not Status.PROVED for r in (">", "<")):
                return False
    return True


def _defined_numerically(expr: sp.Expr, v: sp.Symbol, point: sp.Expr) -> bool:
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.exp.is_negative and node.base.has(v):
            value = _number(node.base.xreplace({v: point}))
            if value is None or abs(value) <= sp.Float("1e-20"):
                return False
    return True


def _number(expr: sp.Expr) -> sp.Float | None:
    """``expr`` certified to 30 digits as a finite real, or None."""
    if not jumps_certified(expr):
        return None
    try:
        value = sp.N(expr, _DIGITS, strict=True)
    except (PrecisionExhausted, ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        return None
    if not value.is_number or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not value.is_real:
        return None
    return value


def _grid(domain: sp.Interval) -> list[sp.Expr]:
    """Rational points inside ``domain``."""
    lo, hi = domain.inf, domain.sup
    if lo.is_finite and hi.is_finite:
        return [lo + (hi - lo) * f for f in _FRACTIONS]
    base = [sp.Rational(1, 10), sp.Rational(1, 2), 1, 2, 5, 10]
    if lo.is_finite:
        return [lo + b for b in base]
    if hi.is_finite:
        return [hi - b for b in base]
    return [-b for b in base] + [sp.S.Zero] + base


def _parameters(claim_exprs: tuple[sp.Expr, ...], variable: sp.Symbol, ctx: Context
                ) -> list[dict[sp.Symbol, sp.Expr]]:
    free = set().union(*(e.free_symbols for e in claim_exprs)) - {variable}
    return sample_points(sp.Tuple(*free), ctx)


def _inside(value: sp.Float, domain: sp.Interval) -> bool:
    return bool(domain.contains(value) == sp.true)


# ------------------------------------------------------------------------------ maximiser
def decide_maximiser(claim: Maximiser, ctx: Context) -> Finding:
    """``point`` is a global maximiser of ``function`` over the claim's domain."""
    c = claim_context(ctx, claim.variable, claim.domain)
    if c is None:
        return _no_interval(claim)
    claim = dataclasses.replace(claim, domain=c.domain)
    v, f, point = claim.variable, claim.function, claim.point
    inside = in_domain(point, claim.domain, c)
    if inside.status is Status.REFUTED:
        return Finding(Status.REFUTED, f"{v}* is not in {interval_text(claim.domain)}: "
                       f"{inside.method}", inside.residual, inside.counterexample)
    if inside.status is Status.PROVED and smooth_on(f, c):
        slope = sp.diff(f, v)
        first = zero_test(slope.xreplace({v: point}), c)
        if first.status is Status.PROVED:
            concave = sign_test(sp.diff(f, v, 2), "<", c)
            if concave.status is Status.PROVED:
                return Finding(Status.PROVED, "inside the domain; derivative zero there; "
                               "strictly concave on the domain, so the unique global maximiser",
                               forced=first.forced)
        unimodal = _unimodal(f, v, point, claim.domain, c)
        if unimodal is not None:
            return unimodal
    refuted = _higher_point(claim, c)
    if refuted is not None:
        return refuted
    if inside.status is not Status.PROVED:
        return Finding(Status.UNKNOWN, f"{v}* in the domain not decided: {inside.method}",
                       inside.residual)
    return Finding(Status.UNKNOWN, "no sufficient condition shown (differentiable on the "
                   "domain and strictly concave, or increasing before and decreasing after the "
                   "point); no higher point found")


def _unimodal(f: sp.Expr, v: sp.Symbol, point: sp.Expr, domain: sp.Interval, ctx: Context
              ) -> Finding | None:
    """Proved when the slope is > 0 on (lo, y*) and < 0 on (y*, hi): first-derivative test."""
    slope = sp.diff(f, v)
    s = sp.Dummy("t", positive=True)
    lo, hi = domain.inf, domain.sup
    left = point - ((point - lo) * s / (1 + s) if lo.is_finite else s)
    right = point + ((hi - point) * s / (1 + s) if hi.is_finite else s)
    free = dataclasses.replace(ctx, domain=None)
    closed = [end for end, is_open in ((lo, domain.left_open), (hi, domain.right_open))
              if end.is_finite and not is_open]
    if not all(continuous_at(f, v, end) for end in closed):
        return None  # a closed end where f jumps could be higher
    rises = sign_test(slope.xreplace({v: left}), ">", free)
    falls = sign_test(slope.xreplace({v: right}), "<", free)
    if rises.status is Status.PROVED and falls.status is Status.PROVED:
        return Finding(Status.PROVED, "inside the domain; the derivative is > 0 before the "
                       "point and < 0 after it, so the unique global maximiser")
    return None


def _higher_point(claim: Maximiser, ctx: Context) -> Finding | None:
    """A certified admissible point where the function beats the claimed maximiser, or where
    the derivative at an interior claimed point is not zero (smooth functions only)."""
    v, f, point = claim.variable, claim.function, claim.point
    smooth = exp_log_class(f) or all(
        isinstance(n, (sp.Symbol, sp.Number, sp.NumberSymbol, sp.Add, sp.Mul, sp.Pow, *_SMOOTH))
        for n in sp.preorder_traversal(f))
    for sample in _parameters((f, point), v, ctx):
        y0 = _number(point.xreplace(sample))
        if y0 is None or not _inside(y0, claim.domain):
            continue
        at_point = _number(f.xreplace(sample).xreplace({v: point.xreplace(sample)}))
        if at_point is None:
            continue
        for y1 in _grid(claim.domain):
            value = _number(f.xreplace(sample).xreplace({v: y1}))
            if value is not None and value - at_point > sp.Float("1e-20"):
                shown = {s.name: str(x) for s, x in sample.items()}
                return Finding(Status.REFUTED, f"{v} = {y1} gives {sp.N(value, 8)} > "
                               f"{sp.N(at_point, 8)} at the claimed point",
                               counterexample={**shown, v.name: str(y1)})
        interior = _inside(y0, sp.Interval.open(claim.domain.inf, claim.domain.sup))
        if smooth and interior:
            slope = _number(sp.diff(f, v).xreplace(sample).xreplace({v: point.xreplace(sample)}))
            if slope is not None and abs(slope) > sp.Float("1e-20"):
                shown = {s.name: str(x) for s, x in sample.items()}
                return Finding(Status.REFUTED, f"the derivative at the interior point {v}* = "
                               f"{sp.N(y0, 8)} is {sp.N(slope, 8)} ≠ 0, so a nearby point is "
                               "higher", counterexample=shown)
    return None


# ------------------------------------------------------------------------------ roots
def decide_roots(claim: Roots, ctx: Context) -> Finding:
    """The roots of ``expr`` in the domain are exactly the claimed ones."""
    c = claim_context(ctx, claim.variable, claim.domain)
    if c is None:
        return _no_interval(claim)
    claim = dataclasses.replace(claim, domain=c.domain)
    v, e = claim.variable, claim.expr
    notes = []
    for root in claim.roots:
        if not _defined_at(e, v, root, c):
            return Finding(Status.UNKNOWN, f"claimed root {root}: the expression may be "
                           "undefined there (a divisor not shown non-zero)")
        at_root = zero_test(e.xreplace({v: root}), c)
        if at_root.status is not Status.PROVED:
            return Finding(at_root.status, f"claimed root {root}: {at_root.method}",
                           at_root.residual, at_root.counterexample)
        inside = in_domain(root, claim.domain, c)
        if inside.status is not Status.PROVED:
            return Finding(inside.status, f"claimed root {root} in the domain: {inside.method}",
                           inside.residual, inside.counterexample)
        notes.append(f"{root} is a root inside {interval_text(claim.domain)}")
    complete = _complete(claim, c)
    if complete is not None:
        if complete.status is Status.PROVED:
            return Finding(Status.PROVED, "; ".join([*notes, complete.method]))
        return complete
    refuted = _unclaimed_root(claim, c)
    if refuted is not None:
        return refuted
    return Finding(Status.UNKNOWN, "the claimed roots are roots, but no argument shows there "
                   "are no others (not monotone, not a polynomial with a known complete root set)")


def _complete(claim: Roots, ctx: Context) -> Finding | None:
    """Proof that no other root lies in the domain, a certified extra root, or None."""
    v, e = claim.variable, claim.expr
    roots = claim.roots
    if not roots:
        for relation in (">", "<"):
            if sign_test(e, relation, ctx).status is Status.PROVED:
                return Finding(Status.PROVED, f"no root: the expression is {relation} 0 on "
                               "the domain")
    slope = sp.diff(e, v)
    if len(roots) == 1 and smooth_on(e, ctx):
        for relation in (">", "<"):
            if sign_test(slope, relation, ctx).status is Status.PROVED:
                return Finding(Status.PROVED, "strictly monotone on the domain: at most one root")
    numer, denom = sp.fraction(sp.together(e))
    if not numer.is_polynomial(v) or not numer.has(v):
        return None
    poly = sp.Poly(numer, v)
    leading = poly.LC()
    nonzero = any(sign_test(leading, r, ctx).status is Status.PROVED for r in (">", "<"))
    found = sp.roots(poly)
    if not nonzero or sum(found.values()) != poly.degree():
        return None
    for candidate in found:
        if any(zero_test(candidate - r, ctx, probe=False).status is Status.PROVED
               for r in roots):
            continue
        outside = _outside(candidate, denom, v, claim.domain, ctx)
        if outside is None:
            return None
    return Finding(Status.PROVED, f"numerator a polynomial of degree {poly.degree()} with "
                   "leading coefficient ≠ 0; every other root of it lies outside the domain "
                   "or is a pole")


def _outside(candidate: sp.Expr, denom: sp.Expr, v: sp.Symbol, domain: sp.Interval,
             ctx: Context) -> str | None:
    """Why ``candidate`` is never a root in the domain (a reason), or None if not shown."""
    e = candidate
    if e.is_extended_real is False:
        return "not real"
    if zero_test(denom.xreplace({v: e}), ctx, probe=False).status is Status.PROVED:
        return "a pole"
    if domain.inf.is_finite:
        if sign_test(e - domain.inf, "<=" if domain.left_open else "<", ctx).status \
                is Status.PROVED:
            return "below the domain"
    if domain.sup.is_finite:
        if sign_test(e - domain.sup, ">=" if domain.right_open else ">", ctx).status \
                is Status.PROVED:
            return "above the domain"
    return None


def _continuous_everywhere(e: sp.Expr, v: sp.Symbol) -> bool:
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.Symbol | sp.Number | sp.NumberSymbol | sp.Add | sp.Mul):
            continue
        if isinstance(node, sp.Pow) and (
                (node.exp.is_Integer and node.exp >= 0)
                or (not node.base.has(v) and node.base.is_positive)):
            continue
        if isinstance(node, _EVERYWHERE_CONTINUOUS):
            continue
        return False
    return True


def _unclaimed_root(claim: Roots, ctx: Context) -> Finding | None:
    """A certified root in the domain that the claim does not list."""
    v, e = claim.variable, claim.expr
    grid = sorted(_grid(claim.domain), key=lambda g: float(g))
    for sample in _parameters((e, *claim.roots), v, ctx):
        local = e.xreplace(sample)
        shown = {s.name: str(x) for s, x in sample.items()}
        claimed = [_number(r.xreplace(sample)) for r in claim.roots]
        if any(r is None for r in claimed):
            continue
        if zero_test(local, dataclasses.replace(ctx, densities=()), probe=False).status \
                is Status.PROVED:
            y1 = next((g for g in grid if all(abs(g - r) > sp.Float("1e-10") for r in claimed)),
                      None)
            if y1 is None:
                continue
            return Finding(Status.REFUTED, f"the expression vanishes for every {v} here, so "
                           f"{v} = {y1} is an unclaimed root", counterexample={**shown,
                                                                               v.name: str(y1)})
        for candidate in find_roots(local, v):
            value = _number(candidate)
            if value is None or not _inside(value, claim.domain):
                continue
            if all(abs(value - r) > sp.Float("1e-10") for r in claimed) and \
                    _defined_numerically(local, v, candidate) and zero_test(
                    local.xreplace({v: candidate}), ctx, probe=False).status is Status.PROVED:
                return Finding(Status.REFUTED, f"{v} = {candidate} is a root in the domain that "
                               "is not claimed", counterexample={**shown, v.name: str(candidate)})
        if not _continuous_everywhere(local, v):
            continue
        values = [_number(local.xreplace({v: g})) for g in grid]
        for (a, fa), (b, fb) in zip(zip(grid, values, strict=True),
                                    list(zip(grid, values, strict=True))[1:], strict=False):
            if fa is None or fb is None or fa * fb >= 0:
                continue
            if all(r is not None and not float(a) - 1e-9 <= float(r) <= float(b) + 1e-9
                   for r in claimed):
                return Finding(Status.REFUTED, f"continuous and changes sign between {v} = {a} "
                               f"and {v} = {b}, where no root is claimed",
                               counterexample={**shown, v.name: f"between {a} and {b}"})
    return None


# ------------------------------------------------------------------------------ supremum
def decide_supremum(claim: Supremum, ctx: Context) -> Finding:
    """``sup`` of the function over the claim's domain is the claimed value."""
    c = claim_context(ctx, claim.variable, claim.domain)
    if c is None:
        return _no_interval(claim)
    claim = dataclasses.replace(claim, domain=c.domain)
    v, f = claim.variable, claim.function
    value, value_how = claim.value, "as given"
    if isinstance(value, sp.Limit):
        function, variable, point, side = value.args
        limit_value, value_how = one_sided_limit(function, variable, point, str(side))
        if limit_value is None:
            return Finding(Status.UNKNOWN, f"the claimed value's limit: {value_how}")
        value = limit_value
    value = carry_out(value)
    if opaque(value):
        return Finding(Status.UNKNOWN, "the claimed value holds an operation that cannot be "
                       "carried out soundly", value)
    if not smooth_on(f, c):
        above = _above_value(f, v, value, claim.domain, c)
        return above or Finding(
            Status.UNKNOWN, "not shown differentiable on the domain (a jump or pole would hide "
            "from monotonicity); the claimed value is not exceeded at the points tried")
    slope = sp.diff(f, v)
    for relation, end, open_end, direction, word in (
        ("<=", claim.domain.inf, claim.domain.left_open, "+", "non-increasing"),
        (">=", claim.domain.sup, claim.domain.right_open, "-", "non-decreasing"),
    ):
        if sign_test(slope, relation, c).status is not Status.PROVED:
            continue
        if open_end or not end.is_finite:
            limit, how = one_sided_limit(f, v, end, direction)
        elif continuous_at(f, v, end):
            limit, how = f.xreplace({v: end}), "attained at the closed end"
        else:
            limit, how = None, "not continuous at the closed end"
        if limit is None:
            return Finding(Status.UNKNOWN, f"{word} on the domain; limit at {v} → {end}: {how}")
        found = zero_test(limit - value, c)
        return Finding(found.status, f"{word} on the domain, so sup = limit at {v} → {end}"
                       f" = {sp.sstr(limit)} ({how}); claimed value = {sp.sstr(value)} "
                       f"({value_how}); difference: {found.method}", found.residual,
                       found.counterexample, found.forced)
    return _above_value(f, v, value, claim.domain, c) or Finding(
        Status.UNKNOWN, "not shown monotone on the domain; the claimed value is not exceeded at "
        "the points tried", slope)


def _above_value(f: sp.Expr, v: sp.Symbol, value: sp.Expr, domain: sp.Interval, ctx: Context
                 ) -> Finding | None:
    """A certified point of the domain where the function exceeds the claimed supremum."""
    for sample in _parameters((f, value), v, ctx):
        bound = _number(value.xreplace(sample))
        if bound is None:
            continue
        for y1 in _grid(domain):
            at = _number(f.xreplace(sample).xreplace({v: y1}))
            if at is not None and at - bound > sp.Float("1e-20"):
                shown = {s.name: str(x) for s, x in sample.items()}
                return Finding(Status.REFUTED, f"{v} = {y1} gives {sp.N(at, 8)} > the claimed "
                               f"supremum {sp.N(bound, 8)}", counterexample={**shown,
                                                                            v.name: str(y1)})
    return None
