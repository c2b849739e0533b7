"""Pair each ``\\int`` with its ``dx`` and give each operator (``\\max_D``, ``\\sum``, ``∂/∂D``)
its argument: everything to its right within the enclosing group.

A ``dx`` that closes no integral (the seed's ``∫ (p log D dx + …) dx``) is dropped and reported;
so is an ``\\int`` without a ``dx``.

>>> from symbolic_gan.latex.reader import read_row
>>> node, issues = resolve(read_row(r"\\int (p \\log D dx + q) dx").chains[0][0])
>>> type(node).__name__, issues
('Integral', ('stray dx inside the integrand',))
"""

from __future__ import annotations

import dataclasses
from typing import Any

from symbolic_gan.latex import nodes as n

__all__ = ["resolve"]


def resolve(node: n.Node) -> tuple[n.Node, tuple[str, ...]]:
    """The node with markers resolved, and the structural issues found (text)."""
    issues: list[str] = []
    return _node(node, issues), tuple(dict.fromkeys(issues))


def _node(node: n.Node, issues: list[str]) -> n.Node:
    if isinstance(node, n.Sum):
        return _sum(list(node.terms), issues)
    if isinstance(node, n.Prod):
        return _sum([(1, node)], issues)
    if isinstance(node, n.Pow):
        factors = _marker_power(node)
        if len(factors) > 1:
            return _sum([(1, n.Prod(tuple(factors)))], issues)
    if isinstance(node, n.Differential):
        issues.append(f"stray d{node.var} inside the integrand")
        return n.Num("1")
    if isinstance(node, n.IntegralSign):
        issues.append("an integral sign without an integrand")
        return n.Num("0")
    if isinstance(node, n.Operator):
        issues.append(f"an operator {node.kind} without an argument")
        return n.Num("0")
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(node):
        value = getattr(node, field.name)
        if isinstance(value, tuple) and value and not isinstance(value[0], tuple):
            changes[field.name] = tuple(_node(v, issues) for v in value)
        elif field.name not in ("sub", "star", "kind", "var", "text", "name") and \
                isinstance(value, n.Node):
            changes[field.name] = _node(value, issues)
    return dataclasses.replace(node, **changes) if changes else node


def _factors(term: n.Node) -> list[Any]:
    out: list[Any] = []
    for f in (term.factors if isinstance(term, n.Prod) else (term,)):
        out.extend(_marker_power(f))
    return out


def _marker_power(f: n.Node) -> list[Any]:
    """The factors of ``f`` when a marker hides inside it, else ``[f]``. The grammar reads
    ``\\int \\frac12 (p - q)^2 dx`` as ``(\\int \\frac12 (p - q))^2 dx`` and ``\\int (p)^2 (q)^2``
    as a call of ``(\\int (p))^2`` on ``(q)``: a power belongs to the factor it is written on
    (the last), and the integrand runs on, as ``[\\int, ½, (p - q)^2]``. And ``… / q\\,dx``
    divides by ``q dx``: the ``dx`` closes the integral, as ``[1/q, dx]``."""
    if isinstance(f, n.Inverse) and isinstance(f.arg, n.Prod) and len(f.arg.factors) > 1 \
            and isinstance(f.arg.factors[-1], n.Differential) \
            and not any(_is_marker(g) for g in f.arg.factors):  # (not ∫ p dx / ∫ q dx)
        return [n.Inverse(_product(list(f.arg.factors[:-1]))), f.arg.factors[-1]]
    if isinstance(f, n.Prod):
        inner = [g for h in f.factors for g in _marker_power(h)]
        return inner if any(_is_marker(g) for g in inner) else [f]
    if isinstance(f, n.Pow):
        inner = _marker_power(f.base) if isinstance(f.base, n.Prod | n.Call | n.Pow) else [f]
        if len(inner) > 1 and not _is_marker(inner[-1]):
            return [*inner[:-1], n.Pow(inner[-1], f.exp)]
        return [f]
    if isinstance(f, n.Call) and not isinstance(f.head, n.Name) and len(f.args) == 1:
        inner = _marker_power(f.head)
        if len(inner) > 1:
            return [*inner, n.Group(f.args[0])]
    return [f]


def _operator(marker: n.Operator, body: n.Node, ambiguous: bool = False) -> n.Node:
    """The operator ``marker`` applied to ``body``: ∂/∂var, or an optimum (a sum of samples)."""
    if marker.kind == "d":
        assert marker.var is not None  # the grammar's ∂/∂var always has its variable
        return n.Derivative(marker.var, body, ambiguous)
    return n.Optimum(marker.kind, marker.var, body, marker.upper, ambiguous)


def _product(factors: list[Any]) -> n.Node:
    return factors[0] if len(factors) == 1 else n.Prod(tuple(factors))


def _is_marker(f: n.Node) -> bool:
    return isinstance(f, n.IntegralSign | n.Operator)


def _sum(terms: list[tuple[int, Any]], issues: list[str]) -> n.Node:
    out: list[tuple[int, n.Node]] = []
    i = 0
    while i < len(terms):
        sign, term = terms[i]
        factors = _factors(term)
        k = next((j for j, f in enumerate(factors) if _is_marker(f)), None)
        if k is None:
            out.append((sign, _plain(factors, issues)))
            i += 1
            continue
        marker, prefix, rest = factors[k], factors[:k], factors[k + 1:]
        if isinstance(marker, n.IntegralSign):
            close = next((j for j, f in enumerate(rest) if isinstance(f, n.Differential)), None)
            if close is not None:
                inner = _node(_product(rest[:close]) if close else n.Num("1"), issues)
                integral = n.Integral(inner, rest[close].var, marker.lower, marker.upper)
                terms[i] = (sign, n.Prod((*prefix, integral, *rest[close + 1:])))
                continue
            # the integrand runs over the following terms, up to the term that ends with dx
            end = next((m for m in range(i + 1, len(terms))
                        if isinstance(_factors(terms[m][1])[-1], n.Differential)), None)
            if end is None:
                issues.append("an integral without dx")
                body_terms: list[tuple[int, Any]] = [(1, _product(rest or [n.Num("1")])),
                                                      *terms[i + 1:]]
                end, var = len(terms) - 1, "x"
            else:
                last = _factors(terms[end][1])
                body_terms = [(1, _product(rest or [n.Num("1")])), *terms[i + 1:end],
                              (terms[end][0], _product(last[:-1] or [n.Num("1")]))]
                var = last[-1].var
            integrand = _sum(body_terms, issues)
            integral = n.Integral(integrand, var, marker.lower, marker.upper)
            terms[i:end + 1] = [(sign, _product([*prefix, integral]))]
            continue
        # an operator takes everything to its right, up to a term that starts with another
        # operator (\max_D A + \max_D B is two maxima)
        stop = next((m for m in range(i + 1, len(terms))
                     if isinstance(_factors(terms[m][1])[0], n.Operator)), len(terms))
        following = terms[i + 1:stop]
        if rest and isinstance(rest[0], n.Group) and (len(rest) > 1 or following):
            # a bracketed operand ends at its bracket: \frac{\partial}{\partial D}[φ] · D and
            # \max_D [V] - V act on φ and V only; what follows multiplies or is added
            bracketed = _operator(marker, _node(rest[0], issues))
            terms[i] = (sign, n.Prod((*prefix, bracketed, *rest[1:])))
            continue
        # \max_D V(G, D) - B or ∂/∂D p log D + B: the operand may end before B or run to the
        # end; \max_D E[…] + E[…] (Goodfellow's) and \min_G KL[…] + KL[…] run to the end by
        # convention
        ambiguous = bool(following) and bool(rest) and not (
            marker.kind != "d" and (isinstance(rest[0], n.Expect | n.Divergence) or
                                    _is_marker(rest[0])))
        if not rest and not following:
            issues.append(f"an operator {marker.kind} without an argument")
            body: n.Node = n.Num("0")
        else:
            body = _sum([(1, _product(rest)), *following] if rest else following, issues)
        op = _operator(marker, body, ambiguous)
        out.append((sign, _plain([*prefix, op], issues) if prefix else op))
        i = stop
    if len(out) == 1 and out[0][0] == 1:
        return out[0][1]
    return n.Sum(tuple(out))


def _plain(factors: list[Any], issues: list[str]) -> n.Node:
    return _product([_node(f, issues) for f in factors])
