"""Reading the display math of a LaTeX or Markdown document, safely.

:func:`read_row` parses one row into a syntax tree (:mod:`symbolic_gan.latex.nodes`) through the
grammar in ``grammar.lark``; :func:`resolve` pairs ``\\int`` with its ``dx`` and gives each
``\\max_D`` its argument. Nothing here evaluates text: no ``eval``, no ``sympify``.

>>> from symbolic_gan.latex import read_row
>>> len(read_row(r"a = b = c").chains[0][1])
2
"""

from symbolic_gan.latex.reader import LatexError, read_row
from symbolic_gan.latex.scope import resolve

__all__ = ["LatexError", "read_row", "resolve"]
