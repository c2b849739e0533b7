"""Quadrature of pointwise integrands of two densities, batched and self-checking.

One result shape, :class:`QuadResult`, whatever the method.  The default method evaluates
many pairs at once with fixed nodes in NumPy:

* composite Gauss–Kronrod (G10/K21) panels split at the union of both densities'
  breakpoints (support ends, kinks, location ± k·scale), with a rational map for
  Gaussian/exponential tails;
* tanh-sinh on panels next to a support end where a density is singular (Beta with
  ``a < 1``...), the densities evaluated at an exact *distance* to the end;
* exp-sinh on power-law (or unknown) tails.

Pairs of two Normals, the common batch, get their own layout:
G20/K41 panels chosen per pair so that each fits both Gaussians and the points where the
log-densities cross, refined only while the pair's summed estimate is above 5e-14; an
integrand declared :func:`bounded_by_densities` (JSD, V at D*) has what lies 8σ beyond
both means bounded analytically instead of integrated.

Integrands are functions ``f(x, logp, logq)`` of the log-densities (``-inf`` where a density
is 0); each integrand is responsible for the ``0·log 0 = 0`` convention.  Per pair the rule
checks itself: the masses of ``p`` and ``q`` on the same nodes, a nested-rule error estimate
(Kronrod − Gauss with the QUADPACK scaling; level h versus 2h for the double-exponential
rules), optional bounds on the value, and non-finite values.  A pair that fails is escalated
to ``scipy.integrate.quad`` split at the same breakpoints (``epsabs=epsrel=1e-13``), then to
mpmath at 30 digits (if an mpmath integrand is given).  If it still fails, the result says so
(``success=False``, a message) and a :class:`~symbolic_gan.errors.NumericWarning` is issued.

Densities that are both discrete are summed exactly over the union of their points; a
discrete density against a continuous one is integrated against the dominating measure
"counting + Lebesgue" (each density is 0 where the other lives).

>>> from symbolic_gan.densities import Normal
>>> r = mass(Normal(0, 1))
>>> round(float(r.value), 12), bool(r.success), r.method
(1.0, True, 'gauss-kronrod')
>>> bool(r.error < 1e-13)
True
"""

from __future__ import annotations

from symbolic_gan.quadrature._base import (
    ATOL,
    MASS_TOL,
    METHODS,
    RTOL,
    Integrand,
    MpIntegrand,
    QuadResult,
    QuadStatus,
)
from symbolic_gan.quadrature._derived import mass, pair_nodes, require_normalised
from symbolic_gan.quadrature._driver import integrate_pairs
from symbolic_gan.quadrature._pairing import (
    as_pairs,
    bounded_by_densities,
    smooth,
    takes_densities,
)
from symbolic_gan.quadrature._rules import gauss_kronrod

__all__ = [
    "ATOL",
    "MASS_TOL",
    "METHODS",
    "RTOL",
    "Integrand",
    "MpIntegrand",
    "QuadResult",
    "QuadStatus",
    "as_pairs",
    "bounded_by_densities",
    "gauss_kronrod",
    "integrate_pairs",
    "mass",
    "pair_nodes",
    "require_normalised",
    "smooth",
    "takes_densities",
]
