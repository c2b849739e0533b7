"""Split a Markdown or LaTeX document into the rows of its display math, with line numbers.

Displays are ``$$…$$``, ``\\[…\\]`` and the environments ``equation``, ``align``, ``gather``,
``multline`` (starred or not); ``split``, ``aligned`` and ``gathered`` inside them are layout, and
``\\\\`` ends a row. A front matter block (``---`` lines at the top) may declare ``premises:``
and ``notation:`` (``name=role`` pairs).

>>> doc = split_document("Text.\\n$$ a = b \\\\\\\\ = c $$\\n")
>>> [(r.source_line, r.latex) for r in doc.rows]
[(2, 'a = b'), (2, '= c')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symbolic_gan.errors import InvalidArgument

__all__ = ["MAX_ROWS", "MAX_TEXT", "Document", "SourceRow", "split_document"]

#: Longest document accepted (characters) and most display rows checked.
MAX_TEXT = 200_000
MAX_ROWS = 300

_ENVS = r"(?:equation|align|gather|multline|eqnarray)\*?"
_OPEN = re.compile(r"\$\$|\\\[|\\begin\{(" + _ENVS + r")\}")
_INNER = re.compile(r"\\(?:begin|end)\{(?:split|aligned|gathered|" + _ENVS + r")\}")
_ROW_END = re.compile(r"\\\\(?:\[[^\]\n]{0,20}\])?")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")  # a TeX comment inside a display
_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`|<!--.*?-->", re.M | re.S)


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def _blank_code(text: str) -> str:
    """Markdown code (fenced blocks and `spans`) and HTML comments blanked out, newlines kept."""
    return _CODE.sub(_blank, text)


@dataclass(frozen=True)
class SourceRow:
    """One row of display math: its text, where it starts, and a reader error if the
    document around it is malformed (an unclosed display)."""

    latex: str
    source_line: int
    display: int
    error: str | None = None


@dataclass(frozen=True)
class Document:
    """The rows of a document and what its front matter declares."""

    rows: tuple[SourceRow, ...]
    premises: tuple[str, ...] = ()
    notation: tuple[tuple[str, str], ...] = ()


def _front_matter(text: str) -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], int]:
    if not text.startswith("---\n"):
        return text, (), (), 0
    end = text.find("\n---", 4)
    if end < 0:
        return text, (), (), 0
    premises: list[str] = []
    notation: list[tuple[str, str]] = []
    for line in text[4:end].splitlines():
        key, _, value = line.partition(":")
        items = [v.strip() for v in value.strip().strip("[]").split(",") if v.strip()]
        if key.strip() == "premises":
            premises.extend(items)
        elif key.strip() == "notation":
            for item in items:
                name, _, role = item.partition("=")
                notation.append((name.strip(), role.strip()))
    blank = "\n" * text.count("\n", 0, end + 4)  # keep line numbers
    return blank + text[end + 4:], tuple(premises), tuple(notation), end + 4


def split_document(text: str) -> Document:
    """The display rows of ``text`` in reading order."""
    if not isinstance(text, str):
        raise InvalidArgument.for_value("text", type(text).__name__, "must be a string")
    if len(text) > MAX_TEXT:
        raise InvalidArgument.for_value(
            "text", f"<{len(text)} characters>", f"longer than {MAX_TEXT} characters")
    body, premises, notation, _ = _front_matter(text)
    body = _blank_code(body)
    rows: list[SourceRow] = []
    pos, display = 0, 0
    while True:
        opened = _OPEN.search(body, pos)
        if opened is None:
            break
        display += 1
        token = opened.group(0)
        closer = "$$" if token == "$$" else r"\]" if token == r"\[" else \
            rf"\end{{{opened.group(1)}}}"
        end = body.find(closer, opened.end())
        line = body.count("\n", 0, opened.start()) + 1
        if end < 0:
            rows.append(SourceRow(token, line, display, f"display opened by {token} not closed"))
            break
        # comments and layout blanked with their length kept: offsets stay those of the body
        content = _INNER.sub(_blank, _COMMENT.sub(_blank, body[opened.end():end]))
        start = 0
        ends = [(m.start(), m.end()) for m in _ROW_END.finditer(content)]
        for stop, after in [*ends, (len(content), len(content))]:
            piece = content[start:stop]
            stripped = piece.strip()
            if stripped:
                lead = opened.end() + start + len(piece) - len(piece.lstrip())
                row_line = body.count("\n", 0, lead) + 1
                rows.append(SourceRow(stripped, max(row_line, line), display))
                if len(rows) > MAX_ROWS:
                    raise InvalidArgument.for_value(
                        "text", f"<{len(rows)} rows>", f"more than {MAX_ROWS} display rows")
            start = after
        pos = end + len(closer)
    return Document(tuple(rows), premises, notation)
