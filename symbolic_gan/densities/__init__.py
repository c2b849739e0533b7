"""Probability densities on the real line, for the numeric side of the checker.

Every density is a frozen dataclass with validated parameters and offers

* ``logpdf(x)`` — vectorised NumPy log-density, ``-inf`` outside the support;
* ``pdf(x)``, ``support`` (ends may be ``±inf``), ``is_discrete``;
* ``breakpoints()`` — the points where quadrature must split (support ends, kinks,
  location ± k·scale);
* ``sympy_pdf(x)`` — the density as a SymPy expression in the SymPy symbol ``x``
  (SymPy is imported only there);
* ``mp_logpdf(x)`` — the log-density in mpmath at the current working precision, for
  reference evaluations;
* ``tail(side)`` — the tail class used to decide infinite divergences analytically.

Built-in families: :class:`Normal`, :class:`Uniform`, :class:`Beta` (including the singular
``a, b < 1``), :class:`Laplace`, :class:`StudentT`, :class:`Cauchy` (Student's t with
``df=1``), :class:`Gamma`, :class:`Exponential` and :class:`LogNormal`,
:class:`Mixture` and :class:`Discrete` (a probability mass function: integrals become sums).
Normal, Laplace, StudentT and Cauchy derive from :class:`LocationScale` (a standardised
log-density of ``z = (x - loc)/scale``).  Families with a batch interface
(:meth:`Density.batch_params` and the ``batch_*`` classmethods) are evaluated many members at
a time by the quadrature.
Users wrap their own density with :meth:`UserDensity.from_logpdf`, :meth:`UserDensity.from_pdf`
or :meth:`UserDensity.from_sympy`; a density that does not integrate to 1 is reported with its
mass (:func:`symbolic_gan.quadrature.require_normalised`), never renormalised.

This package imports NumPy only: neither the quadrature, nor SymPy, nor Hypothesis.

>>> p = Normal(0, 1)
>>> str(p), p.support
('Normal(0, 1)', (-inf, inf))
>>> round(float(p.pdf(0.0)), 6)
0.398942
>>> round(kl_normal(Normal(0, 1), Normal(1, 2)), 6)
0.443147
>>> Normal(0, -1)
Traceback (most recent call last):
    ...
symbolic_gan.errors.InvalidArgument: sigma=-1.0: must be > 0
"""

from __future__ import annotations

from symbolic_gan.densities._base import Density, Tail
from symbolic_gan.densities._closed_forms import entropy_normal, kl_normal, w1_normal
from symbolic_gan.densities._compound import Discrete, Mixture
from symbolic_gan.densities._families import Beta, Uniform
from symbolic_gan.densities._location_scale import (
    LOCATION_ROUNDING,
    Cauchy,
    Laplace,
    LocationScale,
    Normal,
    StudentT,
)
from symbolic_gan.densities._positive import Exponential, Gamma, LogNormal
from symbolic_gan.densities._user import UserDensity

__all__ = [
    "LOCATION_ROUNDING",
    "Beta",
    "Cauchy",
    "Density",
    "Discrete",
    "Exponential",
    "Gamma",
    "Laplace",
    "LocationScale",
    "LogNormal",
    "Mixture",
    "Normal",
    "StudentT",
    "Tail",
    "Uniform",
    "UserDensity",
    "entropy_normal",
    "kl_normal",
    "w1_normal",
]

