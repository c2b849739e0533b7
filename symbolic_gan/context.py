"""What the premises let the checker assume, and where it looks for counterexamples.

A :class:`Context` carries the cited premises: positive density symbols (otherwise they are
replaced by plain real symbols and sign questions become undecidable), the domain of the variable
(handled by the substitution ``y = lo + (hi − lo)·s/(1 + s)``, ``s > 0``), normalisation, the
support convention and the declared ranges of other symbols. A :class:`Finding` is what a
decision procedure returns. Counterexamples come only from exact evaluation at admissible
rational points, certified by SymPy's ``evalf(strict=True)``.

>>> from symbolic_gan.objective import P, Q
>>> counterexample(P - Q, Context(positive=True), lambda v: v != 0)
({'p': '1/3', 'q': '5/2'}, -2.16666666666666666666666666667)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

from symbolic_gan.calculus import jumps_certified
from symbolic_gan.derivation import declared_range, validated_interval
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.verdict import Status

__all__ = [
    "DIGITS",
    "ZERO_BELOW",
    "Context",
    "Finding",
    "admissible",
    "closed_ends",
    "counterexample",
    "effective_domain",
    "forgetful",
    "interior_substitution",
    "opaque",
    "prepare",
    "sample_points",
    "show_point",
]

# Internal variables are Dummies: a user's own symbol called s or u can never be mistaken for them.
_S = sp.Dummy("s", positive=True)
# Admissible sample points for refutation: rationals that are not special.
_SAMPLES = (sp.Rational(1, 3), sp.Rational(5, 2), sp.Rational(7, 5), sp.Rational(2, 9))
_REAL_SAMPLES = (sp.Rational(1, 3), -sp.Rational(5, 2), sp.Rational(7, 5), -sp.Rational(2, 9))
DIGITS = 30
ZERO_BELOW = sp.Float("1e-20")


@dataclass(frozen=True)
class Context:
    """What the cited premises let the checker assume."""

    positive: bool = False
    domain: sp.Interval | None = None
    """The interval ``variable`` ranges over (None: any real value)."""
    normalised: bool = False
    convention: bool = False
    premise_names: dict[str, str] = field(default_factory=dict)
    """Kind → premise name, for recording which premise justified a rewrite."""
    variable: sp.Symbol = Y
    """The symbol whose range is ``domain`` (the discriminator value unless a claim says)."""
    densities: tuple[sp.Symbol, ...] = (P, Q)
    """The symbols that stand for density values."""
    ranges: tuple[tuple[sp.Symbol, sp.Interval], ...] = ()
    """Intervals other symbols are restricted to (used to pick admissible sample points)."""

    def __post_init__(self) -> None:
        if not isinstance(self.variable, sp.Symbol):
            raise InvalidArgument.for_value("variable", self.variable, "must be a SymPy Symbol")
        if self.domain is not None:
            effective = effective_domain(self.variable,
                                         validated_interval("domain", self.domain))
            if effective is None:
                raise InvalidArgument.for_value(
                    "domain", self.domain, f"leaves no interval of values {self.variable} was "
                    "declared to take")
            object.__setattr__(self, "domain", effective)

    def cite(self, kind: str) -> str:
        return self.premise_names.get(kind, kind)


def effective_domain(symbol: sp.Symbol, domain: sp.Interval) -> sp.Interval | None:
    """``domain`` cut down to the values ``symbol`` was declared to take, or None when that is
    not an interval of positive length."""
    declared = declared_range(symbol)
    if declared is None:
        return None
    effective = domain.intersect(declared)
    if not isinstance(effective, sp.Interval) or not bool(effective.inf < effective.sup):
        return None
    return effective


@dataclass(frozen=True)
class Finding:
    """The outcome of one decision procedure."""

    status: Status
    method: str
    residual: sp.Expr | None = None
    counterexample: dict[str, str] | None = None
    forced: tuple[str, ...] = ()
    equality_at: sp.Equality | None = None
    """For a proved non-strict sign: the expression is 0 exactly where this equation holds."""


def interior_substitution(domain: sp.Interval, variable: sp.Symbol) -> sp.Expr:
    """A map from s > 0 onto the interior of ``domain``."""
    lo, hi = domain.inf, domain.sup
    if lo.is_finite and hi.is_finite:
        return lo + (hi - lo) * _S / (1 + _S)
    if lo.is_finite:
        return lo + _S
    if hi.is_finite:
        return hi - _S
    return variable if variable.is_real else sp.Dummy(variable.name, real=True)


_FORGOTTEN: dict[sp.Symbol, sp.Dummy] = {}


def forgetful(density: sp.Symbol) -> sp.Dummy:
    """The real Dummy that stands for ``density`` when its positivity is not premised."""
    return _FORGOTTEN.setdefault(density, sp.Dummy(density.name, real=True))


def prepare(expr: sp.Expr, ctx: Context, *, reparametrise: bool) -> sp.Expr:
    """Apply the context: forget the positivity of the densities if not premised; map the
    context's variable onto s > 0 (the interior of its domain) if asked.

    Closed ends of the domain are not covered by the map: callers test them separately.
    """
    if reparametrise and ctx.domain is not None:
        inside = interior_substitution(ctx.domain, ctx.variable)
        expr = expr.xreplace({ctx.variable: inside, forgetful(ctx.variable): inside})
    if not ctx.positive:  # Dummies: never the same as a user's own real symbol of that name
        expr = expr.xreplace({s: forgetful(s) for s in expr.free_symbols if s in ctx.densities})
    return expr


def closed_ends(ctx: Context) -> tuple[sp.Expr, ...]:
    """The finite ends that ``ctx.domain`` includes."""
    if ctx.domain is None:
        return ()
    ends = []
    if ctx.domain.inf.is_finite and not ctx.domain.left_open:
        ends.append(ctx.domain.inf)
    if ctx.domain.sup.is_finite and not ctx.domain.right_open:
        ends.append(ctx.domain.sup)
    return tuple(ends)


def opaque(expr: sp.Expr) -> bool:
    """Whether ``expr`` holds an operation left unevaluated (a limit, derivative, substitution
    or integral): it cannot be evaluated at a point, so no counterexample can be certified."""
    return expr.has(sp.Limit, sp.Derivative, sp.Subs, sp.Integral) or any(
        isinstance(node, sp.Function) and hasattr(node, "definition")
        for node in sp.preorder_traversal(expr))


def admissible(symbol: sp.Symbol, value: sp.Expr) -> bool:
    """Whether ``value`` has every property ``symbol`` was declared with (positive, real, …)."""
    return all(getattr(value, f"is_{key}") == held for key, held in symbol.assumptions0.items()
               if key != "commutative")


def sample_points(expr: sp.Expr, ctx: Context) -> list[dict[sp.Symbol, sp.Expr]]:
    """Admissible rational points for the free symbols of ``expr`` (after :func:`prepare`).

    Each symbol takes only values with every property it was declared with, so a point found
    here is a point the claim speaks about.
    """
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if not symbols:
        return [{}]
    densities = {d.name for d in ctx.densities}  # by name: prepare() may have renewed them
    ranges = dict(ctx.ranges)
    choices = []
    for symbol in symbols:
        pool = _SAMPLES if symbol.is_positive or symbol.name in densities else _REAL_SAMPLES
        if symbol in ranges:
            pool = tuple(interior_substitution(ranges[symbol], symbol).xreplace({_S: v})
                         for v in _SAMPLES)
        values = [v for v in pool if admissible(symbol, v)]
        if not values:
            return []
        choices.append(values)
    points = []
    for chosen in itertools.islice(itertools.product(*choices), 16):
        points.append(dict(zip(symbols, chosen, strict=True)))
    return points


def _evaluate(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> sp.Float | None:
    """The value at ``point`` certified to 30 digits, or None if it cannot be told from 0."""
    value = expr.xreplace(point)
    if not jumps_certified(value):
        return None
    try:
        number = sp.N(value, DIGITS, strict=True)
    except (PrecisionExhausted, ValueError, TypeError, ZeroDivisionError):
        return None
    if not number.is_number or number.has(sp.nan, sp.zoo) or not number.is_real:
        return None
    return number


def show_point(point: dict[sp.Symbol, sp.Expr]) -> dict[str, str]:
    shown = {s.name: str(v) for s, v in point.items()}
    if "s" in shown:
        shown["s"] += " (y = lo + (hi - lo)·s/(1 + s))"
    return shown


def counterexample(
    expr: sp.Expr, ctx: Context, violates: Callable[[sp.Float], bool]
) -> tuple[dict[str, str], sp.Float] | None:
    """An admissible point where ``violates(value)`` holds, with the certified value."""
    for point in sample_points(expr, ctx):
        value = _evaluate(expr, point)
        if value is not None and violates(value):
            return show_point(point), value
    return None
