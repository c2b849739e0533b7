"""Claims as LaTeX math, and plain text made safe for LaTeX and for MathJax.

>>> print(latex_text("½·log 4 ≥ 0 for 50% of p_data"))
\\ensuremath{\\tfrac{1}{2}}\\ensuremath{\\cdot}log 4 \\ensuremath{\\geq} 0 for 50\\% of p\\_data
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import sympy as sp

from symbolic_gan.derivation import Claim, Equation, Inequality, Maximiser, Roots, Supremum

__all__ = ["PAPER_NOTATION", "claim_latex", "latex_text"]

#: Symbol name -> LaTeX in the notation of the papers (display only).
PAPER_NOTATION = {"p": r"p_{\mathrm{data}}", "q": "p_g", "y": "D", "m": "m",
                  "p_theta": r"p_\theta"}
_REL = {"<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}


def _tex(claim: Claim, paper: bool) -> Callable[[sp.Basic], str]:
    """``sympy.latex`` for the parts of ``claim``, in paper notation if asked."""
    names: dict[sp.Basic, str] = {}
    if paper:
        atoms: set[sp.Basic] = set()
        for value in vars(claim).values():
            if isinstance(value, sp.Basic):
                atoms |= value.atoms(sp.Symbol)
            elif isinstance(value, tuple):
                atoms |= {a for v in value for a in v.atoms(sp.Symbol)}
        names = {s: PAPER_NOTATION[s.name] for s in atoms if s.name in PAPER_NOTATION}
    return lambda e: _latex_unicode(sp.latex(e, symbol_names=names))


def _claim_parts(claim: Claim, paper: bool) -> tuple[str, str, str]:
    """The claim's LaTeX as (left side, relation, right side), for breaking long displays."""
    tex = _tex(claim, paper)
    if isinstance(claim, Equation):
        return tex(claim.lhs), "=", tex(claim.rhs)
    if isinstance(claim, Inequality):
        right = tex(claim.rhs)
        if claim.equality_iff is not None:
            right += rf" \quad \text{{with equality iff }} {tex(claim.equality_iff)}"
        return tex(claim.lhs), _REL[claim.relation], right
    v = tex(claim.variable)
    if isinstance(claim, Maximiser):
        return (f"{v}^* = {tex(claim.point)}", "=", rf"\mathop{{\mathrm{{arg\,max}}}}_{{{v} "
                rf"\in {tex(claim.domain)}}} \left[{tex(claim.function)}\right]")
    if isinstance(claim, Roots):
        roots = ", ".join(tex(r) for r in claim.roots) or r"\varnothing"
        return (rf"\left\{{ {v} \in {tex(claim.domain)} : {tex(claim.expr)} = 0 \right\}}", "=",
                rf"\left\{{ {roots} \right\}}")
    assert isinstance(claim, Supremum)
    return (rf"\sup_{{{v} \in {tex(claim.domain)}}} \left[{tex(claim.function)}\right]", "=",
            tex(claim.value))


def claim_latex(claim: Claim, *, paper: bool = False) -> str:
    r"""The claim in LaTeX math; ``paper=True`` writes p, q, y as p_data, p_g, D.

    >>> from symbolic_gan.objective import P, Q
    >>> print(claim_latex(Equation(P + Q, Q + P), paper=True))
    p_{\mathrm{data}} + p_g = p_{\mathrm{data}} + p_g
    """
    return " ".join(_claim_parts(claim, paper))


# ---------------------------------------------------------------- LaTeX escaping

_MATH_CHARS = {
    "−": "-", "·": r"\cdot", "‖": r"\|", "≥": r"\geq", "≤": r"\leq", "½": r"\tfrac{1}{2}",
    "→": r"\to", "↦": r"\mapsto", "∫": r"\int", "≡": r"\equiv", "∞": r"\infty", "≪": r"\ll",
    "∈": r"\in", "≠": r"\neq", "×": r"\times", "±": r"\pm", "≈": r"\approx", "∂": r"\partial",
    "∑": r"\sum", "²": "^{2}", "³": "^{3}", "⁺": "^{+}", "⁻": "^{-}", "∗": "*", "…": r"\ldots",
    "ε": r"\varepsilon", "φ": r"\varphi", "ϕ": r"\phi", "λ": r"\lambda", "ς": r"\varsigma",
    "§": r"\S", "—": "-", "–": "-", "ο": "o", "∅": r"\varnothing", "√": r"\surd",
    "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow",
}
_TEXT_CHARS = {"—": "---", "–": "--", "‘": "`", "’": "'", "“": "``", "”": "''",
               "\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
               "<": r"\ensuremath{<}", ">": r"\ensuremath{>}", "|": r"\ensuremath{|}",
               **{c: "\\" + c for c in "%$&#_{}"}}
_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMDA", "XI", "PI", "SIGMA", "UPSILON", "PHI",
                   "PSI", "OMEGA"}


def _math_char(ch: str) -> str | None:
    """LaTeX math for one non-ASCII character, or None if there is none."""
    if ch in _MATH_CHARS:
        return _MATH_CHARS[ch]
    name = unicodedata.name(ch, "")
    if name.startswith("GREEK SMALL LETTER ") and len(name.split()) == 4:
        return "\\" + name.split()[-1].lower().replace("lamda", "lambda")
    if name.startswith("GREEK CAPITAL LETTER ") and len(name.split()) == 4:
        letter = name.split()[-1]
        if letter in _GREEK_CAPITALS:
            return "\\" + letter.capitalize().replace("Lamda", "Lambda")
        return unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or None
    return None


def _latex_unicode(math_text: str) -> str:
    """Replace non-ASCII characters in LaTeX math by commands."""
    out = []
    for ch in math_text:
        if ch.isascii():
            out.append(ch)
        else:
            cmd = _math_char(ch)
            out.append(f"{{{cmd}}}" if cmd else rf"\text{{[U+{ord(ch):04X}]}}")
    return "".join(out)


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
            cmd = _math_char(ch)
            out.append(rf"\ensuremath{{{cmd}}}" if cmd else rf"{{\ttfamily [U+{ord(ch):04X}]}}")
    return "".join(out)


def _math_text(text: str) -> str:
    r"""Plain text for use inside math (MathJax and LaTeX): ``\text{…}`` runs, math between."""
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
            out.append(_math_char(ch) or rf"\text{{[U+{ord(ch):04X}]}}")
            out.append(" ")
    if run:
        out.append(rf"\text{{{''.join(run)}}}")
    return "".join(out)
