"""The syntax tree of one row of display math, before any meaning is given to it.

The reader (:mod:`symbolic_gan.latex.reader`) builds these frozen dataclasses from the grammar's
parse tree; :mod:`symbolic_gan.textcheck` gives them meaning (densities, discriminator, integrals).
Markers (:class:`IntegralSign`, :class:`Differential`, :class:`Operator`) stand where the author put
them; :func:`symbolic_gan.latex.scope.resolve` turns them into :class:`Integral` and
:class:`Optimum` nodes, so that a stray ``dx`` or a dropped ``\\max_D`` can be reported.

>>> Name("P", sub=Name("data")).key()
'P_data'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Call",
    "Const",
    "Derivative",
    "Differential",
    "Divergence",
    "Expect",
    "Func",
    "Group",
    "Integral",
    "IntegralSign",
    "Inverse",
    "Name",
    "Neg",
    "Node",
    "Num",
    "Operator",
    "Optimum",
    "Partial",
    "Pow",
    "Prod",
    "Relation",
    "Row",
    "Sim",
    "Sum",
]


@dataclass(frozen=True)
class Num:
    """A decimal literal, kept as text (at most a few dozen digits)."""

    text: str


@dataclass(frozen=True)
class Name:
    """A letter or word with an optional subscript and a star (``D^*``)."""

    base: str
    sub: Node | None = None
    star: bool = False

    def key(self) -> str:
        """The name as ``base_sub`` with a ``^*`` for a star, e.g. ``p_data`` or ``D^*_G``."""
        text = self.base + ("^*" if self.star else "")
        if self.sub is not None:
            text += "_" + node_key(self.sub)
        return text


@dataclass(frozen=True)
class Const:
    """``\\infty`` or ``\\pi``."""

    name: str


@dataclass(frozen=True)
class Sum:
    """Signed terms: ``((+1, a), (-1, b))`` is ``a - b``."""

    terms: tuple[tuple[int, Node], ...]


@dataclass(frozen=True)
class Prod:
    """Factors in reading order (juxtaposition, ``\\cdot``, ``*``); ``/`` gives an
    :class:`Inverse`."""

    factors: tuple[Node, ...]


@dataclass(frozen=True)
class Inverse:
    """``1/a`` from ``… / a``."""

    arg: Node


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Pow:
    base: Node
    exp: Node


@dataclass(frozen=True)
class Group:
    """Parentheses, brackets or braces: markers never cross a group's boundary."""

    inner: Node


@dataclass(frozen=True)
class Call:
    """``f(a, b)``: a function applied to arguments (``D(x)``, ``V(D, G)``, ``G(z)``)."""

    head: Node
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Func:
    """``\\log``, ``\\ln``, ``\\exp``, ``\\sqrt`` or ``abs`` (``|x|``) of one argument."""

    name: str
    arg: Node


@dataclass(frozen=True)
class Sim:
    """``x \\sim p`` in a subscript."""

    var: Node
    dist: Node


@dataclass(frozen=True)
class Expect:
    """``\\mathbb{E}_{x \\sim p}[f]``; ``sub`` is a :class:`Sim`, a density, or None;
    ``paren`` when written with parentheses, ``E(f)``."""

    sub: Node | None
    body: Node
    paren: bool = False


@dataclass(frozen=True)
class Divergence:
    """``KL(a \\| b)`` or ``JSD(a \\| b)``."""

    kind: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Partial:
    """``\\frac{\\partial f}{\\partial v}``."""

    body: Node
    var: Node


@dataclass(frozen=True)
class IntegralSign:
    """The marker ``\\int`` (with optional limits), before the reader pairs it with its ``dx``."""

    lower: Node | None = None
    upper: Node | None = None


@dataclass(frozen=True)
class Differential:
    """The marker ``dx``; ``var`` is the letter after ``d``."""

    var: str


@dataclass(frozen=True)
class Operator:
    """The marker ``\\max_D``, ``\\min_G``, ``\\sup``, ``\\arg\\max_θ``, ``\\sum_{i=1}^N`` or
    ``\\frac{\\partial}{\\partial D}`` (kind ``"d"``): it acts on everything to its right."""

    kind: str
    var: Node | None = None
    upper: Node | None = None


@dataclass(frozen=True)
class Integral:
    """``∫ body d var`` after pairing."""

    body: Node
    var: str
    lower: Node | None = None
    upper: Node | None = None


@dataclass(frozen=True)
class Optimum:
    """``kind_{var} body`` after resolution, kind one of max, min, sup, inf, argmax, argmin."""

    kind: str
    var: Node | None
    body: Node
    upper: Node | None = None
    """The upper limit of a ``\\sum``."""
    ambiguous: bool = False
    """``\\max_D V(G, D) - B``: the operand may end after ``V(G, D)`` or run to the end."""


@dataclass(frozen=True)
class Derivative:
    """``∂/∂var body`` after resolution."""

    var: Node
    body: Node
    ambiguous: bool = False
    """As for :class:`Optimum`."""


Node = (
    Num | Name | Const | Sum | Prod | Inverse | Neg | Pow | Group | Call | Func | Sim | Expect
    | Divergence | Partial | IntegralSign | Differential | Operator | Integral | Optimum
    | Derivative
)


@dataclass(frozen=True)
class Relation:
    """One relation of a chain: ``symbol`` is ``=``, ``>=``, ``<=``, ``<``, ``>`` or ``:=``."""

    symbol: str
    rhs: Node


@dataclass(frozen=True)
class Row:
    """One row: chains separated by ``\\Rightarrow``/``\\iff``.

    Each chain is ``(first, relations)``; ``first`` is None when the row starts with a relation
    (it continues the previous row's chain).
    """

    chains: tuple[tuple[Node | None, tuple[Relation, ...]], ...]
    implications: tuple[str, ...] = ()


def node_key(node: Node) -> str:
    """A short text key for a name-like node (``data`` for ``\\text{data}``, ``g`` for ``g``)."""
    if isinstance(node, Name):
        return node.key()
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Group):
        return node_key(node.inner)
    if isinstance(node, Prod):
        return "".join(node_key(f) for f in node.factors)
    return "?"
