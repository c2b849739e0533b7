"""Closed forms between Normals (KL, W1, entropy), for tests and references."""

from __future__ import annotations

import math

from symbolic_gan.densities._location_scale import Normal
from symbolic_gan.errors import InvalidArgument


def _need_normal(name: str, p: object) -> Normal:
    if not isinstance(p, Normal):
        raise InvalidArgument.for_value(name, p, "must be a Normal")
    return p


def kl_normal(p: Normal, q: Normal) -> float:
    """``KL(p‖q)`` between two normal densities, in closed form.

    >>> kl_normal(Normal(0, 1), Normal(0, 1))
    0.0
    """
    p, q = _need_normal("p", p), _need_normal("q", q)
    r = p.sigma / q.sigma
    return math.log(q.sigma / p.sigma) + (r * r + ((p.mu - q.mu) / q.sigma) ** 2) / 2.0 - 0.5


def w1_normal(p: Normal, q: Normal) -> float:
    """The 1-Wasserstein distance between two normal densities, in closed form.

    ``W1 = E|a + b Z|`` with ``a = mu_p - mu_q``, ``b = sigma_p - sigma_q`` (quantile coupling).

    >>> w1_normal(Normal(0, 1), Normal(2.5, 1))
    2.5
    >>> round(w1_normal(Normal(0, 1), Normal(0, 3)), 6)  # 2*sqrt(2/pi)
    1.595769
    """
    p, q = _need_normal("p", p), _need_normal("q", q)
    a, b = p.mu - q.mu, abs(p.sigma - q.sigma)
    if b == 0.0:
        return abs(a)
    z = a / b
    return b * math.sqrt(2.0 / math.pi) * math.exp(-z * z / 2.0) + a * math.erf(z / math.sqrt(2.0))


def entropy_normal(p: Normal) -> float:
    """Differential entropy ``½ log(2πe σ²)`` of a normal density.

    >>> round(entropy_normal(Normal(0, 1)), 6)
    1.418939
    """
    p = _need_normal("p", p)
    return 0.5 * math.log(2.0 * math.pi * math.e) + math.log(p.sigma)
