"""Decisions about integrals of pointwise expressions in the densities: ``c0 + ∫ F dx``.

The integral is over the common support, and everything but the density symbols may vary with
x: the point x itself and the discriminator value y = D(x) are functions of x, never constants.

* **Pointwise.** ``F ≡ 0`` (or ``F ≥ 0``) for every admissible value proves ``∫ F = 0`` (``≥ 0``).
* **Linearity and normalisation.** ``F = Σ cᵢ·dᵢ`` with *numeric* coefficients cᵢ and densities dᵢ
  integrates to ``Σ cᵢ`` when ``∫ dᵢ = 1`` is premised; without that premise the masses are free
  and a mass ≠ 1 is a counterexample.
* **Linear minorant.** ``q·g(p/q) ≥ a·p + b·q`` pointwise integrates to ``a + b`` under
  normalisation. The tangent at u = 1 (Jensen) is the f-divergence argument behind ``KL ≥ 0``
  and ``JSD ≥ 0``; the chord between the asymptotes of a concave ``g`` gives ``JSD ≤ log 2``.
* **Refutation** only by concrete densities with the integrals evaluated exactly: two-cell
  piecewise-constant densities on [0, 1], with D(x) piecewise constant too when y appears.

>>> from symbolic_gan.objective import P, Q, X
>>> from symbolic_gan.context import Context
>>> integral_zero(sp.S.Zero, P * X - Q * X, Context(positive=True, normalised=True)).status
<Status.REFUTED: 'refuted'>
"""

from __future__ import annotations

import sympy as sp

from symbolic_gan.calculus import one_sided_limit
from symbolic_gan.cases import has_kinks, split_cases
from symbolic_gan.context import Context, Finding, effective_domain
from symbolic_gan.objective import P, Q, X
from symbolic_gan.rewrite import canonical, homogeneous_reduction, sign_test, zero_test
from symbolic_gan.verdict import Status

__all__ = ["integral_sign", "integral_zero", "two_cell_counterexample"]

_TWO_CELL = (  # (a, b): p = 2a on [0, ½), 2(1 − a) on [½, 1]; q likewise with b
    (sp.Rational(1, 4), sp.Rational(3, 4)),
    (sp.Rational(3, 4), sp.Rational(1, 4)),
    (sp.Rational(1, 3), sp.Rational(1, 2)),
    (sp.Rational(1, 10), sp.Rational(2, 3)),
    (sp.Rational(2, 3), sp.Rational(1, 10)),
)
_Y_CELLS = ((sp.Rational(1, 5), sp.Rational(3, 4)), (sp.Rational(2, 3), sp.Rational(1, 7)))
_DIGITS = 30
_ZERO_BELOW = sp.Float("1e-20")


def _densities(expr: sp.Expr, ctx: Context) -> list[sp.Symbol]:
    return [d for d in ctx.densities if expr.has(d)]


def integral_zero(constant: sp.Expr, integrand: sp.Expr, ctx: Context) -> Finding:
    """Decide ``constant + ∫ integrand dx = 0`` for every admissible pair of densities."""
    pointwise = zero_test(integrand, ctx, probe=False)
    if pointwise.status is Status.PROVED:
        found = zero_test(constant, ctx)
        method = f"integrand ≡ 0 ({pointwise.method})"
        if constant != 0:
            method += f"; constant: {found.method}"
        return Finding(found.status, method, found.residual,
                       found.counterexample, pointwise.forced + found.forced)
    # reuse the rewritten integrand (logs split once) unless the premises stripped positivity
    normal = pointwise.residual if ctx.positive and pointwise.residual is not None else integrand
    linear = _linear_coefficients(normal, ctx)
    if linear is not None:
        coefficients, forced = linear
        return _linear_part(constant, coefficients, ctx, pointwise.forced + forced)
    refuted = two_cell_counterexample(constant, integrand, ctx, "=")
    if refuted is not None:
        return refuted
    return Finding(Status.UNKNOWN, "integral not reducible; no counterexample", integrand)


def _linear_coefficients(
    normal: sp.Expr, ctx: Context
) -> tuple[dict[sp.Symbol, sp.Expr], tuple[str, ...]] | None:
    """``normal = Σ cᵢ·dᵢ`` with numeric cᵢ (free of x, y and every other symbol), or None."""
    densities = _densities(normal, ctx)
    if not densities:
        return None
    coefficients: dict[sp.Symbol, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(normal)):  # each term must be (number)·(density)
        number, rest = term.as_independent(*densities, as_Add=False)
        if rest not in densities or number.free_symbols:
            return None
        coefficients[rest] = coefficients.get(rest, sp.S.Zero) + number
    return coefficients, ()


def _linear_part(
    constant: sp.Expr, coefficients: dict[sp.Symbol, sp.Expr], ctx: Context, forced: tuple[str, ...]
) -> Finding:
    linear = " + ".join(f"({sp.sstr(c)})·∫{s} dx" for s, c in coefficients.items())
    if ctx.normalised:
        total = constant + sum(coefficients.values())
        found = zero_test(total, ctx)
        method = (f"integrand linear in the densities with numeric coefficients: {linear}; "
                  f"∫ = 1 by {ctx.cite('normalised')}; {found.method}")
        return Finding(found.status, method, found.residual, found.counterexample,
                       forced + found.forced)
    masses = {s: sp.Dummy(f"M_{s.name}", positive=True) for s in coefficients}
    total = constant + sum(c * masses[s] for s, c in coefficients.items())
    found = zero_test(total, Context(positive=True, densities=tuple(masses.values())))
    if found.status is Status.PROVED:
        return Finding(Status.PROVED, f"integrand linear in the densities: {linear}; "
                       "holds for any masses", forced=forced)
    return Finding(
        found.status,
        f"integrand linear in the densities: {linear}; without a normalisation premise the "
        f"masses M are free and the value is {sp.sstr(total)}",
        total,
        found.counterexample,
        forced + found.forced,
    )


def integral_sign(constant: sp.Expr, integrand: sp.Expr, relation: str, ctx: Context) -> Finding:
    """Decide ``constant + ∫ integrand dx REL 0``; a proved non-strict sign carries
    ``equality_at`` when the proof locates where the integrand bound is tight."""
    constant_sign = sign_test(constant, relation, ctx) if constant != 0 else None
    pointwise = sign_test(integrand, relation, ctx)
    if pointwise.status is Status.PROVED and constant_sign is None and \
            relation in (">", "<") and not strict_off_common_support(
                integrand if relation == ">" else -integrand, ctx):
        # integrated, a strict pointwise sign is strict only where both densities are
        # positive, a set that disjoint supports leave empty (JSD < log 2 fails there)
        pointwise = Finding(Status.UNKNOWN, "the integrand is strictly signed where p, q > 0 "
                            "but not where only one density is positive, and the common "
                            "support may be empty")
    if pointwise.status is Status.PROVED and (
        constant_sign is None or constant_sign.status is Status.PROVED
    ):
        # the pointwise equality locus is the claim's only when no constant is added
        return Finding(Status.PROVED, "integrand " + pointwise.method + "; integrate",
                       forced=pointwise.forced,
                       equality_at=pointwise.equality_at
                       if canonical(constant, ctx)[0] == 0 else None)
    if ctx.normalised:
        tangent = _tangent_line(constant, integrand, relation, ctx)
        if tangent is not None and tangent.status is Status.PROVED:
            return tangent
    refuted = two_cell_counterexample(constant, integrand, ctx, relation)
    if refuted is not None:
        return refuted
    if pointwise.status is Status.UNKNOWN:
        return Finding(Status.UNKNOWN, "pointwise sign not decided: " + pointwise.method,
                       pointwise.residual)
    return Finding(Status.UNKNOWN, "the pointwise bound does not hold everywhere and the "
                   "integral bound is not shown otherwise", pointwise.residual)


def _tangent_line(
    constant: sp.Expr, integrand: sp.Expr, relation: str, ctx: Context
) -> Finding | None:
    """A linear minorant ``a·p + b·q`` of the integrand (after the sign of the relation), whose
    integral is ``a + b`` by normalisation. Two candidates, each proved pointwise afterwards:

    * the tangent at u = 1 (Jensen): ``q·g(u) ≥ q·g(1) + g'(1)(p − q)`` for a convex ``g``;
    * the asymptotes ``b = g(0+)``, ``a = lim g(u)/u`` (u → ∞): for a concave ``g`` the chord
      between its two ends lies below it (this gives JSD ≤ log 2).
    """
    sign = 1 if relation in (">=", ">") else -1
    reduced = homogeneous_reduction(sign * integrand, ctx)
    if reduced is None:
        return None
    g, p, q = reduced
    (u,) = g.free_symbols if len(g.free_symbols) == 1 else (None,)
    if u is None:
        return None
    strict = relation in (">", "<")
    for a, b, name in _minorant_candidates(g, u):
        minorant = a * p + b * q
        total = canonical(sign * constant + a + b, ctx)[0]
        tight = total == 0
        gap = sign_test(sign * integrand - minorant, ">" if strict and tight else ">=", ctx)
        if gap.status is not Status.PROVED:
            continue
        if strict and tight and not strict_off_common_support(
                (sign * integrand - minorant).xreplace({p: P, q: Q}), ctx):
            continue  # strict only on the common support, which may be empty
        bound = Finding(Status.PROVED, "0 ≥ 0") if tight else sign_test(
            total, ">" if strict else ">=", ctx)
        if bound.status is not Status.PROVED:
            continue
        return Finding(
            Status.PROVED,
            f"{name}, u = {p}/{q}: integrand − ({sp.sstr(minorant)}) — {gap.method}; "
            f"∫ of the minorant = {sp.sstr(a + b)} by {ctx.cite('normalised')}",
            forced=gap.forced,
            equality_at=gap.equality_at if tight else None,
        )
    return None


def strict_off_common_support(expr: sp.Expr, ctx: Context) -> bool:
    """Whether ``expr > 0`` also where one density is 0 and the other positive (the limit
    ``q → 0+`` at ``p > 0``, or ``p → 0+`` at ``q > 0``; 0·log 0 = 0). A pointwise ``expr > 0``
    proved for p, q > 0 then integrates to a strict inequality for every admissible pair:
    their supports meet in a set of positive measure, or one of these edges carries a
    density's whole mass.

    >>> from symbolic_gan.objective import P, Q
    >>> from symbolic_gan.context import Context
    >>> ctx = Context(positive=True)
    >>> strict_off_common_support(P + Q, ctx), strict_off_common_support(sp.sqrt(P * Q), ctx)
    (True, False)
    """
    for vanishing in (Q, P):
        if vanishing not in expr.free_symbols:
            edge = expr
        else:
            edge, _ = one_sided_limit(expr, vanishing, sp.S.Zero, "+")
        if edge is not None and edge.is_finite is not False and \
                sign_test(edge, ">", ctx).status is Status.PROVED:
            return True
    return False


def _minorant_candidates(g: sp.Expr, u: sp.Symbol) -> list[tuple[sp.Expr, sp.Expr, str]]:
    """``(a, b, name)`` for lines ``a·u + b`` that may lie below ``g`` on u > 0 (numbers only)."""
    found = []
    g1 = g.xreplace({u: 1})
    slope = sp.diff(g, u).xreplace({u: 1})
    if g1.is_number and slope.is_number and g1.is_finite and slope.is_finite:
        found.append((slope, g1 - slope, "tangent line at u = 1"))
    cases = split_cases((g, g / u), (u,)) if has_kinks(g) else None
    at_zero = growth = None
    if cases is None or len(cases) == 1:  # no kink, or kinks of one sign resolved
        smooth, ratio = (g, g / u) if cases is None else cases[0][1]
        at_zero, _ = one_sided_limit(smooth, u, sp.S.Zero, "+")
        growth, _ = one_sided_limit(ratio, u, sp.oo, "-")
    elif len(cases) == 3:  # a kink at u = r: each end lies on one side of it
        (_, (_, above)), (_, (below, _)) = cases[0], cases[1]
        new = (above.free_symbols | below.free_symbols) - {u}
        if len(new) == 1:  # u = r + t and u = r/(1 + t): both ends are t → ∞
            (t,) = new
            at_zero, _ = one_sided_limit(below, t, sp.oo, "-")
            growth, _ = one_sided_limit(above, t, sp.oo, "-")
    if all(v is not None and v.is_number and v.is_finite for v in (at_zero, growth)):
        found.append((growth, at_zero, "chord between the asymptotes"))
    return found


def _violates(value: sp.Expr, relation: str) -> bool:
    if relation == "=":
        return bool(abs(value) > _ZERO_BELOW)
    margin = {">": value <= 0, ">=": value < -_ZERO_BELOW, "<": value >= 0,
              "<=": value > _ZERO_BELOW}
    return bool(margin[relation])


def _cell_points(ctx: Context) -> tuple[tuple[sp.Expr, sp.Expr], ...]:
    """Values of D(x) on the two cells, inside the domain of y."""
    domain = ctx.domain
    if domain is None:
        return _Y_CELLS
    lo, hi = domain.inf, domain.sup
    if lo.is_finite and hi.is_finite:
        return tuple((lo + (hi - lo) * a, lo + (hi - lo) * b) for a, b in _Y_CELLS)
    if lo.is_finite:
        return tuple((lo + 1 / a, lo + b) for a, b in _Y_CELLS)
    if hi.is_finite:
        return tuple((hi - 1 / a, hi - b) for a, b in _Y_CELLS)
    return _Y_CELLS


def two_cell_counterexample(
    constant: sp.Expr, integrand: sp.Expr, ctx: Context, relation: str
) -> Finding | None:
    """A certified counterexample to ``constant + ∫ integrand dx REL 0`` from normalised
    piecewise-constant densities on [0, 1] (and a piecewise-constant D), or None."""
    densities = _densities(integrand, ctx)
    others = integrand.free_symbols - set(ctx.densities) - {X, ctx.variable}
    if not densities or len(densities) > 2 or others or constant.free_symbols:
        return None
    terms = sp.Add.make_args(sp.expand(integrand, log=False))
    if not all(any(f.has(d) and not f.has(sp.log) and (f == d or (f.is_Pow and f.base == d and
                                                                  f.exp.is_positive))
                   for f in sp.Mul.make_args(t) for d in densities) for t in terms):
        return None  # a term without a density factor does not vanish off the support
    if integrand.has(ctx.variable) and (ctx.variable in ctx.densities or (
            ctx.domain is None and effective_domain(ctx.variable, sp.Reals) != sp.Reals)):
        return None  # the cell values of the variable must be admissible and not a density's
    y_cells = _cell_points(ctx) if integrand.has(ctx.variable) else ((None, None),)
    for values in _TWO_CELL:
        for y0, y1 in y_cells:
            total = constant
            try:
                for cell, (lo, hi), y_value in ((0, (0, sp.S.Half), y0), (1, (sp.S.Half, 1), y1)):
                    point = {d: 2 * (v if cell == 0 else 1 - v)
                             for d, v in zip(densities, values, strict=False)}
                    if y_value is not None:
                        point[ctx.variable] = y_value
                    local = integrand.xreplace(point)
                    if local.has(X):
                        if not local.is_polynomial(X):
                            return None
                        total += sp.integrate(sp.expand(local), (X, lo, hi))
                    else:
                        total += local * (hi - lo)
                value = sp.N(total, _DIGITS, strict=True)
            except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
                continue
            if value.is_real and _violates(value, relation):
                shown = {d.name: f"{2 * v} on [0, 1/2), {2 * (1 - v)} on [1/2, 1]"
                         for d, v in zip(densities, values, strict=False)}
                if y0 is not None:
                    shown[ctx.variable.name] = f"D(x) = {y0} on [0, 1/2), {y1} on [1/2, 1]"
                return Finding(
                    Status.REFUTED,
                    f"two-cell densities on [0, 1] give {sp.N(value, 8)} for the difference",
                    integrand, shown)
    return None
