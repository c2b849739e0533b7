"""Derivations as data: premises, claims and steps, all frozen dataclasses.

A :class:`Derivation` is an ordered tuple of :class:`Step`; each step records its name, its
claim, the one-line rule that produced it, and the names of the premises its check may use.
Nothing here checks anything: :mod:`symbolic_gan.checker` does.

>>> from symbolic_gan.objective import P, Q
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
from symbolic_gan.printing import expr_latex, expr_pretty, expr_text

__all__ = [
    "Claim",
    "Derivation",
    "Equation",
    "Inequality",
    "Maximiser",
    "Premise",
    "Roots",
    "Step",
    "Supremum",
    "interval_text",
]

Relation = Literal["<", "<=", ">", ">="]


def interval_text(domain: sp.Interval) -> str:
    """``(0, 1)`` for an open interval, ``ℝ`` for the real line.

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

        >>> from symbolic_gan.objective import P, Q
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
    """For ``kind="domain"``: the open interval that ``y`` ranges over."""


def _expr(name: str, value: object) -> sp.Expr:
    if isinstance(value, int) and not isinstance(value, bool):
        return sp.Integer(value)
    if not isinstance(value, sp.Basic):
        raise InvalidArgument.for_value(name, value, "must be a SymPy expression or an int")
    return value  # type: ignore[return-value]


def _set_exprs(obj: object, *names: str) -> None:
    """Validate the named fields of a frozen dataclass and store them as SymPy objects."""
    for name in names:
        object.__setattr__(obj, name, _expr(name, getattr(obj, name)))


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
    """``point`` maximises ``function`` of ``variable`` over the open interval ``domain``."""

    function: sp.Expr
    variable: sp.Symbol
    point: sp.Expr
    domain: sp.Interval

    def __post_init__(self) -> None:
        _set_exprs(self, "function", "point")
        if not isinstance(self.variable, sp.Symbol):
            raise InvalidArgument.for_value("variable", self.variable, "must be a SymPy Symbol")

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
        if not isinstance(self.roots, tuple):
            raise InvalidArgument.for_value("roots", self.roots, "must be a tuple of expressions")

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
    """``sup`` of ``function`` over ``variable`` in the open interval ``domain`` is ``value``."""

    function: sp.Expr
    variable: sp.Symbol
    domain: sp.Interval
    value: sp.Expr

    def __post_init__(self) -> None:
        _set_exprs(self, "function", "value")

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
    """One step of a derivation: a claim, the rule that produced it, the premises it uses."""

    name: str
    claim: Claim
    rule: str
    premises: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.claim, Equation | Inequality | Maximiser | Roots | Supremum):
            raise InvalidArgument.for_value(
                "claim", self.claim, "must be an Equation, Inequality, Maximiser, Roots or Supremum"
            )
        if not isinstance(self.premises, tuple):
            raise InvalidArgument.for_value("premises", self.premises, "must be a tuple of names")

    def _repr_latex_(self) -> str:
        return f"$${self.claim.latex(paper=True)}$$"


@dataclass(frozen=True)
class Derivation:
    """An ordered sequence of steps proving one theorem from named premises."""

    theorem: str
    title: str
    statement: str
    premises: tuple[Premise, ...]
    steps: tuple[Step, ...]
    reference: str = ""
    symbols: tuple[tuple[str, str], ...] = ()
    """Reader-facing meaning of each symbol, e.g. ``("p", "p_data(x)")``."""

    def __post_init__(self) -> None:
        names = [s.name for s in self.steps]
        if len(set(names)) != len(names):
            raise InvalidArgument.for_value("steps", names, "step names must be unique")
        known = {p.name for p in self.premises}
        for step in self.steps:
            unknown = set(step.premises) - known
            if unknown:
                raise InvalidArgument.for_value(
                    f"steps[{step.name!r}].premises", sorted(unknown), "are not declared premises"
                )

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
