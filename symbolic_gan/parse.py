"""A small grammar for densities named on the command line.

Names and numbers only — no ``eval``, no ``sympify``, no ``ast`` of arbitrary code::

    density  := NAME "(" [arg ("," arg)*] ")"
    arg      := number                                 (parameters)
              | number "*" density                     (terms of a mixture)
              | number ":" number                      (point: probability, discrete)
    number   := ["+" | "-"] digits ["." digits] [("e" | "E") ["+" | "-"] digits]
    digits   := one or more of the ASCII digits 0-9

Names are lower case, exactly as listed: ``normal(mu, sigma)``, ``uniform(low, high)``,
``beta(a, b)``, ``laplace(loc, scale)``, ``student_t(df[, loc[, scale]])``,
``cauchy([loc[, scale]])``, ``gamma(shape[, scale])``, ``exponential([scale])``,
``lognormal(mu, sigma)``, ``mixture(w1*density, w2*density, ...)`` and
``discrete(x1: p1, x2: p2, ...)`` (points with their probabilities).  Only ASCII digits
count as digits.  A number that does not fit a double (``1e-400`` underflows to 0,
``1e400`` overflows) is an error, never rounded silently.  Anything else raises
:class:`~symbolic_gan.errors.ParseError` quoting the text as typed and the position.

>>> str(parse_density("normal(0, 1)"))
'Normal(0, 1)'
>>> str(parse_density("mixture(0.3*normal(0,1), 0.7*normal(3,1))"))
'Mixture([0.3, 0.7], [Normal(0, 1), Normal(3, 1)])'
>>> parse_density("__import__('os')")
Traceback (most recent call last):
    ...
symbolic_gan.errors.ParseError: text="__import__('os')": unexpected character '_' at position 0
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from symbolic_gan.densities import (
    Beta,
    Cauchy,
    Density,
    Discrete,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Mixture,
    Normal,
    StudentT,
    Uniform,
)
from symbolic_gan.errors import InvalidArgument, ParseError

__all__ = ["MAX_LENGTH", "parse_density"]

#: Longest accepted text, deepest mixture nesting, longest number literal.
MAX_LENGTH = 1000
MAX_DEPTH = 4
MAX_NUMBER = 40

_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<punct>[(),*:+-])",
    re.ASCII,
)

_ARITY: dict[str, tuple[int, int]] = {
    "normal": (2, 2),
    "uniform": (2, 2),
    "beta": (2, 2),
    "laplace": (2, 2),
    "student_t": (1, 3),
    "cauchy": (0, 2),
    "gamma": (1, 2),
    "exponential": (0, 1),
    "lognormal": (2, 2),
}
_COMPOUND = ("mixture", "discrete")


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


def _fail(text: str, reason: str, pos: int) -> ParseError:
    return ParseError.for_value("text", text, f"{reason} at position {pos}")  # type: ignore[return-value]


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise _fail(text, f"unexpected character {text[pos]!r}", pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            if kind == "num" and len(m.group()) > MAX_NUMBER:
                raise _fail(text, f"number longer than {MAX_NUMBER} characters", pos)
            toks.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    toks.append(_Tok("end", "", len(text)))
    return toks


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.args_text: list[str] = []
        self.toks = _tokenize(text)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self, kind: str, text: str | None = None, what: str = "") -> _Tok:
        t = self.peek()
        if t.kind != kind or (text is not None and t.text != text):
            shown = repr(t.text) if t.text else "end of text"
            raise _fail(self.text, f"expected {what or text or kind}, found {shown}", t.pos)
        self.i += 1
        return t

    def number(self) -> float:
        t = self.peek()
        sign = 1.0
        if t.kind == "punct" and t.text in "+-":
            sign = -1.0 if t.text == "-" else 1.0
            self.i += 1
        tok = self.take("num", what="a number")
        value = float(tok.text)
        shown = ("-" if sign < 0 else "") + tok.text
        if math.isinf(value):
            raise _fail(self.text, f"number {shown!r} overflows a double", tok.pos)
        if value == 0.0 and any(c in "123456789" for c in tok.text.split("e")[0].split("E")[0]):
            raise _fail(
                self.text, f"number {shown!r} underflows to 0 in a double", tok.pos
            )
        self.args_text.append(shown)
        return sign * value

    def density(self, depth: int) -> Density:
        if depth > MAX_DEPTH:
            raise _fail(self.text, f"mixtures nested deeper than {MAX_DEPTH}", self.peek().pos)
        name_tok = self.take("name", what="a density name such as normal(0, 1)")
        name = name_tok.text
        if name not in _COMPOUND and name not in _ARITY:
            known = ", ".join([*_ARITY, *_COMPOUND])
            hint = " (names are lower case)" if name.lower() in (*_ARITY, *_COMPOUND) else ""
            raise _fail(
                self.text, f"unknown density {name!r}{hint} (known: {known})", name_tok.pos
            )
        self.take("punct", "(", what="'('")
        if name == "discrete":
            points: list[float] = []
            probs: list[float] = []
            while True:
                points.append(self.number())
                self.take("punct", ":", what="':' between a point and its probability")
                probs.append(self.number())
                if self.peek().text != ",":
                    break
                self.i += 1
            self.take("punct", ")", what="',' or ')'")
            return self._build(name_tok, lambda: Discrete(points, probs))  # type: ignore[arg-type]
        if name == "mixture":
            weights: list[float] = []
            comps: list[Density] = []
            while True:
                weights.append(self.number())
                self.take("punct", "*", what="'*' between a weight and a density")
                comps.append(self.density(depth + 1))
                if self.peek().text != ",":
                    break
                self.i += 1
            self.take("punct", ")", what="',' or ')'")
            return self._build(name_tok, lambda: Mixture(weights, comps))  # type: ignore[arg-type]
        args: list[float] = []
        self.args_text = []
        if self.peek().text != ")":
            args.append(self.number())
            while self.peek().text == ",":
                self.i += 1
                args.append(self.number())
        self.take("punct", ")", what="',' or ')'")
        lo, hi = _ARITY[name]
        if not lo <= len(args) <= hi:
            want = str(lo) if lo == hi else f"{lo} to {hi}"
            raise _fail(self.text, f"{name} takes {want} numbers, got {len(args)}", name_tok.pos)
        typed = ", ".join(self.args_text)
        return self._build(name_tok, lambda: _make(name, args), f"{name}({typed})")

    def _build(self, tok: _Tok, make: object, typed: str = "") -> Density:
        try:
            return make()  # type: ignore[operator]
        except InvalidArgument as exc:
            what = repr(typed) if typed else tok.text
            raise _fail(self.text, f"invalid {what}: {exc}", tok.pos) from None


def _make(name: str, a: list[float]) -> Density:
    if name == "normal":
        return Normal(a[0], a[1])
    if name == "uniform":
        return Uniform(a[0], a[1])
    if name == "beta":
        return Beta(a[0], a[1])
    if name == "laplace":
        return Laplace(a[0], a[1])
    if name == "student_t":
        return StudentT(*a)
    if name == "gamma":
        return Gamma(*a)
    if name == "exponential":
        return Exponential(*a)
    if name == "lognormal":
        return LogNormal(a[0], a[1])
    return Cauchy(*a)


def parse_density(text: str) -> Density:
    """Parse a density such as ``"beta(0.5, 0.5)"``; raise ParseError on anything else.

    >>> str(parse_density("cauchy(0, 2)")), str(parse_density("discrete(0: 0.25, 1: 0.75)"))
    ('Cauchy(0, 2)', 'Discrete([0, 1], [0.25, 0.75])')
    >>> parse_density("normal(0, -1)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.ParseError: text='normal(0, -1)': invalid 'normal(0, -1)': sigma=-1.0: ...
    >>> parse_density("normal(0, 1e-400)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.ParseError: ...: number '1e-400' underflows to 0 in a double at position 10
    """
    if not isinstance(text, str):
        raise ParseError.for_value("text", text, "must be a string")
    if len(text) > MAX_LENGTH:
        raise ParseError.for_value(
            "text", text[:40] + "...", f"longer than {MAX_LENGTH} characters ({len(text)})"
        )
    parser = _Parser(text)
    d = parser.density(0)
    parser.take("end", what="end of text")
    return d
