"""An :class:`~symbolic_gan.analysis.result.Analysis` as plain text, Markdown or LaTeX."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from symbolic_gan.derivation import interval_text

if TYPE_CHECKING:  # pragma: no cover
    from symbolic_gan.analysis.result import Analysis

__all__ = ["analysis_latex", "analysis_markdown", "analysis_text"]


def _rows(result: Analysis) -> list[tuple[str, str]]:
    opt, crit = result.optimum, result.criterion
    rows = [("objective", f"p·({sp.sstr(result.a)}) + q·({sp.sstr(result.b)}), "
                          f"y in {interval_text(result.domain)}"),
            ("optimum", opt.kind + (f" ({opt.reason})" if opt.reason else ""))]
    if opt.dstar is not None:
        rows.append(("D*", sp.sstr(opt.dstar)))
    if len(opt.pieces) > 1 or (opt.pieces and opt.dstar is None):
        for piece in opt.pieces:
            at = sp.sstr(piece.dstar) if piece.dstar is not None else "not attained"
            rows.append((f"  where {sp.sstr(piece.when)}", f"{piece.where}: D* = {at}"))
    if crit is not None:
        rows += [("h(u)", sp.sstr(crit.h)), ("divergence", crit.divergence),
                  ("criterion", crit.expression)]
        if crit.f_second_derivative is not None:
            rows.append(("f''(u)", sp.sstr(crit.f_second_derivative)))
    rows += [(f"note {i}", note) for i, note in enumerate(result.notes, 1)]
    return rows


def _step_lines(result: Analysis) -> list[str]:
    if result.checked is None:
        return []
    return [f"{i}. {s.step.name}: {s.step.claim.text()} — {s.symbolic.status}"
            f" ({s.symbolic.method}); numeric {s.numeric.status}"
            for i, s in enumerate(result.checked.steps, 1)]


def analysis_text(result: Analysis) -> str:
    """Plain text: a table of findings, the checked steps, and the verdict."""
    rows = _rows(result)
    width = max(len(k) for k, _ in rows)
    lines = [f"{k:<{width}}  {v}" for k, v in rows]
    lines += ["", "steps:", *_step_lines(result), "",
              f"ok: {str(result.ok).lower()}"]
    return "\n".join(lines) + "\n"


def analysis_markdown(result: Analysis) -> str:
    """Markdown: the findings as a table, then the checked steps."""
    lines = ["| | |", "|---|---|"]
    # a "|" inside a cell would end it: escape it (also inside code spans, as GFM requires)
    lines += [f"| {k} | `{v.replace('|', chr(92) + '|')}` |" for k, v in _rows(result)]
    lines += ["", *_step_lines(result), "", f"**ok: {str(result.ok).lower()}**"]
    return "\n".join(lines) + "\n"


def analysis_latex(result: Analysis) -> str:
    """A LaTeX fragment: D*, h(u) and the criterion as display equations."""
    opt, crit = result.optimum, result.criterion
    parts = [r"\[ \varphi(y) = p\,\left(" + sp.latex(result.a) + r"\right) + q\,\left("
             + sp.latex(result.b) + r"\right),\quad y \in " + sp.latex(result.domain) + r" \]",
             r"\noindent Optimum: \texttt{" + opt.kind + "}."]
    if opt.dstar is not None:
        parts.append(r"\[ D^* = " + sp.latex(opt.dstar) + r" \]")
    if crit is not None:
        parts.append(r"\[ h(u) = " + sp.latex(crit.h) + r" \]")
        parts.append(r"\noindent Divergence: " + crit.divergence.replace("_", r"\_") + ".")
    parts.append(r"\noindent Checked: " + ("all steps proved" if result.ok else "not all steps "
                                            "proved") + ".")
    return "\n".join(parts) + "\n"
