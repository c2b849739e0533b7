"""SymPy expressions printed for people: one-line Unicode text, 2-D text, and LaTeX.

A leaf module (it imports SymPy only), so that data classes can print themselves without
importing the reports. SymPy's own ``str`` is Python syntax (``Eq(p, q)``, ``x**2``,
``u*(u + 1)``, ``Limit(f, p, 0, dir='+')``); :func:`expr_text` writes what a person writes.

>>> import sympy as sp
>>> p, q, u, y = sp.symbols("p q u y", positive=True)
>>> expr_text(1 / (u * (u + 1)))
'1/(u·(u + 1))'
>>> expr_text(sp.Eq(p, q)), expr_text(sp.sqrt(p) * y**2), expr_text(-(p + q)**3 / (p*q))
('p = q', '√p·y²', '-(p + q)³/(p·q)')
>>> expr_text(sp.Limit(p * sp.log(p), p, 0, "+"))
'lim_{p→0⁺} p·log(p)'
>>> print(expr_latex(p / (p + q), paper=True))
\\frac{p_{\\mathrm{data}}}{p_{\\mathrm{data}} + p_g}
"""

from __future__ import annotations

import contextlib
import re
import sys
import types
import unicodedata
from collections.abc import Iterator
from typing import Any, ClassVar

import sympy as sp
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm
from sympy.printing.str import StrPrinter

__all__ = [
    "PAPER_NOTATION",
    "expr_latex",
    "expr_pretty",
    "expr_text",
    "latex_char",
    "tidy_text",
    "unicode_latex",
]

#: Symbol name -> LaTeX in the notation of the papers (display only).
PAPER_NOTATION = {"p": r"p_{\mathrm{data}}", "q": "p_g", "y": "D", "m": "m",
                  "p_theta": r"p_\theta"}

_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_STAR = "\x00"  # stands for a '*' inside a name while products are joined


class _TextPrinter(StrPrinter):
    """SymPy's ``str`` with the notation of mathematics instead of Python's."""

    printmethod = "_unicode_text"  # objects' own _sympystr print Python syntax: not used
    _relationals: ClassVar[dict[str, str]] = {"==": "=", "!=": "≠", ">=": "≥", "<=": "≤"}

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return expr.name.replace("*", _STAR)

    _print_Dummy = _print_Symbol

    def _print_Mul(self, expr: sp.Expr) -> str:
        return super()._print_Mul(expr).replace("*", "·")

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exp = expr.base, expr.exp
        if exp.is_Rational and exp < 0 and expr.is_commutative:
            return f"1/{self.parenthesize(sp.Pow(base, -exp, evaluate=False), PRECEDENCE['Mul'])}"
        if exp is sp.S.Half:
            inner = self._print(base)
            return f"√{inner}" if base.is_Atom else f"√({inner})"
        shown = self.parenthesize(base, PRECEDENCE["Pow"], strict=True)
        if exp.is_Integer:
            return shown + str(exp).translate(_SUPERSCRIPT)
        return f"{shown}^{self.parenthesize(exp, PRECEDENCE['Pow'], strict=True)}"

    def _print_Relational(self, expr: sp.Basic) -> str:
        prec = precedence(expr)
        op = self._relationals.get(expr.rel_op, expr.rel_op)
        return f"{self.parenthesize(expr.lhs, prec)} {op} {self.parenthesize(expr.rhs, prec)}"

    def _print_Infinity(self, expr: sp.Basic) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: sp.Basic) -> str:
        return "-∞"

    def _print_ComplexInfinity(self, expr: sp.Basic) -> str:
        return "complex ∞"

    def _print_Pi(self, expr: sp.Basic) -> str:
        return "π"

    def _print_Exp1(self, expr: sp.Basic) -> str:
        return "e"

    def _print_ImaginaryUnit(self, expr: sp.Basic) -> str:
        return "i"

    def _print_Abs(self, expr: sp.Basic) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Reals(self, expr: sp.Basic) -> str:
        return "ℝ"

    def _print_Interval(self, i: sp.Interval) -> str:
        left = "(" if i.left_open else "["
        right = ")" if i.right_open else "]"
        return f"{left}{self._print(i.start)}, {self._print(i.end)}{right}"

    def _operand(self, expr: sp.Basic) -> str:
        """An operand of ∫, ∂ or lim: parenthesised when it is a sum."""
        return self.parenthesize(expr, PRECEDENCE["Mul"], strict=True)

    def _print_Integral(self, expr: sp.Integral) -> str:
        out = self._operand(expr.function)
        for limit in expr.limits:
            var = self._print(limit[0])
            bounds = ("_{" + self._print(limit[1]) + "}^{" + self._print(limit[2]) + "}"
                      if len(limit) == 3 else "")
            out = f"∫{bounds} {out} d{var}"
        return out

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        order = sum(count for _, count in expr.variable_count)
        top = "∂" + (str(order).translate(_SUPERSCRIPT) if order > 1 else "")
        below = "".join(f"∂{self._print(v)}" + (str(n).translate(_SUPERSCRIPT) if n > 1 else "")
                        for v, n in expr.variable_count)
        return f"{top}/{below} {self._operand(expr.expr)}"

    def _print_Subs(self, expr: sp.Subs) -> str:
        at = ", ".join(f"{self._print(o)}={self._print(n)}"
                       for o, n in zip(expr.variables, expr.point, strict=True))
        return f"({self._print(expr.expr)})|_{{{at}}}"

    def _print_Limit(self, expr: sp.Limit) -> str:
        e, z, z0, direction = expr.args
        side = {"+": "⁺", "-": "⁻"}.get(str(direction), "")
        return f"lim_{{{self._print(z)}→{self._print(z0)}{side}}} {self._operand(e)}"

    def _functional(self, expr: Any) -> str:
        return f"{expr.symbol}({'‖'.join(self._print(a) for a in expr.args)})"

    # SymPy's dispatch skips intermediate classes of a Function: one method per functional
    _print_KL = _print_JSD = _print_Entropy = _functional

    def _print_Expectation(self, expr: sp.Basic) -> str:
        p, f = expr.args
        return f"E_{self._print(p)}[{self._print(f)}]"

    def _print_Mass(self, expr: sp.Basic) -> str:
        return f"∫ {self._print(expr.args[0])} dx"

    def _print_Midpoint(self, expr: sp.Basic) -> str:
        return "m"

    def doprint(self, expr: Any) -> str:
        return super().doprint(expr).replace(_STAR, "*")


def expr_text(expr: Any) -> str:
    """A SymPy expression (or relation, interval, tuple) on one line, in Unicode math.

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> expr_text(sp.Integral(x * sp.log(y), x)), expr_text(sp.Interval.open(0, sp.oo))
    ('∫ x·log(y) dx', '(0, ∞)')
    >>> expr_text(sp.Derivative(x * y**2, y, 2)), expr_text(sp.Subs(x / (x + y), y, x))
    ('∂²/∂y² x·y²', '(x/(x + y))|_{y=x}')
    """
    return _TextPrinter().doprint(expr)


class _Pretty(PrettyPrinter):
    """SymPy's pretty printer, with the functionals in paper form: KL(p‖q), H(p), E_p[f]."""

    def _functional(self, name: str, args: tuple[sp.Basic, ...]) -> prettyForm:
        inner = self._print_seq(args, delimiter="‖" if self._use_unicode else "||")
        return prettyForm(*prettyForm(*inner.parens()).left(name))

    def _print_KL(self, e: sp.Basic) -> prettyForm:
        return self._functional("KL", e.args)

    def _print_JSD(self, e: sp.Basic) -> prettyForm:
        return self._functional("JSD", e.args)

    def _print_Entropy(self, e: sp.Basic) -> prettyForm:
        return self._functional("H", e.args)

    def _print_Expectation(self, e: sp.Basic) -> prettyForm:
        p, f = e.args
        inner = prettyForm(*self._print(f).parens("[", "]"))
        return prettyForm(*inner.left(f"E_{expr_text(p)}"))


_UNITS = "sympy.physics.units"


@contextlib.contextmanager
def _units_not_loaded() -> Iterator[None]:
    """Spare the ~0.3 s import of ``sympy.physics.units`` that SymPy's pretty printer does on
    every product only to move unit ``Quantity`` factors last.

    No ``Quantity`` can exist while that module has never been loaded, so for the duration of
    the call a stand-in whose ``Quantity`` matches nothing gives exactly the same output. If the
    module is loaded already, nothing is changed; the stand-in is always removed afterwards.
    """
    if _UNITS in sys.modules:
        yield
        return
    stand_in = types.ModuleType(_UNITS, "stand-in used while pretty-printing (symbolic_gan)")
    stand_in.Quantity = type("NoQuantity", (), {})  # type: ignore[attr-defined]
    sys.modules[_UNITS] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(_UNITS) is stand_in:
            del sys.modules[_UNITS]


def expr_pretty(expr: Any) -> str:
    """A SymPy expression drawn over several lines with Unicode (SymPy's pretty printer).

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> expr_pretty(sp.sqrt(x)), expr_pretty(x**2).splitlines()
    ('√x', [' 2', 'x '])
    """
    with _units_not_loaded():
        return _Pretty({"use_unicode": True}).doprint(expr)


# ---------------------------------------------------------------- LaTeX

_MATH_CHARS = {
    "−": "-", "·": r"\cdot", "‖": r"\|", "≥": r"\geq", "≤": r"\leq", "½": r"\tfrac{1}{2}",
    "→": r"\to", "↦": r"\mapsto", "∫": r"\int", "≡": r"\equiv", "∞": r"\infty", "≪": r"\ll",
    "∈": r"\in", "≠": r"\neq", "×": r"\times", "±": r"\pm", "≈": r"\approx", "∂": r"\partial",
    "∑": r"\sum", "²": "^{2}", "³": "^{3}", "⁺": "^{+}", "⁻": "^{-}", "∗": "*", "…": r"\ldots",
    "ε": r"\varepsilon", "φ": r"\varphi", "ϕ": r"\phi", "λ": r"\lambda", "ς": r"\varsigma",
    "§": r"\S", "—": "-", "–": "-", "ο": "o", "∅": r"\varnothing", "√": r"\surd",
    "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "ℝ": r"\mathbb{R}", "π": r"\pi",
    **{d: f"^{{{i}}}" for i, d in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")},
}
_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMDA", "XI", "PI", "SIGMA", "UPSILON", "PHI",
                   "PSI", "OMEGA"}


def unicode_latex(ch: str) -> str | None:
    r"""LaTeX math for one non-ASCII character, or None if there is none.

    >>> unicode_latex("θ"), unicode_latex("≥"), unicode_latex("é")
    ('\\theta', '\\geq', None)
    """
    if ch in _MATH_CHARS:
        return _MATH_CHARS[ch]
    name = unicodedata.name(ch, "")
    if name.startswith("GREEK SMALL LETTER ") and len(name.split()) == 4:
        return "\\" + name.split()[-1].lower().replace("lamda", "lambda")
    if name.startswith("GREEK CAPITAL LETTER ") and len(name.split()) == 4:
        letter = name.split()[-1]
        if letter in _GREEK_CAPITALS:
            return "\\" + letter.capitalize().replace("Lamda", "Lambda")
        return unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or None
    return None


def latex_char(ch: str) -> str:
    """``ch`` for LaTeX math: ASCII as is, anything else as a command or a visible code."""
    if ch.isascii():
        return ch
    cmd = unicode_latex(ch)
    return f"{{{cmd}}}" if cmd else rf"\text{{[U+{ord(ch):04X}]}}"


def expr_latex(expr: Any, *, paper: bool = False) -> str:
    r"""``sympy.latex`` of ``expr``, ASCII only; ``paper=True`` writes p, q, y as p_data, p_g, D.

    >>> import sympy as sp
    >>> expr_latex(sp.Symbol("p") + sp.Symbol("θ"))
    'p + {\\theta}'
    """
    names: dict[sp.Basic, str] = {}
    if paper and isinstance(expr, sp.Basic):
        names = {s: PAPER_NOTATION[s.name] for s in expr.atoms(sp.Symbol)
                 if s.name in PAPER_NOTATION}
    return "".join(map(latex_char, sp.latex(expr, symbol_names=names)))


# ---------------------------------------------------------------- text from SymPy's str

_POWER = re.compile(r"\*\*(\d+|\((-?\d+)\))")
_PRODUCT = re.compile(r"(?<=[\w)])\*(?=[\w(])")
_CALLS = ("Eq", "Ne", "Limit", "Subs", "Derivative", "Interval.open", "Interval.Lopen",
          "Interval.Ropen", "Interval", "sqrt")


def _split_args(text: str, start: int) -> tuple[list[str], int] | None:
    """The comma-separated arguments of the call whose ``(`` is at ``start``, and the index
    after its ``)``; None if the parentheses do not balance."""
    depth, args, begin = 0, [], start + 1
    for i in range(start, len(text)):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[begin:i].strip())
                return args, i + 1
        elif ch == "," and depth == 1:
            args.append(text[begin:i].strip())
            begin = i + 1
    return None


def _call_text(name: str, args: list[str]) -> str | None:
    """The readable form of SymPy's ``name(args…)``, or None to leave it as it is."""
    if name in ("Eq", "Ne") and len(args) == 2:
        return f"{args[0]} {'=' if name == 'Eq' else '≠'} {args[1]}"
    if name == "sqrt" and len(args) == 1:
        return f"√({args[0]})"
    if name == "Limit" and len(args) == 4:
        side = {"'+'": "⁺", "'-'": "⁻"}.get(args[3].removeprefix("dir="), "")
        return f"lim_{{{args[1]}→{args[2]}{side}}} ({args[0]})"
    if name == "Subs" and len(args) == 3:
        return f"({args[0]})|_{{{args[1]}={args[2]}}}"
    if name == "Derivative" and len(args) >= 2:
        return f"∂/{''.join('∂' + a for a in args[1:])} ({args[0]})"
    if name.startswith("Interval") and len(args) == 2:
        left = "(" if name.endswith((".open", ".Lopen")) else "["
        right = ")" if name.endswith((".open", ".Ropen")) else "]"
        return f"{left}{args[0]}, {args[1]}{right}"
    return None


def tidy_text(text: str) -> str:
    """Text that quotes SymPy's ``str`` (a checker's method, a residual, a note) made readable:
    ``**`` as superscripts, products as ``·``, ``Eq(a, b)`` as ``a = b``, ``sqrt``, ``Limit``,
    ``Subs``, ``Derivative`` and ``Interval`` in mathematical notation. Prose is left alone;
    nothing is parsed as an expression (no ``sympify``). New code should print expressions
    with :func:`expr_text` and not need this.

    >>> tidy_text("g'' = 1/(u*(u + 1)) > 0; equality iff Eq(p, q); at y*: -(p + q)**3/(p*q)")
    "g'' = 1/(u·(u + 1)) > 0; equality iff p = q; at y*: -(p + q)³/(p·q)"
    >>> tidy_text("Limit(p*log(p), p, 0, dir='+') on Interval.open(0, 1)")
    'lim_{p→0⁺} (p·log(p)) on (0, 1)'
    """
    out, i = [], 0
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, _CALLS)) + r")\(")
    while (match := pattern.search(text, i)) is not None:
        split = _split_args(text, match.end() - 1)
        shown = None if split is None else _call_text(match.group(1),
                                                      [tidy_text(a) for a in split[0]])
        if split is None or shown is None:
            out.append(text[i:match.end()])
            i = match.end()
            continue
        out.append(text[i:match.start()] + shown)
        i = split[1]
    out.append(text[i:])
    joined = "".join(out)
    joined = _POWER.sub(lambda m: (m.group(2) or m.group(1)).translate(_SUPERSCRIPT), joined)

    def product(match: re.Match[str]) -> str:
        """``·`` for a product; a star before an argument list (``y*(p, q)``) is a name."""
        after = match.end()
        if joined[after] == "(":
            split = _split_args(joined, after)
            if split is not None and len(split[0]) > 1:
                return "*"
        return "·"

    return _PRODUCT.sub(product, joined)
