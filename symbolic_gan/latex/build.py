"""From the grammar's parse tree to :mod:`symbolic_gan.latex.nodes` (no evaluation, no recursion).

>>> from symbolic_gan.latex.reader import read_row
>>> read_row("a + b").chains[0][0]
Sum(terms=((1, Name(base='a', sub=None, star=False)), (1, Name(base='b', sub=None, star=False))))
"""

from __future__ import annotations

import dataclasses
from typing import Any

from lark import Token, Tree
from lark.visitors import Transformer_NonRecursive

from symbolic_gan.latex import nodes as n

__all__ = ["RELATIONS", "build_row"]

#: The relation symbols of the grammar, in the package's spelling.
RELATIONS = {
    "=": "=", ":=": ":=", r"\coloneqq": ":=", r"\triangleq": ":=", r"\geqslant": ">=",
    r"\geq": ">=", r"\ge": ">=", r"\leqslant": "<=", r"\leq": "<=", r"\le": "<=", "<": "<",
    ">": ">",
}
_STAR = object()


def _flat(items: list[Any]) -> tuple[n.Node, ...]:
    out: list[n.Node] = []
    for item in items:
        if isinstance(item, Token):
            continue
        if isinstance(item, n.Prod):
            out.extend(item.factors)
        else:
            out.append(item)
    return tuple(out)


def _terms(node: Any, sign: int) -> tuple[tuple[int, n.Node], ...]:
    if isinstance(node, n.Sum):
        return tuple((sign * s, t) for s, t in node.terms)
    return ((sign, node),)


class _Build(Transformer_NonRecursive):
    """One method per rule alias of ``grammar.lark``."""

    def row(self, items: list[Any]) -> n.Row:
        chains = tuple(i for i in items if not isinstance(i, Token))
        arrows = tuple(str(i) for i in items if isinstance(i, Token))
        return n.Row(chains, arrows)

    def _relations(self, items: list[Any]) -> tuple[n.Relation, ...]:
        return tuple(n.Relation(RELATIONS[str(items[i])], items[i + 1])
                     for i in range(0, len(items), 2))

    def chain(self, items: list[Any]) -> tuple[Any, tuple[n.Relation, ...]]:
        return items[0], self._relations(items[1:])

    def continuation(self, items: list[Any]) -> tuple[Any, tuple[n.Relation, ...]]:
        return None, self._relations(items)

    def add(self, items: list[Any]) -> n.Sum:
        return n.Sum(_terms(items[0], 1) + _terms(items[2], 1))

    def sub(self, items: list[Any]) -> n.Sum:
        return n.Sum(_terms(items[0], 1) + _terms(items[2], -1))

    def neg(self, items: list[Any]) -> n.Sum:
        return n.Sum(_terms(items[1], -1))

    def signed(self, items: list[Any]) -> Any:
        return items[-1]

    def mul(self, items: list[Any]) -> n.Prod:
        return n.Prod(_flat(items))

    def div(self, items: list[Any]) -> n.Prod:
        return n.Prod((*_flat([items[0]]), n.Inverse(items[2])))

    def subscript(self, items: list[Any]) -> n.Node:
        base, script = items
        if isinstance(base, n.Name) and base.sub is None:
            return n.Name(base.base, script, base.star)
        return n.Pow(base, n.Name("__subscript__", script))  # rejected by the meaning layer

    def superscript(self, items: list[Any]) -> n.Node:
        base, script = items
        if script is _STAR and isinstance(base, n.Name):
            return n.Name(base.base, base.sub, True)
        if script is _STAR:
            return n.Pow(base, n.Name("__star__"))
        return n.Pow(base, script)

    def call(self, items: list[Any]) -> n.Node:
        head, args = items
        if isinstance(head, n.IntegralSign | n.Operator | n.Differential):
            return n.Prod((head, n.Group(args[0]) if len(args) == 1 else n.Group(n.Num("?"))))
        return n.Call(head, args)

    def args(self, items: list[Any]) -> tuple[n.Node, ...]:
        return tuple(i for i in items if not isinstance(i, Token))

    def script(self, items: list[Any]) -> n.Node:
        (item,) = items
        if isinstance(item, Token):
            return n.Num(str(item)) if item.type == "NUMBER" else n.Name(str(item))
        return item

    def star(self, items: list[Any]) -> object:
        return _STAR

    def range(self, items: list[Any]) -> n.Node:
        return n.Sim(items[0], items[2])  # i = 1 in \sum_{i=1}: the variable and its start

    def empty(self, items: list[Any]) -> None:
        return None

    def sim(self, items: list[Any]) -> n.Sim:
        return n.Sim(items[0], items[2])

    def number(self, items: list[Any]) -> n.Num:
        return n.Num(str(items[0]))

    def name(self, items: list[Any]) -> n.Name:
        return n.Name(str(items[0]).lstrip("\\"))

    def const(self, items: list[Any]) -> n.Const:
        return n.Const(str(items[0]).lstrip("\\"))

    def group(self, items: list[Any]) -> n.Group:
        return n.Group(items[0])

    def frac(self, items: list[Any]) -> n.Prod:
        top, bottom = (i for i in items if not isinstance(i, Token))
        return n.Prod((n.Group(top), n.Inverse(n.Group(bottom))))

    def sqrt(self, items: list[Any]) -> n.Func:
        return n.Func("sqrt", n.Group(items[-1]))

    def abs(self, items: list[Any]) -> n.Func:
        (inner,) = (i for i in items if not isinstance(i, Token))
        return n.Func("abs", n.Group(inner))

    def func_paren(self, items: list[Any]) -> n.Func:
        return n.Func(str(items[0]).lstrip("\\"), n.Group(items[1]))

    def func_bare(self, items: list[Any]) -> n.Func:
        return n.Func(str(items[0]).lstrip("\\"), items[1])

    def expect(self, items: list[Any]) -> n.Expect:
        rest = items[1:]
        sub = rest[0] if len(rest) == 2 else None
        return n.Expect(sub, rest[-1])

    def expect_paren(self, items: list[Any]) -> n.Expect:
        return dataclasses.replace(self.expect(items), paren=True)

    def escript(self, items: list[Any]) -> n.Node:
        return items[0]

    oscript = escript

    def divergence(self, items: list[Any]) -> n.Divergence:
        kind = str(items[0])
        return n.Divergence("JSD" if kind == "JS" else kind, items[1], items[3])

    def opt(self, items: list[Any]) -> n.Operator:
        kind = str(items[0]).replace("\\", "").replace(" ", "")
        return n.Operator(kind, items[1] if len(items) > 1 else None)

    def lower(self, items: list[Any]) -> tuple[str, n.Node]:
        return "lower", items[0]

    def upper(self, items: list[Any]) -> tuple[str, n.Node]:
        return "upper", items[0]

    def iscripts(self, items: list[Any]) -> dict[str, n.Node]:
        return dict(items)

    def integral_sign(self, items: list[Any]) -> n.IntegralSign:
        scripts = items[1]
        return n.IntegralSign(scripts.get("lower"), scripts.get("upper"))

    def differential(self, items: list[Any]) -> n.Differential:
        return n.Differential(str(items[0])[1])

    def sum_sign(self, items: list[Any]) -> n.Operator:
        scripts = items[1]
        return n.Operator("sum", scripts.get("lower"), scripts.get("upper"))

    def derivative_op(self, items: list[Any]) -> n.Operator:
        return n.Operator("d", items[-1])

    def partial(self, items: list[Any]) -> n.Partial:
        return n.Partial(items[2], items[-1])


def build_row(tree: Tree, row: str) -> n.Row:
    """The :class:`~symbolic_gan.latex.nodes.Row` of a parse tree of ``row``."""
    result = _Build().transform(tree)
    assert isinstance(result, n.Row)
    return result
