"""Plain-text (the derivation's own text report) and Markdown (``$$…$$`` math) reports."""

from __future__ import annotations

import sympy as sp

from symbolic_gan.printing import tidy_text
from symbolic_gan.verdict import MARKS, CheckedDerivation

__all__ = ["to_markdown", "to_text"]


def to_text(checked: CheckedDerivation) -> str:
    """A plain-text report, claims drawn by SymPy's pretty printer: ``str(checked)``."""
    return checked.text()


def _md(text: str) -> str:
    """Escape Markdown emphasis, table and HTML characters."""
    return "".join("\\" + c if c in "\\`*_[]|<>#" else c for c in text)


def to_markdown(checked: CheckedDerivation) -> str:
    """A Markdown report: a table of verdicts, then each claim as ``$$…$$`` math."""
    d = checked.derivation
    out = [f"# {_md(d.title)}", "", f"**Theorem** `{d.theorem}`:", ""]
    out += [f"$${c.latex()}$$" for c in d.conclusion] or [
        f"{_md(tidy_text(d.statement))} (no conclusion stated)"]
    out.append("")
    if d.reference:
        out += [f"*Reference:* {_md(d.reference)}", ""]
    if d.symbols:
        out += ["| symbol | meaning |", "|---|---|"]
        out += [f"| ${sp.latex(sp.Symbol(s))}$ | {_md(m)} |" for s, m in d.symbols] + [""]
    out += ["## Premises", ""] + [f"- **{_md(p.name)}**: {_md(p.statement)}"
                                  for p in d.premises]
    out += ["", "## Steps", "", "| # | step | symbolic | method | numeric | seconds |",
            "|---|---|---|---|---|---|"]
    for i, s in enumerate(checked.steps, 1):
        v = s.symbolic
        out.append(f"| {i} | {_md(s.step.name)} | {MARKS[v.status]} {v.status} | "
                   f"{_md(tidy_text(v.method))} | {s.numeric.status} | {v.seconds:.3f} |")
    out += ["", "## Conclusion", ""]
    out += [f"- {'✓' if c.follows else '?'} ${c.claim.latex()}$ — from {_md(c.method)}"
            for c in checked.conclusion]
    out += [f"- **gap:** {_md(gap)}" for gap in checked.gaps()]
    for i, s in enumerate(checked.steps, 1):
        out += ["", f"### {i}. {_md(s.step.name)}", "", "$$", s.step.claim.latex(), "$$",
                "", f"- **rule:** {_md(s.step.rule)}",
                f"- **premises:** {_md(', '.join(s.step.premises) or 'none')}"]
        if s.step.uses:
            out.append(f"- **uses:** {_md(', '.join(s.step.uses))}")
        if s.step.note:
            out.append(f"- **note:** {_md(tidy_text(s.step.note))}")
        symbolic = s.symbolic.text().splitlines()
        out.append(f"- **symbolic:** {_md(symbolic[0])}")
        out += [f"  - {_md(row)}" for row in symbolic[1:]]
        out.append(f"- **numeric:** {_md(s.numeric.text())}")
    out += ["", f"**Summary:** {_md(checked.summary())}"]
    return "\n".join(out) + "\n"
