"""Limits, derivatives and substitutions a claim may display, carried out only where sound.

* :func:`one_sided_limit` substitutes the point only when every function in the expression is
  continuous there (an allow-list of elementary functions, every sub-expression finite at the
  point); ``A·log B`` with ``A, B → 0`` linearly tends to 0 (``v·log v → 0``); other exp-log
  expressions go to SymPy's Gruntz algorithm, a decision procedure for that class. Anything else
  (``Heaviside``, ``sign``, ``floor``, ``Piecewise``…) has no limit here: ``None``.
* :func:`carry_out` performs ``Derivative`` and ``Subs`` without ever evaluating an integral:
  ``Integral(p·y, x).doit()`` would treat p and y as constants in x. A derivative of an
  expression holding an integral stays unevaluated (exchanging ∂ and ∫ needs a premise).
* :func:`find_roots` proposes candidate roots; completeness is decided by the checker.

>>> from symbolic_gan.objective import P, Q
>>> one_sided_limit(sp.Heaviside(P - Q), P, Q, "+")
(None, 'no sound limit rule: Heaviside is not known to be continuous')
>>> carry_out(sp.Subs(P / (P + Q), Q, P))
1/2
"""

from __future__ import annotations

import sympy as sp

from symbolic_gan.functionals import has_integral
from symbolic_gan.objective import X

__all__ = ["carry_out", "continuous_at", "exp_log_class", "find_roots", "one_sided_limit"]

# Functions continuous wherever their arguments are finite and they are finite.
_CONTINUOUS = (sp.exp, sp.log, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.Abs,
               sp.Max, sp.Min, sp.asinh)
_ATOMS = (sp.Symbol, sp.Number, sp.NumberSymbol, sp.core.numbers.ImaginaryUnit)


def _finite(value: sp.Expr) -> bool:
    return not value.has(sp.nan, sp.zoo, sp.oo, -sp.oo)


def _unknown_function(expr: sp.Expr, allowed: tuple[type, ...]) -> str | None:
    """The name of the first node of ``expr`` outside ``allowed``, or None."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (*_ATOMS, sp.Add, sp.Mul, sp.Pow)):
            continue
        if isinstance(node, allowed):
            continue
        return type(node).__name__
    return None


def exp_log_class(expr: sp.Expr) -> bool:
    """Whether ``expr`` is built from symbols, numbers, +, ·, powers, exp and log only."""
    return _unknown_function(expr, (sp.exp, sp.log)) is None


def continuous_at(expr: sp.Expr, variable: sp.Symbol, point: sp.Expr) -> bool:
    """Whether substituting ``point`` gives the limit: elementary continuous functions only, and
    every sub-expression finite at the point.

    >>> from symbolic_gan.objective import P
    >>> continuous_at(sp.log(1 + P), P, 0), continuous_at(P * sp.log(P), P, 0)
    (True, False)
    """
    if _unknown_function(expr, _CONTINUOUS) is not None:
        return False
    point = sp.sympify(point)
    for node in sp.preorder_traversal(expr):
        if not node.has(variable):
            continue
        value = node.xreplace({variable: point})
        if not _finite(value):
            return False
    return True


def one_sided_limit(expr: sp.Expr, variable: sp.Symbol, point: sp.Expr, direction: str) -> tuple[
    sp.Expr | None, str
]:
    """``lim expr`` as ``variable → point`` from ``direction``, with how it was found, or
    ``(None, reason)`` when no sound rule applies.

    >>> from symbolic_gan.objective import P, Q
    >>> one_sided_limit(P * sp.log(P / (P + Q)) + Q * sp.log(Q / (P + Q)), P, 0, "+")
    (0, 'v·log v → 0 (0·log 0 = 0), continuity')
    """
    point = sp.sympify(point)
    name = _unknown_function(expr, _CONTINUOUS)
    if name is not None:
        return None, f"no sound limit rule: {name} is not known to be continuous"
    if not point.is_finite:
        if not exp_log_class(expr):
            return None, "no sound limit rule at infinity for this expression"
        return sp.limit(expr, variable, point, direction), "Gruntz algorithm (sympy.limit)"
    if continuous_at(expr, variable, point):
        return expr.xreplace({variable: point}), "continuity"
    v = sp.Symbol("v", positive=True)
    shifted = expr.xreplace({variable: point + v if direction == "+" else point - v})
    total, methods = sp.S.Zero, set()
    for term in sp.Add.make_args(sp.expand(shifted, log=False)):
        if continuous_at(term, v, 0):
            total += term.xreplace({v: 0})
            methods.add("continuity")
            continue
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) == 1:
            a1 = sp.cancel(term / logs[0] / v)
            b1 = sp.cancel(logs[0].args[0] / v)
            if continuous_at(a1, v, 0) and continuous_at(b1, v, 0) and b1.xreplace(
                    {v: 0}).is_positive:
                methods.add("v·log v → 0 (0·log 0 = 0)")
                continue
        if not exp_log_class(expr):
            return None, "no sound limit rule for this expression"
        return sp.limit(expr, variable, point, direction), "Gruntz algorithm (sympy.limit)"
    return total, ", ".join(sorted(methods, reverse=True))


def carry_out(expr: sp.Expr) -> sp.Expr:
    """Carry out the derivatives, substitutions and one-sided limits ``expr`` displays.

    Integrals are never evaluated: a ``Subs`` is a replacement inside them (not of the
    integration variable), and a ``Derivative`` of an expression holding an integral, or a
    limit with no sound rule, stays unevaluated (a claim holding one is then not decided).

    >>> from symbolic_gan.objective import P, Q, X, Y
    >>> from symbolic_gan.functionals import integral
    >>> carry_out(sp.Derivative(integral(P * Y), Y))
    Derivative(Integral(p*y, x), y)
    >>> carry_out(sp.Limit(P * sp.log(P), P, 0, "+") + sp.Subs(integral(P * Q), Q, P))
    Integral(p**2, x)
    """
    def subs(node: sp.Subs) -> sp.Expr:
        inner, variables, points = node.args
        if X in variables:
            return node
        return inner.xreplace(dict(zip(variables, points, strict=True)))

    def derivative(node: sp.Derivative) -> sp.Expr:
        if has_integral(node.expr) or node.expr.has(sp.Limit, sp.Subs, sp.Derivative):
            return node
        return sp.diff(node.expr, *node.variable_count)

    def limit(node: sp.Limit) -> sp.Expr:
        function, variable, point, direction = node.args
        if has_integral(function):
            return node
        value, _ = one_sided_limit(function, variable, point, str(direction))
        return node if value is None else value

    expr = expr.replace(lambda e: isinstance(e, sp.Subs), subs)
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative), derivative)
    return expr.replace(lambda e: isinstance(e, sp.Limit), limit)


def find_roots(expr: sp.Expr, variable: sp.Symbol) -> tuple[sp.Expr, ...]:
    """Candidate roots of ``expr`` in ``variable``, to be substituted back and tested.

    Rational expressions go through ``sympy.roots`` on the numerator; ``log A`` factors give
    the roots of ``A − 1``; other forms fall back to ``sympy.solve``. The list may hold spurious
    roots and may miss some: whether it is complete is the checker's question, not this one's.

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
        try:
            found.extend(sp.solve(base, variable))
        except NotImplementedError:
            continue
    unique: list[sp.Expr] = []
    for root in found:
        if all(sp.cancel(root - r) != 0 for r in unique):
            unique.append(sp.factor(root))
    return tuple(unique)
