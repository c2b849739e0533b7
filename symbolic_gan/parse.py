"""A small grammar for densities named on the command line.

Names and numbers only — no ``eval``, no ``sympify``, no ``ast`` of arbitrary code::

    density  := NAME "(" [arg ("," arg)*] ")"
    arg      := number | number "*" density          (weighted terms only in mixture)
    number   := ["+" | "-"] digits ["." digits] [("e" | "E") ["+" | "-"] digits]

Names: ``normal(mu, sigma)``, ``uniform(low, high)``, ``beta(a, b)``,
``laplace(loc, scale)``, ``student_t(df[, loc[, scale]])``, ``cauchy([loc[, scale]])``
and ``mixture(w1*density, w2*density, ...)``.  Anything else raises
:class:`~symbolic_gan.errors.ParseError` naming the text and the position.

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

import re
from dataclasses import dataclass

from symbolic_gan.densities import Beta, Density, Laplace, Mixture, Normal, StudentT, Uniform
from symbolic_gan.errors import InvalidArgument, ParseError

__all__ = ["MAX_LENGTH", "parse_density"]

#: Longest accepted text, deepest mixture nesting, longest number literal.
MAX_LENGTH = 1000
MAX_DEPTH = 4
MAX_NUMBER = 40

_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<punct>[(),*+-])"
)

_ARITY: dict[str, tuple[int, int]] = {
    "normal": (2, 2),
    "uniform": (2, 2),
    "beta": (2, 2),
    "laplace": (2, 2),
    "student_t": (1, 3),
    "cauchy": (0, 2),
}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int


def _fail(text: str, reason: str, pos: int) -> ParseError:
    return ParseError.for_value("text", text, f"{reason} at position {pos}")


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
        return sign * float(tok.text)

    def density(self, depth: int) -> Density:
        if depth > MAX_DEPTH:
            raise _fail(self.text, f"mixtures nested deeper than {MAX_DEPTH}", self.peek().pos)
        name_tok = self.take("name", what="a density name such as normal(0, 1)")
        name = name_tok.text.lower()
        if name != "mixture" and name not in _ARITY:
            known = ", ".join([*_ARITY, "mixture"])
            raise _fail(
                self.text, f"unknown density {name_tok.text!r} (known: {known})", name_tok.pos
            )
        self.take("punct", "(", what="'('")
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
            return self._build(name_tok, lambda: Mixture(weights, comps))
        args: list[float] = []
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
        return self._build(name_tok, lambda: _make(name, args))

    def _build(self, tok: _Tok, make: object) -> Density:
        try:
            return make()  # type: ignore[operator]
        except InvalidArgument as exc:
            raise _fail(self.text, f"invalid {tok.text}: {exc}", tok.pos) from None


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
    return StudentT(1.0, *a)  # cauchy


def parse_density(text: str) -> Density:
    """Parse a density such as ``"beta(0.5, 0.5)"``; raise ParseError on anything else.

    >>> str(parse_density("cauchy(0, 2)"))
    'StudentT(1, 0, 2)'
    >>> parse_density("normal(0, -1)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.ParseError: text='normal(0, -1)': invalid normal: sigma=-1.0: ...
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
