"""Size and shape guards for SymPy expressions that reach the checker from a user.

A claim is data a user typed; before any rewriting, its expressions must be SymPy expressions of a
size the checker can afford. :func:`validated_expr` is called by every claim's constructor and
raises :class:`~symbolic_gan.errors.InvalidArgument` naming the argument; :func:`too_large`
is asked by the checker before it expands anything, and answers with a reason (the claim is then
UNKNOWN, never proved).

>>> import sympy as sp
>>> validated_expr("lhs", 2)
2
>>> validated_expr("lhs", sp.Symbol("p") ** 10**9)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
symbolic_gan.errors.InvalidArgument: lhs=p**1000000000: exponent 1000000000 is too large ...
>>> too_large((sp.Symbol("p") + 1) ** 200)
'a power (p + 1)**200 of a sum is too large to expand (exponent above 64)'
"""

from __future__ import annotations

import sympy as sp

from symbolic_gan.errors import InvalidArgument

__all__ = ["MAX_BITS", "MAX_DEPTH", "MAX_EXPONENT", "MAX_NODES", "too_large", "validated_expr"]

#: Most nodes an expression of a claim may have.
MAX_NODES = 20_000
#: Deepest nesting an expression of a claim may have.
MAX_DEPTH = 200
#: Largest integer (in bits) an expression of a claim may hold.
MAX_BITS = 4096
#: Largest numeric exponent an expression of a claim may hold.
MAX_EXPONENT = 10_000
#: Largest exponent of a sum that the checker will expand.
EXPAND_EXPONENT = 64


def _shape_problem(expr: sp.Basic) -> str | None:
    """Why ``expr`` is too big or too deep to accept, or None. Iterative: no recursion limit."""
    stack: list[tuple[sp.Basic, int]] = [(expr, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return f"more than {MAX_NODES} nodes"
        if depth > MAX_DEPTH:
            return f"nested deeper than {MAX_DEPTH}"
        if isinstance(node, sp.Rational):
            bits = max(abs(node.p).bit_length(), abs(node.q).bit_length())
            if bits > MAX_BITS:
                return f"a number of {bits} bits (at most {MAX_BITS})"
        if isinstance(node, sp.Pow) and node.exp.is_Number:
            if node.exp.is_Rational and abs(node.exp.p) > MAX_EXPONENT:
                return f"exponent {node.exp} is too large (at most {MAX_EXPONENT})"
            if node.exp.is_Float and abs(node.exp) > MAX_EXPONENT:
                return f"exponent {node.exp} is too large (at most {MAX_EXPONENT})"
        stack.extend((arg, depth + 1) for arg in node.args)
    return None


def validated_expr(name: str, value: object) -> sp.Expr:
    """``value`` as a SymPy expression, or :class:`InvalidArgument` naming ``name``.

    Python ints become SymPy Integers; anything that is not a SymPy expression (strings, floats,
    relations, sets, booleans, foreign objects) is refused, and so are expressions too large to
    check (see :data:`MAX_NODES`, :data:`MAX_DEPTH`, :data:`MAX_BITS`, :data:`MAX_EXPONENT`).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_BITS:
            raise InvalidArgument(f"{name}=<int of {value.bit_length()} bits>: at most "
                                  f"{MAX_BITS} bits")
        return sp.Integer(value)
    if not isinstance(value, sp.Expr) or isinstance(value, sp.Dummy):
        raise InvalidArgument.for_value(name, _short(value), "must be a SymPy expression or an int")
    problem = _shape_problem(value)
    if problem is not None:
        raise InvalidArgument.for_value(name, _short(value), problem)
    return value


def _short(value: object) -> object:
    """A representation of ``value`` short enough for an error message."""
    try:
        text = repr(value) if not isinstance(value, sp.Basic) else sp.sstr(value)
    except (ValueError, RecursionError):  # huge ints refuse str()
        return f"<{type(value).__name__}>"
    return value if len(text) <= 200 else f"<{type(value).__name__}: {text[:80]}…>"


def too_large(expr: sp.Basic) -> str | None:
    """Why the checker should not expand ``expr`` (a reason), or None when it may."""
    for node in sp.preorder_traversal(expr):
        if (isinstance(node, sp.Pow) and isinstance(node.base, sp.Add)
                and node.exp.is_Integer and abs(node.exp) > EXPAND_EXPONENT):
            return (f"a power {sp.sstr(node)} of a sum is too large to expand "
                    f"(exponent above {EXPAND_EXPONENT})")
    return None
