"""Check a derivation a person wrote: LaTeX or Markdown in, a verdict for every line out.

>>> from symbolic_gan.textcheck import check_text
>>> check_text(r"$$ \\mathbb{E}_{x \\sim p}[1] = 1 $$").lines[0].premises_needed
('normalisation',)
"""

from symbolic_gan.textcheck.lines import DEFAULT_PREMISES, check_text
from symbolic_gan.textcheck.result import LineCheck, RelationCheck, TextCheck, Verdict

__all__ = ["DEFAULT_PREMISES", "LineCheck", "RelationCheck", "TextCheck", "Verdict", "check_text"]
