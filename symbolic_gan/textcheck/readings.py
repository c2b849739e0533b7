"""How a row is read beyond its literal relation: scope errors of a bound D, values bounded by
their optimum over D, equations that state a condition, and refutations that only give values
to names no row defined.

>>> from symbolic_gan.objective import P, Q, Y
>>> as_condition(P / Y - Q / (1 - Y), "=", 0) is not None
True
>>> as_condition(P / Y, "=", Q / (1 - Y)) is not None  # the same, terms moved
True
>>> as_condition(sp.log(P / Q), "=", sp.log(P) + sp.log(Q)) is None  # a rewriting
True
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import sympy as sp

from symbolic_gan.functionals import has_integral
from symbolic_gan.latex import nodes as n
from symbolic_gan.latex.reader import normalise
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.textcheck.domains import HALF_LINE, natural_domain
from symbolic_gan.textcheck.meaning import DerivativeOf, Env, Optimise
from symbolic_gan.textcheck.notation import canonical
from symbolic_gan.textcheck.relations import flip
from symbolic_gan.textcheck.result import LineCheck, Verdict
from symbolic_gan.verdict import Status, SymbolicVerdict

__all__ = ["DEFINED_HEAD", "FREE_D", "as_condition", "bounded_by_its_optimum", "changed_solution",
           "differentiated", "domain_dependent", "lost_definition", "row_domain",
           "scope_issues", "undefined_names", "unrefuted"]

#: The phrase of the scope error "D bound on one side, free on the other".
FREE_D = "free on the other"


def scope_issues(lhs: sp.Expr, rhs: sp.Expr, inherited: bool = False, symbol: str = "="
                 ) -> list[str]:
    """Bound-variable errors: a max over D of a D-free argument, D free after max_D, a split.
    An ``inherited`` left side (continued from the row above) was checked there. A split is an
    error only where it claims too much: ``max(A + B) = max A + max B`` or ``max(A + B) ≥ …``;
    ``max(A + B) ≤ max A + max B`` is true (and min the other way round)."""
    found = []
    for side in (rhs,) if inherited else (lhs, rhs):
        for opt in side.atoms(Optimise) | {e for e in sp.preorder_traversal(side)
                                           if isinstance(e, Optimise)}:
            kind, var, body = opt.args
            if str(var) == "D" and Y not in body.free_symbols and not body.has(DerivativeOf):
                hint = " (did you mean \\min_G? D was already eliminated)" \
                    if str(kind) == "min" else ""
                found.append(f"\\{kind}_D of an expression that does not depend on D{hint}")
    for side, other, relation in ((lhs, rhs, symbol), (rhs, lhs, flip(symbol))):
        if isinstance(side, Optimise | DerivativeOf):
            continue
        if for_every_d(relation, other):  # V(D) ≤ max_D V(D): a claim for every D
            continue
        if bound_d(other) and Y in side.free_symbols and not side.has(Optimise):
            found.append(f"D is bound by \\max_D on one side but {FREE_D}: after "
                         "maximising over D nothing may depend on D")
    for side, other, relation in ((lhs, rhs, symbol), (rhs, lhs, flip(symbol))):
        kind = str(side.args[0]) if isinstance(side, Optimise) else ""
        true_direction = ("<=", "<") if kind in ("max", "sup") else (">=", ">")
        if isinstance(side, Optimise) and isinstance(other, sp.Add) and all(
                isinstance(t, Optimise) and t.args[:2] == side.args[:2] for t in other.args) \
                and relation not in true_direction:
            found.append(f"\\{side.args[0]} does not distribute over a sum: "
                         "the optimum of A + B is not the sum of the optima")
    return found


def for_every_d(relation: str, bound: sp.Expr) -> bool:
    """Whether ``A(D) relation bound`` compares a value with an optimum over D in the direction
    that reads "for every D" (``≤ max_D``, ``≥ min_D``)."""
    if not isinstance(bound, Optimise) or str(bound.args[1]) != "D":
        return False
    kind = str(bound.args[0])
    return (kind in ("max", "sup") and relation in ("<=", "<")) or \
        (kind in ("min", "inf") and relation in (">=", ">"))


def bounded_by_its_optimum(lhs: sp.Expr, symbol: str, rhs: sp.Expr) -> bool:
    """``A ≤ max_D A`` or ``A ≥ min_D A`` (either way round): true by the definition of a
    supremum (an infimum) over D, whatever A."""
    for side, other, relation in ((lhs, rhs, symbol), (rhs, lhs, flip(symbol))):
        if relation in ("<=", ">=") and for_every_d(relation, other) and \
                sp.expand(side - other.args[2]) == 0:
            return True
    return False


def bound_d(expr: sp.Expr) -> bool:
    while isinstance(expr, Optimise):
        if str(expr.args[1]) == "D":
            return True
        expr = expr.args[2]
    return False


#: The names a counterexample may give values to: the densities, D's value (or the variable
#: s that places it in its domain) and the point x; any other is a parameter of the text.
_FREE_TO_CHOOSE = frozenset({"p", "q", "y", "s", "x", "p_data", "p_g"})


def unrefuted(v: SymbolicVerdict, undefined: tuple[str, ...]) -> SymbolicVerdict:
    """A refutation that gives values to names no row defined, or to the parameters of a
    definition, refutes a reading, not the row: the author may mean one value of them (C, L_G
    defined in the prose; the a, b, c of an LSGAN objective fixed by "with a = −1, b = 1")."""
    if v.status is not Status.REFUTED:
        return v
    chosen = sorted(set(v.counterexample or {}) - _FREE_TO_CHOOSE)
    names = ", ".join(dict.fromkeys([*undefined, *chosen]))
    if not names:
        return v
    return SymbolicVerdict(Status.UNKNOWN, f"false for some values of {names}, which the rows "
                           "above leave free: the text may fix them (define them in a row to "
                           "have the claim checked for those values)", v.residual, v.seconds)


def as_condition(lhs: sp.Expr, symbol: str, rhs: sp.Expr) -> str | None:
    """Why a refuted ``lhs = rhs`` is rather a condition than a false identity, or None.

    An equation in D that some D solves for every ratio p/q tried (``p/D = q/(1 − D)``, the
    first-order condition on a row of its own, however its terms were moved) is to be solved for
    D; an equation in the densities alone that depends on p/q only and holds for some ratio
    (``p_g = p_data``, ``2p = 2q``, ``p/q = 1``: the equality case after "iff" in the prose) is a
    condition on them. Neither claims to hold for every D or every pair of densities. Only
    rational equations count: a row with logarithms (``log(p/q) = log p + log q``) is a rewriting,
    and stays refuted.
    """
    if symbol != "=":
        return None
    difference = lhs - rhs
    if has_integral(difference) or difference.has(Optimise, DerivativeOf) or \
            not difference.free_symbols <= {P, Q, Y} or \
            not difference.is_rational_function(P, Q, Y):  # log rewrites are identities
        return None
    try:
        if Y in difference.free_symbols:
            solved = _solvable_in_d(difference)
        else:
            solved = _a_ratio_solves(difference)
    except Exception:  # a numeric test that cannot run says nothing: keep the refutation
        return None
    if not solved:
        return None
    if Y in difference.free_symbols:
        return ("an equation in D is a condition to solve, not an identity for every D: "
                "write it as '… = 0 \\Rightarrow D = …' to have its root checked")
    return ("a condition on the densities (it holds for some ratio p/q), not a claim that every "
            "two densities satisfy it")


def _changes_sign(values: np.ndarray) -> bool:
    finite = values[np.isfinite(values)]
    return bool(np.any(finite == 0.0) or (np.any(finite > 0) and np.any(finite < 0)))


def _solvable_in_d(difference: sp.Expr) -> bool:
    """Whether, for each of a few ratios p/q, some D in (0, 1) or in [-50, 50] solves it."""
    f = sp.lambdify((P, Q, Y), difference, "numpy")
    ys = np.concatenate([np.linspace(1e-6, 1 - 1e-6, 401), np.linspace(-50.0, 50.0, 1001)])
    with np.errstate(all="ignore"):  # (a rational function: real wherever it is defined)
        return all(_changes_sign(np.asarray(f(t, 1.0, ys), dtype=float) * np.ones_like(ys))
                   for t in (1 / 3, 1.0, 3.0))


def _a_ratio_solves(difference: sp.Expr) -> bool:
    """Whether the equation depends on p/q alone (the same at two scales) and holds for some
    ratio."""
    f = sp.lambdify((P, Q), difference, "numpy")
    ts = np.logspace(-3, 3, 121)
    with np.errstate(all="ignore"):
        a = np.asarray(f(ts * 0.5, 0.5), dtype=float) * np.ones_like(ts)
        b = np.asarray(f(ts * 2.0, 2.0), dtype=float) * np.ones_like(ts)
    same = np.isfinite(a) & np.isfinite(b)
    scaled = np.sign(a[same]) == np.sign(b[same])
    return bool(same.any() and scaled.all() and _changes_sign(a))


# "C(G) =", "V(D, G) :=", "\min_D V_{LSGAN}(D) =", "C^*(G) &=" at the start of a row (after
# the reader's normalisation: no \left, \text, spacing or &)
DEFINED_HEAD = re.compile(
    r"^\s*(?P<opt>\\(?:min|max)\s*_\s*\{?\s*D\s*\}?\s*)?"
    r"(?P<name>[A-Za-z](?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
    r"(?:\s*\^\s*(?:\{\s*(?:\*|\\ast|\\star)\s*\}|\*|\\ast|\\star))?)\s*"
    r"(?:\((?P<args>[^()]*)\))?\s*(?:=|:=|\\coloneqq|\\triangleq|\\equiv|\\doteq)")


def differentiated(expr: sp.Expr) -> sp.Expr:
    """``expr`` with each pointwise ``∂/∂D`` carried out (one over an integral stays)."""
    return expr.replace(
        lambda e: isinstance(e, DerivativeOf) and not has_integral(e.args[0]),
        lambda e: sp.diff(e.args[0], Y))


def lost_definition(latex: str, env: Env) -> None:
    """A row that was not read but begins like a definition: its name's meaning is unknown
    (a later ``C(G) = …`` is a claim about it), and a function of D so defined may be the
    document's objective."""
    m = DEFINED_HEAD.match(normalise(latex))
    if m is None:
        return
    key = canonical(m.group("name"))
    if env.role(n.Name(key)) is not None:
        return
    if key not in env.definitions:
        env.opaque.add(key)
    args = m.group("args") or ""
    if m.group("opt") or re.search(r"(?<![A-Za-z])D(?![A-Za-z])", args):
        env.lost_objective = True


def row_domain(pairs: list[tuple[n.Node, str, n.Node]], env: Env) -> sp.Interval | None:
    """ℝ or (0, ∞) when every side of the row that involves D is defined there and not beyond
    (see :func:`~symbolic_gan.textcheck.domains.natural_domain`); None otherwise."""
    sides = []
    for a, _, b in pairs:
        for node in (a, b):
            try:
                expr = env.expr(node)
            except Exception:  # a side not understood says nothing of the domain
                continue
            if Y in expr.free_symbols:
                sides.append(differentiated(expr))
    domain = natural_domain(sp.Tuple(*sides)) if sides else None
    return domain if domain in (sp.Reals, HALF_LINE) else None


def undefined_names(env: Env) -> tuple[str, ...]:
    """The names of the row read as free symbols that no definition above has."""
    return tuple(sorted(env.fresh - env.parameters))


def domain_dependent(default: LineCheck, wide: LineCheck, own: sp.Interval) -> LineCheck:
    reason = (f"depends on the values D takes, which no objective in the document sets: "
              f"{default.verdict} for D in (0, 1), {wide.verdict} for D in "
              f"{'ℝ' if own == sp.Reals else '(0, ∞)'}")
    relations = tuple(dataclasses.replace(c, symbolic=SymbolicVerdict(
        Status.UNKNOWN, reason, c.symbolic.residual, c.symbolic.seconds))
        for c in default.relations)
    return dataclasses.replace(default, verdict=Verdict.UNKNOWN, relations=relations,
                               premises_needed=(), message=reason)


def changed_solution(before: sp.Expr, after: sp.Expr) -> str | None:
    """Why the condition ``after = 0`` in D is not a rewriting of the condition ``before = 0``
    of the row above (in the same display): it loses a solution in (0, 1) at an exact ratio
    p/q (a rewriting keeps them; it may add some: a row multiplied by 2D − 1 is implied by the
    one above); None otherwise. Not a refutation: two rows of one display may also state the
    conditions of two different objectives.

    >>> from symbolic_gan.objective import P, Q, Y
    >>> print(changed_solution(P * (1 - Y) - Q * Y, P - P * Y - 2 * Q * Y)[-56:])
    p/q = 1/3, D = 1/4 solves the row above but not this one
    >>> changed_solution(P / Y - Q / (1 - Y), P * (1 - Y) - Q * Y) is None
    True
    """
    for t in (sp.Rational(1, 3), sp.Integer(3)):
        at = {P: t, Q: sp.Integer(1)}
        (num, den), (other_num, other_den) = (
            (sp.Poly(part, Y) for part in sp.fraction(sp.together(e.xreplace(at))))
            for e in (before, after))
        # exact and fast: an irreducible factor of the row above's numerator with a root in
        # (0, 1) must divide this row's numerator (irreducible polynomials with a common root
        # divide each other), unless that root is a pole of either row
        for factor, _ in num.factor_list()[1]:
            inside = [r for r in sp.real_roots(factor) if 0 < r < 1]
            if not inside or den.rem(factor).is_zero or other_den.rem(factor).is_zero or \
                    other_num.rem(factor).is_zero:
                continue
            return (f"not the same condition as the row above: at p/q = {t}, D = {inside[0]} "
                    "solves the row above but not this one")
    return None

