"""Public numeric API: divergences and GAN values of concrete density pairs.

Every function takes one pair ``(p, q)`` of :class:`~symbolic_gan.densities.Density`, or two
equal-length sequences of them evaluated as one batch, and returns a
:class:`~symbolic_gan.quadrature.QuadResult` (array fields for a batch).  Logs are natural.

* :func:`integrate` — the generic entry point: ``integrand(logp, logq)`` is any vectorised
  function of the two log-densities (``-inf`` where a density is 0) and must itself apply
  the ``0·log 0 = 0`` convention.  Later objectives (LSGAN, f-GANs) reuse it.
* :func:`kl`, :func:`jsd` (with the ½, so ``0 <= JSD <= log 2``), :func:`value`
  (``V(D, G) = E_p[log D] + E_q[log(1 - D)]``, at ``D* = p/(p+q)`` when no discriminator is
  given, which equals ``2·JSD − log 4``), :func:`entropy`, :func:`cross_entropy`
  (``−E_p[log q]``) and :func:`expected_log_likelihood` (``E_p[log q]``).
* :func:`mass` and :func:`nodes` for the normalisation premise and pointwise checks.

:func:`kl`, :func:`jsd` and :func:`value` take ``method=`` (see
:func:`~symbolic_gan.quadrature.integrate_pairs`); their integrands are public
(:func:`kl_integrand`, :func:`jsd_integrand`, :func:`value_star_integrand`, each with an
mpmath twin ``..._mp``) for use with :func:`~symbolic_gan.quadrature.integrate_pairs`.

Infinite divergences are decided analytically (supports, tail classes, a discrete density
against a continuous one), never by quadrature.

>>> from symbolic_gan.densities import Normal, Uniform
>>> r = jsd(Uniform(0, 1), Uniform(2, 3))
>>> round(float(r.value), 12) == round(math.log(2), 12), bool(r.success)
(True, True)
>>> round(float(kl(Normal(0, 1), Normal(1, 1)).value), 12)
0.5
>>> str(kl(Normal(0, 1), Uniform(0, 1)).status)
'infinite'
"""


from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.numeric._functionals import (
    cross_entropy,
    entropy,
    expected_log_likelihood,
    jsd,
    jsd_integrand,
    jsd_integrand_mp,
    kl,
    kl_integrand,
    kl_integrand_mp,
    value,
    value_star_integrand,
    value_star_integrand_mp,
)
from symbolic_gan.numeric._plumbing import run_pairs
from symbolic_gan.quadrature import (
    QuadResult,
    pair_nodes,
)
from symbolic_gan.quadrature import mass as _mass

__all__ = [
    "cross_entropy",
    "entropy",
    "expected_log_likelihood",
    "integrate",
    "jsd",
    "jsd_integrand",
    "jsd_integrand_mp",
    "kl",
    "kl_integrand",
    "kl_integrand_mp",
    "mass",
    "nodes",
    "value",
    "value_star_integrand",
    "value_star_integrand_mp",
]

# ----------------------------------------------------------------------------- generic


def integrate(
    integrand: Callable[[np.ndarray, np.ndarray], np.ndarray],
    p: Any,
    q: Any,
    *,
    mp_integrand: Callable[[Any, Any], Any] | None = None,
    bounds: tuple[float, float] | None = None,
    check_mass: bool = True,
    reference: bool = False,
) -> QuadResult:
    """``∫ integrand(log p(x), log q(x)) dx`` for one pair or a batch.

    ``integrand`` is vectorised over NumPy arrays of log-densities (``-inf`` where a density
    is 0) and must apply ``0·log 0 = 0`` itself.  ``mp_integrand`` (same signature, mpmath
    numbers) enables the mpmath escalation stage and ``reference=True`` (50 digits).
    ``bounds`` adds a self-check on the value; ``check_mass`` checks ``∫p = ∫q = 1``.

    >>> import numpy as np
    >>> from symbolic_gan.densities import Normal
    >>> tv = integrate(lambda lp, lq: 0.5 * np.abs(np.exp(lp) - np.exp(lq)),
    ...                Normal(0, 1), Normal(0, 1))
    >>> float(tv.value), str(tv.status)
    (0.0, 'ok')
    """
    if not callable(integrand):
        raise InvalidArgument.for_value("integrand", integrand, "must be callable")

    def f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray) -> Any:
        return integrand(lp, lq)

    # (an integrand marked with symbolic_gan.quadrature.smooth keeps its mark)
    f.smooth = getattr(integrand, "smooth", False)  # type: ignore[attr-defined]
    mpf = None
    if mp_integrand is not None:
        mp_fn = mp_integrand

        def mpf(x: Any, lp: Any, lq: Any) -> Any:
            return mp_fn(lp, lq)

    return run_pairs(p, q, f, mpf, bounds=bounds, reference=reference, check_mass=check_mass)


def nodes(p: Density, q: Density) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, log p(x), log q(x))`` at the quadrature nodes of one pair (pointwise checks).

    >>> from symbolic_gan.densities import Normal
    >>> x, lp, lq = nodes(Normal(0, 1), Normal(2, 1))
    >>> bool(np.allclose(lp, Normal(0, 1).logpdf(x)))
    True
    """
    for name, d in (("p", p), ("q", q)):
        if not isinstance(d, Density):
            raise InvalidArgument.for_value(name, d, "must be a Density (nodes takes one pair)")
    x, lp, lq = pair_nodes(p, q)
    # Tanh-sinh nodes within rounding of a support end land on the end itself, where a
    # singular density cannot be evaluated from x; their log-densities were computed from
    # the exact distance, but x no longer says where they are: drop them.
    ends = [e for d in (p, q) for e in d.support if math.isfinite(e)]
    keep = ~np.isin(x, ends) if ends else np.ones(x.shape, bool)
    if p.is_discrete or q.is_discrete:
        keep = np.ones(x.shape, bool)
    return x[keep], lp[keep], lq[keep]


def mass(p: Any, *, reference: bool = False) -> QuadResult:
    """``∫ p dx`` for one density or a sequence (never renormalised).

    >>> from symbolic_gan.densities import Discrete
    >>> float(mass(Discrete([0, 1], [0.25, 0.75])).value)
    1.0
    """
    return _mass(p, reference=reference)
