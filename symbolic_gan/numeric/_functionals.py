"""The divergences and GAN values, with their integrands and mpmath twins."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.numeric._plumbing import (
    LOG2,
    LOG4,
    kl_decide,
    log_sum,
    mp_logaddexp,
    mp_zero_safe_product,
    run_pairs,
    singular_decide,
    zero_safe_product,
)
from symbolic_gan.quadrature import (
    QuadResult,
    as_pairs,
    bounded_by_densities,
    smooth,
    takes_densities,
)


@smooth
@takes_densities
def kl_integrand(
    x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """``p·log(p/q)`` with ``0·log 0 = 0`` (the integrand of :func:`kl`)."""
    out = p * (lp - lq)
    if np.isnan(out).any():  # 0 * inf where p = 0: apply 0·log 0 = 0 there
        out = zero_safe_product(p, lp - lq)
    return out


def kl_integrand_mp(x: Any, lp: Any, lq: Any) -> Any:
    """The mpmath twin of :func:`kl_integrand`."""
    return mp_zero_safe_product(lp, lp - lq)


def kl(p: Any, q: Any, *, reference: bool = False, method: str = "auto") -> QuadResult:
    """Kullback–Leibler divergence ``KL(p‖q) = ∫ p log(p/q)``.

    >>> from symbolic_gan.densities import Normal, StudentT, kl_normal
    >>> r = kl(Normal(0, 1), Normal(1, 2))
    >>> abs(float(r.value) - kl_normal(Normal(0, 1), Normal(1, 2))) < 1e-13
    True
    >>> kl(StudentT(1), Normal(0, 1)).message
    'p has a power tail |x|^-2 and q a gauss tail: E_p[-log q] diverges'
    """
    return run_pairs(
        p,
        q,
        kl_integrand,
        kl_integrand_mp,
        decide=kl_decide,
        bounds=(0.0, math.inf),
        reference=reference,
        method=method,
    )


@smooth
@bounded_by_densities(0.5 * LOG2)  # 0 <= f <= (p + q)·log(2)/2
@takes_densities
def jsd_integrand(
    x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """``½(p·log(p/m) + q·log(q/m))``, ``m = (p+q)/2``, in the log domain (of :func:`jsd`)."""
    lm = log_sum(lp, lq, p, q)
    lm -= LOG2
    if np.ndim(lm) == 0:
        return 0.5 * (zero_safe_product(p, lp - lm) + zero_safe_product(q, lq - lm))
    # (in place: two passes fewer over a large batch than p·(lp - lm) + q·(lq - lm))
    out = np.subtract(lp, lm)
    out *= p
    q_term = np.subtract(lq, lm, out=lm)
    q_term *= q
    out += q_term
    if np.isnan(out.sum()):  # 0 * inf where a density is 0: apply 0·log 0 = 0 there
        lm = log_sum(lp, lq, p, q)
        lm -= LOG2
        out = zero_safe_product(p, lp - lm) + zero_safe_product(q, lq - lm)
    out *= 0.5
    return out


def jsd_integrand_mp(x: Any, lp: Any, lq: Any) -> Any:
    """The mpmath twin of :func:`jsd_integrand`."""
    import mpmath

    lm = mp_logaddexp(lp, lq) - mpmath.log(2)
    return (mp_zero_safe_product(lp, lp - lm) + mp_zero_safe_product(lq, lq - lm)) / 2


def jsd(p: Any, q: Any, *, reference: bool = False, method: str = "auto") -> QuadResult:
    """Jensen–Shannon divergence ``½KL(p‖m) + ½KL(q‖m)``, ``m = (p+q)/2``, in nats.

    >>> from symbolic_gan.densities import Normal
    >>> abs(float(jsd(Normal(0, 1), Normal(0, 1)).value)) < 1e-15
    True
    """
    return run_pairs(
        p,
        q,
        jsd_integrand,
        jsd_integrand_mp,
        decide=singular_decide(LOG2, "JSD = log 2"),
        bounds=(0.0, LOG2),
        reference=reference,
        method=method,
    )


@smooth
@bounded_by_densities(1.0)  # p·log(1 + q/p) <= q and q·log(1 + p/q) <= p
@takes_densities
def value_star_integrand(
    x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """``p·log D* + q·log(1 − D*)``, ``D* = p/(p+q)``, in the log domain (of :func:`value`)."""
    ls = log_sum(lp, lq, p, q)
    out = p * (lp - ls) + q * (lq - ls)
    if np.isnan(out).any():  # 0 * inf where a density is 0: apply 0·log 0 = 0 there
        out = zero_safe_product(p, lp - ls) + zero_safe_product(q, lq - ls)
    return out


def value_star_integrand_mp(x: Any, lp: Any, lq: Any) -> Any:
    """The mpmath twin of :func:`value_star_integrand`."""
    ls = mp_logaddexp(lp, lq)
    return mp_zero_safe_product(lp, lp - ls) + mp_zero_safe_product(lq, lq - ls)


def _check_d(x: np.ndarray, y: Any) -> np.ndarray:
    y = np.broadcast_to(np.asarray(y, dtype=float), x.shape)
    bad = ~((y >= 0.0) & (y <= 1.0))
    if bad.any():
        i = np.flatnonzero(bad.ravel())[0]
        raise InvalidArgument.for_value(
            "discriminator",
            f"D({float(x.ravel()[i])!r}) = {float(y.ravel()[i])!r}",
            "must return values in [0, 1]",
        )
    return y


def value(
    p: Any,
    q: Any,
    discriminator: Callable[[np.ndarray], Any] | None = None,
    *,
    reference: bool = False,
    method: str = "auto",
) -> QuadResult:
    """``V(D, G) = E_p[log D] + E_q[log(1 − D)]``; at ``D* = p/(p+q)`` when ``None``.

    At ``D*`` the integrand is computed directly (not through JSD), so that the integral
    identity ``V(D*) = 2·JSD − log 4`` can be checked numerically.  A discriminator is a
    vectorised callable of x with values in ``[0, 1]``; where it returns exactly 0 (e.g. a
    sigmoid that underflows) and p > 0, the value is ``-inf`` (status ``infinite``).

    >>> from symbolic_gan.densities import Normal
    >>> round(float(value(Normal(0, 1), Normal(0, 1)).value), 12) == round(-math.log(4), 12)
    True
    >>> round(float(value(Normal(0, 1), Normal(0, 1), lambda x: 0.5 + 0 * x).value), 9)
    -1.386294361
    """
    if discriminator is None:
        return run_pairs(
            p,
            q,
            value_star_integrand,
            value_star_integrand_mp,
            decide=singular_decide(0.0, "V(D*) = 0"),
            bounds=(-LOG4, 0.0),
            reference=reference,
            method=method,
        )
    if not callable(discriminator):
        raise InvalidArgument.for_value("discriminator", discriminator, "must be callable or None")
    user = discriminator

    def disc(x: np.ndarray) -> Any:
        try:
            return user(x)
        except Exception as exc:  # the user's own failure, named for them
            raise InvalidArgument.for_value(
                "discriminator", discriminator, f"raised {type(exc).__name__}: {exc}") from exc

    @takes_densities
    def f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray, pv: np.ndarray, qv: np.ndarray) -> Any:
        y = _check_d(x, disc(x))
        with np.errstate(divide="ignore"):
            return zero_safe_product(pv, np.log(y)) + zero_safe_product(qv, np.log1p(-y))

    def mpf(x: Any, lp: Any, lq: Any) -> Any:
        import mpmath

        xa = np.array([float(x)])
        y = mpmath.mpf(float(_check_d(xa, disc(xa))[0]))
        t1 = mp_zero_safe_product(lp, mpmath.log(y) if y > 0 else mpmath.mpf("-inf"))
        t2 = mp_zero_safe_product(lq, mpmath.log1p(-y) if y < 1 else mpmath.mpf("-inf"))
        return t1 + t2

    return run_pairs(p, q, f, mpf, bounds=(-math.inf, 0.0), reference=reference, method=method)


@smooth
@takes_densities
def _h_f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray) -> Any:
    return -zero_safe_product(p, lp)


def _h_mp(x: Any, lp: Any, lq: Any) -> Any:
    return -mp_zero_safe_product(lp, lp)


def entropy(p: Any, *, reference: bool = False) -> QuadResult:
    """Differential entropy ``−∫ p log p`` (Shannon entropy for a Discrete density).

    >>> from symbolic_gan.densities import Normal, entropy_normal
    >>> abs(float(entropy(Normal(0, 2)).value) - entropy_normal(Normal(0, 2))) < 1e-13
    True
    """
    ps, _, batch = as_pairs(p, p)
    arg = ps if batch else ps[0]
    return run_pairs(arg, arg, _h_f, _h_mp, reference=reference)


@smooth
@takes_densities
def _ell_f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray) -> Any:
    return zero_safe_product(p, lq)


def _ell_mp(x: Any, lp: Any, lq: Any) -> Any:
    return mp_zero_safe_product(lp, lq)


def _negate(r: QuadResult) -> QuadResult:
    v = -r.value if not r.is_batch else -np.asarray(r.value)
    return QuadResult(v, r.error, r.success, r.status, r.method, r.nfev, r.message, r.clamped)


def expected_log_likelihood(p: Any, q: Any, *, reference: bool = False) -> QuadResult:
    """``E_p[log q]`` (``−inf`` when ``KL(p‖q)`` is infinite); ``= −H(p) − KL(p‖q)``.

    >>> from symbolic_gan.densities import Normal
    >>> round(float(expected_log_likelihood(Normal(0, 1), Normal(0, 1)).value), 9)
    -1.418938533
    """

    def decide(a: Density, b: Density) -> QuadResult | None:
        r = kl_decide(a, b)
        return None if r is None else _negate(r)

    return run_pairs(p, q, _ell_f, _ell_mp, decide=decide, reference=reference)


def cross_entropy(p: Any, q: Any, *, reference: bool = False) -> QuadResult:
    """Cross-entropy ``H(p, q) = −E_p[log q] = H(p) + KL(p‖q)``.

    >>> from symbolic_gan.densities import Normal
    >>> round(float(cross_entropy(Normal(0, 1), Normal(0, 1)).value), 9)
    1.418938533
    """
    return _negate(expected_log_likelihood(p, q, reference=reference))
