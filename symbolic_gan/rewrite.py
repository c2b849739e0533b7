"""Decision procedures on pointwise expressions: zero tests, sign tests and shape arguments.

Each procedure answers with a :class:`~symbolic_gan.context.Finding` — proved, refuted or
unknown, the method that decided, and what was left — and never treats "could not simplify to
zero" as a refutation. Refutations come only from exact evaluation at an admissible rational
point (:func:`symbolic_gan.context.counterexample`). The sign test, the shape arguments
(convexity, concavity, monotone ends) and the smoothness test call one another, so they live
together here.

>>> from symbolic_gan.context import Context
>>> from symbolic_gan.objective import P, Q
>>> ctx = Context(positive=True)
>>> zero_test(sp.log(P / (P + Q)) - sp.log(P) + sp.log(P + Q), ctx).status
<Status.PROVED: 'proved'>
>>> zero_test(sp.log(P + Q) - sp.log(P), ctx).status
<Status.REFUTED: 'refuted'>
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from symbolic_gan.calculus import find_roots, jumps_certified, one_sided_limit
from symbolic_gan.cases import has_kinks, split_cases
from symbolic_gan.context import (
    DIGITS,
    ZERO_BELOW,
    Context,
    Finding,
    admissible,
    closed_ends,
    counterexample,
    opaque,
    prepare,
    sample_points,
    show_point,
)
from symbolic_gan.guards import too_large
from symbolic_gan.verdict import Status

__all__ = [
    "by_cases",
    "canonical",
    "convexity_test",
    "homogeneous_reduction",
    "in_domain",
    "is_real_test",
    "log_normal_form",
    "may_vanish",
    "sign_test",
    "smooth_on",
    "undefined_divisors",
    "zero_test",
]

# Internal variables are Dummies: a user's own symbol called u can never be mistaken for it.
_U = sp.Dummy("u", positive=True)


def _positive_under(factor: sp.Expr, ctx: Context) -> str | None:
    """Why ``factor`` is positive under the premises (a premise name), or None if not shown."""
    if factor.is_positive:
        return ctx.cite("positive") if factor.free_symbols else "arithmetic"
    if ctx.domain is not None and factor.has(ctx.variable):
        if not all(factor.xreplace({ctx.variable: end}).is_positive for end in closed_ends(ctx)):
            return None
        if prepare(factor, ctx, reparametrise=True).is_positive:
            return ctx.cite("domain")
        if sp.factor(sp.together(prepare(factor, ctx, reparametrise=True))).is_positive:
            return ctx.cite("domain")
    return None


def log_normal_form(expr: sp.Expr, ctx: Context) -> tuple[sp.Expr, tuple[str, ...]]:
    """Factor every log argument, then split the log where each factor is shown positive.

    Splitting ``log(a·b) → log a + log b`` is ``expand_log(force=True)``, unsound in general; it
    is applied only when every factor is positive under a premise, and each use is recorded.
    """
    forced: list[str] = []

    def oriented(poly: sp.Expr) -> tuple[int, sp.Expr, list[tuple[sp.Expr, int]], list[str]] | None:
        """``poly = sign·c·Π fᵏ`` with c > 0 a number and every f positive under the premises."""
        try:
            coefficient, factors = sp.factor_list(poly)
        except sp.PolynomialError:
            return None
        if not coefficient.is_nonzero or not coefficient.is_real:
            return None
        sign = 1 if coefficient.is_positive else -1
        positive: list[tuple[sp.Expr, int]] = []
        reasons: list[str] = []
        for f, k in factors:
            reason = _positive_under(f, ctx)
            if reason is None and (reason := _positive_under(-f, ctx)) is not None:
                f, sign = -f, sign * (-1) ** k
            if reason is None:
                return None
            positive.append((f, k))
            if not f.is_positive:  # known only through a premise, not SymPy's assumptions
                reasons.append(reason)
        return sign, sp.Abs(coefficient), positive, reasons

    def split(arg: sp.Expr) -> sp.Expr:
        numer, denom = sp.fraction(sp.together(arg))
        top, bottom = oriented(numer), oriented(denom)
        if top is None or bottom is None or top[0] * bottom[0] < 0:
            return sp.expand_log(sp.log(sp.factor(arg)), force=False)
        # log of a positive quotient of positive factors: a sum of logs, each of a positive
        # number (never re-form the product: (−y)² would fold back into y²)
        result = sp.log(top[1]) - sp.log(bottom[1])
        result += sum((k * sp.log(f) for f, k in top[2]), sp.S.Zero)
        result -= sum((k * sp.log(f) for f, k in bottom[2]), sp.S.Zero)
        several = len(top[2]) + len(bottom[2]) > 1 or any(k != 1 for _, k in top[2] + bottom[2])
        if several and top[3] + bottom[3]:
            needed = sorted({r for r in top[3] + bottom[3] if r != "arithmetic"})
            forced.append(
                f"log({sp.sstr(arg)}) split into a sum of logs: every factor positive"
                f" by {', '.join(needed) or 'arithmetic'}"
            )
        return result

    result = expr.replace(lambda e: isinstance(e, sp.log), lambda e: split(e.args[0]))
    return result, tuple(forced)


def canonical(expr: sp.Expr, ctx: Context) -> tuple[sp.Expr, tuple[str, ...]]:
    """Logs split where sound, expanded, over one denominator: ``0`` when ``expr ≡ 0``."""
    normal, forced = log_normal_form(expr, ctx)
    normal = sp.expand(normal)
    if normal != 0:
        normal = sp.cancel(sp.together(normal))
    return normal, forced


def zero_test(expr: sp.Expr, ctx: Context, *, probe: bool = True) -> Finding:
    """Decide ``expr ≡ 0`` for every admissible value of its symbols.

    With ``probe=False`` only the rewriting is tried (no counterexample search, no
    ``simplify``): a cheap "is it obviously zero?" that answers proved or unknown.
    """
    expr = sp.sympify(expr)
    if expr == 0:
        return Finding(Status.PROVED, "structurally zero")
    reason = too_large(expr)
    if reason is not None:
        return Finding(Status.UNKNOWN, f"size guard: {reason}", expr)
    if ctx.domain is not None and expr.has(ctx.variable):
        for end in closed_ends(ctx):  # the interior map never reaches a closed end
            at_end = zero_test(expr.xreplace({ctx.variable: end}), ctx, probe=probe)
            if at_end.status is not Status.PROVED:
                return Finding(at_end.status, f"at the closed end {ctx.variable} = {end}: "
                               f"{at_end.method}", at_end.residual, at_end.counterexample)
    expr = prepare(expr, ctx, reparametrise=False)
    normal, forced = canonical(expr, ctx)
    if normal == 0:
        return Finding(Status.PROVED, "factor log arguments, expand_log, expand", forced=forced)
    if not probe or opaque(normal):
        cases = by_cases(expr, ctx, lambda case: zero_test(case, ctx, probe=probe))
        return cases or Finding(Status.UNKNOWN, "not shown zero by rewriting", normal,
                                forced=forced)
    reparam = prepare(normal, ctx, reparametrise=True)
    found = counterexample(reparam, ctx, lambda v: abs(v) > ZERO_BELOW)
    if found is not None:
        point, value = found
        return Finding(
            Status.REFUTED,
            f"exact evaluation: value {sp.N(value, 8)} at an admissible point",
            residual=normal,
            counterexample=point,
            forced=forced,
        )
    try:
        simplified = sp.simplify(reparam)
    except (AttributeError, TypeError, ValueError, NotImplementedError, RecursionError):
        simplified = reparam  # SymPy's simplify fails on some sign/abs mixes: not decided here
    if simplified == 0:
        return Finding(Status.PROVED, "simplify", forced=forced)
    cases = by_cases(expr, ctx, lambda case: zero_test(case, ctx))
    return cases or Finding(Status.UNKNOWN, "not shown zero; no counterexample", normal,
                            forced=forced)


_SIGN_QUERIES = {
    ">": ("is_positive", "is_nonpositive"),
    ">=": ("is_nonnegative", "is_negative"),
    "<": ("is_negative", "is_nonnegative"),
    "<=": ("is_nonpositive", "is_positive"),
}


def _holds(value: sp.Expr, relation: str) -> bool:
    return bool(
        {">": value > 0, ">=": value >= 0, "<": value < 0, "<=": value <= 0}[relation]
    )


def sign_test(expr: sp.Expr, relation: str, ctx: Context) -> Finding:
    """Decide ``expr REL 0`` for every admissible value (REL one of ``< <= > >=``).

    >>> from symbolic_gan.objective import P, Q, Y, GAN
    >>> second = sp.diff(GAN.integrand(), Y, 2)
    >>> sign_test(second, "<", Context(positive=True, domain=GAN.domain)).status
    <Status.PROVED: 'proved'>
    >>> sign_test(second, "<", Context(positive=False, domain=GAN.domain)).status
    <Status.UNKNOWN: 'unknown'>
    """
    expr = sp.sympify(expr)
    reason = too_large(expr)
    if reason is not None:
        return Finding(Status.UNKNOWN, f"size guard: {reason}", expr)
    if ctx.domain is not None and expr.has(ctx.variable):
        for end in closed_ends(ctx):
            at_end = sign_test(expr.xreplace({ctx.variable: end}), relation, ctx)
            if at_end.status is not Status.PROVED:
                return Finding(at_end.status, f"at the closed end {ctx.variable} = {end}: "
                               f"{at_end.method}", at_end.residual, at_end.counterexample)
    found = _interior_sign(expr, relation, ctx)
    if found.status is Status.UNKNOWN:
        return by_cases(expr, ctx, lambda case: sign_test(case, relation, ctx)) or found
    return found


def by_cases(expr: sp.Expr, ctx: Context, decide: Callable[[sp.Expr], Finding]
             ) -> Finding | None:
    """PROVED when ``decide`` proves each case of a sign split of a kink in ``expr`` (see
    :mod:`symbolic_gan.cases`); None otherwise. Only variables positive under the premises
    are split on."""
    prepared = prepare(expr, ctx, reparametrise=False)
    if not has_kinks(prepared):
        return None
    cases = split_cases((prepared,), [s for s in prepared.free_symbols if s.is_positive])
    if cases is None:
        return None
    shown: list[str] = []
    forced: list[str] = []
    for name, (case,) in cases:
        found = decide(case)
        if found.status is not Status.PROVED:
            return None
        shown.append(f"{name}: {found.method}")
        forced.extend(found.forced)
    return Finding(Status.PROVED, "by cases — " + "; ".join(shown), forced=tuple(forced))


def _interior_sign(expr: sp.Expr, relation: str, ctx: Context) -> Finding:
    holds_q, fails_q = _SIGN_QUERIES[relation]
    e = prepare(expr, ctx, reparametrise=True)
    if opaque(e):
        return Finding(Status.UNKNOWN, "holds an unevaluated operation; sign not decided", e)
    if e.has(sp.log):  # assumptions rarely decide sums of logs; convexity usually does
        convex = convexity_test(e, relation, ctx)
        if convex is not None:
            return convex
    for method, form in (("assumptions", e), ("factor, then assumptions", None)):
        form = sp.factor(sp.together(e)) if form is None else form
        if getattr(form, holds_q):
            return Finding(Status.PROVED, f"sign by {method}")
        if getattr(form, fails_q):
            found = counterexample(e, ctx, lambda v: not _holds(v, relation))
            if found is not None:
                return Finding(Status.REFUTED, f"sign by {method}: the claim fails everywhere",
                               residual=form, counterexample=found[0])
    convex = convexity_test(e, relation, ctx)
    if convex is not None:
        return convex
    found = counterexample(e, ctx, lambda v: not _holds(v, relation))
    if found is not None:
        point, value = found
        return Finding(
            Status.REFUTED,
            f"exact evaluation: value {sp.N(value, 8)} violates {relation} 0",
            residual=e,
            counterexample=point,
        )
    return Finding(Status.UNKNOWN, "sign not decided; no counterexample", residual=e)


def homogeneous_reduction(
    expr: sp.Expr, ctx: Context
) -> tuple[sp.Expr, sp.Symbol, sp.Symbol] | None:
    """Write a degree-1 homogeneous ``expr(p, q)`` as ``q·g(u)`` with ``u = p/q``.

    Returns ``(g, p, q)``, or None unless positivity is premised and the free symbols of
    ``expr`` are exactly the context's two densities, of degree one.
    """
    if not ctx.positive or len(ctx.densities) != 2 or expr.free_symbols != set(ctx.densities):
        return None
    p, q = ctx.densities
    g, _ = canonical(expr.xreplace({p: _U * q}) / q, ctx)
    if q in g.free_symbols:
        return None
    return g, p, q


def convexity_test(expr: sp.Expr, relation: str, ctx: Context) -> Finding | None:
    """Prove ``expr ≥ 0`` (``> 0``, ``≤ 0``, ``< 0``) through strict convexity or concavity in one
    positive variable.

    ``g`` strictly convex on u > 0 with a stationary point u0 has its global minimum g(u0); if
    that minimum is ≥ 0 the claim holds, with equality only at u0; ``g`` strictly concave lies
    above the lesser of its limits at 0 and ∞. Two-variable expressions are first reduced by
    homogeneity. Returns None when the method does not apply.
    """
    if relation not in (">=", "<=", ">", "<") or not ctx.positive:
        return None
    sign = 1 if relation in (">=", ">") else -1
    target = sign * expr
    reduced = homogeneous_reduction(target, ctx)
    if reduced is not None:
        g, p, q = reduced
        variable, note = _U, f"with u = {p}/{q}: "
        scale = f"{q}·g(u)"
        located = lambda u0: sp.Eq(p, u0 * q)  # noqa: E731
    elif len(target.free_symbols) == 1 and next(iter(target.free_symbols)).is_positive:
        variable = next(iter(target.free_symbols))
        g, note, scale = target, "", "g"
        located = None if isinstance(variable, sp.Dummy) else (  # type: ignore[assignment]
            lambda u0: sp.Eq(variable, u0))
    else:
        return None
    on_half_line = dataclasses.replace(ctx, variable=variable, domain=sp.Interval.open(0, sp.oo))
    if not smooth_on(g, on_half_line):
        return None
    second = sp.factor(sp.together(sp.diff(g, variable, 2)))
    if second.is_negative:
        return _concave_bound(g, variable, second, f"{note}{scale}")
    if not second.is_positive:
        return None
    first = sp.diff(g, variable)
    def stationary(r: sp.Expr) -> bool:
        return bool(r.is_positive) and zero_test(first.xreplace({variable: r}), ctx,
                                                 probe=False).status is Status.PROVED

    # strictly convex: one verified stationary point is the global minimiser. Try the tangent
    # point of normalised divergences first, then the solver's candidates.
    if stationary(sp.S.One):
        u0 = sp.S.One
    else:
        try:
            roots = [r for r in find_roots(first, variable) if stationary(r)]
        except (NotImplementedError, ValueError, TypeError):
            roots = []
        if not roots:
            return _monotone_bound(g, variable, first, second, f"{note}{scale}")
        u0 = roots[0]
    minimum = canonical(g.xreplace({variable: u0}), ctx)[0]
    strict = relation in (">", "<")
    declared = dict(ctx.ranges).get(variable)  # a range premised for it: u0 must lie inside
    inside = declared is None or declared.contains(u0) is sp.true
    if (minimum.is_negative or (strict and minimum == 0)) and admissible(variable, u0) and inside:
        point = ({variable.name: str(u0)} if reduced is None
                 else {reduced[1].name: str(u0), reduced[2].name: "1"})
        return Finding(
            Status.REFUTED,
            f"{note}{scale} with g strictly convex, minimum g({u0}) = {minimum}"
            f"{' < 0' if minimum != 0 else ': the strict inequality fails there'}",
            residual=minimum,
            counterexample=point,
        )
    if not (minimum.is_positive if strict else minimum.is_nonnegative):
        return None
    return Finding(
        Status.PROVED,
        f"{note}{scale}, g'' = {sp.sstr(second)} > 0 (strictly convex), unique minimiser "
        f"{variable} = {u0} with g = {minimum}; equality only at {variable} = {u0}",
        equality_at=None if located is None or minimum != 0 else located(u0),
    )


def _monotone_bound(g: sp.Expr, variable: sp.Symbol, first: sp.Expr, second: sp.Expr,
                    shown: str) -> Finding | None:
    """``g > 0`` on ``(0, ∞)`` for a strictly convex ``g`` whose slope does not change sign: ``g'``
    increases, so ``g'(0+) ≥ 0`` makes ``g`` increasing (above ``g(0+)``) and ``g'(∞) ≤ 0``
    decreasing (above ``g(∞)``). None unless the limits are found by a sound rule."""
    for point, direction, slope_sign in ((sp.S.Zero, "+", 1), (sp.oo, "-", -1)):
        slope, how_slope = one_sided_limit(first, variable, point, direction)
        if slope is None or slope.has(sp.nan, sp.zoo) or slope.free_symbols:
            continue
        if (slope_sign * slope).is_extended_nonnegative is not True:
            continue
        value, how = one_sided_limit(g, variable, point, direction)
        if value is None or value.has(sp.nan, sp.zoo) or value.free_symbols:
            continue
        if value.is_extended_nonnegative is not True:
            continue
        return Finding(
            Status.PROVED,
            f"{shown}, g'' = {sp.sstr(second)} > 0 (strictly convex) and g' → {sp.sstr(slope)} "
            f"as {variable} → {point} ({how_slope}), so g is strictly "
            f"{'increasing' if slope_sign > 0 else 'decreasing'} and above its limit "
            f"{sp.sstr(value)} there ({how})",
        )
    return None


def _concave_bound(g: sp.Expr, variable: sp.Symbol, second: sp.Expr, shown: str
                   ) -> Finding | None:
    """``g ≥ 0`` on ``(0, ∞)`` for a strictly concave ``g``: it lies above the lesser of its
    limits at the two ends, and strictly above it inside (take ``s < u < t`` and let ``s``, ``t``
    run to the ends). None unless both limits are found by a sound rule and are ``≥ 0``."""
    ends = []
    for point, direction in ((sp.S.Zero, "+"), (sp.oo, "-")):
        value, how = one_sided_limit(g, variable, point, direction)
        if value is None or value.has(sp.nan, sp.zoo) or value.free_symbols:
            return None
        if value.is_extended_nonnegative is not True:
            return None
        ends.append(f"{variable} → {point}: {sp.sstr(value)} ({how})")
    return Finding(
        Status.PROVED,
        f"{shown}, g'' = {sp.sstr(second)} < 0 (strictly concave), so g lies above the lesser "
        f"of its end limits ({'; '.join(ends)}), which is ≥ 0",
    )


_SMOOTH = (sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan)


def _positive_fast(expr: sp.Expr, ctx: Context) -> bool:
    """``expr > 0`` on the interior of the domain by the assumption system alone (cheap)."""
    return bool(prepare(expr, ctx, reparametrise=True).is_positive)


def smooth_on(expr: sp.Expr, ctx: Context) -> bool:
    """Whether ``expr`` is differentiable in ``ctx.variable`` on the whole interior of
    ``ctx.domain``: built from smooth functions, every log argument, fractional or variable power
    base shown positive there, every divided quantity shown non-zero. Derivative-based arguments
    (concavity, monotonicity, convexity) are sound only then: a jump or a pole in between is
    invisible to a derivative.
    """
    v = ctx.variable
    stack = [expr]
    while stack:
        node = stack.pop()
        if not node.has(v) or isinstance(node, (sp.Symbol, sp.Add, sp.Mul, *_SMOOTH)):
            stack.extend(a for a in node.args if a.has(v))
            continue
        if isinstance(node, sp.log):
            if not _positive_fast(node.args[0], ctx) and \
                    sign_test(node.args[0], ">", ctx).status is not Status.PROVED:
                return False
        elif isinstance(node, sp.Pow):
            base, exponent = node.args
            if exponent.has(v) or not exponent.is_integer:
                if not _positive_fast(base, ctx) and \
                        sign_test(base, ">", ctx).status is not Status.PROVED:
                    return False
            elif not exponent.is_nonnegative and may_vanish(base, ctx):
                return False  # a negative (or possibly negative) power: the base must not vanish
        else:
            return False  # Abs, Max, Piecewise, sign, …: not differentiable everywhere
        stack.extend(a for a in node.args if a.has(v))
    return True


def may_vanish(expr: sp.Expr, ctx: Context) -> bool:
    """Whether ``expr`` is not shown non-zero for every admissible value (an unevaluated
    operation is never shown non-zero).

    >>> from symbolic_gan.objective import P, Q
    >>> may_vanish(P**2 - Q**2, Context(positive=True)), may_vanish(P + Q, Context(positive=True))
    (True, False)
    """
    return opaque(expr) or not (_positive_fast(expr, ctx) or any(
        sign_test(expr, r, ctx).status is Status.PROVED for r in (">", "<")))


def undefined_divisors(expr: sp.Expr, ctx: Context) -> list[sp.Expr]:
    """Every denominator of ``expr`` that :func:`may_vanish`, each up to its sign.

    An identity between expressions holds only where both are defined:
    ``p/(p + q) = (p² − pq)/(p² − q²)`` fails at ``p = q``, where the right side is 0/0.
    Inside an integral the densities are positive (it runs over the common support, and the
    support convention gives meaning to what vanishes with them), but ``p − q`` may still vanish.

    >>> from symbolic_gan.objective import P, Q
    >>> undefined_divisors((P**2 - P*Q) / (P**2 - Q**2), Context(positive=True))
    [p**2 - q**2]
    >>> undefined_divisors(P / (P + Q), Context(positive=True))
    []
    """
    found: list[sp.Expr] = []
    stack = [(expr, ctx)]
    while stack:
        node, here = stack.pop()
        if isinstance(node, sp.Integral):
            stack.append((node.function, dataclasses.replace(here, positive=True)))
            continue
        if isinstance(node, sp.Limit | sp.Derivative | sp.Subs) or (
                isinstance(node, sp.Function) and hasattr(node, "definition")):
            continue  # unevaluated: what it divides by is not a value here
        stack.extend((arg, here) for arg in node.args)
        if not (isinstance(node, sp.Pow) and node.exp.is_negative and node.base.free_symbols):
            continue
        base = node.base
        if opaque(base) or not may_vanish(base, here):
            continue  # (an unevaluated divisor is not a value to test here)
        key = sp.expand(base)
        key = -key if key.could_extract_minus_sign() else key
        if key not in found:
            found.append(key)
    return found


def is_real_test(point: sp.Expr, ctx: Context) -> Finding:
    """Decide whether ``point`` is a finite real number for every admissible value."""
    e = prepare(sp.sympify(point), ctx, reparametrise=False)
    if e.is_extended_real and e.is_finite:
        return Finding(Status.PROVED, "real and finite by assumptions")
    for sample in sample_points(e, ctx):
        if not jumps_certified(e.xreplace(sample)):
            continue
        try:
            value = sp.N(e.xreplace(sample), DIGITS, strict=True)
        except (PrecisionExhausted, ValueError, TypeError, ZeroDivisionError):
            continue
        if value.is_number and not value.has(sp.nan) and (
                value.has(sp.zoo, sp.oo, -sp.oo) or abs(sp.im(value)) > ZERO_BELOW):
            return Finding(Status.REFUTED, f"not a finite real number: {sp.N(value, 8)} at an "
                           "admissible point", residual=e, counterexample=show_point(sample))
    return Finding(Status.UNKNOWN, "not shown to be real and finite", residual=e)


def in_domain(point: sp.Expr, domain: sp.Interval, ctx: Context) -> Finding:
    """Decide ``point ∈ domain`` (an interval, open or closed at either end) for every
    admissible value: the point must be a finite real number, and inside each finite end."""
    real = is_real_test(point, ctx)
    if real.status is not Status.PROVED:
        return real
    checks = []
    if domain.inf.is_finite:
        checks.append(sign_test(point - domain.inf, ">" if domain.left_open else ">=", ctx))
    if domain.sup.is_finite:
        checks.append(sign_test(domain.sup - point, ">" if domain.right_open else ">=", ctx))
    for found in checks:
        if found.status is not Status.PROVED:
            return found
    return Finding(Status.PROVED, "real, and inside the interval by sign tests")
