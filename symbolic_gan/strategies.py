"""Hypothesis strategies for densities and density pairs, to property-test GAN-loss code.

Two public strategies:

* :func:`densities` — one :class:`~symbolic_gan.densities.Density` at a time;
* :func:`density_pairs` — a :class:`DensityPair` ``(p, q, relation)`` whose supports are
  identical, overlapping, nested or disjoint, as asked.

Every value is valid by construction (parameters in range, weights and probabilities summing
to 1): one part is drawn, then the bounds of the next are derived from it, and nothing is
filtered.  Examples therefore shrink towards the simplest pair, ``Normal(0, 1)`` against
``Normal(δ, 1)``:

>>> from hypothesis import find
>>> pair = find(density_pairs(relation="overlapping"), lambda pair: True)
>>> str(pair.p), pair.q.__class__.__name__, pair.relation
('Normal(0, 1)', 'Normal', 'overlapping')

Hard cases are opt-in, each by its own flag: narrow spikes, singular Betas (``a < 1`` or
``b < 1``), heavy tails (Student t with ``df <= 2``, the Cauchy density included), two-component
mixtures and discrete densities.  Every argument is validated, and a bad one raises
:class:`~symbolic_gan.errors.InvalidArgument` naming it and its value:

>>> densities(min_scale=-1)
Traceback (most recent call last):
    ...
symbolic_gan.errors.InvalidArgument: min_scale=-1: must be a finite number > 0

``st.from_type`` works for :class:`~symbolic_gan.densities.Density`, every concrete family and
:class:`DensityPair` once both Hypothesis and :mod:`symbolic_gan.densities` are imported (the
registration runs from Hypothesis's entry point or from the densities module, whichever is
imported last).

This module imports only NumPy, Hypothesis and :mod:`symbolic_gan.densities`: no SymPy, no SciPy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from symbolic_gan.densities import (
    Beta,
    Cauchy,
    Density,
    Discrete,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Mixture,
    Normal,
    StudentT,
    Uniform,
    UserDensity,
)
from symbolic_gan.errors import InvalidArgument

__all__ = [
    "DEFAULT_FAMILIES",
    "FAMILIES",
    "RELATIONS",
    "DensityPair",
    "centre_of",
    "densities",
    "density_pairs",
    "register_types",
]

#: The continuous families :func:`densities` can draw from, simplest first (shrinking order).
FAMILIES = (
    "normal",
    "laplace",
    "uniform",
    "beta",
    "student_t",
    "gamma",
    "exponential",
    "lognormal",
    "cauchy",
)
#: The families drawn when none are named (the others are opt-in).
DEFAULT_FAMILIES = ("normal", "laplace", "uniform", "beta", "student_t")
#: How the two densities of a :class:`DensityPair` may relate, simplest first.
RELATIONS = ("overlapping", "identical", "nested", "disjoint")

_BOUNDED = frozenset({"uniform", "beta"})
#: Families living on (0, inf): centred by their mean or median, never shifted.
_POSITIVE = frozenset({"gamma", "exponential", "lognormal"})
_SPIKE_FACTOR = 1e-3  # spikes have scales in [min_scale·1e-3, min_scale·1e-1]


@dataclass(frozen=True)
class DensityPair:
    """Two densities and how their supports relate.

    ``relation`` is ``"identical"`` (``q == p``), ``"overlapping"`` (``p != q`` and the supports
    share an interval of positive length, or for discrete densities at least one point),
    ``"nested"`` (the support of ``q`` is a proper subset of the support of ``p``) or
    ``"disjoint"`` (the supports meet in a set of measure zero, so ``JSD(p‖q) = log 2``).

    >>> pair = DensityPair(Normal(0, 1), Normal(1, 1), "overlapping")
    >>> pair.name
    'Normal(0, 1) vs Normal(1, 1) [overlapping]'
    >>> DensityPair(Normal(0, 1), Normal(1, 1), "close")
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.InvalidArgument: relation='close': must be one of ('overlapping', \
'identical', 'nested', 'disjoint')
    """

    p: Density
    q: Density
    relation: str

    def __post_init__(self) -> None:
        for name in ("p", "q"):
            if not isinstance(getattr(self, name), Density):
                raise InvalidArgument.for_value(name, getattr(self, name), "must be a Density")
        if self.relation not in RELATIONS:
            raise InvalidArgument.for_value(
                "relation", self.relation, f"must be one of {RELATIONS}"
            )

    @property
    def name(self) -> str:
        """A readable label, e.g. for numeric-check cases (``.name``, ``.p``, ``.q``)."""
        return f"{self.p} vs {self.q} [{self.relation}]"


# ------------------------------------------------------------------------------ validation


def _number(name: str, value: object, *, positive: bool = False) -> float:
    reason = "must be a finite number > 0" if positive else "must be a finite number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgument.for_value(name, value, reason)
    v = float(value)
    if not math.isfinite(v) or (positive and not v > 0):
        raise InvalidArgument.for_value(name, value, reason)
    return v


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument.for_value(name, value, "must be True or False")
    return value


def _names(name: str, value: object, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A non-empty tuple of distinct names from ``allowed`` (a single string is accepted)."""
    items: Iterable[Any]
    if isinstance(value, str):
        items = (value,)
    elif isinstance(value, Iterable) and not isinstance(value, bytes):
        items = tuple(value)
    else:
        raise InvalidArgument.for_value(name, value, f"must be a name or names from {allowed}")
    chosen = []
    for item in items:
        if item not in allowed:
            raise InvalidArgument.for_value(name, value, f"{item!r} is not one of {allowed}")
        if item not in chosen:
            chosen.append(item)
    if not chosen:
        raise InvalidArgument.for_value(name, value, f"must name at least one of {allowed}")
    # Keep the canonical (simplest-first) order whatever order the caller used.
    return tuple(n for n in allowed if n in chosen)


@dataclass(frozen=True)
class _Options:
    families: tuple[str, ...]
    min_location: float
    max_location: float
    min_scale: float
    max_scale: float
    spikes: bool
    singular: bool
    heavy: bool
    mixtures: bool
    discrete: bool


def _options(
    families: object,
    min_location: object,
    max_location: object,
    min_scale: object,
    max_scale: object,
    allow_spikes: object,
    allow_singular: object,
    allow_heavy_tails: object,
    allow_mixtures: object,
    allow_discrete: object,
) -> _Options:
    fams = _names("families", families, FAMILIES)
    lo = _number("min_location", min_location)
    hi = _number("max_location", max_location)
    if lo > hi:
        raise InvalidArgument.for_value("min_location", min_location,
                                        f"must be <= max_location={max_location!r}")
    s_lo = _number("min_scale", min_scale, positive=True)
    s_hi = _number("max_scale", max_scale, positive=True)
    if s_lo > s_hi:
        raise InvalidArgument.for_value("min_scale", min_scale,
                                        f"must be <= max_scale={max_scale!r}")
    if not math.isfinite(hi - lo + 4 * s_hi):
        raise InvalidArgument.for_value("max_location", max_location,
                                        "location and scale bounds overflow")
    return _Options(
        fams, lo, hi, s_lo, s_hi,
        _flag("allow_spikes", allow_spikes),
        _flag("allow_singular", allow_singular),
        _flag("allow_heavy_tails", allow_heavy_tails),
        _flag("allow_mixtures", allow_mixtures),
        _flag("allow_discrete", allow_discrete),
    )


# ------------------------------------------------------------------------------ building blocks


def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.just(lo) if lo == hi else st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def _preferring(simplest: float, lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in ``[lo, hi]`` that shrink to ``simplest`` when it is in range."""
    if lo <= simplest <= hi and lo < hi:
        return st.one_of(st.just(simplest), _floats(lo, hi))
    return _floats(lo, hi)


def _scale(opts: _Options) -> st.SearchStrategy[float]:
    regular = _preferring(1.0, opts.min_scale, opts.max_scale)
    if not opts.spikes:
        return regular
    spike = _floats(opts.min_scale * _SPIKE_FACTOR, opts.min_scale * 0.1)
    return st.one_of(regular, spike)


def _location(opts: _Options) -> st.SearchStrategy[float]:
    return _preferring(0.0, opts.min_location, opts.max_location)


def _beta_shape(opts: _Options) -> st.SearchStrategy[float]:
    regular = _floats(1.0, 8.0)
    if not opts.singular:
        return regular
    return st.one_of(regular, _floats(0.2, 0.95))


def _df(opts: _Options) -> st.SearchStrategy[float]:
    regular = _floats(3.0, 30.0)
    if not opts.heavy:
        return regular
    return st.one_of(regular, st.sampled_from((1.0, 2.0)), _floats(1.0, 2.0))


@st.composite
def _family(draw: Any, name: str, opts: _Options, centre: st.SearchStrategy[float]) -> Density:
    """One density of family ``name`` centred at a draw of ``centre``."""
    if name == "beta":
        a = draw(_beta_shape(opts))
        b = draw(_beta_shape(opts))
        return Beta(a, b)
    c = draw(centre)
    s = draw(_scale(opts))
    if name in _POSITIVE:
        return _positive(draw, name, opts, abs(c) if c != 0.0 else s)
    if name == "cauchy":
        return Cauchy(c, s)
    if name == "normal":
        return Normal(c, s)
    if name == "laplace":
        return Laplace(c, s)
    if name == "uniform":
        return Uniform(c - s, c + s)
    return StudentT(draw(_df(opts)), c, s)


def _positive(draw: Any, name: str, opts: _Options, centre: float) -> Density:
    """A density on (0, inf) with mean (Gamma, Exponential) or median (LogNormal) ``centre``."""
    if name == "exponential":
        return Exponential(centre)
    if name == "gamma":
        k = draw(_beta_shape(opts))  # shapes in [1, 8], below 1 when singular ones are allowed
        return Gamma(k, centre / k)
    return LogNormal(math.log(centre), draw(_floats(0.25, 1.0)))


@st.composite
def _weights(draw: Any, n: int) -> tuple[float, ...]:
    """``n`` positive weights summing to 1 (within rounding), by construction."""
    raw = [draw(st.integers(1, 9)) for _ in range(n)]
    total = sum(raw)
    ws = [r / total for r in raw[:-1]]
    return (*ws, 1.0 - math.fsum(ws))


@st.composite
def _mixture(draw: Any, opts: _Options, first: Density | None = None) -> Mixture:
    fams = st.sampled_from(opts.families)
    comps = [first if first is not None else draw(_family(draw(fams), opts, _location(opts)))]
    comps.append(draw(_family(draw(fams), opts, _location(opts))))
    return Mixture(draw(_weights(len(comps))), comps)  # type: ignore[arg-type]


@st.composite
def _discrete(draw: Any, opts: _Options, start: float | None = None, n_min: int = 1) -> Discrete:
    """Points ``start + cumulative positive gaps`` (distinct by construction)."""
    n = draw(st.integers(n_min, 4))
    x = draw(_location(opts)) if start is None else start
    points = [x]
    for _ in range(n - 1):
        x = x + draw(_floats(opts.min_scale, opts.max_scale))
        points.append(x)
    return Discrete(points, draw(_weights(n)))  # type: ignore[arg-type]


@st.composite
def _any(draw: Any, opts: _Options, discrete: bool = True) -> Density:
    """One density; a single first choice picks the kind, so plain families shrink first."""
    kinds = opts.families + (("mixture",) if opts.mixtures else ()) + (
        ("discrete",) if discrete and opts.discrete else ())
    kind = draw(st.sampled_from(kinds))
    if kind == "mixture":
        return draw(_mixture(opts))
    if kind == "discrete":
        return draw(_discrete(opts))
    return draw(_family(kind, opts, _location(opts)))


def _continuous(opts: _Options) -> st.SearchStrategy[Density]:
    return _any(opts, discrete=False)


# ------------------------------------------------------------------------------ densities


def densities(
    *,
    families: Iterable[str] | str = DEFAULT_FAMILIES,
    min_location: float = -4.0,
    max_location: float = 4.0,
    min_scale: float = 0.25,
    max_scale: float = 4.0,
    allow_spikes: bool = False,
    allow_singular: bool = False,
    allow_heavy_tails: bool = False,
    allow_mixtures: bool = False,
    allow_discrete: bool = False,
) -> st.SearchStrategy[Density]:
    """A strategy for densities on the real line.

    * ``families`` — names from :data:`FAMILIES` (``"normal"``, ``"laplace"``, ``"uniform"``,
      ``"beta"``, ``"student_t"``, ``"gamma"``, ``"exponential"``, ``"lognormal"``,
      ``"cauchy"``), a subset or a single name; by default :data:`DEFAULT_FAMILIES` (the
      first five).  Gamma and Exponential are centred by their mean, LogNormal by its
      median, at the absolute value of a drawn location (a drawn scale when it is 0);
    * ``min_location``/``max_location`` — bounds on the centre (the mean of a Normal, the
      location of a Laplace or Student t, the midpoint of a Uniform, the first point of a
      Discrete); a Beta always lives on ``[0, 1]``;
    * ``min_scale``/``max_scale`` — bounds on the scale (standard deviation, Laplace scale,
      Student-t scale, half-width of a Uniform, gaps between Discrete points);
    * ``allow_spikes`` — also draw narrow spikes, scale in ``[min_scale/1000, min_scale/10]``;
    * ``allow_singular`` — Betas with ``a < 1`` or ``b < 1`` (unbounded at an end); otherwise
      ``1 <= a, b <= 8``;
    * ``allow_heavy_tails`` — Student t with ``1 <= df <= 2`` (Cauchy included); otherwise
      ``3 <= df <= 30``;
    * ``allow_mixtures`` — two-component mixtures of the chosen families;
    * ``allow_discrete`` — probability mass functions on one to four points.

    Every density is normalised by construction.  Shrinks towards ``Normal(0, 1)``:

    >>> from hypothesis import find
    >>> str(find(densities(), lambda d: True))
    'Normal(0, 1)'
    >>> str(find(densities(families=["uniform"]), lambda d: True))
    'Uniform(-1, 1)'
    >>> str(find(densities(families=["gamma"]), lambda d: True))
    'Gamma(1, 1)'
    >>> densities(families=["weibull"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.InvalidArgument: families=['weibull']: 'weibull' is not one of ...
    >>> densities(min_location=1, max_location=0)
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.InvalidArgument: min_location=1: must be <= max_location=0
    """
    opts = _options(families, min_location, max_location, min_scale, max_scale,
                    allow_spikes, allow_singular, allow_heavy_tails, allow_mixtures,
                    allow_discrete)
    return _any(opts)


# ------------------------------------------------------------------------------ pairs


def centre_of(d: Density) -> float:
    """A point where ``d`` is positive in a neighbourhood (or carries mass, if discrete):
    the point every ``"overlapping"`` pair of :func:`density_pairs` shares.

    >>> centre_of(Normal(2, 1)), centre_of(Beta(1, 3))
    (2.0, 0.25)
    """
    if isinstance(d, Normal):
        return d.mu
    if isinstance(d, Laplace | StudentT):
        return d.loc
    if isinstance(d, Uniform):
        return 0.5 * (d.low + d.high)
    if isinstance(d, Gamma):
        return d.k * d.theta
    if isinstance(d, LogNormal):
        return math.exp(d.mu)
    if isinstance(d, Beta):
        return d.a / (d.a + d.b)
    if isinstance(d, Mixture):
        return centre_of(d.components[0])
    if isinstance(d, Discrete):
        return d.points[0]
    lo, hi = d.support
    return 0.5 * (lo + hi) if math.isfinite(lo + hi) else 0.0


def _nudge(d: Density) -> Density:
    """A density of the same family that differs from ``d`` (used when a draw hit ``p``)."""
    if isinstance(d, Normal):
        return Normal(d.mu + d.sigma, d.sigma)
    if isinstance(d, Laplace):
        return Laplace(d.loc + d.b, d.b)
    if isinstance(d, Cauchy):
        return Cauchy(d.loc + d.s, d.s)
    if isinstance(d, StudentT):
        return StudentT(d.df, d.loc + d.s, d.s)
    if isinstance(d, Exponential):
        return Exponential(2.0 * d.theta)
    if isinstance(d, Gamma):
        return Gamma(d.k + 1.0, d.theta)
    if isinstance(d, LogNormal):
        return LogNormal(d.mu + d.sigma, d.sigma)
    if isinstance(d, Uniform):
        w = d.high - d.low
        return Uniform(d.low + 0.5 * w, d.high + 0.5 * w)
    if isinstance(d, Beta):
        return Beta(d.a + 1.0, d.b)
    if isinstance(d, Mixture):
        return Mixture(d.weights, (_nudge(d.components[0]), *d.components[1:]))
    raise AssertionError(f"cannot nudge {d}")  # pragma: no cover


@st.composite
def _overlapping_to(draw: Any, p: Density, opts: _Options) -> Density:
    """A density ``q != p`` positive on a neighbourhood of ``p``'s centre."""
    c = centre_of(p)
    fams = [
        f
        for f in opts.families
        if (f != "beta" or 0.0 < c < 1.0) and (f not in _POSITIVE or c > 0.0)
    ]
    name = draw(st.sampled_from(fams))
    if name in _POSITIVE:
        q = _positive(draw, name, opts, c)
    elif name in _BOUNDED:
        # A bounded q must contain c in its interior: centre within 0.9 half-widths of c.
        q = draw(_family(name, opts, st.just(c)))
        if isinstance(q, Uniform):
            h = 0.5 * (q.high - q.low)
            shift = draw(_floats(-0.9, 0.9)) * h
            q = Uniform(q.low + shift, q.high + shift)
    else:
        q = draw(_family(name, opts, st.just(c)))
        t = draw(_floats(-3.0, 3.0))
        q = _shifted(q, t * q.scale)
    if opts.mixtures and draw(st.booleans()):
        q = draw(_mixture(opts, first=q))
    return _nudge(q) if q == p else q


def _shifted(d: Density, delta: float) -> Density:
    if delta == 0.0:
        return d
    if isinstance(d, Normal):
        return Normal(d.mu + delta, d.sigma)
    if isinstance(d, Laplace):
        return Laplace(d.loc + delta, d.b)
    if isinstance(d, Cauchy):
        return Cauchy(d.loc + delta, d.s)
    if isinstance(d, StudentT):
        return StudentT(d.df, d.loc + delta, d.s)
    raise AssertionError(f"cannot shift {d}")  # pragma: no cover


@st.composite
def _inside(draw: Any, lo: float, hi: float, opts: _Options) -> Density:
    """A bounded density whose support is a proper subset of ``[lo, hi]`` (ends may be inf)."""
    fams = [f for f in opts.families if f in _BOUNDED]
    if "beta" in fams and not (lo <= 0.0 and hi >= 1.0 and (lo, hi) != (0.0, 1.0)):
        fams.remove("beta")
    if math.isfinite(lo) and math.isfinite(hi):
        fams = [f for f in fams if f != "uniform"] + ["inner-uniform"]
    name = draw(st.sampled_from(fams))
    if name == "beta":
        return Beta(draw(_beta_shape(opts)), draw(_beta_shape(opts)))
    if name == "uniform":  # [lo, hi] is unbounded on at least one side
        c = 0.5 * (lo + hi) if math.isfinite(lo + hi) else (
            lo + opts.max_scale if math.isfinite(lo) else
            hi - opts.max_scale if math.isfinite(hi) else draw(_location(opts)))
        s = draw(_floats(opts.min_scale, opts.max_scale))
        return Uniform(c - s, c + s)
    # A proper sub-interval [lo + a·w, hi − b·w] with a, b in [0, 0.45], not both 0.
    w = hi - lo
    a = draw(_floats(0.0, 0.45))
    b = draw(_floats(0.0, 0.45))
    low, high = lo + a * w, hi - b * w
    if (low, high) == (lo, hi):  # a = b = 0, or both too small to move an end
        high = hi - 0.25 * w
    return Uniform(low, high)


def _hull(d: Density) -> tuple[float, float]:
    """The support interval of a single-interval continuous density."""
    return d.support


def _continuous_relations(opts: _Options) -> frozenset[str]:
    """The relations that pairs of continuous densities from ``opts.families`` can have."""
    fams = set(opts.families)
    out = {"identical", "overlapping"}
    if "uniform" in fams or ("beta" in fams and fams - {"beta"}):
        out.add("nested")
    if "uniform" in fams:
        out.add("disjoint")
    return frozenset(out)


@st.composite
def _pairs(draw: Any, relations: tuple[str, ...], opts: _Options) -> DensityPair:
    relation = draw(st.sampled_from(relations))
    if opts.discrete and (
        relation not in _continuous_relations(opts) or draw(st.booleans())
    ):
        return draw(_discrete_pair(relation, opts))
    if relation == "identical":
        p = draw(_continuous(opts))
        return DensityPair(p, p, relation)
    if relation == "overlapping":
        p = draw(_continuous(opts))
        return DensityPair(p, draw(_overlapping_to(p, opts)), relation)
    if relation == "nested":
        # p: a single family density able to hold a bounded density strictly inside.
        outer = [f for f in opts.families if f not in _BOUNDED]
        if "uniform" in opts.families:
            outer.append("uniform")
        if "beta" in opts.families and "uniform" in opts.families:
            outer.append("beta")
        p = draw(_family(draw(st.sampled_from(outer)), opts, _location(opts)))
        lo, hi = _hull(p)
        return DensityPair(p, draw(_inside(lo, hi, opts)), relation)
    # disjoint: two bounded densities, q placed beyond one end of p.
    p_fams = [f for f in opts.families if f in _BOUNDED]
    p = draw(_family(draw(st.sampled_from(p_fams)), opts, _location(opts)))
    lo, hi = p.support
    q_fams = ["uniform"] if "uniform" in opts.families else []
    if "beta" in opts.families and not isinstance(p, Beta) and (hi <= 0.0 or lo >= 1.0):
        q_fams.append("beta")
    name = draw(st.sampled_from(q_fams))
    if name == "beta":
        q: Density = Beta(draw(_beta_shape(opts)), draw(_beta_shape(opts)))
    else:
        gap = draw(_floats(0.0, opts.max_scale))
        width = 2.0 * draw(_scale(opts))
        if draw(st.booleans()):
            q = Uniform(lo - gap - width, lo - gap)
        else:
            q = Uniform(hi + gap, hi + gap + width)
    return DensityPair(p, q, relation)


@st.composite
def _discrete_pair(draw: Any, relation: str, opts: _Options) -> DensityPair:
    p = draw(_discrete(opts, n_min=2 if relation == "nested" else 1))
    if relation == "identical":
        return DensityPair(p, p, relation)
    if relation == "nested":
        k = draw(st.integers(1, len(p.points) - 1))
        start = draw(st.integers(0, len(p.points) - k))
        pts = p.points[start:start + k]
        return DensityPair(p, Discrete(pts, draw(_weights(k))), relation)
    if relation == "disjoint":
        gap = draw(_floats(opts.min_scale, opts.max_scale))
        q = draw(_discrete(opts, start=p.points[-1] + gap))
        return DensityPair(p, q, relation)
    # overlapping: share p's first point, then points of q's own; differ from p.
    q = draw(_discrete(opts, start=p.points[0]))
    if q == p:  # append a point of q's own (or drop to a one-point mass when p has four)
        if len(p.points) < 4:
            q = Discrete((*p.points, p.points[-1] + opts.max_scale),
                         (*(0.5 * v for v in p.probs), 0.5))
        else:
            q = Discrete(p.points[:1], (1.0,))
    return DensityPair(p, q, relation)


def density_pairs(
    *,
    relation: Iterable[str] | str = RELATIONS,
    families: Iterable[str] | str = DEFAULT_FAMILIES,
    min_location: float = -4.0,
    max_location: float = 4.0,
    min_scale: float = 0.25,
    max_scale: float = 4.0,
    allow_spikes: bool = False,
    allow_singular: bool = False,
    allow_heavy_tails: bool = False,
    allow_mixtures: bool = False,
    allow_discrete: bool = False,
) -> st.SearchStrategy[DensityPair]:
    """A strategy for :class:`DensityPair` ``(p, q, relation)``.

    ``relation`` is one name or several from :data:`RELATIONS`.  The other options are those of
    :func:`densities` and bound ``p``; ``q`` is derived from ``p`` so that the relation holds
    (an overlapping ``q`` is positive around the centre of ``p``; a nested ``q`` is a Uniform or
    a Beta strictly inside the support of ``p``; a disjoint ``q`` lies beyond an end of ``p``),
    and may therefore sit outside the location bounds.  ``"nested"`` needs a bounded family
    (``"uniform"``, or ``"beta"`` with an unbounded family or ``"uniform"``); ``"disjoint"``
    needs ``"uniform"`` (or ``allow_discrete=True``).  Mixtures appear only in identical and
    overlapping pairs; discrete densities are paired only with discrete ones (and, being
    described by fewer choices, a discrete pair can be the minimal example when
    ``allow_discrete=True``).

    >>> from hypothesis import find
    >>> pair = find(density_pairs(relation="disjoint"), lambda pair: True)
    >>> str(pair.p), str(pair.q)
    ('Uniform(-1, 1)', 'Uniform(1, 3)')
    >>> density_pairs(relation="disjoint", families=["normal", "laplace"])
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.InvalidArgument: relation='disjoint': needs a bounded family \
('uniform') in families=('normal', 'laplace'), or allow_discrete=True
    """
    relations = _names("relation", relation, RELATIONS)
    opts = _options(families, min_location, max_location, min_scale, max_scale,
                    allow_spikes, allow_singular, allow_heavy_tails, allow_mixtures,
                    allow_discrete)
    possible = _continuous_relations(opts)
    shown = relation if isinstance(relation, str) else relations
    if "nested" in relations and not opts.discrete and "nested" not in possible:
        raise InvalidArgument.for_value(
            "relation", shown,
            "'nested' needs a bounded family ('uniform', or 'beta' with another family) in "
            f"families={opts.families}, or allow_discrete=True")
    if "disjoint" in relations and not opts.discrete and "disjoint" not in possible:
        raise InvalidArgument.for_value(
            "relation", shown,
            f"needs a bounded family ('uniform') in families={opts.families}, "
            "or allow_discrete=True")
    return _pairs(relations, opts)


# ------------------------------------------------------------------------------ from_type


_REGISTERED = False


def _user_densities() -> st.SearchStrategy[UserDensity]:
    """User densities wrapping a drawn Normal's log-density (mass known to be 1)."""
    return densities(families="normal").map(
        lambda d: UserDensity.from_logpdf(d.logpdf, d.support, name=f"user {d}",
                                          check_mass=False)
    )


def register_types() -> None:
    """Register ``st.from_type`` strategies for the density types and DensityPair (idempotent;
    run on import, and by the Hypothesis entry point)."""
    global _REGISTERED
    if _REGISTERED:
        return
    # Resolver functions, not strategy objects: nothing is built or evaluated until
    # ``st.from_type`` asks (Hypothesis warns about work done while its pytest plugin loads).
    resolvers: dict[type, Any] = {
        Density: lambda: densities(allow_mixtures=True),
        Normal: lambda: densities(families="normal"),
        Laplace: lambda: densities(families="laplace"),
        Uniform: lambda: densities(families="uniform"),
        Beta: lambda: densities(families="beta", allow_singular=True),
        StudentT: lambda: densities(families="student_t", allow_heavy_tails=True),
        Cauchy: lambda: densities(families="cauchy"),
        Gamma: lambda: densities(families=("gamma", "exponential"), allow_singular=True),
        Exponential: lambda: densities(families="exponential"),
        LogNormal: lambda: densities(families="lognormal"),
        Mixture: lambda: _mixture(_options(DEFAULT_FAMILIES, -4.0, 4.0, 0.25, 4.0,
                                           False, False, False, True, False)),
        Discrete: lambda: _discrete(_options(DEFAULT_FAMILIES, -4.0, 4.0, 0.25, 4.0,
                                             False, False, False, False, True)),
        UserDensity: _user_densities,
        DensityPair: density_pairs,
    }
    for cls, make in resolvers.items():
        st.register_type_strategy(cls, lambda _type, make=make: make())  # type: ignore[misc]
    _REGISTERED = True


# Importing this module means Hypothesis and the densities are both loaded: register now (the
# hook skips a strategies module that is still being imported).
register_types()
