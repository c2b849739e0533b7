"""Strategies for pairs of densities whose supports relate as asked."""

from __future__ import annotations

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
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.strategies._densities import (
    beta_shapes,
    continuous_density,
    discrete_density,
    family_density,
    float_range,
    locations,
    mixture_density,
    mixture_weights,
    positive_density,
    scales,
)
from symbolic_gan.strategies._options import (
    BOUNDED,
    DEFAULT_FAMILIES,
    POSITIVE,
    RELATIONS,
    DensityPair,
    Options,
    family_names,
    make_options,
)


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
def _overlapping_to(draw: Any, p: Density, opts: Options) -> Density:
    """A density ``q != p`` positive on a neighbourhood of ``p``'s centre."""
    c = centre_of(p)
    fams = [
        f
        for f in opts.families
        if (f != "beta" or 0.0 < c < 1.0) and (f not in POSITIVE or c > 0.0)
    ]
    name = draw(st.sampled_from(fams))
    if name in POSITIVE:
        q = positive_density(draw, name, opts, c)
    elif name in BOUNDED:
        # A bounded q must contain c in its interior: centre within 0.9 half-widths of c.
        q = draw(family_density(name, opts, st.just(c)))
        if isinstance(q, Uniform):
            h = 0.5 * (q.high - q.low)
            shift = draw(float_range(-0.9, 0.9)) * h
            q = Uniform(q.low + shift, q.high + shift)
    else:
        q = draw(family_density(name, opts, st.just(c)))
        t = draw(float_range(-3.0, 3.0))
        q = _shifted(q, t * q.scale)
    if opts.mixtures and draw(st.booleans()):
        q = draw(mixture_density(opts, first=q))
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
def _inside(draw: Any, lo: float, hi: float, opts: Options) -> Density:
    """A bounded density whose support is a proper subset of ``[lo, hi]`` (ends may be inf)."""
    fams = [f for f in opts.families if f in BOUNDED]
    if "beta" in fams and not (lo <= 0.0 and hi >= 1.0 and (lo, hi) != (0.0, 1.0)):
        fams.remove("beta")
    if math.isfinite(lo) and math.isfinite(hi):
        fams = [f for f in fams if f != "uniform"] + ["inner-uniform"]
    name = draw(st.sampled_from(fams))
    if name == "beta":
        return Beta(draw(beta_shapes(opts)), draw(beta_shapes(opts)))
    if name == "uniform":  # [lo, hi] is unbounded on at least one side
        c = 0.5 * (lo + hi) if math.isfinite(lo + hi) else (
            lo + opts.max_scale if math.isfinite(lo) else
            hi - opts.max_scale if math.isfinite(hi) else draw(locations(opts)))
        s = draw(float_range(opts.min_scale, opts.max_scale))
        return Uniform(c - s, c + s)
    # A proper sub-interval [lo + a·w, hi − b·w] with a, b in [0, 0.45], not both 0.
    w = hi - lo
    a = draw(float_range(0.0, 0.45))
    b = draw(float_range(0.0, 0.45))
    low, high = lo + a * w, hi - b * w
    if (low, high) == (lo, hi):  # a = b = 0, or both too small to move an end
        high = hi - 0.25 * w
    return Uniform(low, high)


def _hull(d: Density) -> tuple[float, float]:
    """The support interval of a single-interval continuous density."""
    return d.support


def _continuous_relations(opts: Options) -> frozenset[str]:
    """The relations that pairs of continuous densities from ``opts.families`` can have."""
    fams = set(opts.families)
    out = {"identical", "overlapping"}
    if "uniform" in fams or ("beta" in fams and fams - {"beta"}):
        out.add("nested")
    if "uniform" in fams:
        out.add("disjoint")
    return frozenset(out)


@st.composite
def _pairs(draw: Any, relations: tuple[str, ...], opts: Options) -> DensityPair:
    relation = draw(st.sampled_from(relations))
    if opts.discrete and (
        relation not in _continuous_relations(opts) or draw(st.booleans())
    ):
        return draw(_discrete_pair(relation, opts))
    if relation == "identical":
        p = draw(continuous_density(opts))
        return DensityPair(p, p, relation)
    if relation == "overlapping":
        p = draw(continuous_density(opts))
        return DensityPair(p, draw(_overlapping_to(p, opts)), relation)
    if relation == "nested":
        # p: a single family density able to hold a bounded density strictly inside.
        outer = [f for f in opts.families if f not in BOUNDED]
        if "uniform" in opts.families:
            outer.append("uniform")
        if "beta" in opts.families and "uniform" in opts.families:
            outer.append("beta")
        p = draw(family_density(draw(st.sampled_from(outer)), opts, locations(opts)))
        lo, hi = _hull(p)
        return DensityPair(p, draw(_inside(lo, hi, opts)), relation)
    # disjoint: two bounded densities, q placed beyond one end of p.
    p_fams = [f for f in opts.families if f in BOUNDED]
    p = draw(family_density(draw(st.sampled_from(p_fams)), opts, locations(opts)))
    lo, hi = p.support
    q_fams = ["uniform"] if "uniform" in opts.families else []
    if "beta" in opts.families and not isinstance(p, Beta) and (hi <= 0.0 or lo >= 1.0):
        q_fams.append("beta")
    name = draw(st.sampled_from(q_fams))
    if name == "beta":
        q: Density = Beta(draw(beta_shapes(opts)), draw(beta_shapes(opts)))
    else:
        gap = draw(float_range(0.0, opts.max_scale))
        width = 2.0 * draw(scales(opts))
        if draw(st.booleans()):
            q = Uniform(lo - gap - width, lo - gap)
        else:
            q = Uniform(hi + gap, hi + gap + width)
    return DensityPair(p, q, relation)


@st.composite
def _discrete_pair(draw: Any, relation: str, opts: Options) -> DensityPair:
    p = draw(discrete_density(opts, n_min=2 if relation == "nested" else 1))
    if relation == "identical":
        return DensityPair(p, p, relation)
    if relation == "nested":
        k = draw(st.integers(1, len(p.points) - 1))
        start = draw(st.integers(0, len(p.points) - k))
        pts = p.points[start:start + k]
        return DensityPair(p, Discrete(pts, draw(mixture_weights(k))), relation)
    if relation == "disjoint":
        gap = draw(float_range(opts.min_scale, opts.max_scale))
        q = draw(discrete_density(opts, start=p.points[-1] + gap))
        return DensityPair(p, q, relation)
    # overlapping: share p's first point, then points of q's own; differ from p.
    q = draw(discrete_density(opts, start=p.points[0]))
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
    relations = family_names("relation", relation, RELATIONS)
    opts = make_options(families, min_location, max_location, min_scale, max_scale,
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
