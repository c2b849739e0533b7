"""The result of checking a document: one :class:`LineCheck` per display row, in reading order.

Only ``valid`` carries a check mark; ``unknown`` is never shown as valid.

>>> r = TextCheck("x.md", (LineCheck(1, 3, "a = a", Verdict.DEFINITION),))
>>> r.ok, r.to_dict()["lines"][0]["verdict"]
(True, 'definition')
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from symbolic_gan.derivation import Claim
from symbolic_gan.report import latex_text
from symbolic_gan.verdict import NumericVerdict, SymbolicVerdict

__all__ = ["MARKS", "LineCheck", "RelationCheck", "TextCheck", "Verdict"]


class Verdict(StrEnum):
    """The verdict of one line."""

    VALID = "valid"
    INVALID = "invalid"
    NEEDS_PREMISE = "needs-premise"
    UNKNOWN = "unknown"
    DEFINITION = "definition"
    UNPARSED = "unparsed"


#: One mark per verdict; only ``valid`` is a check mark.
MARKS = {Verdict.VALID: "✓", Verdict.INVALID: "✗", Verdict.NEEDS_PREMISE: "◐",
         Verdict.UNKNOWN: "?", Verdict.DEFINITION: "≔", Verdict.UNPARSED: "⚠"}


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


@dataclass(frozen=True)
class RelationCheck:
    """One relation of a line: its sides as read, and how the check ended."""

    lhs: str
    relation: str
    rhs: str
    symbolic: SymbolicVerdict
    numeric: NumericVerdict = field(default_factory=NumericVerdict)
    premises_needed: tuple[str, ...] = ()
    claim: Claim | None = field(default=None, compare=False, repr=False)
    """The claim that was checked (not part of the JSON)."""

    def to_dict(self) -> dict[str, Any]:
        v = self.symbolic
        return {
            "lhs": self.lhs, "relation": self.relation, "rhs": self.rhs,
            "symbolic": {"status": str(v.status), "method": v.method, "residual": v.residual,
                         "seconds": round(v.seconds, 6), "counterexample": v.counterexample,
                         "forced": list(v.forced)},
            "numeric": {"status": str(self.numeric.status), "detail": self.numeric.detail,
                        "pairs": self.numeric.pairs,
                        "max_abs_error": _finite(self.numeric.max_abs_error),
                        "tolerance": _finite(self.numeric.tolerance)},
            "premises_needed": list(self.premises_needed),
        }


@dataclass(frozen=True)
class LineCheck:
    """The verdict of one display row."""

    index: int
    source_line: int
    latex: str
    verdict: Verdict
    relations: tuple[RelationCheck, ...] = ()
    premises_needed: tuple[str, ...] = ()
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "source_line": self.source_line, "latex": self.latex,
                "verdict": str(self.verdict),
                "relations": [r.to_dict() for r in self.relations],
                "premises_needed": list(self.premises_needed), "message": self.message}


@dataclass(frozen=True)
class TextCheck:
    """Every line of a document with its verdict; ``ok`` when each is valid or a definition."""

    file: str
    lines: tuple[LineCheck, ...]
    premises: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(line.verdict in (Verdict.VALID, Verdict.DEFINITION) for line in self.lines)

    def verdicts(self) -> list[str]:
        """The verdict of each line, in reading order."""
        return [str(line.verdict) for line in self.lines]

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "ok": self.ok, "premises": list(self.premises),
                "lines": [line.to_dict() for line in self.lines]}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for line in self.lines:
            counts[str(line.verdict)] = counts.get(str(line.verdict), 0) + 1
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        return f"{self.file}: {len(self.lines)} lines ({shown}) — " + \
            ("OK" if self.ok else "NOT OK")

    def to_text(self) -> str:
        out = [f"Checked {self.file} under the premises: {', '.join(self.premises)}",
               "Read as: p = p_data(x), q = p_g(x), y = D(x); E_p[f] = ∫ p·f dx.", ""]
        for line in self.lines:
            out.append(f"{MARKS[line.verdict]} line {line.source_line} [{line.verdict}]: "
                       f"{line.latex}")
            for r in line.relations:
                out.append(f"    {r.lhs} {r.relation} {r.rhs}: {str(r.symbolic.status).upper()}"
                           f" — {r.symbolic.method}")
                if str(r.numeric.status) != "not-run":
                    out.append(f"      numeric: {r.numeric.status} ({r.numeric.detail})")
                if r.symbolic.counterexample:
                    shown = ", ".join(f"{k} = {x}" for k, x in r.symbolic.counterexample.items())
                    out.append(f"      counterexample: {shown}")
            if line.premises_needed:
                out.append(f"    needs: {', '.join(line.premises_needed)}")
            if line.message:
                out.append(f"    {line.message}")
        out += ["", self.summary()]
        return "\n".join(out) + "\n"

    def __str__(self) -> str:
        return self.to_text()

    def to_markdown(self) -> str:
        out = [f"### {self.file} — premises: {', '.join(self.premises)}", "",
               "| line | verdict | LaTeX | note |", "|---|---|---|---|"]
        for line in self.lines:
            note = line.message
            if line.premises_needed:
                note = f"needs {', '.join(line.premises_needed)}. {note}".strip()
            latex = line.latex.replace("|", r"\|")
            out.append(f"| {line.source_line} | {MARKS[line.verdict]} {line.verdict} | "
                       f"`{latex}` | {note.replace('|', '/')} |")
        out += ["", self.summary()]
        return "\n".join(out) + "\n"

    def to_latex(self) -> str:
        """An ``itemize`` list: each row as display math with its verdict (layout removed)."""
        out = [r"\begin{itemize}"]
        for line in self.lines:
            math = re.sub(r"\\(?:tag\*?|label)\s*\{[^{}]*\}|\\(?:nonumber|notag)|&", " ",
                          line.latex)
            note = latex_text(line.message)
            needs = ", ".join(line.premises_needed)
            # an unparsed row may hold any macro (\input, \def): shown as text, never as math
            shown = rf"\texttt{{{latex_text(line.latex)}}}" if line.verdict is \
                Verdict.UNPARSED else rf"$\displaystyle {math}$"
            out.append(rf"\item line {line.source_line}, \textbf{{{line.verdict}}}: "
                       + shown + (f" (needs {needs})" if needs else "")
                       + (f" --- {note}" if note else ""))
        out.append(r"\end{itemize}")
        return "\n".join(out) + "\n"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        rows = []
        for line in self.lines:
            note = line.message
            if line.premises_needed:
                note = f"needs {', '.join(line.premises_needed)}. {note}"
            rows.append(f"<tr><td>{line.source_line}</td><td>{MARKS[line.verdict]} "
                        f"{line.verdict}</td><td><code>{html.escape(line.latex)}</code></td>"
                        f"<td>{html.escape(note)}</td></tr>")
        return (f"<p><b>{html.escape(self.file)}</b></p><table><tr><th>line</th><th>verdict"
                f"</th><th>LaTeX</th><th>note</th></tr>{''.join(rows)}</table>"
                f"<p>{html.escape(self.summary())}</p>")
