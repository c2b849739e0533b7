"""Derivations as data: premises, claims and steps, all frozen dataclasses.

A :class:`Derivation` is an ordered tuple of :class:`Step`; each step records its name, its
claim, the one-line rule that produced it, and the names of the premises its check may use.
Nothing here checks anything: :mod:`symbolic_gan.checker` does.

>>> from symbolic_gan.objective import P, Q, Y
>>> step = Step("toy", Equation(P + Q, Q + P), "commutativity", ("positivity",))
>>> step.claim.text()
'p + q = p + q'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from symbolic_gan.errors import InvalidArgument
from symbolic_gan.guards import validated_expr
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.printing import expr_latex, expr_pretty, expr_text

__all__ = [
    "PREMISE_KINDS",
    "Claim",
    "Derivation",
    "Equation",
    "Inequality",
    "Maximiser",
    "Premise",
    "Roots",
    "Step",
    "Supremum",
    "declared_range",
    "interval_text",
    "validated_interval",
]

Relation = Literal["<", "<=", ">", ">="]


def interval_text(domain: sp.Interval) -> str:
    """``(0, 1)`` for an open interval, ``[0, 1)`` for a half-open one, ``ℝ`` for the real line.

    >>> interval_text(sp.Interval.open(0, 1)), interval_text(sp.Reals)
    ('(0, 1)', 'ℝ')
    """
    lo, hi = domain.inf, domain.sup
    if lo == -sp.oo and hi == sp.oo:
        return "ℝ"
    left = "(" if domain.left_open else "["
    right = ")" if domain.right_open else "]"
    return f"{left}{expr_text(lo)}, {expr_text(hi)}{right}"


class _Shown:
    """What every claim shares: its LaTeX joined from :meth:`latex_parts` (defined by each)."""

    def latex_parts(self, *, paper: bool = False) -> tuple[str, str, str]:
        raise NotImplementedError

    def latex(self, *, paper: bool = False) -> str:
        r"""The claim in LaTeX math; ``paper=True`` writes p, q, y as p_data, p_g, D.

        >>> from symbolic_gan.objective import P, Q, Y
        >>> print(Equation(P + Q, Q + P).latex(paper=True))
        p_{\mathrm{data}} + p_g = p_{\mathrm{data}} + p_g
        """
        return " ".join(self.latex_parts(paper=paper))

    def text(self) -> str:
        raise NotImplementedError

    def pretty(self) -> str:
        """The claim for a terminal: drawn over several lines where SymPy can, else one line."""
        return self.text()


_REL_TEXT = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_REL_LATEX = {"<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}
_RELATIONS: dict[str, type[sp.core.relational.Relational]] = {
    "<": sp.StrictLessThan,
    "<=": sp.LessThan,
    ">": sp.StrictGreaterThan,
    ">=": sp.GreaterThan,
}


@dataclass(frozen=True)
class Premise:
    """An assumption a step may use, named so that steps can cite it.

    ``kind`` tells the checker how to use it: ``"positive"`` (the density symbols are positive),
    ``"domain"`` (y lies in the objective's domain), ``"normalised"`` (∫ p = ∫ q = 1),
    ``"convention"`` (0·log 0 = 0) or ``"fact"`` (a hypothesis the checker cannot use,
    stated for the reader, e.g. measurability).
    """

    name: str
    statement: str
    kind: Literal["positive", "domain", "normalised", "convention", "fact"]
    latex: str = ""
    interval: sp.Interval | None = None
    """For ``kind="domain"``: the interval that ``variable`` ranges over."""
    variable: sp.Symbol = Y
    """For ``kind="domain"``: the symbol restricted (the discriminator value y by default)."""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidArgument.for_value("name", self.name, "must be a non-empty str")
        if self.kind not in PREMISE_KINDS:
            raise InvalidArgument.for_value("kind", self.kind,
                                            f"must be one of {sorted(PREMISE_KINDS)}")
        if self.kind == "domain":
            interval = validated_interval("interval", self.interval)
            object.__setattr__(self, "interval", interval)
            _validated_variable("variable", self.variable)
            declared = declared_range(self.variable)
            if declared is None or not sp.sympify(interval.intersect(declared).measure
                                                  ).is_extended_positive:
                raise InvalidArgument.for_value(
                    "interval", self.interval, f"contradicts what {self.variable} was declared "
                    "to be (the premises would prove anything)")
        elif self.interval is not None:
            raise InvalidArgument.for_value("interval", self.interval,
                                            "only a premise of kind 'domain' has an interval")


def declared_range(symbol: sp.Symbol) -> sp.Set | None:
    """The interval of values ``symbol`` was declared to take (positive: (0, ∞)), or None when
    its assumptions are not an interval (integer, rational, …).

    >>> declared_range(sp.Symbol("u", positive=True)), declared_range(sp.Symbol("z"))
    (Interval.open(0, oo), Reals)
    """
    if symbol.is_integer or symbol.is_rational or symbol.is_zero:
        return None
    if symbol.is_positive:
        return sp.Interval.open(0, sp.oo)
    if symbol.is_nonnegative:
        return sp.Interval(0, sp.oo)
    if symbol.is_negative:
        return sp.Interval.open(-sp.oo, 0)
    if symbol.is_nonpositive:
        return sp.Interval(-sp.oo, 0)
    return sp.Reals


#: The kinds of premise the checker knows how to use.
PREMISE_KINDS = frozenset({"positive", "domain", "normalised", "convention", "fact"})


def validated_interval(name: str, value: object) -> sp.Interval:
    """``value`` if it is a SymPy interval of real numbers with ``inf < sup``, else an error.

    >>> validated_interval("domain", sp.Interval(0, 1))
    Interval(0, 1)
    >>> validated_interval("domain", (0, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symbolic_gan.errors.InvalidArgument: domain=(0, 1): must be a sympy Interval (...)
    """
    if not isinstance(value, sp.Interval):
        raise InvalidArgument.for_value(
            name, value, "must be a sympy Interval (e.g. Interval.open(0, 1) or Reals)")
    lo, hi = value.inf, value.sup
    ends_ok = all(e.is_extended_real and not e.free_symbols for e in (lo, hi))
    if not ends_ok or not bool(lo < hi):
        raise InvalidArgument.for_value(name, value, "must have real numeric ends, inf < sup")
    return value


def _validated_variable(name: str, value: object) -> sp.Symbol:
    if not isinstance(value, sp.Symbol) or isinstance(value, sp.Dummy):
        raise InvalidArgument.for_value(name, value, "must be a SymPy Symbol")
    return value


def _validated_condition(name: str, value: object) -> sp.Equality | None:
    if value is None:
        return None
    if not isinstance(value, sp.Equality):
        raise InvalidArgument.for_value(name, value, "must be None or an equation Eq(a, b)")
    for side in value.args:
        validated_expr(name, side)
    return value


def _set_exprs(obj: object, *names: str) -> None:
    """Validate the named fields of a frozen dataclass and store them as SymPy objects."""
    for name in names:
        object.__setattr__(obj, name, validated_expr(name, getattr(obj, name)))


def _no_variable(obj: object, variable: sp.Symbol, *names: str) -> None:
    for name in names:
        values = getattr(obj, name)
        for value in values if isinstance(values, tuple) else (values,):
            if variable in value.free_symbols:
                raise InvalidArgument.for_value(name, value, f"must not depend on {variable}")


@dataclass(frozen=True)
class Equation(_Shown):
    """``lhs = rhs`` for every admissible value of the symbols (integrals allowed)."""

    lhs: sp.Expr
    rhs: sp.Expr

    def __post_init__(self) -> None:
        _set_exprs(self, "lhs", "rhs")

    def sympy(self) -> sp.Basic:
        """The claim as an unevaluated SymPy relation, for printing."""
        return sp.Eq(self.lhs, self.rhs, evaluate=False)

    def text(self) -> str:
        """The claim on one line, in Unicode math."""
        return f"{expr_text(self.lhs)} = {expr_text(self.rhs)}"

    def pretty(self) -> str:
        return expr_pretty(self.sympy())

    def latex_parts(self, *, paper: bool = False) -> tuple[str, str, str]:
        """The claim's LaTeX as (left side, relation, right side)."""
        return expr_latex(self.lhs, paper=paper), "=", expr_latex(self.rhs, paper=paper)


@dataclass(frozen=True)
class Inequality(_Shown):
    """``lhs REL rhs`` for every admissible value of the symbols.

    ``equality_iff`` optionally states when equality holds (for ``<=``/``>=``), as a SymPy
    equation in the density symbols, e.g. ``Eq(p, q)``; the checker must then prove it too.
    """

    lhs: sp.Expr
    relation: Relation
    rhs: sp.Expr
    equality_iff: sp.Basic | None = None

    def __post_init__(self) -> None:
        _set_exprs(self, "lhs", "rhs")
        if self.relation not in _RELATIONS:
            raise InvalidArgument.for_value(
                "relation", self.relation, f"must be one of {sorted(_RELATIONS)}"
            )
        object.__setattr__(self, "equality_iff",
                           _validated_condition("equality_iff", self.equality_iff))
        if self.equality_iff is not None and self.relation in ("<", ">"):
            raise InvalidArgument.for_value("equality_iff", self.equality_iff,
                                            f"a strict relation {self.relation!r} has no "
                                            "equality case")

    def sympy(self) -> sp.Basic:
        return _RELATIONS[self.relation](self.lhs, self.rhs, evaluate=False)

    def text(self) -> str:
        text = f"{expr_text(self.lhs)} {_REL_TEXT[self.relation]} {expr_text(self.rhs)}"
        if self.equality_iff is not None:
            text += f", with equality iff {expr_text(self.equality_iff)}"
        return text

    def pretty(self) -> str:
        shown = expr_pretty(self.sympy())
        if self.equality_iff is not None:
            shown += f"\nwith equality iff {expr_text(self.equality_iff)}"
        return shown

    def latex_parts(self, *, paper: bool = False) -> tuple[str, str, str]:
        right = expr_latex(self.rhs, paper=paper)
        if self.equality_iff is not None:
            right += (r" \quad \text{with equality iff } "
                      f"{expr_latex(self.equality_iff, paper=paper)}")
        return expr_latex(self.lhs, paper=paper), _REL_LATEX[self.relation], right


@dataclass(frozen=True)
class Maximiser(_Shown):
    """``point`` is the unique global maximiser of ``function`` of ``variable`` over ``domain``
    (an interval), for every admissible value of the other symbols."""

    function: sp.Expr
    variable: sp.Symbol
    point: sp.Expr
    domain: sp.Interval

    def __post_init__(self) -> None:
        _set_exprs(self, "function", "point")
        _validated_variable("variable", self.variable)
        object.__setattr__(self, "domain", validated_interval("domain", self.domain))
        _no_variable(self, self.variable, "point")

    def sympy(self) -> sp.Basic:
        return sp.Eq(
            sp.Function("argmax")(self.function), self.point, evaluate=False
        )  # for display only

    def text(self) -> str:
        v = expr_text(self.variable)
        return (f"{v}* = {expr_text(self.point)} maximises {expr_text(self.function)} "
                f"over {v} ∈ {interval_text(self.domain)}")

    def latex_parts(self, *, paper: bool = False) -> tuple[str, str, str]:
        v, dom = expr_latex(self.variable, paper=paper), expr_latex(self.domain)
        return (f"{v}^* = {expr_latex(self.point, paper=paper)}", "=",
                rf"\mathop{{\mathrm{{arg\,max}}}}_{{{v} \in {dom}}} "
                rf"\left[{expr_latex(self.function, paper=paper)}\right]")


@dataclass(frozen=True)
class Roots(_Shown):
    """The roots of ``expr`` in ``variable`` that lie in ``domain`` are exactly ``roots``."""

    expr: sp.Expr
    variable: sp.Symbol
    roots: tuple[sp.Expr, ...]
    domain: sp.Interval

    def __post_init__(self) -> None:
        _set_exprs(self, "expr")
        _validated_variable("variable", self.variable)
        if not isinstance(self.roots, tuple):
            raise InvalidArgument.for_value("roots", self.roots, "must be a tuple of expressions")
        object.__setattr__(self, "roots", tuple(
            validated_expr(f"roots[{i}]", r) for i, r in enumerate(self.roots)))
        object.__setattr__(self, "domain", validated_interval("domain", self.domain))
        _no_variable(self, self.variable, "roots")

    def sympy(self) -> sp.Basic:
        return sp.Eq(self.expr, 0, evaluate=False)

    def text(self) -> str:
        v = expr_text(self.variable)
        shown = ", ".join(expr_text(r) for r in self.roots) or "none"
        return (f"{expr_text(self.expr)} = 0 for {v} ∈ {interval_text(self.domain)} "
                f"exactly at {v} = {shown}")

    def latex_parts(self, *, paper: bool = False) -> tuple[str, str, str]:
        v, dom = expr_latex(self.variable, paper=paper), expr_latex(self.domain)
        roots = ", ".join(expr_latex(r, paper=paper) for r in self.roots) or r"\varnothing"
        return (rf"\left\{{ {v} \in {dom} : {expr_latex(self.expr, paper=paper)} = 0 "
                r"\right\}", "=", rf"\left\{{ {roots} \right\}}")


@dataclass(frozen=True)
class Supremum(_Shown):
    """``sup`` of ``function`` over ``variable`` in the interval ``domain`` is ``value``."""

    function: sp.Expr
    variable: sp.Symbol
    domain: sp.Interval
    value: sp.Expr

    def __post_init__(self) -> None:
        _set_exprs(self, "function", "value")
        _validated_variable("variable", self.variable)
        object.__setattr__(self, "domain", validated_interval("domain", self.domain))
        _no_variable(self, self.variable, "value")

    def sympy(self) -> sp.Basic:
        return sp.Eq(sp.Function("sup")(self.function), self.value, evaluate=False)

    def text(self) -> str:
        return (f"sup_{{{expr_text(self.variable)} ∈ {interval_text(self.domain)}}} "
                f"{expr_text(self.function)} = {expr_text(self.value)}")

    def latex_parts(self, *, paper: bool = False) -> tuple[str, str, str]:
        v, dom = expr_latex(self.variable, paper=paper), expr_latex(self.domain)
        return (rf"\sup_{{{v} \in {dom}}} \left[{expr_latex(self.function, paper=paper)}"
                r"\right]", "=", expr_latex(self.value, paper=paper))


Claim = Equation | Inequality | Maximiser | Roots | Supremum


@dataclass(frozen=True)
class Step:
    """One step of a derivation: a claim, the rule that produced it, the premises it cites and
    the earlier steps it ``uses`` (by name)."""

    name: str
    claim: Claim
    rule: str
    premises: tuple[str, ...] = ()
    note: str = ""
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidArgument.for_value("name", self.name, "must be a non-empty str")
        if not isinstance(self.claim, Equation | Inequality | Maximiser | Roots | Supremum):
            raise InvalidArgument.for_value(
                "claim", self.claim, "must be an Equation, Inequality, Maximiser, Roots or Supremum"
            )
        for field in ("premises", "uses"):
            names = getattr(self, field)
            if not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
                raise InvalidArgument.for_value(field, names, "must be a tuple of names (str)")

    def _repr_latex_(self) -> str:
        return f"$${self.claim.latex(paper=True)}$$"


@dataclass(frozen=True)
class Derivation:
    """An ordered sequence of steps proving a ``conclusion`` from named premises.

    The ``conclusion`` is what the theorem states, as claims; the checker accepts the derivation
    only when each conclusion is a proved step's claim or follows from proved steps by a recorded
    rule (a chain of equations and inequalities). ``statement`` is an optional sentence of
    context for the reader; the statement proper is rendered from the conclusion.
    ``densities`` names the symbols that stand for density values (positive on the common
    support, integrating to 1 under a normalisation premise); every other symbol is a plain
    variable or parameter.
    """

    theorem: str
    title: str
    statement: str
    premises: tuple[Premise, ...]
    steps: tuple[Step, ...]
    reference: str = ""
    symbols: tuple[tuple[str, str], ...] = ()
    """Reader-facing meaning of each symbol, e.g. ``("p", "p_data(x)")``."""
    conclusion: tuple[Claim, ...] = ()
    densities: tuple[sp.Symbol, ...] = (P, Q)

    def __post_init__(self) -> None:
        if not isinstance(self.steps, tuple) or not all(isinstance(s, Step) for s in self.steps):
            raise InvalidArgument.for_value("steps", self.steps, "must be a tuple of Step")
        if not isinstance(self.premises, tuple) or not all(
                isinstance(p, Premise) for p in self.premises):
            raise InvalidArgument.for_value("premises", self.premises,
                                            "must be a tuple of Premise")
        if not isinstance(self.conclusion, tuple) or not all(
                isinstance(c, Equation | Inequality | Maximiser | Roots | Supremum)
                for c in self.conclusion):
            raise InvalidArgument.for_value("conclusion", self.conclusion,
                                            "must be a tuple of claims")
        if not isinstance(self.densities, tuple) or not all(
                isinstance(s, sp.Symbol) for s in self.densities):
            raise InvalidArgument.for_value("densities", self.densities,
                                            "must be a tuple of SymPy Symbols")
        names = [s.name for s in self.steps]
        if len(set(names)) != len(names):
            raise InvalidArgument.for_value("steps", names, "step names must be unique")
        restricted = [p.variable for p in self.premises if p.kind == "domain"]
        if len(set(restricted)) != len(restricted):
            raise InvalidArgument.for_value(
                "premises", [p.name for p in self.premises if p.kind == "domain"],
                "at most one domain premise per variable (two could contradict each other)")
        known = {p.name for p in self.premises}
        for step in self.steps:
            unknown = set(step.premises) - known
            if unknown:
                raise InvalidArgument.for_value(
                    f"steps[{step.name!r}].premises", sorted(unknown), "are not declared premises"
                )

    def conclusion_text(self) -> str:
        """The statement proper, rendered from the conclusion claims (one per line)."""
        return "\n".join(claim.text() for claim in self.conclusion)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def _repr_markdown_(self) -> str:
        """The unchecked derivation: each step's claim, rule and cited premises."""
        lines = [f"**{self.title}** (unchecked: see `symbolic_gan.check`)", ""]
        for i, step in enumerate(self.steps, 1):
            lines.append(f"{i}. **{step.name}**: $${step.claim.latex()}$$ "
                         f"— {step.rule} (premises: {', '.join(step.premises) or 'none'})")
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.steps)

    def step(self, name: str) -> Step:
        """The step called ``name``."""
        for step in self.steps:
            if step.name == name:
                return step
        raise InvalidArgument.for_value("name", name, f"no such step; steps are {self._names()}")

    def premise(self, name: str) -> Premise:
        """The premise called ``name``."""
        for premise in self.premises:
            if premise.name == name:
                return premise
        raise InvalidArgument.for_value(
            "name", name, f"no such premise; premises are {[p.name for p in self.premises]}"
        )

    def _names(self) -> list[str]:
        return [s.name for s in self.steps]

    def replace_step(self, name: str, **changes: object) -> Derivation:
        """A copy with step ``name`` changed, e.g. to check that a wrong claim is refuted.

        >>> from symbolic_gan.theorems import get_theorem
        >>> d = get_theorem("gan-global-optimum").derive()
        >>> d2 = d.replace_step("normalisation", premises=())
        >>> d2.step("normalisation").premises
        ()
        """
        self.step(name)
        steps = tuple(
            dataclasses.replace(s, **changes) if s.name == name else s  # type: ignore[arg-type]
            for s in self.steps
        )
        return dataclasses.replace(self, steps=steps)
