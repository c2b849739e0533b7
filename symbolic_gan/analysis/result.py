"""``analyse(a, b, domain)``: the optimal discriminator and the criterion of any pointwise
objective ``p·a(y) + q·b(y)``, every conclusion a checked step.

>>> result = analyse("log(y)", "log(1 - y)", "(0, 1)")
>>> result.optimum.kind, result.optimum.dstar
('interior', p/(p + q))
>>> result.criterion.expression
'C(G) = 2·JSD(P‖Q) − log(4)'
>>> result.ok
True
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symbolic_gan.analysis.criterion import Criterion, criterion
from symbolic_gan.analysis.limits import Undecided
from symbolic_gan.analysis.optimum import Region, supremum_regions
from symbolic_gan.analysis.reader import read_domain, read_expression
from symbolic_gan.analysis.steps import T, analysis_derivation, in_densities
from symbolic_gan.derivation import interval_text
from symbolic_gan.errors import InvalidArgument, SymbolicGanError
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.timebox import TimeLimitReached, time_box
from symbolic_gan.verdict import CheckedDerivation, NumericStatus, NumericVerdict, Status

__all__ = ["KINDS", "Analysis", "Optimum", "Piece", "analyse", "optimum_kind"]

#: The kinds of optimum, see :func:`optimum_kind`.
KINDS = ("interior", "boundary", "piecewise", "not-attained", "unbounded", "kink", "unknown")


@dataclass(frozen=True)
class Piece:
    """On the region ``when`` (a relation in p, q) the supremum is at ``dstar`` (None if not
    attained), of kind ``where``, with ``h(u)`` equal to ``value`` there."""

    when: sp.Basic
    dstar: sp.Expr | None
    where: str
    value: sp.Expr


@dataclass(frozen=True)
class Optimum:
    """The optimal discriminator: its kind, ``D*`` (None without a unique maximiser) and pieces."""

    kind: str
    dstar: sp.Expr | None
    pieces: tuple[Piece, ...] = ()
    reason: str = ""


def optimum_kind(regions: tuple[Region, ...]) -> str:
    """The kind of the optimum from the regions of the supremum.

    ``unbounded`` if sup = +∞ on some region; ``kink`` if attained where φ is not
    differentiable; ``not-attained`` if nowhere attained; ``interior`` or ``boundary`` when one
    kind of point serves every ratio; ``piecewise`` otherwise.
    """
    wheres = {r.where for r in regions}
    if "unbounded" in wheres:
        return "unbounded"
    if "kink" in wheres:
        return "kink"
    if wheres == {"limit"}:
        return "not-attained"
    if wheres == {"boundary"}:
        return "boundary"
    if len(regions) == 1 and wheres == {"interior"}:
        return "interior"
    return "piecewise"


def _when(region: Region) -> sp.Basic:
    parts = []
    if region.lo != 0:
        parts.append(sp.StrictGreaterThan(P, region.lo * Q))
    if region.hi != sp.oo:
        parts.append(sp.StrictLessThan(P, region.hi * Q))
    return sp.And(*parts) if parts else sp.true


def _optimum(regions: tuple[Region, ...]) -> Optimum:
    kind = optimum_kind(regions)
    pieces = tuple(
        Piece(_when(r), None if r.where in ("limit", "unbounded") or not r.unique
              else in_densities(r.location), r.where, r.value) for r in regions)
    dstar = None
    if len(pieces) == 1:
        dstar = pieces[0].dstar
    elif all(p.dstar is not None for p in pieces):
        # each piece on its own open region: where two regions meet (p = q for the hinge
        # loss) the maximiser may not be unique, so no value is claimed there
        dstar = sp.Piecewise(*[(p.dstar, p.when) for p in pieces])
    return Optimum(kind, dstar, pieces)


def _text(expr: sp.Basic | None) -> str | None:
    return None if expr is None else sp.sstr(expr)


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyse` found: the optimum, the criterion and the checked steps.

    ``ok`` is True when the optimum kind is decided and every step is proved (and no numeric
    check failed). ``notes`` lists what was decided only numerically.
    """

    a: sp.Expr
    b: sp.Expr
    domain: sp.Interval
    optimum: Optimum
    criterion: Criterion | None
    checked: CheckedDerivation | None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return (self.optimum.kind != "unknown" and self.checked is not None
                and self.checked.ok)

    def to_dict(self) -> dict[str, Any]:
        """The JSON fields; every formula a string SymPy reads in the symbols p, q, u."""
        crit = self.criterion
        steps = [] if self.checked is None else [
            {"name": s.step.name, "claim": s.step.claim.text(), "rule": s.step.rule,
             "premises": list(s.step.premises), "symbolic": str(s.symbolic.status),
             "method": s.symbolic.method, "numeric": str(s.numeric.status)}
            for s in self.checked.steps]
        return {
            "objective": {"a": sp.sstr(self.a), "b": sp.sstr(self.b),
                          "domain": interval_text(self.domain)},
            "optimum": {"kind": self.optimum.kind, "dstar": _text(self.optimum.dstar),
                        "pieces": [{"when": sp.sstr(p.when), "dstar": _text(p.dstar),
                                    "kind": p.where, "h": sp.sstr(p.value)}
                                   for p in self.optimum.pieces],
                        "reason": self.optimum.reason},
            "criterion": None if crit is None else {
                "h": sp.sstr(crit.h), "f": _text(crit.f),
                "f_second_derivative": _text(crit.f_second_derivative),
                "scale": _text(crit.scale), "constant": _text(crit.constant),
                "divergence": crit.divergence, "expression": crit.expression},
            "ok": self.ok,
            "notes": list(self.notes),
            "steps": steps,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self) -> str:
        from symbolic_gan.analysis.render import analysis_text

        return analysis_text(self)

    def to_markdown(self) -> str:
        from symbolic_gan.analysis.render import analysis_markdown

        return analysis_markdown(self)

    def to_latex(self) -> str:
        from symbolic_gan.analysis.render import analysis_latex

        return analysis_latex(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _as_expression(value: object, label: str) -> sp.Expr:
    if isinstance(value, str):
        return read_expression(value, label=label)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return sp.nsimplify(value, rational=True)
    if not isinstance(value, sp.Expr):
        raise InvalidArgument.for_value(label, value, "must be a SymPy expression in y or text")
    extra = value.free_symbols - {Y}
    if extra:
        raise InvalidArgument.for_value(label, value,
                                        f"may depend on y only, found {sorted(map(str, extra))}")
    return value


def _as_domain(value: object) -> sp.Interval:
    if isinstance(value, str):
        return read_domain(value)
    if value == sp.Reals:
        return sp.Interval(-sp.oo, sp.oo)
    if not isinstance(value, sp.Interval) or value.measure == 0:
        raise InvalidArgument.for_value("domain", value, "must be a sympy.Interval with "
                                        "non-empty interior, or text such as '(0, 1]'")
    return value


def _check_numerically(checked: CheckedDerivation) -> CheckedDerivation:
    """Numeric verdicts on the default battery for every step stated in p and q; a step stated
    for a region of ratios through the parameter t has no numeric check (``not-run``)."""
    from symbolic_gan.numcheck import check_numeric

    plain = [s for s in checked.steps if T not in s.step.claim.sympy().free_symbols]
    if not plain:
        return checked
    subset = CheckedDerivation(
        dataclasses.replace(checked.derivation, steps=tuple(s.step for s in plain)),
        tuple(plain), checked.seconds)
    done = {s.step.name: s for s in check_numeric(subset).steps}
    steps = tuple(done.get(s.step.name, dataclasses.replace(
        s, numeric=NumericVerdict(NumericStatus.NOT_RUN, detail="stated for a region of p/q "
                                  "through a parameter t: no numeric check")))
        for s in checked.steps)
    return dataclasses.replace(checked, steps=steps)


def analyse(a: sp.Expr | str, b: sp.Expr | str, domain: sp.Interval | str, *,
            check: bool = True, numeric: bool = False, name: str = "objective",
            time_limit: float | None = 60.0) -> Analysis:
    """Analyse ``p·a(y) + q·b(y)`` over ``y`` in ``domain``.

    ``a`` and ``b`` are SymPy expressions in :data:`~symbolic_gan.objective.Y` or text in the
    safe grammar of :mod:`symbolic_gan.analysis.reader`; ``domain`` a ``sympy.Interval`` or text
    like ``'(0, 1]'``. With ``check=False`` the steps are not checked (``ok`` is then False);
    with ``numeric=True`` each step is also checked on the default battery. The search for the
    supremum stops after ``time_limit`` seconds (kind ``unknown``, POSIX main thread only).

    >>> analyse("min(0, y - 1)", "min(0, -y - 1)", "R").criterion.expression
    'C(G) = 2·TV(P‖Q) − 2, TV = ½∫|p − q| dx'
    """
    a_expr, b_expr = _as_expression(a, "a"), _as_expression(b, "b")
    dom = _as_domain(domain)
    if not (a_expr.has(Y) or b_expr.has(Y)):
        raise InvalidArgument.for_value("a", a, "a or b must depend on y")
    notes: tuple[str, ...] = ()
    if time_limit is not None and not (isinstance(time_limit, int | float) and time_limit > 0):
        raise InvalidArgument.for_value("time_limit", time_limit, "must be a positive number")
    box = None
    try:
        with time_box(time_limit) as box:
            found = supremum_regions(a_expr, b_expr, dom)
            regions, notes = found.regions, found.notes
            crit = criterion(regions)
    except Undecided as exc:
        return Analysis(a_expr, b_expr, dom, Optimum("unknown", None, (), str(exc)), None,
                        None, notes)
    except SymbolicGanError:
        raise
    except (TypeError, ValueError, NotImplementedError, ArithmeticError, RecursionError) as exc:
        # a SymPy routine gave up in a way the analysis did not foresee: undecided, not a crash
        return Analysis(a_expr, b_expr, dom, Optimum(
            "unknown", None, (), f"SymPy failed: {type(exc).__name__}: {exc}"), None, None,
            notes)
    except TimeLimitReached as exc:
        if exc.box is not box:
            raise
        return Analysis(a_expr, b_expr, dom, Optimum(
            "unknown", None, (), f"time limit of {time_limit} s exceeded"), None, None, notes)
    derivation = analysis_derivation(a_expr, b_expr, dom, regions, crit,
                                     theorem=f"analyse-{name}")
    checked = None
    if check:
        from symbolic_gan.checker import check as check_symbolic

        box = None
        try:
            with time_box(time_limit) as box:
                checked = check_symbolic(derivation)
        except TimeLimitReached as exc:
            if exc.box is not box:
                raise
            notes = (*notes, f"checking the steps exceeded the time limit of {time_limit} s")
    if numeric and checked is not None:
        checked = _check_numerically(checked)
    optimum = _optimum(regions)
    refuted = [] if checked is None else [
        f"{i}. {item.step.name}" for i, item in enumerate(checked.steps, 1)
        if item.symbolic.status is Status.REFUTED]
    if refuted:  # the optimum and the criterion rest on a false step: neither is an answer
        return Analysis(a_expr, b_expr, dom, Optimum(
            "unknown", None, (), f"refuted step {', '.join(refuted)}: the optimum found does "
            "not hold"), None, checked, notes)
    if optimum.kind == "interior":
        count = len(regions[0].stationary)
        optimum = Optimum(optimum.kind, optimum.dstar, optimum.pieces,
                          "the only stationary point, larger than the ends" if count == 1 else
                          f"the largest of {count} stationary points and the ends")
    return Analysis(a_expr, b_expr, dom, optimum, crit, checked, notes)

