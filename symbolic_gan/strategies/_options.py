"""The vocabulary of the strategies (families, relations, :class:`DensityPair`) and the
validation of their arguments."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from symbolic_gan.densities import (
    Density,
)
from symbolic_gan.errors import InvalidArgument

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

BOUNDED = frozenset({"uniform", "beta"})
#: Families living on (0, inf): centred by their mean or median, never shifted.
POSITIVE = frozenset({"gamma", "exponential", "lognormal"})
SPIKE_FACTOR = 1e-3  # spikes have scales in [min_scale·1e-3, min_scale·1e-1]


@dataclass(frozen=True)
class DensityPair:
    """Two densities and how their supports relate.

    ``relation`` is ``"identical"`` (``q == p``), ``"overlapping"`` (``p != q`` and the supports
    share an interval of positive length, or for discrete densities at least one point),
    ``"nested"`` (the support of ``q`` is a proper subset of the support of ``p``) or
    ``"disjoint"`` (the supports meet in a set of measure zero, so ``JSD(p‖q) = log 2``).

    >>> from symbolic_gan.densities import Normal
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


def family_names(name: str, value: object, allowed: tuple[str, ...]) -> tuple[str, ...]:
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
class Options:
    """The validated arguments of :func:`~symbolic_gan.strategies.densities` and
    :func:`~symbolic_gan.strategies.density_pairs`."""

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


def make_options(
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
) -> Options:
    """Validate the arguments (each named in its error) into :class:`Options`."""
    fams = family_names("families", families, FAMILIES)
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
    return Options(
        fams, lo, hi, s_lo, s_hi,
        _flag("allow_spikes", allow_spikes),
        _flag("allow_singular", allow_singular),
        _flag("allow_heavy_tails", allow_heavy_tails),
        _flag("allow_mixtures", allow_mixtures),
        _flag("allow_discrete", allow_discrete),
    )
