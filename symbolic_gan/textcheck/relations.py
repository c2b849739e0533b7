"""Turn one relation ``lhs REL rhs`` into claims for the checker, and decide which premises it
needs.

Every symbolic verdict comes from :func:`symbolic_gan.checker.check_claim`. What this module adds
is the reading of the operators a person writes around the claims:

- the same ``\\min_G`` (or ``∂/∂D``) on both sides is removed: ``A = B`` for every G implies
  ``min_G A = min_G B`` (a sufficient condition: failing it gives *unknown*, never *refuted*);
- ``\\min_G A ≥ c`` is exactly ``A ≥ c`` for every G (and ``\\max_D A ≤ c`` likewise);
- ``\\max_D ∫ φ(D) dx`` is ``∫ φ(y*) dx`` by pointwise maximisation, where the checker proves
  that ``y*`` maximises ``φ`` (:class:`~symbolic_gan.derivation.Maximiser`);
- ``∂/∂D ∫ φ dx = ∫ ∂φ/∂y dx`` needs the premise that ∂ and ∫ may be exchanged.

The premises are searched honestly: the claim is checked under the declared premises; if not
proved, once more with every candidate premise; if that proves it, the smallest set of added
candidates that still proves it is named.

>>> from symbolic_gan.derivation import Equation
>>> from symbolic_gan.functionals import JSD
>>> from symbolic_gan.objective import P, Q
>>> import sympy as sp
>>> v, needed = decide(Equation(sp.Integral(P, sp.Symbol("x", real=True)), 1), ("domain",))
>>> str(v.status), needed
('proved', ('normalisation',))
"""

from __future__ import annotations

import contextlib
import functools
import itertools
from collections.abc import Iterator
from typing import cast

import sympy as sp

from symbolic_gan.calculus import find_roots
from symbolic_gan.checker import check_claim, context_for
from symbolic_gan.derivation import (
    Claim,
    Equation,
    Inequality,
    Maximiser,
    Premise,
    Relation,
    Supremum,
)
from symbolic_gan.functionals import expand_functionals, has_integral, integral_terms
from symbolic_gan.objective import P, Q, X, Y
from symbolic_gan.printing import tidy_text
from symbolic_gan.textcheck.meaning import DerivativeOf, Optimise
from symbolic_gan.timebox import TimeLimitReached, time_box
from symbolic_gan.verdict import Status, SymbolicVerdict

__all__ = [
    "CANDIDATES",
    "PREMISES",
    "SECONDS",
    "Reduction",
    "TimeLimit",
    "decide",
    "decide_minimum",
    "eliminate",
    "flip",
    "reduce_relation",
    "text",
    "time_limit",
]

#: Seconds each claim check may take before it is reported unknown ("time limit").
SECONDS = 8.0
_MAX_OPS = 600
_UNIT = sp.Interval.open(0, 1)

#: The premises a document may declare, by name.
PREMISES: dict[str, Premise] = {
    "densities": Premise("densities", "p_data and p_g are densities (non-negative)", "fact"),
    "domain": Premise("domain", "D takes values in (0, 1)", "domain", interval=_UNIT),
    "domain-half-line": Premise("domain-half-line", "D takes values in (0, ∞) (the domain of "
                                "the document's objective)", "domain",
                                interval=sp.Interval.open(0, sp.oo)),
    "positivity": Premise("positivity", "p_data, p_g > 0 on the common support", "positive"),
    "normalisation": Premise("normalisation", "∫ p_data dx = ∫ p_g dx = 1", "normalised"),
    "push-forward": Premise("push-forward", "p_g is the law of G(z), z ∼ p_z: "
                            "E_z[f(G(z))] = E_{x∼p_g}[f(x)]", "fact"),
    "exchange": Premise("exchange", "∂/∂D and ∫ may be exchanged (dominated convergence)",
                        "fact"),
    "convention": Premise("convention", "0·log 0 = 0", "convention"),
    "lln": Premise("lln", "x_1, …, x_N are i.i.d. samples of p_data and N → ∞ (law of large "
                   "numbers): (1/N) Σ f(x_i) → E_{x∼p_data}[f(x)]", "fact"),
}
#: Premises the checker can use, tried when the declared ones do not suffice.
CANDIDATES = ("positivity", "normalisation")
_ALL = tuple(PREMISES.values())


# The text checker's own limits use the package's shared, nesting-aware time box.
TimeLimit = TimeLimitReached


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimit` in the block after ``seconds`` (see :mod:`symbolic_gan.timebox`)."""
    with time_box(seconds):
        yield


@functools.lru_cache(maxsize=256)
def _check(claim: Claim, names: frozenset[str]) -> SymbolicVerdict:
    sides = [getattr(claim, f) for f in ("lhs", "rhs", "function", "point", "expr")
             if hasattr(claim, f)]
    if sum(sp.count_ops(s) for s in sides) > _MAX_OPS:
        return SymbolicVerdict(Status.UNKNOWN, f"time limit: expression larger than {_MAX_OPS} "
                               "operations, not checked")
    try:
        with time_limit(SECONDS):
            return check_claim(claim, context_for(_ALL, tuple(names)))
    except TimeLimit:
        return SymbolicVerdict(Status.UNKNOWN, f"time limit: not decided within {SECONDS:g} s")
    except (TypeError, ValueError, NotImplementedError, AttributeError, ZeroDivisionError,
            RecursionError, sp.PolynomialError) as exc:
        return SymbolicVerdict(Status.UNKNOWN, f"the checker could not handle this claim "
                               f"({type(exc).__name__})")


def decide(claim: Claim, declared: tuple[str, ...]) -> tuple[SymbolicVerdict, tuple[str, ...]]:
    """The verdict under the declared premises, or the candidate premises it needs."""
    have = frozenset(declared)
    missing = [c for c in CANDIDATES if c not in have]
    base = _check(claim, have)
    if base.proved or not missing:
        return base, ()
    full = _check(claim, have | set(missing))
    if not full.proved:
        # only a counterexample that satisfies every premise refutes the claim for densities
        return full, ()
    for size in range(1, len(missing)):
        for extra in itertools.combinations(missing, size):
            attempt = _check(claim, have | set(extra))
            if attempt.proved:
                return attempt, extra
    return full, tuple(missing)


class Reduction:
    """A relation reduced to one claim, with what the reduction used and why it may be weaker."""

    def __init__(self, claim: Claim | None, *, reason: str = "", sufficient: bool = False,
                 premises: tuple[str, ...] = (), notes: tuple[str, ...] = (),
                 minimum: tuple[sp.Expr, sp.Expr] | None = None) -> None:
        self.claim = claim
        self.minimum = minimum
        """``(A, c)`` for a claim ``min_G A = c``: decided by :func:`decide_minimum`."""
        self.reason = reason
        self.sufficient = sufficient
        self.premises = premises
        self.notes = notes


def _outer(expr: sp.Expr) -> tuple[str, sp.Symbol] | None:
    if isinstance(expr, Optimise):
        return str(expr.args[0]), expr.args[1]
    if isinstance(expr, DerivativeOf):
        return "d", sp.Symbol("D")
    return None


def _inner(expr: sp.Expr) -> sp.Expr:
    return expr.args[-1]


def _candidates(slope: sp.Expr) -> list[sp.Expr]:
    """Roots of ``slope`` in y from SymPy's solver: candidates only, each is proved (or not)
    by the checker as a :class:`~symbolic_gan.derivation.Maximiser` afterwards."""
    numerator = sp.fraction(sp.together(slope))[0]
    try:
        with time_limit(SECONDS):
            found = list(find_roots(numerator, Y))  # the engine's candidates, without checksol
    except (TimeLimit, NotImplementedError, ValueError, TypeError):
        return []
    return [r for r in found if isinstance(r, sp.Expr) and not r.has(sp.I)][:4]


def _pointwise_sup(
    body: sp.Expr, declared: tuple[str, ...], domain: sp.Interval | None
) -> tuple[sp.Expr, str, tuple[str, ...]]:
    """``sup_D body`` for ``body = c + ∫ φ(y) dx``: ``c + ∫ sup_y φ dx``, each sup proved, with
    D ranging over ``domain`` (the document's; None when it is not known)."""
    if domain is None:
        raise _Unknown("the domain of D for this objective is not known")
    split = integral_terms(body)
    if not has_integral(body) and not body.has(X):
        split = (sp.S.Zero, body)  # a pointwise expression: D is one value in its domain
        wrap = lambda value: value  # noqa: E731
    else:
        wrap = lambda value: sp.Integral(value, X)  # noqa: E731
    if split is None:
        raise _Unknown("the maximised expression is not c + ∫ φ(D(x)) dx")
    constant, phi = split
    if Y in constant.free_symbols:
        raise _Unknown("D outside the integral: not a pointwise maximisation")
    if Y not in phi.free_symbols:
        return body, "no D to maximise over", ()
    candidates = _candidates(sp.diff(phi, Y))
    for root in candidates:
        verdict, extra = decide(Maximiser(phi, Y, root, domain), declared)
        if verdict.proved:
            return constant + wrap(phi.xreplace({Y: root})), \
                f"pointwise maximisation: y* = {text(root)} maximises the integrand " \
                f"({verdict.method})", extra
    for end, side in ((domain.sup, "-"), (domain.inf, "+")):
        try:
            with time_limit(SECONDS):
                value = sp.limit(phi, Y, end, side)
        except (TimeLimit, NotImplementedError, ValueError):
            continue
        verdict, extra = decide(Supremum(phi, Y, domain, value), declared)
        if verdict.proved:
            return constant + wrap(value), \
                f"pointwise supremum at D → {end} ({verdict.method})", extra
    raise _Unknown("the pointwise maximum over D was not found")


class _Unknown(Exception):
    pass


def eliminate(expr: sp.Expr, declared: tuple[str, ...], domain: sp.Interval | None = _UNIT
              ) -> tuple[sp.Expr, set[str], list[str]]:
    """Replace ``\\max_D``/``\\sup_D`` and ``∂/∂D`` by what they equal; premises and notes."""
    used: set[str] = set()
    notes: list[str] = []

    def sup(e: Optimise) -> sp.Expr:
        kind, var, body = e.args
        if str(var) == "D" and Y not in body.free_symbols and not body.has(DerivativeOf):
            return body  # an optimum over D of something free of D is that thing
        if str(var) != "D" or str(kind) not in ("max", "sup"):
            raise _Unknown(f"\\{kind}_{var} cannot be evaluated here")
        value, note, extra = _pointwise_sup(body, declared, domain)
        notes.append(note)
        used.update(extra)
        return value

    def derivative(e: DerivativeOf) -> sp.Expr:
        (body,) = e.args
        body = expand_functionals(body)
        if body.has(sp.Integral):
            split = integral_terms(body)
            if split is None:
                raise _Unknown("∂/∂D of an expression that is not c + ∫ φ dx")
            used.add("exchange")
            return sp.diff(split[0], Y) + sp.Integral(sp.diff(split[1], Y), X)
        return sp.diff(body, Y)

    expr = expr.replace(lambda e: isinstance(e, DerivativeOf), derivative)
    expr = expr.replace(lambda e: isinstance(e, Optimise) and str(e.args[1]) == "D", sup)
    return expr, used, notes


def reduce_relation(lhs: sp.Expr, symbol: str, rhs: sp.Expr, declared: tuple[str, ...],
                    domain: sp.Interval | None = _UNIT) -> Reduction:
    """The claim a relation between two translated sides amounts to; ``\\max_D`` ranges over
    ``domain``."""
    sufficient = False
    notes: list[str] = []
    # the same operator on both sides: A REL B for every value of its variable suffices, for
    # = and the order-preserving optima; a derivative preserves only equality
    while (kind := _outer(lhs)) is not None and kind == _outer(rhs) and (
            symbol == "=" or (symbol in ("<=", ">=") and kind[0] != "d")):
        notes.append(f"the same {kind[0]}_{kind[1]} on both sides: comparing the arguments "
                     "(a sufficient condition)")
        lhs, rhs, sufficient = _inner(lhs), _inner(rhs), True
    # min over G on the greater side (or max on the smaller) of a G-free bound: exact
    for side, other, relation in ((lhs, rhs, symbol), (rhs, lhs, flip(symbol))):
        outer = _outer(side)
        if outer and str(outer[1]) == "G" and not other.has(Optimise) and \
                Q not in other.free_symbols and (
                (outer[0] in ("min", "inf") and relation == ">=")
                or (outer[0] == "min" and relation == ">")  # a min is attained
                or (outer[0] in ("max", "sup") and relation == "<=")
                or (outer[0] == "max" and relation == "<")):
            notes.append(f"{outer[0]}_G A {relation} c holds exactly when A {relation} c for "
                         "every G")
            if side is lhs:
                lhs = _inner(lhs)
            else:
                rhs = _inner(rhs)
            break
    try:
        lhs, used_l, notes_l = eliminate(lhs, declared, domain)
        rhs, used_r, notes_r = eliminate(rhs, declared, domain)
    except (_Unknown, TimeLimit) as exc:
        reason = "time limit" if isinstance(exc, TimeLimit) else str(exc)
        return Reduction(None, reason=reason, notes=tuple(notes))
    lhs, rhs = _drop_g_free(lhs), _drop_g_free(rhs)
    for side, other in ((lhs, rhs), (rhs, lhs)):
        if symbol == "=" and isinstance(side, Optimise) and str(side.args[0]) in ("min", "inf") \
                and str(side.args[1]) == "G" and not other.has(Optimise) and Q not in \
                other.free_symbols and not side.args[2].has(Optimise):
            return Reduction(None, minimum=(side.args[2], other),
                             premises=tuple(sorted(used_l | used_r)),
                             notes=(*notes, *notes_l, *notes_r))
    if lhs.has(Optimise) or rhs.has(Optimise):
        return Reduction(None, reason="an optimisation over G that is not on both sides",
                         notes=tuple(notes))
    claim: Claim = Equation(lhs, rhs) if symbol == "=" else \
        Inequality(lhs, cast(Relation, symbol), rhs)
    return Reduction(claim, sufficient=sufficient, premises=tuple(sorted(used_l | used_r)),
                     notes=(*notes, *notes_l, *notes_r))


def _drop_g_free(expr: sp.Expr) -> sp.Expr:
    """``min_G c`` is ``c`` when ``c`` does not depend on the generator's density q."""
    return expr.replace(
        lambda e: isinstance(e, Optimise) and str(e.args[1]) == "G"
        and Q not in e.args[2].free_symbols and not e.args[2].has(Optimise),
        lambda e: e.args[2])


def decide_minimum(
    argument: sp.Expr, value: sp.Expr, declared: tuple[str, ...]
) -> tuple[SymbolicVerdict, tuple[str, ...], Claim]:
    """``min_G A = c``: proved when ``A ≥ c`` for every G and ``A = c`` at ``p_g = p_data``;
    refuted when ``A < c`` at ``p_g = p_data`` (G may produce the data distribution: the
    setting of the theorem). The claim returned is the one that decided."""
    at_data = expand_functionals(argument).xreplace({Q: P})
    constant = integral_terms(value)
    if constant is not None and constant[1] == 0:
        value = constant[0]  # ∫ 0 dx = 0
    split = integral_terms(at_data)
    used: tuple[str, ...] = ()
    if split is not None and (split[1] == 0 or
                              _check(Equation(split[1], 0), frozenset(declared)).proved):
        at_data = split[0]  # the integrand vanishes when p_g = p_data
    elif split is not None and P not in sp.diff(split[1], P).free_symbols:
        mass = split[0] + sp.diff(split[1], P)  # k·∫p dx = k under normalisation
        v_mass, used = decide(Equation(at_data, mass), declared)
        if v_mass.proved:
            at_data = mass
    lower = Inequality(argument, ">=", value)
    attained = Equation(at_data, value)
    below = Inequality(at_data, "<", value)
    v_lower, n_lower = decide(lower, declared)
    if v_lower.proved:
        v_at, n_at = decide(attained, declared)
        if v_at.proved:
            needed = tuple(dict.fromkeys((*n_lower, *used, *n_at)))
            return SymbolicVerdict(Status.PROVED, f"A ≥ {text(value)} for every G "
                                   f"({v_lower.method}); equality at p_g = p_data "
                                   f"({v_at.method})", seconds=v_lower.seconds + v_at.seconds
                                   ), needed, lower
    v_below, n_below = decide(below, declared)
    n_below = tuple(dict.fromkeys((*used, *n_below)))
    if v_below.proved:
        return SymbolicVerdict(Status.REFUTED, f"at p_g = p_data the argument is "
                               f"{text(at_data)} < {text(value)} ({v_below.method}), so the "
                               "minimum over G is smaller", seconds=v_below.seconds,
                               counterexample={"p_g": "p_data"}), n_below, below
    return SymbolicVerdict(Status.UNKNOWN, "the minimum over G was not decided: "
                           + v_lower.method), (), lower


def text(expr: sp.Basic) -> str:
    """``expr`` as a person writes it: ``p/(p + q)``, ``x^2``, ``2·log(2)`` (no ``**``).

    >>> text(sp.Symbol("p") ** 2 * 3)
    '3·p²'
    """
    return tidy_text(_Printer().doprint(expr))


class _Printer(sp.printing.str.StrPrinter):
    def _print_Integral(self, expr: sp.Integral) -> str:
        body = self._print(expr.function)
        body = f"({body})" if isinstance(expr.function, sp.Add) else body
        return f"∫ {body} d{self._print(expr.limits[0][0])}"

    def _print_Abs(self, expr: sp.Abs) -> str:
        return f"|{self._print(expr.args[0])}|"


def flip(symbol: str) -> str:
    """The relation read from the other side: ``<`` for ``>``, ``<=`` for ``>=``."""
    return {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(symbol, symbol)
