"""The LaTeX document and the Jupyter fragment, both in the papers' notation."""

from __future__ import annotations

import re

import sympy as sp

from symbolic_gan.derivation import Claim
from symbolic_gan.printing import PAPER_NOTATION, tidy_text
from symbolic_gan.report._math import latex_text, math_text
from symbolic_gan.verdict import CheckedDerivation, Status

__all__ = ["latex_fragment", "to_latex"]


def _visible(tex: str) -> str:
    """Roughly what a TeX formula shows: its commands, braces and spaces dropped."""
    return re.sub(r"\\[a-zA-Z]+|[{}\s]|_|\^", "", tex)


def _display(claim: Claim) -> str:
    """The claim as a display; a long one is broken before its relation."""
    left, rel, right = claim.latex_parts(paper=True)
    if len(_visible(left + right)) > 50:
        return f"\\begin{{multline*}}\n{left} \\\\\n{rel} {right}\n\\end{{multline*}}"
    return f"\\begin{{equation*}}\n{left} {rel} {right}\n\\end{{equation*}}"


def to_latex(checked: CheckedDerivation) -> str:
    """A complete LaTeX document (article, amsmath, amssymb) in the papers' notation."""
    d = checked.derivation
    out = [r"\documentclass{article}", r"\usepackage{amsmath}", r"\usepackage{amssymb}",
           rf"\title{{{latex_text(d.title)}}}", r"\date{}", r"\begin{document}", r"\sloppy",
           r"\maketitle",
           rf"\noindent\textbf{{Theorem}} (\texttt{{{latex_text(d.theorem)}}})."]
    out += [rf"\[ {c.latex(paper=True)} \]" for c in d.conclusion] or [
        f"{latex_text(tidy_text(d.statement))} (no conclusion stated)"]
    if d.reference:
        out.append(rf"\par\smallskip\noindent\emph{{Reference:}} {latex_text(d.reference)}")
    if d.symbols:
        out += [r"\section*{Notation}", r"\begin{itemize}"]
        for name, meaning in d.symbols:
            paper = PAPER_NOTATION.get(name, sp.latex(sp.Symbol(name)))
            out.append(rf"\item ${paper}$ (written {latex_text(name)} in the text): "
                       f"{latex_text(meaning)}")
        out.append(r"\end{itemize}")
    out += [r"\section*{Premises}", r"\begin{description}"]
    out += [rf"\item[{{{latex_text(p.name)}}}] {latex_text(p.statement)}" for p in d.premises]
    out += [r"\end{description}", r"\section*{Steps}", r"\begin{enumerate}"]
    for s in checked.steps:
        status = str(s.symbolic.status).upper()
        mark = r"\checkmark\ " if s.symbolic.status is Status.PROVED else ""
        out += [rf"\item \textbf{{{latex_text(s.step.name)}}} --- {mark}\textsc{{{status}}}",
                _display(s.step.claim), r"\begin{itemize}",
                rf"\item Rule: {latex_text(s.step.rule)}",
                rf"\item Premises: {latex_text(', '.join(s.step.premises) or 'none')}"]
        if s.step.note:
            out.append(rf"\item Note: {latex_text(tidy_text(s.step.note))}")
        sym = s.symbolic.text().splitlines()
        out.append(rf"\item Symbolic: {latex_text(sym[0].split(' ', 1)[1])}")
        out += [rf"\item[] {latex_text(row)}" for row in sym[1:]]
        out += [rf"\item Numeric: {latex_text(s.numeric.text())}", r"\end{itemize}"]
    out += [r"\end{enumerate}", r"\section*{Summary}", latex_text(checked.summary()),
            r"\end{document}"]
    return "\n".join(out) + "\n"


def latex_fragment(checked: CheckedDerivation) -> str:
    """The report as one ``$$\\begin{aligned}…\\end{aligned}$$`` block for Jupyter/MathJax."""
    d = checked.derivation
    rows = [f"&{math_text(d.title)}"]
    for i, s in enumerate(checked.steps, 1):
        mark = r"\checkmark\ " if s.symbolic.status is Status.PROVED else ""
        rows.append(rf"&{math_text(f'{i}. {s.step.name}')}\quad {mark}"
                    rf"\textbf{{{str(s.symbolic.status).upper()}}}"
                    rf"\quad\text{{numeric: {s.numeric.status}}}")
        rows.append(rf"&\qquad {s.step.claim.latex(paper=True)}")
    rows.append(rf"&{math_text(checked.summary())}")
    return "$$\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}$$"

