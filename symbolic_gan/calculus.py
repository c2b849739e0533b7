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

__all__ = [
    "carry_out",
    "continuous_at",
    "exp_log_class",
    "find_roots",
    "jumps_certified",
    "one_sided_limit",
]

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


_JUMPS = (sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.frac, sp.Mod, sp.arg, sp.DiracDelta,
          sp.KroneckerDelta)


def _away_from_zero(value: sp.Expr) -> bool:
    try:
        number = sp.N(value, 30, strict=True)
    except Exception:  # anything but a certified number is "not certified"
        return False
    return bool(number.is_number and number.is_real and abs(number) > sp.Float("1e-20"))


def jumps_certified(expr: sp.Expr) -> bool:
    """Whether every discontinuous function in the numeric ``expr`` is evaluated away from its
    jump, so that a floating-point evaluation of it can be trusted (``sign(log 6 − log 2 −
    log 3)`` is 0, yet evaluates to 1 numerically).

    >>> jumps_certified(sp.sign(sp.log(6) - sp.log(2) - sp.log(3)))
    False
    >>> jumps_certified(sp.Heaviside(sp.Rational(1, 3)) + sp.exp(2))
    True
    """
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Piecewise):
            for _, condition in node.args:
                if condition in (sp.true, sp.false):
                    continue
                if not isinstance(condition, sp.core.relational.Relational) or \
                        not _away_from_zero(condition.lhs - condition.rhs):
                    return False
        elif isinstance(node, sp.floor | sp.ceiling | sp.frac):
            arg = node.args[0]
            try:
                nearest = sp.Integer(round(float(arg)))
            except (TypeError, ValueError, OverflowError):
                return False
            if not _away_from_zero(arg - nearest):  # jumps at the integers
                return False
        elif isinstance(node, _JUMPS) and not all(_away_from_zero(a) for a in node.args):
            return False
    return True


def exp_log_class(expr: sp.Expr) -> bool:
    """Whether ``expr`` is built from symbols, numbers, +, ·, powers, exp and log only, with
    every constant sub-expression decidably zero or not (Gruntz's algorithm would take
    ``log 6 − log 2 − log 3``, which is 0, for a non-zero constant)."""
    if _unknown_function(expr, (sp.exp, sp.log)) is not None:
        return False
    return all(node.is_zero is not None for node in sp.preorder_traversal(expr)
               if node.is_number and not node.is_Atom)


def continuous_at(expr: sp.Expr, variable: sp.Symbol, point: sp.Expr) -> bool:
    """Whether substituting ``point`` gives the limit: elementary continuous functions only, and
    every sub-expression finite at the point.

    >>> from symbolic_gan.objective import P
    >>> continuous_at(sp.log(1 + P), P, 0), continuous_at(P * sp.log(P), P, 0)
    (True, False)
    >>> y = sp.Symbol("y", real=True)
    >>> continuous_at(sp.S.Zero ** y, y, 0), continuous_at(sp.sqrt(y - 1), y, 1)
    (False, False)
    """
    if _unknown_function(expr, _CONTINUOUS) is not None:
        return False
    point = sp.sympify(point)
    for node in sp.preorder_traversal(expr):
        if not node.has(variable):
            continue
        value = node.xreplace({variable: point})
        if not _finite(value) or value.is_extended_real is not True:
            return False  # off the real line, branch cuts are near: no continuity claimed
        if isinstance(node, sp.log) and node.args[0].xreplace({variable: point}).is_positive \
                is not True:
            return False
        if isinstance(node, sp.Pow) and (node.exp.has(variable) or not node.exp.is_integer):
            if node.base.xreplace({variable: point}).is_positive is not True:
                return False  # 0**y, sqrt at 0 or below: not continuous in general
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
    if direction not in ("+", "-"):  # two-sided: both one-sided limits, and they must agree
        left, how_left = one_sided_limit(expr, variable, point, "-")
        right, how_right = one_sided_limit(expr, variable, point, "+")
        if left is None or right is None:
            return None, how_left if left is None else how_right
        if sp.expand(left - right) != 0:
            return None, "the one-sided limits are not shown equal"
        return left, f"both sides: {how_left}"
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


_SMOOTH_NODES = (sp.Symbol, sp.Number, sp.NumberSymbol, sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log,
                 sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.asinh)


def carry_out(expr: sp.Expr, forget: tuple[sp.Symbol, ...] = ()) -> sp.Expr:
    """Carry out the derivatives, substitutions and one-sided limits ``expr`` displays.

    Integrals are never evaluated: a ``Subs`` is a replacement inside them (not of the
    integration variable), and a ``Derivative`` of an expression holding an integral, or a
    limit with no sound rule, stays unevaluated (a claim holding one is then not decided).
    Limits are taken with the symbols in ``forget`` stripped of their assumptions.

    >>> from symbolic_gan.objective import P, Q, X, Y
    >>> from symbolic_gan.functionals import integral
    >>> carry_out(sp.Derivative(integral(P * Y), Y))
    Derivative(Integral(p*y, x), y)
    >>> carry_out(sp.Limit(P * sp.log(P), P, 0, "+") + sp.Subs(integral(P * Q), Q, P))
    Integral(p**2, x)
    """
    def unevaluated(node: sp.Expr) -> bool:
        return has_integral(node) or node.has(sp.Limit, sp.Subs, sp.Derivative)

    def subs(node: sp.Subs) -> sp.Expr:
        inner, variables, points = node.args
        if X in variables or inner.has(sp.Derivative, sp.Limit):
            return node
        return inner.xreplace(dict(zip(variables, points, strict=True)))

    def derivative(node: sp.Derivative) -> sp.Expr:
        # p, q and y = D(x) are functions of x: d/dx of them is not 0; and a derivative is
        # taken only of a formula built from differentiable functions (not Abs, Max, sign, …)
        if X in node.variables or unevaluated(node.expr) or not all(
                isinstance(n, _SMOOTH_NODES) for n in sp.preorder_traversal(node.expr)
                if any(n.has(v) for v in node.variables)):
            return node
        return sp.diff(node.expr, *node.variable_count)

    def limit(node: sp.Limit) -> sp.Expr:
        function, variable, point, direction = node.args
        if variable == X or unevaluated(function):
            return node
        # what the premises do not grant, the limit may not use (p > 0, say)
        plain = {s: sp.Dummy(s.name, real=True) for s in forget if s != variable}
        value, _ = one_sided_limit(function.xreplace(plain), variable, point, str(direction))
        if value is None:
            return node
        return value.xreplace({d: s for s, d in plain.items()})

    handlers = {sp.Subs: subs, sp.Derivative: derivative, sp.Limit: limit}

    def carry(node: sp.Expr) -> sp.Expr:
        return handlers[type(node)](node)

    # bottom-up: the innermost operation first, so Subs(Derivative(y², y), y, ½) works
    return expr.replace(lambda e: type(e) in handlers, carry)


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
        transcendental = [f for f in base.atoms(sp.exp, sp.log) if f.has(variable)]
        if transcendental and base.xreplace(
                {f: sp.Dummy() for f in transcendental}).has(variable):
            continue  # y mixed with exp(y) or log(y): Lambert W territory, slow; no candidates
        try:
            found.extend(sp.solve(base, variable, check=False))  # callers verify each root
        except NotImplementedError:
            continue
    unique: list[sp.Expr] = []
    for root in found:
        if all(sp.cancel(root - r) != 0 for r in unique):
            unique.append(sp.factor(root))
    return tuple(unique)
