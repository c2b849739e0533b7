"""Decision procedures on pointwise expressions: zero tests and sign tests.

Each procedure answers with a :class:`Finding` — proved, refuted or unknown, the method that
decided, and what was left — and never treats "could not simplify to zero" as a refutation.
Refutations come only from exact evaluation at an admissible rational point, certified non-zero
by SymPy's ``evalf(strict=True)``.

The :class:`Context` says what the premises allow: positive density symbols (otherwise they are
replaced by plain real symbols and sign questions become undecidable), the domain of ``y``
(handled by the substitution ``y = lo + (hi − lo)·s/(1 + s)``, ``s > 0``), and normalisation.

>>> from symbolic_gan.objective import P, Q
>>> ctx = Context(positive=True)
>>> zero_test(sp.log(P / (P + Q)) - sp.log(P) + sp.log(P + Q), ctx).status
<Status.PROVED: 'proved'>
>>> zero_test(sp.log(P + Q) - sp.log(P), ctx).status
<Status.REFUTED: 'refuted'>
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from symbolic_gan.objective import Y
from symbolic_gan.verdict import Status

__all__ = ["Context", "Finding", "log_normal_form", "sign_test", "zero_test"]

_S = sp.Symbol("s", positive=True)
_U = sp.Symbol("u", positive=True)
# Admissible sample points for refutation: rationals that are not special.
_SAMPLES = (sp.Rational(1, 3), sp.Rational(5, 2), sp.Rational(7, 5), sp.Rational(2, 9))
_DIGITS = 30
_ZERO_BELOW = sp.Float("1e-20")


@dataclass(frozen=True)
class Context:
    """What the cited premises let the checker assume."""

    positive: bool = False
    domain: sp.Interval | None = None
    normalised: bool = False
    convention: bool = False
    premise_names: dict[str, str] = field(default_factory=dict)
    """Kind → premise name, for recording which premise justified a rewrite."""

    def cite(self, kind: str) -> str:
        return self.premise_names.get(kind, kind)


@dataclass(frozen=True)
class Finding:
    """The outcome of one decision procedure."""

    status: Status
    method: str
    residual: sp.Expr | None = None
    counterexample: dict[str, str] | None = None
    forced: tuple[str, ...] = ()


def _y_substitution(domain: sp.Interval) -> sp.Expr:
    lo, hi = domain.inf, domain.sup
    if lo.is_finite and hi.is_finite:
        return lo + (hi - lo) * _S / (1 + _S)
    if lo.is_finite:
        return lo + _S
    if hi.is_finite:
        return hi - _S
    return sp.Symbol("y", real=True)


def prepare(expr: sp.Expr, ctx: Context, *, reparametrise: bool) -> sp.Expr:
    """Apply the context: forget positivity if not premised; map y onto s > 0 if asked."""
    if not ctx.positive:
        expr = expr.xreplace(
            {s: sp.Symbol(s.name, real=True) for s in expr.free_symbols if s.is_positive}
        )
    if reparametrise and ctx.domain is not None and expr.has(Y):
        expr = expr.xreplace({Y: _y_substitution(ctx.domain)})
    return expr


def _positive_under(factor: sp.Expr, ctx: Context) -> str | None:
    """Why ``factor`` is positive under the premises (a premise name), or None if not shown."""
    if factor.is_positive:
        return ctx.cite("positive") if factor.free_symbols else "arithmetic"
    if ctx.domain is not None and factor.has(Y):
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

    def oriented(poly: sp.Expr) -> tuple[sp.Expr, list[str]] | None:
        """``poly`` as ``±Π fᵏ`` with every f positive under the premises, or None."""
        try:
            coefficient, factors = sp.factor_list(poly)
        except sp.PolynomialError:
            return None
        result, reasons = sp.Abs(coefficient), []
        sign = 1 if coefficient.is_positive else -1
        for f, k in factors:
            reason = _positive_under(f, ctx)
            if reason is None and (reason := _positive_under(-f, ctx)) is not None:
                f, sign = -f, sign * (-1) ** k
            if reason is None:
                return None
            result, reasons = result * f**k, [*reasons, reason]
        return (result if sign > 0 else -result), reasons

    def split(arg: sp.Expr) -> sp.Expr:
        numer, denom = sp.fraction(sp.together(arg))
        top, bottom = oriented(numer), oriented(denom)
        if top is None or bottom is None or (top[0] / bottom[0]).could_extract_minus_sign():
            return sp.expand_log(sp.log(sp.factor(arg)), force=False)
        positive_form = top[0] / bottom[0]
        result = sp.expand_log(sp.log(positive_form), force=True)
        if result != sp.expand_log(sp.log(positive_form), force=False):
            needed = sorted({r for r in top[1] + bottom[1] if r != "arithmetic"})
            forced.append(
                f"expand_log(force=True) on log({sp.sstr(arg)}): every factor positive"
                f" by {', '.join(needed) or 'arithmetic'}"
            )
        return result

    result = expr.replace(lambda e: isinstance(e, sp.log), lambda e: split(e.args[0]))
    return result, tuple(forced)


def _canonical(expr: sp.Expr, ctx: Context) -> tuple[sp.Expr, tuple[str, ...]]:
    normal, forced = log_normal_form(expr, ctx)
    normal = sp.expand(normal)
    if normal != 0:
        normal = sp.cancel(sp.together(normal))
    return normal, forced


def sample_points(expr: sp.Expr, ctx: Context) -> list[dict[sp.Symbol, sp.Expr]]:
    """Admissible rational points for the free symbols of ``expr`` (after :func:`prepare`)."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if not symbols:
        return [{}]
    points = []
    for values in itertools.islice(itertools.product(_SAMPLES, repeat=len(symbols)), 12):
        points.append(dict(zip(symbols, values, strict=True)))
    return points


def _evaluate(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> sp.Float | None:
    """The value at ``point`` certified to 30 digits, or None if it cannot be told from 0."""
    value = expr.xreplace(point)
    try:
        number = sp.N(value, _DIGITS, strict=True)
    except (PrecisionExhausted, ValueError, TypeError, ZeroDivisionError):
        return None
    if not number.is_number or number.has(sp.nan, sp.zoo) or not number.is_real:
        return None
    return number


def _show_point(point: dict[sp.Symbol, sp.Expr]) -> dict[str, str]:
    shown = {s.name: str(v) for s, v in point.items()}
    if "s" in shown:
        shown["s"] += " (y = lo + (hi - lo)·s/(1 + s))"
    return shown


def counterexample(
    expr: sp.Expr, ctx: Context, violates: object
) -> tuple[dict[str, str], sp.Float] | None:
    """An admissible point where ``violates(value)`` holds, with the certified value."""
    for point in sample_points(expr, ctx):
        value = _evaluate(expr, point)
        if value is not None and violates(value):
            return _show_point(point), value
    return None


def zero_test(expr: sp.Expr, ctx: Context, *, probe: bool = True) -> Finding:
    """Decide ``expr ≡ 0`` for every admissible value of its symbols.

    With ``probe=False`` only the rewriting is tried (no counterexample search, no
    ``simplify``): a cheap "is it obviously zero?" that answers proved or unknown.
    """
    expr = prepare(sp.sympify(expr), ctx, reparametrise=False)
    if expr == 0:
        return Finding(Status.PROVED, "structurally zero")
    normal, forced = _canonical(expr, ctx)
    if normal == 0:
        return Finding(Status.PROVED, "factor log arguments, expand_log, expand", forced=forced)
    if not probe:
        return Finding(Status.UNKNOWN, "not shown zero by rewriting", normal, forced=forced)
    reparam = prepare(normal, ctx, reparametrise=True)
    found = counterexample(reparam, ctx, lambda v: abs(v) > _ZERO_BELOW)
    if found is not None:
        point, value = found
        return Finding(
            Status.REFUTED,
            f"exact evaluation: value {sp.N(value, 8)} at an admissible point",
            residual=normal,
            counterexample=point,
            forced=forced,
        )
    simplified = sp.simplify(reparam)
    if simplified == 0:
        return Finding(Status.PROVED, "simplify", forced=forced)
    return Finding(Status.UNKNOWN, "not shown zero; no counterexample", normal, forced=forced)


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
    holds_q, fails_q = _SIGN_QUERIES[relation]
    e = prepare(sp.sympify(expr), ctx, reparametrise=True)
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

    Returns ``(g, p, q)``, or None when ``expr`` does not have exactly two positive symbols or is
    not homogeneous of degree one.
    """
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(symbols) != 2 or not all(s.is_positive for s in symbols):
        return None
    p, q = symbols
    g, _ = _canonical(expr.xreplace({p: _U * q}) / q, ctx)
    if q in g.free_symbols:
        return None
    return g, p, q


def convexity_test(expr: sp.Expr, relation: str, ctx: Context) -> Finding | None:
    """Prove ``expr ≥ 0`` (or ``≤ 0``) through strict convexity in one positive variable.

    ``g`` strictly convex on u > 0 with a stationary point u0 has its global minimum g(u0); if
    that minimum is ≥ 0 the claim holds, with equality only at u0. Two-variable expressions are
    first reduced by homogeneity. Returns None when the method does not apply.
    """
    if relation not in (">=", "<=") or not ctx.positive:
        return None
    sign = 1 if relation == ">=" else -1
    target = sign * expr
    reduced = homogeneous_reduction(target, ctx)
    if reduced is not None:
        g, p, q = reduced
        variable, note = _U, f"with u = {p}/{q}: "
        scale = f"{q}·g(u)"
    elif len(target.free_symbols) == 1 and next(iter(target.free_symbols)).is_positive:
        variable = next(iter(target.free_symbols))
        g, note, scale = target, "", "g"
    else:
        return None
    second = sp.factor(sp.together(sp.diff(g, variable, 2)))
    if not second.is_positive:
        return None
    first = sp.diff(g, variable)
    roots = [r for r in find_roots(first, variable) if r.is_positive]
    if len(roots) != 1:
        return None
    (u0,) = roots
    minimum = _canonical(g.xreplace({variable: u0}), ctx)[0]
    if minimum.is_negative:
        return Finding(
            Status.REFUTED,
            f"{note}{scale} with g strictly convex, minimum g({u0}) = {minimum} < 0",
            residual=minimum,
            counterexample={variable.name: str(u0)},
        )
    if not minimum.is_nonnegative:
        return None
    return Finding(
        Status.PROVED,
        f"{note}{scale}, g'' = {sp.sstr(second)} > 0 (strictly convex), unique minimiser "
        f"{variable} = {u0} with g = {minimum}; equality only at {variable} = {u0}",
        residual=sp.Eq(variable, u0),
    )


def in_domain(point: sp.Expr, domain: sp.Interval, ctx: Context) -> Finding:
    """Decide ``point ∈ domain`` (an open interval) for every admissible value."""
    checks = []
    if domain.inf.is_finite:
        checks.append(sign_test(point - domain.inf, ">", ctx))
    if domain.sup.is_finite:
        checks.append(sign_test(domain.sup - point, ">", ctx))
    for found in checks:
        if found.status is not Status.PROVED:
            return found
    return Finding(Status.PROVED, "inside the open interval by sign tests")


def _finite(value: sp.Expr) -> bool:
    return not value.has(sp.nan, sp.zoo, sp.oo, -sp.oo)


def one_sided_limit(expr: sp.Expr, variable: sp.Symbol, point: sp.Expr, direction: str) -> tuple[
    sp.Expr, str
]:
    """``lim expr`` as ``variable → point`` from ``direction``, with how it was found.

    Elementary functions are continuous where they are finite, so substitution decides most
    cases; a term ``A·log B`` with ``A = v·A₁``, ``B = v·B₁`` (``v`` the distance to the point,
    ``A₁`` finite, ``B₁`` finite and positive) tends to 0 because ``v·log v → 0`` — the
    ``0·log 0 = 0`` convention. Anything else goes to SymPy's ``limit``.

    >>> from symbolic_gan.objective import P, Q
    >>> one_sided_limit(P * sp.log(P / (P + Q)) + Q * sp.log(Q / (P + Q)), P, 0, "+")
    (0, 'v·log v → 0 (0·log 0 = 0), continuity')
    """
    whole = expr.xreplace({variable: point})
    if _finite(whole):
        return whole, "continuity"
    v = sp.Symbol("v", positive=True)
    shifted = expr.xreplace({variable: point + v if direction == "+" else point - v})
    total, methods = sp.S.Zero, set()
    for term in sp.Add.make_args(sp.expand(shifted, log=False)):
        at_zero = term.xreplace({v: 0})
        if _finite(at_zero):
            total += at_zero
            methods.add("continuity")
            continue
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) == 1:
            a1 = sp.cancel(term / logs[0] / v)
            b1 = sp.cancel(logs[0].args[0] / v)
            a0, b0 = a1.xreplace({v: 0}), b1.xreplace({v: 0})
            if _finite(a0) and _finite(b0) and b0.is_positive:
                methods.add("v·log v → 0 (0·log 0 = 0)")
                continue
        return sp.limit(expr, variable, point, direction), "sympy.limit"
    return total, ", ".join(sorted(methods, reverse=True))


def find_roots(expr: sp.Expr, variable: sp.Symbol) -> tuple[sp.Expr, ...]:
    """All roots of ``expr`` in ``variable``, candidates to be substituted back and tested.

    Rational expressions go through ``sympy.roots`` on the numerator (complete when the
    multiplicities add up to the degree); ``log A`` factors give the roots of ``A − 1``. Other
    forms fall back to ``sympy.solve``. Roots may be spurious (poles, outside the domain):
    callers substitute each back.

    >>> from symbolic_gan.objective import P, Q, Y
    >>> find_roots(P / Y - Q / (1 - Y), Y)
    (p/(p + q),)
    """
    if expr.has(sp.log):  # log a + log b -> log(ab): candidates only, each is checked after
        expr = sp.logcombine(expr, force=True)
    numer, _ = sp.fraction(sp.together(expr))
    found: list[sp.Expr] = []
    factors = [f for part in sp.Mul.make_args(numer)
               for f in (sp.Mul.make_args(sp.factor(part)) if part.is_polynomial() else (part,))]
    for factor in factors:
        base = factor.base if isinstance(factor, sp.Pow) and factor.exp.is_positive else factor
        if not base.has(variable):
            continue
        if isinstance(base, sp.log):
            found.extend(find_roots(base.args[0] - 1, variable))
            continue
        if base.is_polynomial(variable):
            poly = sp.Poly(base, variable)
            roots = sp.roots(poly)
            if sum(roots.values()) == poly.degree():
                found.extend(roots)
                continue
        found.extend(sp.solve(base, variable))
    unique: list[sp.Expr] = []
    for root in found:
        if all(sp.cancel(root - r) != 0 for r in unique):
            unique.append(sp.factor(root))
    return tuple(unique)


def carry_out(expr: sp.Expr) -> sp.Expr:
    """Carry out the unevaluated operations a claim may display: derivatives, substitutions
    and one-sided limits (the latter through :func:`one_sided_limit`). Integrals stay.

    >>> from symbolic_gan.objective import P, Q
    >>> carry_out(sp.Limit(P * sp.log(P), P, 0, "+") + sp.Subs(P / (P + Q), Q, P))
    1/2
    """
    def limit(unevaluated: sp.Limit) -> sp.Expr:
        function, variable, point, direction = unevaluated.args
        return one_sided_limit(function, variable, point, str(direction))[0]

    expr = expr.replace(lambda e: isinstance(e, sp.Derivative | sp.Subs), lambda e: e.doit())
    return expr.replace(lambda e: isinstance(e, sp.Limit), limit)
