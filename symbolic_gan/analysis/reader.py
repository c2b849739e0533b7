"""A safe reader for objectives typed on the command line: expressions in ``y`` and domains.

Text is parsed by Python's :mod:`ast` into a tree that is *walked*, never executed: only the node
types, names and functions of an allow-list become SymPy objects, built through constructors.
Integers, exponents and the size of the tree are capped, so nothing can hang or allocate
without bound. There is no ``eval``, ``sympify`` or ``parse_expr`` here.

Grammar: numbers, ``y``, ``+ - * / ^ **``, parentheses, ``log exp sqrt tanh sinh cosh min max
abs sign LambertW``, ``pi`` and ``E``. Domains: ``(a, b)``, ``[a, b]``, ``(a, b]``, ``[a, b)``,
``R``, with ``oo`` and ``-oo`` for infinite ends.

>>> read_expression("log(1 - y)")
log(1 - y)
>>> read_expression("y^2/2 + 0.5")
y**2/2 + 1/2
>>> read_domain("(0, 1]")
Interval.Lopen(0, 1)
>>> read_expression("__import__('os').getcwd()")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
symbolic_gan.errors.ParseError: expression=...: only the allowed functions may be called
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from fractions import Fraction

import sympy as sp

from symbolic_gan.errors import ParseError
from symbolic_gan.objective import Y

__all__ = ["MAX_DIGITS", "MAX_EXPONENT", "MAX_LENGTH", "MAX_NODES", "read_domain",
           "read_expression"]

#: Longest accepted text, most tree nodes, longest integer literal, largest |exponent|.
MAX_LENGTH = 400
MAX_NODES = 200
MAX_DIGITS = 30
MAX_EXPONENT = 64
_MAX_RESULT_DIGITS = 400  # a constant power may not produce a number with more digits

_FUNCTIONS: dict[str, tuple[Callable[..., sp.Expr], int, int]] = {
    # name: (constructor, least and most arguments)
    "log": (sp.log, 1, 1),
    "exp": (sp.exp, 1, 1),
    "sqrt": (sp.sqrt, 1, 1),
    "tanh": (sp.tanh, 1, 1),
    "sinh": (sp.sinh, 1, 1),
    "cosh": (sp.cosh, 1, 1),
    "abs": (sp.Abs, 1, 1),
    "sign": (sp.sign, 1, 1),
    "LambertW": (sp.LambertW, 1, 1),
    "min": (sp.Min, 2, 8),
    "max": (sp.Max, 2, 8),
}
_CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E}
_BINARY: dict[type, Callable[[sp.Expr, sp.Expr], sp.Expr]] = {
    ast.Add: lambda x, z: x + z,
    ast.Sub: lambda x, z: x - z,
    ast.Mult: lambda x, z: x * z,
    ast.Div: lambda x, z: x / z,
}


class _Reader:
    """Walks an ``ast`` tree and builds the SymPy expression it denotes (allow-list only)."""

    def __init__(self, label: str, text: str, names: dict[str, sp.Expr]):
        self.source = ""
        self.label, self.text, self.names = label, text, names

    def fail(self, reason: str) -> ParseError:
        return ParseError.for_value(self.label, self.text, reason)  # type: ignore[return-value]

    def read(self) -> sp.Expr:
        if not isinstance(self.text, str):
            raise ParseError.for_value(self.label, self.text, "must be text")
        if len(self.text) > MAX_LENGTH:
            raise self.fail(f"longer than {MAX_LENGTH} characters")
        source = self.text.replace("^", "**").strip()
        self.source = source
        if not source:
            raise self.fail("is empty")
        try:
            tree = ast.parse(source, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise self.fail("is not an expression of the allowed grammar") from None
        if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
            raise self.fail(f"has more than {MAX_NODES} parts")
        try:
            return self.node(tree.body)
        except ParseError:
            raise
        except RecursionError:
            raise self.fail("is nested too deeply") from None
        except (TypeError, ValueError, ZeroDivisionError, ArithmeticError) as exc:
            raise self.fail(f"cannot be built: {exc}") from None

    def node(self, n: ast.AST) -> sp.Expr:
        if isinstance(n, ast.Constant):
            return self.number(n.value, ast.get_source_segment(self.source, n))
        if isinstance(n, ast.Name):
            if n.id in self.names:
                return self.names[n.id]
            raise self.fail(f"unknown name {n.id!r}; allowed: {sorted(self.names)}")
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub | ast.UAdd):
            value = self.node(n.operand)
            return -value if isinstance(n.op, ast.USub) else value
        if isinstance(n, ast.BinOp):
            if isinstance(n.op, ast.Pow):
                return self.power(self.node(n.left), self.node(n.right))
            rule = _BINARY.get(type(n.op))
            if rule is None:
                raise self.fail(f"operator {type(n.op).__name__} is not allowed")
            return rule(self.node(n.left), self.node(n.right))
        if isinstance(n, ast.Call):
            return self.call(n)
        if isinstance(n, ast.Attribute):
            raise self.fail("attribute access is not allowed")
        raise self.fail(f"{type(n).__name__} is not allowed")

    def number(self, value: object, written: str | None = None) -> sp.Expr:
        """The literal as an exact number: a decimal is read from what was ``written``, so
        ``1e-400`` is 10⁻⁴⁰⁰ (refused for its digits), not the double 0.0."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"literal {value!r} is not a number")
        if isinstance(value, int):
            if len(str(abs(value))) > MAX_DIGITS:
                raise self.fail(f"integer with more than {MAX_DIGITS} digits")
            return sp.Integer(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise self.fail("non-finite number")
        try:  # the decimal as written, e.g. 0.1 -> 1/10; never a rounded or underflowed double
            exact = Fraction(written.replace("_", "")) if written else Fraction(repr(value))
        except ValueError:
            exact = Fraction(repr(value))
        if max(len(str(exact.numerator)), len(str(exact.denominator))) > MAX_DIGITS:
            raise self.fail(f"number with more than {MAX_DIGITS} digits")
        return sp.Rational(exact.numerator, exact.denominator)

    def power(self, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        if base == sp.E:
            return sp.exp(exponent)
        if not (isinstance(exponent, sp.Rational) and abs(exponent) <= MAX_EXPONENT
                and exponent.q <= MAX_EXPONENT):
            raise self.fail(f"exponents must be rational numbers of size at most {MAX_EXPONENT}"
                            " (use exp(...) for other powers)")
        if base.is_number and base.is_Rational and base != 0:
            size = max(len(str(abs(base.p))), len(str(base.q))) * abs(exponent)
            if size > _MAX_RESULT_DIGITS:
                raise self.fail("constant power too large")
        return base**exponent

    def call(self, n: ast.Call) -> sp.Expr:
        if not isinstance(n.func, ast.Name):
            raise self.fail("only the allowed functions may be called")
        if n.keywords:
            raise self.fail("keyword arguments are not allowed")
        entry = _FUNCTIONS.get(n.func.id)
        if entry is None:
            raise self.fail(f"unknown function {n.func.id!r}; allowed: {sorted(_FUNCTIONS)}")
        build, least, most = entry
        if not least <= len(n.args) <= most:
            raise self.fail(f"{n.func.id} takes {least}..{most} arguments, got {len(n.args)}")
        return build(*(self.node(arg) for arg in n.args))


def read_expression(text: str, *, label: str = "expression") -> sp.Expr:
    """The SymPy expression in ``y`` that ``text`` denotes; :class:`ParseError` otherwise.

    >>> read_expression("max(0, 1 - y)")
    Max(0, 1 - y)
    >>> read_expression("10**10**8")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symbolic_gan.errors.ParseError: expression='10**10**8': exponents must be rational numbers ...
    """
    expr = _Reader(label, text, {"y": Y, **_CONSTANTS}).read()
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ParseError.for_value(label, text, "is not finite")
    return expr


def _end(text: str, label: str, whole: str) -> sp.Expr:
    reader = _Reader(label, text, {**_CONSTANTS, "oo": sp.oo})
    try:
        value = reader.read()
    except ParseError as exc:
        raise ParseError.for_value(label, whole, f"end {text.strip()!r}: {exc}") from None
    if value not in (sp.oo, -sp.oo) and not (value.is_number and value.is_real
                                             and value.is_finite):
        raise ParseError.for_value(label, whole, f"end {text.strip()!r} is not a real number")
    return value


def read_domain(text: str, *, label: str = "domain") -> sp.Interval:
    """The interval ``text`` denotes: ``(a, b)``, ``[a, b]``, half-open, or ``R``.

    >>> read_domain("R")
    Interval(-oo, oo)
    >>> read_domain("[-1, oo)")
    Interval(-1, oo)
    >>> read_domain("(1, 0)")
    Traceback (most recent call last):
    ...
    symbolic_gan.errors.ParseError: domain='(1, 0)': needs left end < right end
    """
    if not isinstance(text, str):
        raise ParseError.for_value(label, text, "must be text")
    stripped = text.strip()
    if len(stripped) > MAX_LENGTH:
        raise ParseError.for_value(label, text, f"longer than {MAX_LENGTH} characters")
    if stripped in ("R", "ℝ", "(-oo, oo)"):
        return sp.Interval(-sp.oo, sp.oo)
    if len(stripped) < 5 or stripped[0] not in "([" or stripped[-1] not in ")]":
        raise ParseError.for_value(label, text, "must look like (a, b), [a, b], (a, b], [a, b) "
                                   "or R")
    ends = stripped[1:-1].split(",")
    if len(ends) != 2:
        raise ParseError.for_value(label, text, "needs exactly two ends separated by a comma")
    lo, hi = (_end(e, label, text) for e in ends)
    left_open, right_open = stripped[0] == "(", stripped[-1] == ")"
    if (lo == -sp.oo and not left_open) or (hi == sp.oo and not right_open):
        raise ParseError.for_value(label, text, "an infinite end must be open")
    if lo in (sp.oo,) or hi in (-sp.oo,) or not bool(sp.StrictLessThan(lo, hi)):
        raise ParseError.for_value(label, text, "needs left end < right end")
    return sp.Interval(lo, hi, left_open, right_open)
