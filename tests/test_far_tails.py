"""Far in the tails, where both densities underflow or their logs are huge.

* A ratio of densities is lowered in the log domain (``p/(p + q)`` is ``exp(lp − lpq)``, never
  ``exp(lp)·exp(−lpq)`` = 0·inf), so an integrand of an f-divergence stays finite where both
  densities are below the smallest double.
* The mpmath twin of a lowered claim keeps the digits of ``log p`` when ``log q`` is −1e44
  (``exp(lq)·exp(lp − lq)²`` would otherwise lose ``lp`` to the rounding of ``lp − lq``).
* mpmath's quadrature gives a large finite value, with a small relative error, for a tail
  that does not decay; such a value is refused, never reported as a success.
"""

from __future__ import annotations

import warnings

import mpmath
import numpy as np

from symbolic_gan.densities import Cauchy, Normal
from symbolic_gan.errors import NumericWarning
from symbolic_gan.numcheck.lower import Roles, lower
from symbolic_gan.objective import P, Q
from symbolic_gan.quadrature import integrate_pairs

ROLES = Roles(P, Q)


def test_a_ratio_of_densities_is_finite_where_both_underflow():
    # the χ²-type term of LSGAN's criterion, q·(p/q − 1)²/(p/q + 1): it tends to p, not 0,
    # where q does (so it is not set to 0 there), and stays finite where both underflow
    f = lower(Q * (P / Q - 1) ** 2 / (P / Q + 1), ROLES)
    lp, lq = np.array([-800.0, -1.0]), np.array([-900.0, -2.0])
    value, _ = f.np(lp, lq)
    assert np.all(np.isfinite(value))
    p, q = np.exp(-1.0), np.exp(-2.0)
    assert value[0] == 0.0 and abs(value[1] - (p - q) ** 2 / (p + q)) < 1e-15


def test_the_mpmath_twin_keeps_log_p_when_log_q_is_huge():
    # q·(p/q − 1)²/(p/q + 1) → p where q ≪ p: here p = e^-105.0851226, q = e^-6.9e44
    f = lower(Q * (P / Q - 1) ** 2 / (P / Q + 1), ROLES)
    with mpmath.workdps(30):
        lp, lq = mpmath.mpf("-105.0851226"), mpmath.mpf("-6.913675755e44")
        value, _ = f.mp(lp, lq)
        assert abs(value / mpmath.exp(lp) - 1) < mpmath.mpf(10) ** -25


def test_mpmath_refuses_a_tail_that_does_not_decay():
    # KL(Cauchy ‖ Normal) is infinite: p·(log p − log q) tends to 1/(2π) in both tails.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumericWarning)
        r = integrate_pairs(lambda x, lp, lq: np.exp(lp) * (lp - lq), Cauchy(0, 1), Normal(0, 1),
                            mp_integrand=lambda x, lp, lq: mpmath.exp(lp) * (lp - lq),
                            method="mpmath")
    assert not r.success
    assert "does not decay" in r.message


def test_mpmath_accepts_a_heavy_tail_that_decays():
    # ∫ (p − q)²/(p + q) between two Cauchys of different widths: finite, decays like 1/x²
    def f(x, lp, lq):
        return (np.exp(lp) - np.exp(lq)) ** 2 / (np.exp(lp) + np.exp(lq))

    def f_mp(x, lp, lq):
        return (mpmath.exp(lp) - mpmath.exp(lq)) ** 2 / (mpmath.exp(lp) + mpmath.exp(lq))

    r = integrate_pairs(f, Cauchy(0, 1), Cauchy(0, 3), mp_integrand=f_mp, method="mpmath")
    with mpmath.workdps(30):
        def c(x, s):
            return s / (mpmath.pi * (x * x + s * s))

        exact = mpmath.quad(lambda x: (c(x, 1) - c(x, 3)) ** 2 / (c(x, 1) + c(x, 3)),
                            [-mpmath.inf, 0, mpmath.inf])
    assert r.success and r.method == "mpmath", r
    assert abs(r.value - float(exact)) <= r.error, (r, exact)
