"""Strategies for one density: parameters, families, mixtures, discrete densities."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
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
)
from symbolic_gan.strategies._options import (
    DEFAULT_FAMILIES,
    POSITIVE,
    SPIKE_FACTOR,
    Options,
    make_options,
)


@functools.cache
def float_range(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Finite floats in ``[lo, hi]`` (just ``lo`` when the interval is a point)."""
    return st.just(lo) if lo == hi else st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@functools.cache
def _preferring(simplest: float, lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats in ``[lo, hi]`` that shrink to ``simplest`` when it is in range."""
    if lo <= simplest <= hi and lo < hi:
        return st.one_of(st.just(simplest), float_range(lo, hi))
    return float_range(lo, hi)


@functools.cache
def scales(opts: Options) -> st.SearchStrategy[float]:
    """Scales in the options' range, shrinking to 1; spikes far below it when allowed."""
    regular = _preferring(1.0, opts.min_scale, opts.max_scale)
    if not opts.spikes:
        return regular
    spike = float_range(opts.min_scale * SPIKE_FACTOR, opts.min_scale * 0.1)
    return st.one_of(regular, spike)


@functools.cache
def locations(opts: Options) -> st.SearchStrategy[float]:
    """Locations in the options' range, shrinking to 0."""
    return _preferring(0.0, opts.min_location, opts.max_location)


@functools.cache
def beta_shapes(opts: Options) -> st.SearchStrategy[float]:
    """Beta shape parameters in [1, 8]; singular ones (below 1) when allowed."""
    regular = float_range(1.0, 8.0)
    if not opts.singular:
        return regular
    return st.one_of(regular, float_range(0.2, 0.95))


@functools.cache
def _df(opts: Options) -> st.SearchStrategy[float]:
    regular = float_range(3.0, 30.0)
    if not opts.heavy:
        return regular
    return st.one_of(regular, st.sampled_from((1.0, 2.0)), float_range(1.0, 2.0))


@st.composite
def family_density(
    draw: Any, name: str, opts: Options, centre: st.SearchStrategy[float]
) -> Density:
    """One density of family ``name`` centred at a draw of ``centre``."""
    if name == "beta":
        a = draw(beta_shapes(opts))
        b = draw(beta_shapes(opts))
        return Beta(a, b)
    c = draw(centre)
    s = draw(scales(opts))
    if name in POSITIVE:
        return positive_density(draw, name, opts, abs(c) if c != 0.0 else s)
    if name == "cauchy":
        return Cauchy(c, s)
    if name == "normal":
        return Normal(c, s)
    if name == "laplace":
        return Laplace(c, s)
    if name == "uniform":
        return Uniform(c - s, c + s)
    return StudentT(draw(_df(opts)), c, s)


def positive_density(draw: Any, name: str, opts: Options, centre: float) -> Density:
    """A density on (0, inf) with mean (Gamma, Exponential) or median (LogNormal) ``centre``."""
    if name == "exponential":
        return Exponential(centre)
    if name == "gamma":
        k = draw(beta_shapes(opts))  # shapes in [1, 8], below 1 when singular ones are allowed
        return Gamma(k, centre / k)
    return LogNormal(math.log(centre), draw(float_range(0.25, 1.0)))


@st.composite
def mixture_weights(draw: Any, n: int) -> tuple[float, ...]:
    """``n`` positive weights summing to 1 (within rounding), by construction."""
    raw = [draw(st.integers(1, 9)) for _ in range(n)]
    total = sum(raw)
    ws = [r / total for r in raw[:-1]]
    return (*ws, 1.0 - math.fsum(ws))


@st.composite
def mixture_density(draw: Any, opts: Options, first: Density | None = None) -> Mixture:
    """A two-component mixture of the options' families (its first component ``first``
    when given)."""
    fams = st.sampled_from(opts.families)
    if first is None:
        first = draw(family_density(draw(fams), opts, locations(opts)))
    comps = [first]
    comps.append(draw(family_density(draw(fams), opts, locations(opts))))
    return Mixture(draw(mixture_weights(len(comps))), comps)  # type: ignore[arg-type]


@st.composite
def discrete_density(
    draw: Any, opts: Options, start: float | None = None, n_min: int = 1
) -> Discrete:
    """Points ``start + cumulative positive gaps`` (distinct by construction)."""
    n = draw(st.integers(n_min, 4))
    x = draw(locations(opts)) if start is None else start
    points = [x]
    for _ in range(n - 1):
        x = x + draw(float_range(opts.min_scale, opts.max_scale))
        points.append(x)
    return Discrete(points, draw(mixture_weights(n)))  # type: ignore[arg-type]


@st.composite
def _any(draw: Any, opts: Options, discrete: bool = True) -> Density:
    """One density; a single first choice picks the kind, so plain families shrink first."""
    kinds = opts.families + (("mixture",) if opts.mixtures else ()) + (
        ("discrete",) if discrete and opts.discrete else ())
    kind = draw(st.sampled_from(kinds))
    if kind == "mixture":
        return draw(mixture_density(opts))
    if kind == "discrete":
        return draw(discrete_density(opts))
    return draw(family_density(kind, opts, locations(opts)))


def continuous_density(opts: Options) -> st.SearchStrategy[Density]:
    """One continuous density as the options allow (no discrete ones)."""
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
    opts = make_options(families, min_location, max_location, min_scale, max_scale,
                    allow_spikes, allow_singular, allow_heavy_tails, allow_mixtures,
                    allow_discrete)
    return _any(opts)
