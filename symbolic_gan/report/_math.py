"""Claims as LaTeX math, and plain text made safe for LaTeX and for MathJax.

Claims print themselves (``claim.latex()``); this module adds the escaping of prose.

>>> print(latex_text("½·log 4 ≥ 0 for 50% of p_data"))
\\ensuremath{\\tfrac{1}{2}}\\ensuremath{\\cdot}log 4 \\ensuremath{\\geq} 0 for 50\\% of p\\_data
"""

from __future__ import annotations

from symbolic_gan.derivation import Claim
from symbolic_gan.printing import PAPER_NOTATION, unicode_latex

__all__ = ["PAPER_NOTATION", "claim_latex", "latex_text", "math_text"]


def claim_latex(claim: Claim, *, paper: bool = False) -> str:
    r"""The claim in LaTeX math; ``paper=True`` writes p, q, y as p_data, p_g, D.

    >>> from symbolic_gan.derivation import Equation
    >>> from symbolic_gan.objective import P, Q
    >>> print(claim_latex(Equation(P + Q, Q + P), paper=True))
    p_{\mathrm{data}} + p_g = p_{\mathrm{data}} + p_g
    """
    return claim.latex(paper=paper)


_TEXT_CHARS = {"—": "---", "–": "--", "‘": "`", "’": "'", "“": "``", "”": "''",
               "\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
               "<": r"\ensuremath{<}", ">": r"\ensuremath{>}", "|": r"\ensuremath{|}",
               **{c: "\\" + c for c in "%$&#_{}"}}


def latex_text(text: str) -> str:
    """Plain text as LaTeX text mode: specials escaped, unicode math as ``\\ensuremath``.

    >>> print(latex_text("KL(p‖q) ≥ 0 for 50% of p_data & #1"))
    KL(p\\ensuremath{\\|}q) \\ensuremath{\\geq} 0 for 50\\% of p\\_data \\& \\#1
    """
    out = []
    for ch in text:
        if ch in _TEXT_CHARS:
            out.append(_TEXT_CHARS[ch])
        elif ch.isascii():
            out.append(ch)
        else:
            cmd = unicode_latex(ch)
            out.append(rf"\ensuremath{{{cmd}}}" if cmd else rf"{{\ttfamily [U+{ord(ch):04X}]}}")
    return "".join(out)


def math_text(text: str) -> str:
    r"""Plain text for use inside math (MathJax and LaTeX): ``\text{…}`` runs, math between.

    >>> print(math_text("C ≥ −log 4"))
    \text{C }\geq \text{ }- \text{log 4}
    """
    out, run = [], []
    safe = set(" .,:;'!?()[]/+=*-") | {c for c in map(chr, range(128)) if c.isalnum()}
    for ch in text:
        if ch in safe:
            run.append(ch)
            continue
        if run:
            out.append(rf"\text{{{''.join(run)}}}")
            run = []
        if ch.isascii():
            out.append({"\\": r"\backslash", "^": r"\hat{}", "~": r"\sim"}.get(ch, "\\" + ch)
                       if ch in "\\^~%$&#_{}|" else ch)
        else:
            out.append(unicode_latex(ch) or rf"\text{{[U+{ord(ch):04X}]}}")
            out.append(" ")
    if run:
        out.append(rf"\text{{{''.join(run)}}}")
    return "".join(out)
