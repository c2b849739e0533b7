"""Reports of a checked derivation: text, Markdown, LaTeX and JSON, all pure functions.

Every format shows, for each step, its name, rule, cited premises, claim, symbolic verdict and
numeric verdict, and ends with the same summary line. Only ``PROVED`` carries a check mark; a
step that is ``UNKNOWN`` is never shown as proved. Reports read the data; the data never
imports them: claims and verdicts print themselves (``claim.text()``, ``claim.latex()``,
``verdict.text()``, ``str(checked)``), and :func:`expr_text` prints any SymPy expression for
people (``p = q``, ``u·(u + 1)``, ``x²``, ``lim_{p→0⁺}``), never in Python syntax.

>>> from symbolic_gan.api import prove
>>> checked = prove("lsgan-optimal-discriminator", numeric=False)
>>> print(to_text(checked).splitlines()[-1])  # doctest: +ELLIPSIS
Summary: 5/5 steps proved — PROVED (...)
>>> to_dict(checked)["steps"][1]["claim"]["kind"]
'roots'
>>> sorted(FORMATS)
['json', 'latex', 'markdown', 'text']
>>> import sympy as sp
>>> expr_text(sp.Eq(sp.Symbol("p"), sp.Symbol("q")))
'p = q'
"""

from __future__ import annotations

from collections.abc import Callable

from symbolic_gan.errors import InvalidArgument
from symbolic_gan.printing import expr_latex, expr_text, tidy_text
from symbolic_gan.report._data import summary_line, to_dict, to_json
from symbolic_gan.report._latex import latex_fragment, to_latex
from symbolic_gan.report._math import PAPER_NOTATION, claim_latex, latex_text, math_text
from symbolic_gan.report._text import to_markdown, to_text
from symbolic_gan.verdict import CheckedDerivation

__all__ = [
    "FORMATS",
    "PAPER_NOTATION",
    "claim_latex",
    "expr_latex",
    "expr_text",
    "latex_fragment",
    "latex_text",
    "math_text",
    "render",
    "summary_line",
    "tidy_text",
    "to_dict",
    "to_json",
    "to_latex",
    "to_markdown",
    "to_text",
]

#: Format name -> renderer, as offered by ``symbolic-gan prove --format``.
FORMATS: dict[str, Callable[[CheckedDerivation], str]] = {
    "text": to_text, "markdown": to_markdown, "latex": to_latex, "json": to_json}


def render(checked: CheckedDerivation, fmt: str = "text") -> str:
    """The report in format ``fmt`` (a key of :data:`FORMATS`), ending with a newline."""
    if fmt not in FORMATS:
        raise InvalidArgument.for_value("fmt", fmt, f"must be one of {sorted(FORMATS)}")
    out = FORMATS[fmt](checked)
    return out if out.endswith("\n") else out + "\n"
