"""Whether a derivation's conclusion follows from its checked steps.

A conclusion claim follows when it *is* a step's claim, or when a chain of step claims links its
two sides: ``a = b``, ``b = c``, ``c ≥ d`` give ``a ≥ d`` (and ``a = c``). An equality condition
carries through a chain whose only inequality states it. The conclusion then rests on the chain's
steps and every step they ``use``, transitively; each must be proved, must exist, and may use only
earlier steps. Anything missing is a named gap, and the conclusion is not proved.

>>> import dataclasses
>>> from symbolic_gan.checker import check
>>> from symbolic_gan.theorems import get_theorem
>>> d = get_theorem("gan-global-optimum").derive()
>>> shorter = dataclasses.replace(d, steps=tuple(s for s in d.steps if s.name != "normalisation"))
>>> check(shorter).gaps()
("step 'divergence form' uses 'normalisation', which is not in the derivation",)
"""

from __future__ import annotations

from collections import deque

import sympy as sp

from symbolic_gan.derivation import Claim, Derivation, Equation, Inequality, Step
from symbolic_gan.verdict import ConclusionVerdict

__all__ = ["establish"]

# An edge a → b says a REL b with REL one of "=", ">=", ">" (≤ and < are reversed edges).
_Edge = tuple[sp.Expr, str, str, "sp.Equality | None"]  # target, relation, step name, iff


def _edges(steps: tuple[Step, ...]) -> dict[sp.Expr, list[_Edge]]:
    graph: dict[sp.Expr, list[_Edge]] = {}
    for step in steps:
        claim = step.claim
        if isinstance(claim, Equation):
            graph.setdefault(claim.lhs, []).append((claim.rhs, "=", step.name, None))
            graph.setdefault(claim.rhs, []).append((claim.lhs, "=", step.name, None))
        elif isinstance(claim, Inequality):
            big, small = ((claim.lhs, claim.rhs) if claim.relation in (">", ">=")
                          else (claim.rhs, claim.lhs))
            strict = ">" if claim.relation in (">", "<") else ">="
            graph.setdefault(big, []).append((small, strict, step.name, claim.equality_iff))
    return graph


def _chain(claim: Claim, steps: tuple[Step, ...]) -> tuple[tuple[str, ...], str] | None:
    """The names of the steps of a chain proving ``claim``, and its description, or None."""
    if not isinstance(claim, Equation | Inequality):
        return None
    if isinstance(claim, Equation):
        start, goal, want = claim.lhs, claim.rhs, "="
    elif claim.relation in (">", ">="):
        start, goal, want = claim.lhs, claim.rhs, claim.relation
    else:
        start, goal, want = claim.rhs, claim.lhs, {"<": ">", "<=": ">="}[claim.relation]
    iff = claim.equality_iff if isinstance(claim, Inequality) else None
    graph = _edges(steps)
    # state: node, strongest relation so far ("=", ">=", ">"), equality condition so far
    queue: deque[tuple[sp.Expr, str, object, tuple[str, ...]]] = deque([(start, "=", None, ())])
    seen = set()
    while queue:
        node, rel, cond, path = queue.popleft()
        if node == goal and path and _satisfies(rel, cond, want, iff):
            return path, " ; ".join(f"{name}" for name in path)
        for target, edge_rel, name, edge_iff in graph.get(node, []):
            if name in path:
                continue
            new_rel = _compose(rel, edge_rel)
            if edge_rel == "=":
                new_cond = cond
            elif rel == "=" and edge_iff is not None:
                new_cond = edge_iff
            else:
                new_cond = "lost"
            key = (target, new_rel, str(new_cond))
            if key in seen:
                continue
            seen.add(key)
            queue.append((target, new_rel, new_cond, (*path, name)))
    return None


def _compose(a: str, b: str) -> str:
    if ">" in (a, b):
        return ">"
    return ">=" if ">=" in (a, b) else "="


def _satisfies(rel: str, cond: object, want: str, iff: sp.Equality | None) -> bool:
    if want == "=":
        return rel == "="
    if want == ">":
        return rel == ">"
    if iff is None:
        return rel in (">=", ">", "=")
    return rel == ">=" and cond is not None and cond != "lost" and cond == iff


def _closure(names: tuple[str, ...], derivation: Derivation) -> tuple[list[str], list[str]]:
    """Every step the named ones rest on (``uses``, transitively), and the gaps found."""
    index = {s.name: i for i, s in enumerate(derivation.steps)}
    needed: list[str] = []
    gaps: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.append(name)
        step = derivation.steps[index[name]]
        for used in step.uses:
            if used not in index:
                gaps.append(f"step {name!r} uses {used!r}, which is not in the derivation")
            elif index[used] >= index[name]:
                gaps.append(f"step {name!r} uses {used!r}, which does not come before it")
            else:
                todo.append(used)
    return needed, gaps


def _one(claim: Claim, derivation: Derivation) -> ConclusionVerdict:
    direct = [s.name for s in derivation.steps if s.claim == claim]
    roots: tuple[str, ...]
    if direct:
        roots, method = (direct[0],), f"the claim of step {direct[0]!r}"
    else:
        chain = _chain(claim, derivation.steps)
        if chain is None:
            return ConclusionVerdict(claim, False, "does not follow", gaps=(
                f"no step states '{claim.text()}' and no chain of steps links its sides",))
        roots, method = chain[0], "a chain of steps: " + chain[1]
    needed, gaps = _closure(roots, derivation)
    return ConclusionVerdict(claim, not gaps, method, tuple(needed), tuple(dict.fromkeys(gaps)))


def establish(derivation: Derivation) -> tuple[ConclusionVerdict, ...]:
    """How each conclusion claim of ``derivation`` follows from its steps (whether those steps
    are proved is for :class:`~symbolic_gan.verdict.CheckedDerivation` to read)."""
    return tuple(_one(claim, derivation) for claim in derivation.conclusion)

