"""The values D takes in a document: the natural domain of its objective.

An objective with ``log D`` and ``log(1 − D)`` lives on (0, 1): D is a probability. LSGAN, WGAN
and the hinge loss are defined for every real D (a real-valued critic); ``p·log D − q·D`` on
(0, ∞). The domain is one of these three only when the objective is defined on all of it and
certainly undefined just beyond each finite end; otherwise it is not known (``None``) and no
optimum over D is claimed.

>>> from symbolic_gan.objective import P, Q, Y
>>> natural_domain(-(Y - 1) ** 2), natural_domain(P * sp.log(Y) - Q * Y)
(Reals, Interval.open(0, oo))
>>> natural_domain(P * sp.log(Y) + Q * sp.log(1 - Y))
Interval.open(0, 1)
>>> natural_domain(P * sp.log(Y**2)) is None  # defined for y < 0 too: not (0, ∞)
True
"""

from __future__ import annotations

import functools

import sympy as sp

from symbolic_gan.objective import Y

__all__ = ["HALF_LINE", "UNIT", "natural_domain", "premises_for"]

UNIT = sp.Interval.open(0, 1)
HALF_LINE = sp.Interval.open(0, sp.oo)
_T = sp.Dummy("t", positive=True)
# each candidate: the interval, a map of t > 0 onto it, and maps of t > 0 just beyond its ends
_DOMAINS = (
    (sp.Reals, (sp.Dummy("y", real=True),), ()),
    (HALF_LINE, (_T,), (-_T,)),
    (UNIT, (_T / (1 + _T),), (-_T, 1 + _T)),
)


@functools.lru_cache(maxsize=64)  # asked for every row and every D* of a document
def natural_domain(phi: sp.Expr) -> sp.Interval | None:
    """The widest of ℝ, (0, ∞) and (0, 1) on which φ is defined for positive densities (every
    log argument and fractional or negative power base shown positive) and beyond whose ends it
    is certainly undefined; None when there is no such interval."""
    for domain, inside, beyond in _DOMAINS:
        if all(_defined(node) for at in inside
               for node in sp.preorder_traversal(phi.xreplace({Y: at}))):
            if all(any(_undefined(node) for node in sp.preorder_traversal(phi.xreplace({Y: b})))
                   for b in beyond):
                return domain
            return None
    return None


def premises_for(domain: sp.Interval | None, declared: tuple[str, ...]) -> tuple[str, ...]:
    """The declared premises with ``domain`` (D ∈ (0, 1)) replaced by the objective's own."""
    if domain == UNIT or "domain" not in declared:
        return declared
    rest = tuple(p for p in declared if p != "domain")
    return (*rest, "domain-half-line") if domain == HALF_LINE else rest


def _defined(node: sp.Basic) -> bool:
    if isinstance(node, sp.log):
        return node.args[0].is_positive is True
    if isinstance(node, sp.Pow) and not (node.exp.is_integer and node.exp.is_nonnegative):
        return node.base.is_positive is True  # a fractional or negative power
    return not (isinstance(node, sp.Function)
                and not isinstance(node, sp.exp | sp.Abs | sp.Max | sp.Min))


def _undefined(node: sp.Basic) -> bool:
    if isinstance(node, sp.log):
        return node.args[0].is_nonpositive is True
    if isinstance(node, sp.Pow) and not node.exp.is_integer:
        return node.base.is_negative is True  # a fractional power of a negative number
    return False
