"""Rows with ``\\Rightarrow`` or ``\\iff`` between two chains: a hypothesis and a conclusion.

An implication is not two claims: its hypothesis is not asserted, so a hypothesis that fails
somewhere says nothing against the row. ``H ⇒ C`` is checked as follows:

* ``C`` holds outright (proved without ``H``): the implication holds;
* ``H`` is one equation linear in a symbol with a numeric coefficient (``p = q``,
  ``D = p/(p + q)``): it is substituted into ``C``, which is then proved (the implication holds)
  or refuted at a point where ``H`` holds (it fails). A refutation counts only when the
  substituted value is admissible everywhere (a density stays positive, D stays in its domain);
* otherwise it is unknown.

``A = c ⟺ E`` is also proved as ``A ≥ c`` (or ``≤``) with equality exactly when ``E``, which
gives both directions at once (``KL(p‖q) = 0 ⟺ p = q``); otherwise an equivalence needs both
implications.

>>> from symbolic_gan.objective import P, Q, Y
>>> admissible({P: 2 * Q}), admissible({P: Q - 1}), admissible({Y: P / (P + Q)})
(True, False, True)
>>> admissible({P: 2 * Q}, integrals=True), admissible({P: Q}, integrals=True)
(False, True)
"""

from __future__ import annotations

import dataclasses
from typing import cast

import sympy as sp

from symbolic_gan.checker import solve_condition
from symbolic_gan.derivation import Claim, Equation, Inequality, Maximiser, Relation
from symbolic_gan.functionals import has_integral
from symbolic_gan.latex import nodes as n
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.textcheck.domains import natural_domain
from symbolic_gan.textcheck.meaning import Env, Optimise, Untranslatable
from symbolic_gan.textcheck.relations import decide, reduce_relation, text
from symbolic_gan.textcheck.result import RelationCheck
from symbolic_gan.verdict import Status, SymbolicVerdict

__all__ = ["EQUIVALENCES", "admissible", "check_implication", "optimum_claim"]

#: The arrows read as "if and only if"; the others (``\Rightarrow``, ``\implies``…) as "implies".
EQUIVALENCES = ("\\iff", "\\Leftrightarrow")
Pair = tuple[n.Node, str, n.Node]


def optimum_claim(env: Env, point: sp.Expr, declared: tuple[str, ...]
                  ) -> tuple[Maximiser, tuple[str, ...]] | None:
    """``D* = point`` as a claim about the document's objective — maximised, or minimised
    when the discriminator minimises a loss — over its natural domain, with the premises that
    apply (the row's, see :func:`symbolic_gan.textcheck.domains.premises_for`); None when that
    domain is not known."""
    if env.lost_objective:
        return None  # the latest objective was not read: neither the minimax GAN's nor an older
    phi = env.objective()
    domain = natural_domain(phi)
    if domain is None:
        return None
    claim = Maximiser(-phi if env.is_loss(phi) else phi, Y, point, domain)
    return claim, declared


def admissible(substitution: dict[sp.Symbol, sp.Expr], *, integrals: bool = False) -> bool:
    """Whether every substituted value is admissible wherever the premises hold: a density
    stays positive, D stays in (0, 1); then a point refuting the substituted claim satisfies
    the hypothesis too. With ``integrals`` the hypothesis holds at every x, so it must also keep
    both densities normalised: only ``p = q`` does (``p = 2q`` contradicts ∫p = ∫q = 1, and an
    implication from it holds vacuously)."""
    for symbol, value in substitution.items():
        if symbol in (P, Q) and value.is_positive is not True:
            return False
        if symbol == Y and not (value.is_positive and sp.together(1 - value).is_positive):
            return False
        if symbol not in (P, Q, Y):
            return False
        if integrals and symbol in (P, Q) and value not in (P, Q):
            return False
    return True


def _claims(pairs: list[Pair], env: Env, declared: tuple[str, ...]
            ) -> list[tuple[Claim, tuple[str, ...]]] | str:
    """Each relation as ``(claim, premises it is checked under)``, or why it is not read."""
    out: list[tuple[Claim, tuple[str, ...]]] = []
    for a, symbol, b in pairs:
        env.used = set()
        try:
            if env.role(a) == "optimal-discriminator" and symbol in ("=", ":="):
                optimum = optimum_claim(env, env.expr(b), declared)
                if optimum is None:
                    return "the domain of D for this objective is not known"
                out.append(optimum)
                continue
            lhs, rhs = env.expr(a), env.expr(b)
        except Untranslatable as exc:
            return f"not understood: {exc}"
        if lhs.has(Optimise) or rhs.has(Optimise):
            reduction = reduce_relation(lhs, "=" if symbol == ":=" else symbol, rhs, declared,
                                        env.domain())
            if reduction.claim is None or reduction.sufficient:
                return "an optimum inside an implication"
            out.append((reduction.claim, declared))
            continue
        out.append((Equation(lhs, rhs) if symbol in ("=", ":=") else
                    Inequality(lhs, cast(Relation, symbol), rhs), declared))
    return out


def _substituted(claim: Claim, substitution: dict[sp.Symbol, sp.Expr]) -> Claim | None:
    if getattr(claim, "variable", None) in substitution:
        return None  # the hypothesis fixes the variable the claim optimises over
    changes = {f.name: getattr(claim, f.name).xreplace(substitution)
               for f in dataclasses.fields(claim)
               if isinstance(getattr(claim, f.name), sp.Expr) and f.name != "variable"}
    try:
        return dataclasses.replace(claim, **changes)
    except Exception:  # the substituted claim is not well formed: no verdict from it
        return None


def _direction(hypothesis: list[Pair], conclusion: list[Pair], env: Env,
               declared: tuple[str, ...]) -> tuple[SymbolicVerdict, tuple[str, ...], Claim | None]:
    """The verdict on ``hypothesis ⇒ conclusion``, the premises it needs, and the claim shown."""
    claims = _claims(conclusion, env, declared)
    if isinstance(claims, str):
        return SymbolicVerdict(Status.UNKNOWN, claims), (), None
    outright = [decide(c, d) for c, d in claims]
    if all(v.proved for v, _ in outright):
        needed = tuple(dict.fromkeys(p for _, extra in outright for p in extra))
        return SymbolicVerdict(Status.PROVED, "the conclusion holds without the hypothesis: "
                               + "; ".join(v.method for v, _ in outright)), needed, claims[0][0]
    condition = _condition(hypothesis, env)
    substitution = None if condition is None else solve_condition(condition)
    if substitution is None:
        return SymbolicVerdict(Status.UNKNOWN, "the conclusion is not shown on its own, and the "
                               "hypothesis is not an equation to substitute"), (), None
    shown = ", ".join(f"{k} = {text(v)}" for k, v in substitution.items())
    found: list[tuple[SymbolicVerdict, tuple[str, ...]]] = []
    substituted: list[Claim] = []
    for claim, premises in claims:
        case = _substituted(claim, substitution)
        if case is None:
            return SymbolicVerdict(Status.UNKNOWN, f"the hypothesis ({shown}) cannot be "
                                   "substituted into the conclusion"), (), None
        substituted.append(case)
        found.append(decide(case, premises))
    needed = tuple(dict.fromkeys(p for _, extra in found for p in extra))
    if all(v.proved for v, _ in found):
        return SymbolicVerdict(Status.PROVED, f"with {shown} substituted: "
                               + "; ".join(v.method for v, _ in found)), needed, substituted[0]
    refuted = next((v for v, _ in found if v.status is Status.REFUTED), None)
    integrals = any(c.has(sp.Integral) or has_integral(c) for claim in substituted
                    for c in vars(claim).values() if isinstance(c, sp.Basic))
    if refuted is not None and admissible(substitution, integrals=integrals):
        return SymbolicVerdict(Status.REFUTED, f"with {shown} substituted the conclusion fails "
                               f"where the hypothesis holds: {refuted.method}",
                               counterexample=refuted.counterexample), (), None
    reason = "fails, but perhaps only where a premise fails" if refuted is not None else \
        "is not shown"
    return SymbolicVerdict(Status.UNKNOWN, f"with {shown} substituted, the conclusion "
                           f"{reason}"), (), None


def _condition(pairs: list[Pair], env: Env) -> sp.Equality | None:
    if len(pairs) != 1 or pairs[0][1] not in ("=", ":="):
        return None
    a, _, b = pairs[0]
    env.used = set()
    try:
        lhs, rhs = env.expr(a), env.expr(b)
    except Untranslatable:
        return None
    if lhs.has(Optimise, sp.Integral) or rhs.has(Optimise, sp.Integral):
        return None
    condition = sp.Eq(lhs, rhs, evaluate=False)
    return condition if isinstance(condition, sp.Equality) else None


def _equality_case(left: list[Pair], right: list[Pair], env: Env,
                   declared: tuple[str, ...]) -> tuple[SymbolicVerdict, tuple[str, ...],
                                                       Claim] | None:
    """``A = c ⟺ E`` as ``A ≥ c`` (or ``≤``) with equality exactly when ``E``."""
    for value_side, condition_side in ((left, right), (right, left)):
        condition = _condition(condition_side, env)
        if condition is None or len(value_side) != 1 or value_side[0][1] != "=":
            continue
        a, _, b = value_side[0]
        env.used = set()
        try:
            lhs, rhs = env.expr(a), env.expr(b)
        except Untranslatable:
            continue
        for relation in (">=", "<="):
            claim = Inequality(lhs, cast(Relation, relation), rhs, condition)
            verdict, needed = decide(claim, declared)
            if verdict.proved:
                return verdict, needed, claim
    return None


def check_implication(hypothesis: list[Pair], arrow: str, conclusion: list[Pair], env: Env,
                      declared: tuple[str, ...]) -> RelationCheck:
    """One ``hypothesis ⇒ conclusion`` (or ``⟺``) of a row, as a relation check."""
    def side(pairs: list[Pair]) -> str:
        shown = []
        for a, symbol, b in pairs:
            try:
                shown.append(f"{text(env.expr(a))} {symbol} {text(env.expr(b))}")
            except Untranslatable:
                shown.append("…")
        return ", ".join(shown)

    lhs, rhs = side(hypothesis), side(conclusion)
    if arrow not in EQUIVALENCES:
        verdict, needed, claim = _direction(hypothesis, conclusion, env, declared)
        return RelationCheck(lhs, "⇒", rhs, verdict, premises_needed=needed, claim=claim)
    both = _equality_case(hypothesis, conclusion, env, declared)
    if both is not None:
        verdict, needed, claim = both
        return RelationCheck(lhs, "⟺", rhs, SymbolicVerdict(
            Status.PROVED, f"as a bound with its equality case: {verdict.method}"),
            premises_needed=needed, claim=claim)
    forward = _direction(hypothesis, conclusion, env, declared)
    backward = _direction(conclusion, hypothesis, env, declared)
    for verdict, _, _ in (forward, backward):
        if verdict.status is Status.REFUTED:
            return RelationCheck(lhs, "⟺", rhs, verdict)
    if forward[0].proved and backward[0].proved:
        needed = tuple(dict.fromkeys((*forward[1], *backward[1])))
        return RelationCheck(lhs, "⟺", rhs, SymbolicVerdict(
            Status.PROVED, f"⇒: {forward[0].method}; ⇐: {backward[0].method}"),
            premises_needed=needed, claim=forward[2])
    open_side = forward[0] if not forward[0].proved else backward[0]
    return RelationCheck(lhs, "⟺", rhs, SymbolicVerdict(
        Status.UNKNOWN, f"{'⇒' if open_side is forward[0] else '⇐'} not shown: "
        f"{open_side.method}"))
