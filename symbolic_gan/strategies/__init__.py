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
from symbolic_gan.strategies._densities import densities, discrete_density, mixture_density
from symbolic_gan.strategies._options import (
    DEFAULT_FAMILIES,
    FAMILIES,
    RELATIONS,
    DensityPair,
    make_options,
)
from symbolic_gan.strategies._pairs import centre_of, density_pairs

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
        Mixture: lambda: mixture_density(make_options(DEFAULT_FAMILIES, -4.0, 4.0, 0.25, 4.0,
                                           False, False, False, True, False)),
        Discrete: lambda: discrete_density(make_options(DEFAULT_FAMILIES, -4.0, 4.0, 0.25, 4.0,
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
