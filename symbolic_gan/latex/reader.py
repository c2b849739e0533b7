"""A safe reader for one row of display math: text in, a :class:`~symbolic_gan.latex.nodes.Row` out.

Nothing is evaluated: the row is checked against limits (length, nesting depth, characters, an
allow-list of macros), layout is removed (``\\left``, ``\\tag``, ``&``, spacing, ``\\text{…}``),
and the grammar in ``grammar.lark`` (Lark, LALR) builds the tree. Any failure raises
:class:`LatexError` with the position in the row, so the caller can mark the line ``unparsed``.

>>> row = read_row(r"D^*(x) = \\frac{p_{data}(x)}{p_{data}(x) + p_g(x)}")
>>> row.chains[0][1][0].symbol
'='
>>> read_row(r"\\input{/etc/passwd}")
Traceback (most recent call last):
    ...
symbolic_gan.latex.reader.LatexError: row='\\\\input{/etc/passwd}': unknown macro \\input ...
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

from symbolic_gan.errors import ParseError
from symbolic_gan.latex import nodes as n

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_ROW",
    "LatexError",
    "grammar_key",
    "normalise",
    "read_row",
    "write_tables",
]

#: Longest row accepted (characters), deepest nesting of ``{[(``, longest number literal.
MAX_ROW = 2000
MAX_DEPTH = 30
MAX_DIGITS = 12

_GRAMMAR = Path(__file__).with_name("grammar.lark")

_LOOKALIKES = {"−": "-", "≥": r"\geq ", "≤": r"\leq ", "·": r"\cdot ", "∫": r"\int ",
               "‖": r"\| ", "∼": r"\sim ", "×": r"\times ", "∞": r"\infty "}

# macros the grammar knows, and macros that are layout and are removed before parsing
_KNOWN = frozenset("""
Rightarrow implies iff Leftrightarrow Longrightarrow geqslant geq ge leqslant leq le coloneqq
triangleq sim over frac dfrac tfrac sqrt partial int sum mathbb log ln exp arg max min sup inf
parallel Vert mid lvert rvert vert infty pi alpha beta gamma delta epsilon varepsilon eta theta
lambda mu nu xi rho sigma tau phi varphi chi psi omega Theta Phi Omega ast star cdot times
""".split())
_LAYOUT = frozenset("""
left right bigl bigr Bigl Bigr biggl biggr Biggl Biggr big Big bigg Bigg quad qquad nonumber
notag limits nolimits displaystyle textstyle tag label text mathrm operatorname textrm mathit
boldsymbol mathbf bm mathop underset mathcal mathscr
""".split())

_TEXT_MACRO = re.compile(
    r"([_^]\s*)?"  # a subscript written p_\text{data} is the whole word, as p_{data}
    r"\\(?:text|mathrm|operatorname\*?|textrm|mathit|boldsymbol|mathbf|bm|mathcal|mathscr)\s*\{\s*"
    r"([A-Za-z0-9]*(?:\s+[A-Za-z0-9]+)*)\s*\}"
)
# dx, \mathrm{d}x, d\mathbf{x}, \mathrm{d}\boldsymbol{x}, \mathop{}\!\mathrm{d}x (a bold x is x)
_BOLD = r"\\(?:mathbf|boldsymbol|bm|mathit|mathrm)\s*\{\s*([a-z])\s*\}"
_DIFFERENTIAL = re.compile(
    r"(?:\\mathop\s*\{\s*\}\s*(?:\\!\s*)?)?\\(?:mathrm|text|operatorname)\s*\{\s*d\s*\}\s*"
    rf"(?:{_BOLD}|([a-z])(?![A-Za-z]))")
# d/dy written \frac{d}{dy}, \frac{\mathrm{d}}{\mathrm{d}y} or \frac{d}{d y}: as ∂/∂y
_D = r"(?:d|\\mathrm\s*\{\s*d\s*\}|\\text\s*\{\s*d\s*\})"
_ORDINARY_DERIVATIVE = re.compile(
    rf"\\frac\s*\{{\s*{_D}\s*\}}\s*\{{\s*{_D}\s*([A-Za-z])\s*\}}")
_BOLD_DIFFERENTIAL = re.compile(rf"(?<![A-Za-z\\])d\s*{_BOLD}")
# |x|: \left| … \right|, \lvert … \rvert and \vert become \lvert … \rvert; plain bars are
# paired in order when a row has an even number of them (|p − q| ≤ p + q)
_BARS = (
    (re.compile(r"\\(?:left|[bB]igg?l)\s*(?:\||\\[lv]vert(?![A-Za-z]))"), r" \\lvert "),
    (re.compile(r"\\(?:right|[bB]igg?r)\s*(?:\||\\[rv]vert(?![A-Za-z]))"), r" \\rvert "),
)
_PLAIN_BAR = re.compile(r"(?<![\\|])(?:\||\\vert(?![A-Za-z]))(?!\|)")
_SUBSTITUTIONS = (
    (re.compile(r"\\(?:tag\*?|label)\s*\{[^{}]*\}"), " "),
    (re.compile(r"\\(?:nonumber|notag|displaystyle|textstyle|limits|nolimits)(?![A-Za-z])"), " "),
    (re.compile(r"\\q?quad\s*\(\s*[0-9]+(?:\.[0-9]+)?\s*\)\s*$"), " "),  # hand-written (3)
    (re.compile(r"\\(?:[bB]igg?[lr]?|left|right)(?![A-Za-z])\s*(?:\.|\\\{|\\\})?"), " "),
    (re.compile(r"\\[,;:! ]|\\q?quad(?![A-Za-z])|~"), " "),
    (re.compile(r"D_\{?\s*(?:\\(?:text|mathrm|operatorname)\s*\{)?\s*(KL|JSD|JS)\s*\}?\s*\}?"),
     r" \1 "),
    (re.compile(r"\\underset\s*\{([^{}]*)\}\s*\{\s*\\?((?:arg\s*\\?)?(?:max|min|sup|inf))\s*\}"),
     r"\\\2_{\1}"),
    (re.compile(r"\\mathop\s*\{\s*(\\?[A-Za-z\\ ]+?)\s*\}"), r" \1 "),
    (re.compile(r"\\[dt]?frac\s*([0-9A-Za-z])\s*([0-9A-Za-z])"), r"\\frac{\1}{\2}"),
    # \int^{b}_{a}: the limits in the other order, as \int_{a}^{b}
    (re.compile(r"\\int\s*\^\s*(\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])\s*_\s*"
                r"(\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])"), r"\\int_\2^\1"),
    (re.compile(r"&"), " "),
    (re.compile(r"[,.;]\s*$"), " "),
    # 1e-3 and 2.5E2 as typed from code: powers of ten, not Euler's e times a number
    (re.compile(r"(?<![A-Za-z0-9.\\])([0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE]([+-]?[0-9]+)(?![0-9A-Za-z])"),
     r" \1 \\cdot 10^{\2} "),
)


class LatexError(ParseError):
    """A row the reader does not accept; ``position`` is an index into the row."""

    def __init__(self, row: str, position: int, reason: str) -> None:
        shown = row if len(row) <= 60 else row[:57] + "..."
        super().__init__(f"row={shown!r}: {reason} at position {position}")
        self.position = position
        self.reason = reason


def _scan(row: str) -> None:
    """Limits, characters, macros and bracket balance, before anything else runs."""
    if len(row) > MAX_ROW:
        raise LatexError(row, MAX_ROW, f"row longer than {MAX_ROW} characters")
    for i, ch in enumerate(row):
        if ord(ch) > 126 and ch not in _LOOKALIKES:
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            raise LatexError(row, i, f"character {ch!r} ({name}) is not LaTeX math")
    for match in re.finditer(r"\\([A-Za-z]+)", row):
        if match.group(1) not in _KNOWN | _LAYOUT:
            raise LatexError(row, match.start(), f"unknown macro \\{match.group(1)}")
    stack: list[tuple[str, int]] = []
    pairs = {"}": "{", ")": "(", "]": "["}
    i = 0
    while i < len(row):
        ch = row[i]
        if ch == "\\" and i + 1 < len(row) and row[i + 1] in "{}":
            i += 2  # \{ and \} are not grouping
            continue
        if ch in "{([":
            stack.append((ch, i))
            if len(stack) > MAX_DEPTH:
                raise LatexError(row, i, f"nesting deeper than {MAX_DEPTH}")
        elif ch in "})]":
            if not stack or stack[-1][0] != pairs[ch]:
                raise LatexError(row, i, f"unbalanced {ch!r}")
            stack.pop()
        i += 1
    if stack:
        raise LatexError(row, stack[-1][1], f"unclosed {stack[-1][0]!r}")
    for match in re.finditer(r"[0-9]+", row):
        if len(match.group()) > MAX_DIGITS:
            raise LatexError(row, match.start(), f"number longer than {MAX_DIGITS} digits")


def _unwrapped(m: re.Match[str]) -> str:
    word = m.group(2).replace(" ", "")
    return f"{m.group(1).strip()}{{{word}}}" if m.group(1) else f" {word} "


def normalise(row: str) -> str:
    """Remove layout and map look-alike characters; the result is what the grammar parses.

    >>> normalise(r"\\left( a \\right) \\quad (3)")
    ' ( a  )  '
    """
    for ch, replacement in _LOOKALIKES.items():
        row = row.replace(ch, replacement)
    row = _ORDINARY_DERIVATIVE.sub(r"\\frac{\\partial}{\\partial \1}", row)
    row = _DIFFERENTIAL.sub(lambda m: f" d{m.group(1) or m.group(2)} ", row)
    row = _BOLD_DIFFERENTIAL.sub(r" d\1 ", row)
    for _ in range(3):  # \text inside \text: bounded, each pass removes one level
        row = _TEXT_MACRO.sub(_unwrapped, row)
    for pattern, replacement in _BARS:
        row = pattern.sub(replacement, row)
    bars = _PLAIN_BAR.findall(row)
    if bars and len(bars) % 2 == 0:
        sides = iter([" \\lvert ", " \\rvert "] * (len(bars) // 2))
        row = _PLAIN_BAR.sub(lambda _: next(sides), row)
    for pattern, replacement in _SUBSTITUTIONS:
        row = pattern.sub(replacement, row)
    return row


_TABLES = _GRAMMAR.with_name("grammar.lark.tables")


def grammar_key() -> str:
    """The key of the grammar's parse tables: a hash of ``grammar.lark`` and Lark's version."""
    import hashlib

    import lark

    text = _GRAMMAR.read_text(encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest() + ":lark-" + lark.__version__


def _build() -> Any:
    import lark

    return lark.Lark(_GRAMMAR.read_text(encoding="utf-8"), start="row", parser="lalr",
                     lexer="contextual", maybe_placeholders=False)


def write_tables() -> Path:
    """Write the parse tables next to the grammar (LALR analysis takes ~0.2 s; loading them
    ~0.03 s). Run it after editing ``grammar.lark`` (a test checks the tables are fresh)::

        python -c "from symbolic_gan.latex.reader import write_tables; write_tables()"
    """
    with open(_TABLES, "wb") as handle:
        handle.write(grammar_key().encode() + b"\n")
        _build().save(handle)
    return _TABLES


@functools.cache
def _parser() -> Any:
    import lark

    try:
        with open(_TABLES, "rb") as handle:  # our own file, shipped with the package
            if handle.readline().strip() == grammar_key().encode():
                return lark.Lark.load(handle)
    except (OSError, EOFError, ValueError, lark.exceptions.LarkError):
        pass
    return _build()


def read_row(row: str) -> n.Row:
    """Parse one row of display math into a :class:`~symbolic_gan.latex.nodes.Row`."""
    import lark

    if not isinstance(row, str):
        raise LatexError(repr(row), 0, "a row must be a string")
    _scan(row)
    text = normalise(row)
    leftover = re.search(r"\\([A-Za-z]+)", text)
    if leftover and leftover.group(1) in _LAYOUT:
        raise LatexError(row, leftover.start(), f"\\{leftover.group(1)} in a form not understood")
    if not text.strip():
        raise LatexError(row, 0, "empty row")
    try:
        tree = _parser().parse(text)
    except lark.exceptions.UnexpectedInput as exc:
        pos = getattr(exc, "pos_in_stream", None) or 0
        near = text[pos:pos + 12].strip() or "end of row"
        raise LatexError(row, pos, f"unexpected {near!r}") from None
    except lark.exceptions.LarkError as exc:  # pragma: no cover - defensive
        raise LatexError(row, 0, f"not understood ({type(exc).__name__})") from None
    from symbolic_gan.latex.build import build_row

    return build_row(tree, row)
