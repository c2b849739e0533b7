"""Case splits on the sign of a switch: ``|e|``, ``max``, ``min``, ``sign`` and ``Heaviside``.

A pointwise claim about ``|p − q|`` is a claim about ``p − q`` on each side of ``p = q``. This
module finds one *switch* ``e`` — the argument of ``Abs``, ``sign`` or ``Heaviside``, or the
difference of the two arguments of ``Max``/``Min`` — that is linear in the positive variables in
one of two shapes, and covers every admissible value by three substitutions:

* two positive variables, ``e = c·(p − r·q)`` with ``r > 0``: ``p = q·(r + t)`` (``e0 > 0``),
  ``p = r·q/(1 + t)`` (``e0 < 0``) and ``p = r·q`` (``e0 = 0``), for a new ``t > 0``;
* one positive variable, ``e = c·(v − r)`` with ``r > 0``: ``v = r + t``, ``v = r/(1 + t)``
  and ``v = r``.

Each case maps the positive variables onto positive values and together they cover the whole
range, so a claim proved in all three cases is proved. Every kink whose switch is ``e0`` times
a factor of known sign is replaced by its branch on that side; other kinks are left for a further
split. The caller runs its own tests on each case.

>>> from symbolic_gan.objective import P, Q
>>> [(name, str(e)) for name, (e,) in split_cases((sp.Abs(P - Q),), (P, Q))]
... # doctest: +NORMALIZE_WHITESPACE
[('p > q', 'q*(_t + 1) - q'), ('p < q', 'q - q/(_t + 1)'), ('p = q', '0')]
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

__all__ = ["KINKS", "has_kinks", "split_cases"]

#: The functions a case split resolves.
KINKS = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside)


def has_kinks(expr: sp.Basic) -> bool:
    """Whether ``expr`` holds a function that :func:`split_cases` may resolve."""
    return isinstance(expr, sp.Basic) and expr.has(*KINKS)


def _switch(node: sp.Basic) -> sp.Expr | None:
    if isinstance(node, sp.Abs | sp.sign | sp.Heaviside):
        return node.args[0]
    if isinstance(node, sp.Max | sp.Min) and len(node.args) == 2:
        return node.args[0] - node.args[1]
    return None


def _zero_set(
    switch: sp.Expr, positive: Sequence[sp.Symbol]
) -> tuple[sp.Expr, sp.Symbol, sp.Expr, sp.Symbol | None] | None:
    """``(e0, v, r, w)`` with ``switch`` a multiple of ``e0 = v − r·w`` by a factor of known sign
    (``w`` another positive variable, or None for ``e0 = v − r``), ``r > 0``; or None."""
    e = sp.factor(switch)
    e = sp.expand(sp.Mul(*[f for f in sp.Mul.make_args(e) if not f.is_positive]))
    free = sorted(e.free_symbols, key=lambda s: s.name)
    if not free or any(s not in positive for s in free) or len(free) > 2:
        return None
    v = free[0]
    c1 = e.coeff(v)
    if not c1.is_number or c1 == 0:
        return None
    if len(free) == 2:
        w = free[1]
        c2 = e.coeff(w)
        if not c2.is_number or sp.expand(e - c1 * v - c2 * w) != 0:
            return None
        r = -c2 / c1
        return (v - r * w, v, r, w) if r.is_positive else None
    c0 = sp.expand(e - c1 * v)
    if not c0.is_number:
        return None
    r = -c0 / c1
    return (v - r, v, r, None) if r.is_positive else None


def _resolve(node: sp.Basic, side: int) -> sp.Expr | None:
    """``node`` on the side where its switch has the sign ``side`` (-1, 0, 1); None to leave
    it to SymPy after the substitution (Heaviside at 0, whose value is a convention)."""
    a = node.args
    if isinstance(node, sp.Abs):
        return side * a[0]
    if isinstance(node, sp.sign):
        return sp.Integer(side)
    if isinstance(node, sp.Heaviside):
        return None if side == 0 else sp.Integer(1 if side > 0 else 0)
    if isinstance(node, sp.Max):
        return a[0] if side >= 0 else a[1]
    return a[1] if side > 0 else a[0]  # Min


def split_cases(
    exprs: Sequence[sp.Expr], positive: Sequence[sp.Symbol]
) -> tuple[tuple[str, tuple[sp.Expr, ...]], ...] | None:
    """The three cases of the first switch in ``exprs`` that can be split, each as
    ``(description, exprs rewritten for that case)``; None when there is none. Kinks whose
    switch has one sign everywhere (once factored) are resolved first, as a single case.

    ``positive`` lists the variables known to be positive (the densities under the positivity
    premise, positive symbols): only switches in them are split.
    """
    kinks = [node for e in exprs for node in sp.preorder_traversal(e)
             if isinstance(node, KINKS)]
    definite = {}
    for node in kinks:  # a switch of one sign everywhere: a single case
        switch = _switch(node)
        if switch is None:
            continue
        factored = sp.factor(switch)
        side = 1 if factored.is_positive else -1 if factored.is_negative else None
        branch = None if side is None else _resolve(node, side)
        if branch is not None:
            definite[node] = branch
    if definite:
        return (("switch of one sign", tuple(e.xreplace(definite) for e in exprs)),)
    for node in kinks:
        switch = _switch(node)
        found = None if switch is None else _zero_set(switch, positive)
        if found is None:
            continue
        e0, v, r, w = found
        t = sp.Dummy("t", positive=True)
        base = sp.S.One if w is None else w
        sides = ((1, ">", base * (r + t)), (-1, "<", base * r / (1 + t)), (0, "=", base * r))
        cases = []
        for side, relation, value in sides:
            resolved = {}
            for k in kinks:
                s = _switch(k)
                ratio = None if s is None else sp.cancel(sp.expand(s) / e0)
                if ratio is None or not (ratio.is_positive or ratio.is_negative):
                    continue
                branch = _resolve(k, side * (1 if ratio.is_positive else -1))
                if branch is not None:
                    resolved[k] = branch
            rewritten = tuple(
                e.xreplace(resolved).xreplace({v: value}) for e in exprs)
            rhs = sp.sstr(r * (1 if w is None else w))
            cases.append((f"{v} {relation} {rhs}", rewritten))
        return tuple(cases)
    return None
