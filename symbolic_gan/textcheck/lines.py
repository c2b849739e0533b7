"""Check every display row of a document: read it, give it meaning, check its relations.

>>> r = check_text(r"$$ \\frac{p}{p + q} + \\frac{q}{p + q} = 1 $$", premises=["positivity"])
>>> r.verdicts()
['valid']
>>> check_text(r"$$ \\log(p q) = \\log p + \\log q $$", premises=()).lines[0].premises_needed
('positivity',)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

import sympy as sp

from symbolic_gan.checker import context_for
from symbolic_gan.derivation import Roots
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.functionals import has_integral, integral_terms
from symbolic_gan.latex import nodes as n
from symbolic_gan.latex.reader import LatexError, read_row
from symbolic_gan.latex.scope import resolve
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.printing import tidy_text
from symbolic_gan.rewrite import may_vanish
from symbolic_gan.textcheck.document import split_document
from symbolic_gan.textcheck.domains import premises_for
from symbolic_gan.textcheck.implications import check_implication, optimum_claim
from symbolic_gan.textcheck.meaning import (
    BeyondLimit,
    DerivativeOf,
    Env,
    IllTyped,
    Optimise,
    Untranslatable,
)
from symbolic_gan.textcheck.notation import canonical, validate_notation
from symbolic_gan.textcheck.readings import (
    FREE_D,
    as_condition,
    bounded_by_its_optimum,
    changed_solution,
    differentiated,
    domain_dependent,
    lost_definition,
    row_domain,
    scope_issues,
    undefined_names,
    unrefuted,
)
from symbolic_gan.textcheck.relations import (
    PREMISES,
    decide,
    decide_minimum,
    reduce_relation,
    text,
)
from symbolic_gan.textcheck.result import LineCheck, RelationCheck, TextCheck, Verdict
from symbolic_gan.verdict import Status, SymbolicVerdict

__all__ = ["DEFAULT_PREMISES", "check_text"]

#: What every document is taken to declare: densities, and D with values in (0, 1).
DEFAULT_PREMISES = ("densities", "domain")
_ALIASES = {"normalization": "normalisation", "normalised": "normalisation",
            "positive": "positivity", "support": "positivity", "pushforward": "push-forward",
            "push_forward": "push-forward"}
_UNIT = sp.Interval.open(0, 1)
# \min_D, \min_{D}, \arg\min_D (and the same with max)
_OPT_D = {kind: re.compile(rf"\\{kind}\s*_\s*\{{?\s*D(?![A-Za-z])") for kind in ("min", "max")}
_NON_SEQUITUR = (
    "a vanishing integral for one D does not make the integrand vanish, so this does not give "
    "D*; the sound argument is pointwise maximisation: for each x, y ↦ p·log y + q·log(1 − y) "
    "is strictly concave on (0, 1) with its maximum at y = p/(p + q)")


def check_text(
    text: str,
    notation: Mapping[str, str] | None = None,
    premises: Iterable[str] | None = None,
    *,
    file: str = "<text>",
    numeric: bool = True,
) -> TextCheck:
    """Check each display row of a Markdown or LaTeX document ``text``.

    ``notation`` maps names to roles (``{"p_r": "data"}``); ``premises`` are the premise names
    declared (default: those of the front matter, plus densities and the domain of D).
    With ``numeric`` each proved relation is also measured on the default density pairs.
    """
    doc = split_document(text)
    if notation is not None and not isinstance(notation, Mapping):
        raise InvalidArgument.for_value("notation", notation, "must be a mapping name -> role")
    roles = validate_notation({**dict(doc.notation), **dict(notation or {})})
    if isinstance(premises, str) or (premises is not None and not isinstance(premises, Iterable)):
        raise InvalidArgument.for_value("premises", premises, "must be a list of premise names")
    given = [_ALIASES.get(p, p) if isinstance(p, str) else p
             for p in (*doc.premises, *(premises or ()))]
    declared = tuple(dict.fromkeys((*DEFAULT_PREMISES, *given)))
    unknown = [p for p in declared if not isinstance(p, str) or p not in PREMISES]
    if unknown:
        raise InvalidArgument.for_value("premises", unknown, f"known premises: {sorted(PREMISES)}")
    # the discriminator minimises a loss when the document says \min_D and never \max_D
    minimises = any(_OPT_D["min"].search(r.latex) for r in doc.rows) and not any(
        _OPT_D["max"].search(r.latex) for r in doc.rows)
    env = Env(notation=roles, minimises=minimises, keep_domain="domain" in given)
    lines: list[LineCheck] = []
    previous: n.Node | None = None
    display = None
    for index, row in enumerate(doc.rows):
        if row.display != display:  # a chain of conditions lives in one display
            display, env.condition = row.display, None
        line, previous = _check_row(index, row.latex, row.source_line, row.error, env,
                                    declared, previous)
        lines.append(line)
    if numeric:
        lines = _numeric(lines)
    return TextCheck(file, tuple(lines), declared)


def _numeric(lines: list[LineCheck]) -> list[LineCheck]:
    """Cross-check every proved relation on the default density pairs; a failure makes its
    line unknown (the proof and the numbers disagree)."""
    from symbolic_gan.textcheck.numeric import cross_check

    proved = [(i, j) for i, line in enumerate(lines) for j, r in enumerate(line.relations)
              if r.symbolic.proved and r.claim is not None
              and not r.symbolic.method.endswith("(structurally zero)")]
    verdicts = cross_check([lines[i].relations[j].claim for i, j in proved])  # type: ignore
    out = list(lines)
    for (i, j), v in zip(proved, verdicts, strict=True):
        relations = list(out[i].relations)
        relations[j] = dataclasses.replace(relations[j], numeric=v)
        verdict, message = out[i].verdict, out[i].message
        if str(v.status) == "failed" and verdict in (Verdict.VALID, Verdict.NEEDS_PREMISE):
            verdict = Verdict.UNKNOWN
            message = "; ".join(filter(None, [message, "the numeric cross-check failed: "
                                              + v.detail]))
        out[i] = dataclasses.replace(out[i], relations=tuple(relations), verdict=verdict,
                                     message=message)
    return out


def _check_row(index: int, latex: str, source_line: int, error: str | None, env: Env,
               declared: tuple[str, ...], previous: n.Node | None) -> tuple[LineCheck, Any]:
    def line(verdict: Verdict, message: str = "", relations: tuple[RelationCheck, ...] = (),
             needed: tuple[str, ...] = ()) -> LineCheck:
        return LineCheck(index, source_line, latex, verdict, relations, needed, message)

    # D ∈ (0, 1) is the premise of a log-objective; a real-valued critic (LSGAN, WGAN, hinge…)
    # or one on (0, ∞) has its own domain, in every row
    given, env.row_domain = declared, None
    if not env.keep_domain:
        declared = premises_for(env.domain(), declared)

    if error is not None:
        lost_definition(latex, env)
        return line(Verdict.UNPARSED, error), None
    env.fresh, env.discriminators = set(), set()
    env.previous_condition, env.condition = env.condition, None  # a chain of conditions
    try:
        row = read_row(latex)
    except LatexError as exc:
        lost_definition(latex, env)
        return line(Verdict.UNPARSED, f"{exc.reason} at position {exc.position}"), None
    except RecursionError:
        lost_definition(latex, env)
        return line(Verdict.UNPARSED, "nested too deeply"), None
    pairs: list[tuple[n.Node, str, n.Node]] = []
    chains: list[list[tuple[n.Node, str, n.Node]]] = []
    issues: list[str] = []
    inherited: set[int] = set()
    for first, relations in row.chains:
        chains.append([])
        continued = first is None
        if first is None:
            if previous is None:
                return line(Verdict.UNPARSED, "a row that starts with a relation continues "
                            "nothing that was read"), None
            first = previous
        left, found = resolve(first)
        issues.extend(found)
        if continued:
            inherited.add(id(left))
        for rel in relations:
            right, found = resolve(rel.rhs)
            issues.extend(found)
            pairs.append((left, rel.symbol, right))
            chains[-1].append((left, rel.symbol, right))
            left = right
    last = pairs[-1][2] if pairs else None
    if not pairs:
        if re.search(r"\\(?:max|min|sup|inf)\s*_\s*\{?\s*D(?![A-Za-z])", latex):
            env.lost_objective = True  # "the game is \min_G \max_D …": an objective unnamed
        return line(Verdict.DEFINITION, "no relation"), previous
    # (D in the text: a definition not understood may be an objective, \max(0, 1 - D) unread)
    writes_d = re.search(r"(?<![A-Za-z\\])D(?![A-Za-z])", latex) is not None
    try:
        definition = _definition(pairs, env, writes_d)
    except BeyondLimit as exc:
        return line(Verdict.UNPARSED, f"beyond the limits: {exc}"), None
    if definition is not None:
        return line(Verdict.DEFINITION, definition), last
    if len(pairs) > 1 and len(row.chains) == 1 and not row.implications and \
            pairs[0][1] in ("=", ":=") and id(pairs[0][0]) not in inherited:
        # C(G) = \max_D V(G, D) = … (Goodfellow's layout): the first link defines C, the rest
        # of the chain is checked
        try:
            if _definition(pairs[:1], env, writes_d) is not None:
                pairs = pairs[1:]
                chains = [pairs]
        except BeyondLimit as exc:
            return line(Verdict.UNPARSED, f"beyond the limits: {exc}"), None
    row_check = _Row(line, row, pairs, chains, issues, inherited, last)
    own = row_domain(pairs, env) if not env.objectives() and not env.keep_domain else None
    if own is None:
        return row_check.judge(env, declared)
    # no objective sets the values of D: the default premise (0, 1) and the row's own domain
    # must agree (p(D − 1) + q(D + 1) = 0 ⇒ D = (p − q)/(p + q) needs ℝ; 0 < D < 1 needs (0, 1))
    default = row_check.judge(env, declared)
    env.row_domain = own
    try:
        wide = row_check.judge(env, premises_for(own, given))
    finally:
        env.row_domain = None
    if default[0].verdict == wide[0].verdict:
        return default
    return domain_dependent(default[0], wide[0], own), default[1]


@dataclasses.dataclass(frozen=True)
class _Row:
    """A parsed row that is not a definition, judged under given premises."""

    line: Any
    row: Any
    pairs: list[tuple[n.Node, str, n.Node]]
    chains: list[list[tuple[n.Node, str, n.Node]]]
    issues: list[str]
    inherited: set[int]
    last: Any

    def judge(self, env: Env, declared: tuple[str, ...]) -> tuple[LineCheck, Any]:
        line, row, pairs, chains, last = self.line, self.row, self.pairs, self.chains, self.last
        issues = list(self.issues)
        if len(row.chains) == 2 and len(pairs) == 2:
            roots = _roots(pairs, env, declared)
            if roots is not None:
                return _verdict(line, [roots], issues, declared, undefined_names(env)), last
        if row.implications:
            if len(row.implications) != len(chains) - 1 or not all(chains):
                return line(Verdict.UNKNOWN, "an implication whose sides are not both "
                            "relations: its hypothesis is not asserted, so nothing is "
                            "checked"), last
            steps = [check_implication(chains[i], arrow, chains[i + 1], env, declared)
                     for i, arrow in enumerate(row.implications)]
            return _verdict(line, steps, issues, declared, undefined_names(env)), last
        checks = [_relation(a, symbol, b, env, declared, issues, id(a) in self.inherited)
                  for a, symbol, b in pairs]
        if any(isinstance(c, str) for c in checks):
            reason = next(c for c in checks if isinstance(c, str))
            if reason.startswith("beyond the limits"):
                return line(Verdict.UNPARSED, reason), None
            if issues:
                return line(Verdict.INVALID, "; ".join(dict.fromkeys([*issues, reason]))), last
            return line(Verdict.UNKNOWN, reason), last
        return _verdict(line, checks, issues, declared,  # type: ignore[arg-type]
                        undefined_names(env)), last



def _readable(v: SymbolicVerdict) -> SymbolicVerdict:
    """The checker's method and residual without ``**`` and ``*``."""
    def clean(s: str | None) -> str | None:
        return None if s is None else tidy_text(s)

    return SymbolicVerdict(v.status, clean(v.method) or "", clean(v.residual), v.seconds,
                           v.counterexample, v.forced)


def _verdict(line: Any, checks: list[RelationCheck], issues: list[str],
             declared: tuple[str, ...], undefined: tuple[str, ...] = ()) -> LineCheck:
    checks = [dataclasses.replace(c, symbolic=unrefuted(_readable(c.symbolic), undefined))
              for c in checks]
    needed = tuple(dict.fromkeys(p for c in checks for p in c.premises_needed))
    statuses = [c.symbolic.status for c in checks]
    messages = list(dict.fromkeys(issues))
    if issues or Status.REFUTED in statuses:
        verdict = Verdict.INVALID
    elif Status.UNKNOWN in statuses:
        verdict = Verdict.UNKNOWN
    elif needed:
        verdict = Verdict.NEEDS_PREMISE
    else:
        verdict = Verdict.VALID
    for c in checks:
        if c.symbolic.status is Status.REFUTED and c.relation == "=" and c.rhs == "0" and \
                c.lhs.startswith("∫") and "y" in c.lhs:
            messages.append(_NON_SEQUITUR)
    return line(verdict, "; ".join(dict.fromkeys(messages)), tuple(checks),
                needed)


def _definition(pairs: list[tuple[n.Node, str, n.Node]], env: Env,
                writes_d: bool = False) -> str | None:
    """Record ``name := …`` or ``V(D, G) = …`` introducing a new name; the message, or None."""
    if len(pairs) != 1:
        return None
    lhs, symbol, rhs = pairs[0]
    loss = isinstance(lhs, n.Optimum) and lhs.kind == "min" and isinstance(lhs.var, n.Name) \
        and lhs.var.key() == "D" and isinstance(lhs.body, n.Call)
    if loss:  # \min_D V_{LSGAN}(D) = …: the loss the discriminator minimises (Mao et al.)
        lhs = lhs.body  # type: ignore[union-attr]
    if env.entropy_call(lhs) is not None:
        return None  # H(p) and H(p, q) are known: a row about them is checked, not a definition
    head, params = lhs, ()
    if isinstance(lhs, n.Call) and isinstance(lhs.head, n.Name) and \
            all(isinstance(a, n.Name) for a in lhs.args):
        head, params = lhs.head, tuple(canonical(a.key()) for a in lhs.args)  # type: ignore
    if not isinstance(head, n.Name) or env.role(head) is not None:
        return None
    key = canonical(head.key())
    if env.defines(key) and symbol != ":=":
        return None  # a claim about the name (checked, or unknown if its meaning is)
    if symbol not in ("=", ":="):
        return None
    env.used, env.fresh = set(), set()
    try:
        body = env.expr(rhs)
    except BeyondLimit:
        raise
    except Untranslatable as exc:
        env.definitions.pop(key, None)
        env.opaque.add(key)
        if loss or "D" in params or writes_d:
            env.lost_objective = True  # (L_D = E[max(0, 1 - D)] + …: the hinge loss unread)
        return f"defines {head.key()} (its right-hand side is not understood: {exc})"
    env.opaque.discard(key)
    env.parameters |= env.fresh
    split = integral_terms(body) if body.has(Y) else None
    if split is not None and split[0] == 0:  # an objective is read again: this one
        env.lost_objective = False
    elif body.has(Y) and has_integral(body) and not body.has(Optimise):  # one it cannot use (a
        env.lost_objective = True  # term weighed by a letter): never the default one
    env.definitions[key] = (params, body)
    env.spelling[key] = head.key()
    env.definition_premises[key] = frozenset(env.used)
    uses = f"; uses the premise {', '.join(sorted(env.used))}" if env.used else ""
    if loss:
        split = integral_terms(body)
        if split is not None and split[0] == 0:
            env.losses.append(split[1])
        return f"defines {head.key()} = {text(body)}, a loss the discriminator minimises{uses}"
    return f"defines {head.key()} = {text(body)}{uses}"


def _optimal_discriminator(a: n.Node, b: n.Node, env: Env, declared: tuple[str, ...]
                           ) -> RelationCheck | str:
    """``D* = r``: r optimises the document's objective over D (maximises it, or minimises a
    loss under ``\\min_D``); once proved, D* stands for r in the rows below."""
    try:
        rhs = env.expr(b)
    except Untranslatable as exc:
        return f"not understood: {exc}"
    used = set(env.used)
    optimum = optimum_claim(env, rhs, declared)
    if optimum is None:
        why = ("the document's objective was not read as c + ∫ φ(D(x)) dx (a row that "
               "defines it was not understood, or weighs a term by a letter), so D* is not "
               "checked against another one"
               if env.lost_objective else
               "the domain of D for this objective is not ℝ, (0, ∞) or (0, 1): its optimum is "
               "not decided")
        return RelationCheck("D*", "=", text(rhs), SymbolicVerdict(Status.UNKNOWN, why))
    claim, declared = optimum
    verdict, needed = decide(claim, declared)
    if verdict.status is Status.REFUTED and not claim.point.has(P, Q) and \
            claim.function.has(Q):
        # D* = ½ "when p_g = p_data": a constant D* can only be the equality case the prose
        # states (a swap of p and q, which also holds at p = q, is still refuted)
        equal = dataclasses.replace(claim, function=claim.function.xreplace({Q: P}))
        if decide(equal, declared)[0].proved:
            return RelationCheck("D*", "=", text(rhs), SymbolicVerdict(
                Status.UNKNOWN, "D* is this where p_g = p_data (the equality case the prose "
                "may state), not for every pair of densities"), claim=claim)
    if verdict.status is Status.REFUTED and len(env.objectives()) > 1:
        # several objectives are in scope and the row does not say which: not a refutation
        return RelationCheck("D*", "=", text(rhs), SymbolicVerdict(
            Status.UNKNOWN, "D* does not optimise the objective defined last "
            f"({verdict.method}); several objectives are defined: say which one D* is for"),
            claim=claim)
    if verdict.status is Status.REFUTED:
        loss = env.is_loss(env.objective())
        other, _ = decide(dataclasses.replace(claim, function=-claim.function), declared)
        if other.proved:
            verdict = SymbolicVerdict(Status.UNKNOWN, (
                "D* = {0} {1} the objective rather than {2} it: right if the discriminator "
                "{1} V{3}").format(text(rhs), "maximises" if loss else "minimises",
                                   "minimising" if loss else "maximising",
                                   "" if loss else " (a loss: write \\min_D)"))
    if verdict.proved:
        env.optimum = (env.objective(), rhs)
    return RelationCheck(_show(a, sp.Symbol("D*"), "D*"), "=", text(rhs), verdict,
                         premises_needed=tuple(sorted(set(needed) | _missing(used, declared))),
                         claim=claim)


_SPLIT = "does not distribute over a sum"


def _relation(a: n.Node, symbol: str, b: n.Node, env: Env, declared: tuple[str, ...],
              issues: list[str], inherited: bool = False) -> RelationCheck | str:
    """One relation of a row; scope errors go to ``issues``. A split optimum is a hint, not an
    error: the relation may still hold (when A and B share a maximiser), so it is added to the
    method of a relation that is not proved and dropped for one that is."""
    found: list[str] = []
    env.divisors = []
    result = _relation_check(a, symbol, b, env, declared, found, inherited)
    if isinstance(result, RelationCheck) and result.symbolic.proved:
        result = _where_defined(result, env.divisors)
    hints = [issue for issue in found if _SPLIT in issue]
    issues.extend(issue for issue in found if _SPLIT not in issue)
    if hints and isinstance(result, RelationCheck) and not result.symbolic.proved:
        v = result.symbolic
        result = dataclasses.replace(result, symbolic=SymbolicVerdict(
            v.status, "; ".join([v.method, *hints]), v.residual, v.seconds, v.counterexample,
            v.forced))
    return result


def _where_defined(check: RelationCheck, divisors: list[sp.Expr]) -> RelationCheck:
    """A proved relation holds only where what it divides by is not 0 (SymPy cancels
    ``(p − q)/(p − q)`` to 1 as it builds it, so the divisors are the ones read). A divisor that
    vanishes only where a density does is excused by the support convention."""
    ctx = context_for(tuple(PREMISES.values()), ("positivity", "domain"))
    for divisor in divisors:
        if divisor.has(Optimise, DerivativeOf, sp.Integral) or not divisor.has(P, Q, Y):
            continue  # only what divides by the densities or D (a sample size N is no issue)
        if may_vanish(divisor, ctx):
            v = check.symbolic
            return dataclasses.replace(check, symbolic=SymbolicVerdict(
                Status.UNKNOWN, f"{v.method}; but it divides by {text(divisor)}, which may be 0",
                v.residual, v.seconds, v.counterexample, v.forced))
    return check


def _relation_check(a: n.Node, symbol: str, b: n.Node, env: Env, declared: tuple[str, ...],
                    issues: list[str], inherited: bool = False) -> RelationCheck | str:
    env.used = set()
    if env.role(a) == "optimal-discriminator" and symbol in ("=", ":="):
        return _optimal_discriminator(a, b, env, declared)
    try:
        lhs, rhs = env.expr(a), env.expr(b)
    except BeyondLimit as exc:
        return f"beyond the limits: {exc}"
    except IllTyped as exc:
        issues.append(str(exc))
        return str(exc)
    except Untranslatable as exc:
        return f"not understood: {exc}"
    used = set(env.used)
    scope = scope_issues(lhs, rhs, inherited, symbol)
    issues.extend(scope)
    if any(FREE_D in issue for issue in scope):  # comparing them means nothing: not checked
        return RelationCheck(text(lhs), symbol, text(rhs), SymbolicVerdict(
            Status.UNKNOWN, "not checked: D is bound on one side and free on the other"))
    if symbol == ":=":
        symbol = "="
    if bounded_by_its_optimum(lhs, symbol, rhs):
        return RelationCheck(text(lhs), symbol, text(rhs), SymbolicVerdict(
            Status.PROVED, "a value is at most the supremum over D (at least the infimum), "
                           "by definition"))
    reduction = reduce_relation(lhs, symbol, rhs, declared, env.domain())
    shown_l, shown_r = text(lhs), text(rhs)
    if reduction.minimum is not None:
        verdict, needed, claim = decide_minimum(*reduction.minimum, declared)
        all_needed = set(needed) | _missing(used | set(reduction.premises), declared)
        return RelationCheck(shown_l, symbol, shown_r, verdict,
                             premises_needed=tuple(sorted(all_needed)), claim=claim)
    if reduction.claim is None:
        verdict = SymbolicVerdict(Status.UNKNOWN, reduction.reason)
        return RelationCheck(shown_l, symbol, shown_r, verdict)
    verdict, needed = decide(reduction.claim, declared)
    # (a row about D* is a claim about its value: 1 - D* = p/(p + q) is refuted, not a condition)
    condition = as_condition(lhs, symbol, rhs) if verdict.status is Status.REFUTED and not (
        _mentions(a, env, "optimal-discriminator") or
        _mentions(b, env, "optimal-discriminator")) else None
    if condition is not None:
        verdict = SymbolicVerdict(Status.UNKNOWN, condition, verdict.residual, verdict.seconds)
        if Y in (lhs - rhs).free_symbols:  # a rewriting of the condition above keeps its roots
            before, env.condition = env.previous_condition, lhs - rhs
            changed = changed_solution(before, lhs - rhs) if before is not None else None
            if changed is not None:  # a slip in a chain of rewritings, or another condition
                verdict = SymbolicVerdict(Status.UNKNOWN, changed, None, verdict.seconds)
    if reduction.sufficient and verdict.status is Status.REFUTED:
        verdict = SymbolicVerdict(Status.UNKNOWN, "a sufficient condition failed: "
                                  + verdict.method, verdict.residual, verdict.seconds)
    if reduction.notes:
        verdict = SymbolicVerdict(verdict.status, "; ".join(reduction.notes) + "; "
                                  + verdict.method, verdict.residual, verdict.seconds,
                                  verdict.counterexample, verdict.forced)
    all_needed = set(needed) | _missing(used | set(reduction.premises), declared)
    return RelationCheck(shown_l, symbol, shown_r, verdict,
                         premises_needed=tuple(sorted(all_needed)), claim=reduction.claim)


def _mentions(node: Any, env: Env, role: str) -> bool:
    """Whether a name of ``role`` occurs in the (resolved) node."""
    if isinstance(node, n.Name):
        return env.role(node) == role
    if isinstance(node, tuple):
        return any(_mentions(item, env, role) for item in node)
    if dataclasses.is_dataclass(node):
        return any(_mentions(getattr(node, f.name), env, role) for f in dataclasses.fields(node))
    return False


def _show(node: n.Node, expr: sp.Expr, name: str) -> str:
    return name if isinstance(node, n.Name | n.Call) else text(expr)


def _missing(used: set[str], declared: tuple[str, ...]) -> set[str]:
    return {p for p in used if p not in declared}


def _roots(pairs: list[tuple[n.Node, str, n.Node]], env: Env,
           declared: tuple[str, ...]) -> RelationCheck | None:
    """``A = B \\Rightarrow D = r``: the root in (0, 1) of A − B in D is exactly r."""
    (a, s1, b), (c, s2, d) = pairs
    if s1 != "=" or s2 != "=" or env.role(c) != "discriminator":
        return None
    try:
        equation = env.expr(a) - env.expr(b)
        root = env.expr(d)
    except Untranslatable:
        return None
    equation = differentiated(equation)  # ∂/∂D [p log D + q log(1 − D)] = 0
    if Y not in equation.free_symbols or equation.has(sp.Integral, DerivativeOf):
        return None
    domain = env.domain()
    if domain is None:
        return None
    claim = Roots(equation, Y, (root,), domain)
    verdict, needed = decide(claim, declared)
    return RelationCheck(f"{text(equation)} = 0", "⇒", f"D = {text(root)}", verdict,
                         premises_needed=needed, claim=claim)
