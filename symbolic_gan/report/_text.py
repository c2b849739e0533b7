"""Plain-text (SymPy's pretty printer) and Markdown (``$$…$$`` math) reports."""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator

import sympy as sp
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm

from symbolic_gan.derivation import Claim, Equation, Inequality
from symbolic_gan.report._data import _MARK, _numeric_line, _symbolic_lines, summary_line
from symbolic_gan.report._math import claim_latex
from symbolic_gan.verdict import CheckedDerivation

__all__ = ["to_markdown", "to_text"]


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
        return prettyForm(*inner.left(f"E_{sp.sstr(p)}"))


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


def _pretty(expr: sp.Basic) -> str:
    with _units_not_loaded():
        return _Pretty({"use_unicode": True}).doprint(expr)


def _relation_text(rel: sp.Basic) -> str:
    """``Eq(p, q)`` as ``p = q``; anything else as its ``sstr``."""
    if isinstance(rel, sp.Equality):
        return f"{sp.sstr(rel.lhs)} = {sp.sstr(rel.rhs)}"
    return sp.sstr(rel)


def _claim_pretty(claim: Claim) -> str:
    """Equations and inequalities pretty-printed; the other claims as their one-line text."""
    if isinstance(claim, Equation | Inequality):
        shown = _pretty(claim.sympy())
        if isinstance(claim, Inequality) and claim.equality_iff is not None:
            shown += f"\nwith equality iff {_relation_text(claim.equality_iff)}"
        return shown
    return claim.text()


def to_text(checked: CheckedDerivation) -> str:
    """A plain-text report with claims pretty-printed by SymPy."""
    d = checked.derivation
    lines = [d.title, "=" * len(d.title), f"Theorem:   {d.theorem}",
             f"Statement: {d.statement}"]
    if d.reference:
        lines.append(f"Reference: {d.reference}")
    if d.symbols:
        lines += ["", "Symbols"] + [f"  {s}: {m}" for s, m in d.symbols]
    lines += ["", "Premises"] + [f"  {p.name}: {p.statement}" for p in d.premises]
    lines += ["", "Steps"]
    for i, s in enumerate(checked.steps, 1):
        lines += [f"{i}. {s.step.name}  [{_MARK[s.symbolic.status]} "
                  f"{str(s.symbolic.status).upper()}]",
                  f"   rule: {s.step.rule}",
                  f"   premises: {', '.join(s.step.premises) or 'none'}"]
        if s.step.note:
            lines.append(f"   note: {s.step.note}")
        lines.append("   claim:")
        lines += [f"      {row}".rstrip() for row in _claim_pretty(s.step.claim).splitlines()]
        lines += [f"   {row}" for row in _symbolic_lines(s.symbolic)]
        lines.append(f"   {_numeric_line(s.numeric)}")
    lines += ["", f"Summary: {summary_line(checked)} ({checked.seconds:.2f} s)"]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape Markdown emphasis, table and HTML characters."""
    return "".join("\\" + c if c in "\\`*_[]|<>#" else c for c in text)


def to_markdown(checked: CheckedDerivation) -> str:
    """A Markdown report: a table of verdicts, then each claim as ``$$…$$`` math."""
    d = checked.derivation
    out = [f"# {_md(d.title)}", "", f"**Theorem** `{d.theorem}`: {_md(d.statement)}", ""]
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
        out.append(f"| {i} | {_md(s.step.name)} | {_MARK[v.status]} {v.status} | "
                   f"{_md(v.method)} | {s.numeric.status} | {v.seconds:.3f} |")
    for i, s in enumerate(checked.steps, 1):
        out += ["", f"### {i}. {_md(s.step.name)}", "", "$$", claim_latex(s.step.claim), "$$",
                "", f"- **rule:** {_md(s.step.rule)}",
                f"- **premises:** {_md(', '.join(s.step.premises) or 'none')}"]
        if s.step.note:
            out.append(f"- **note:** {_md(s.step.note)}")
        sym = _symbolic_lines(s.symbolic)
        out.append(f"- **{_md(sym[0]).replace(':', ':**', 1)}")
        out += [f"  - {_md(row.strip())}" for row in sym[1:]]
        out.append(f"- **{_md(_numeric_line(s.numeric)).replace(':', ':**', 1)}")
    out += ["", f"**Summary:** {_md(summary_line(checked))}"]
    return "\n".join(out) + "\n"
