"""The families on (0, inf): Gamma, Exponential and LogNormal."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symbolic_gan.densities._base import (
    INF,
    Density,
    Tail,
    as_array,
    call_str,
    real_param,
    sympy_number,
)
from symbolic_gan.densities._location_scale import MuSigma, Normal

_K_GAMMA = (-8.0, -5.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 16.0, 40.0)


@dataclass(frozen=True)
class Gamma(Density):
    """The gamma density ``x^(k-1) e^(-x/θ) / (Γ(k) θ^k)`` on ``(0, inf)``, shape ``k``,
    scale ``θ``; unbounded at 0 for ``k < 1``.

    >>> round(float(Gamma(2, 1).pdf(1.0)), 6)  # 1/e
    0.367879
    >>> str(Gamma(0.5, 2)), Gamma(0.5, 2).end_singular
    ('Gamma(0.5, 2)', (True, False))
    """

    k: float = 1.0
    theta: float = 1.0
    _logc: float = field(default=0.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        k = real_param("shape", self.k, positive=True)
        theta = real_param("scale", self.theta, positive=True)
        object.__setattr__(self, "k", k)
        object.__setattr__(self, "theta", theta)
        object.__setattr__(self, "_logc", -math.lgamma(k) - k * math.log(theta))

    def __str__(self) -> str:
        return call_str("Gamma", self.k, self.theta)

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, INF)

    @property
    def scale(self) -> float:
        return self.theta * math.sqrt(self.k)

    @property
    def log_magnitude(self) -> float:
        mean = self.k * self.theta
        return abs(self._logc) + abs(self.k - 1.0) * abs(math.log(mean)) + self.k

    @property
    def end_singular(self) -> tuple[bool, bool]:
        return (self.k != 1.0, False)

    def logpdf(self, x: object) -> np.ndarray:
        x = as_array(x)
        inside = x > 0.0
        xc = np.where(inside, x, 1.0)
        body = self._logc - xc / self.theta
        if self.k != 1.0:
            body = body + (self.k - 1.0) * np.log(xc)
        out = np.where(inside, body, -np.inf)
        # at 0 itself: +inf for k < 1, 1/θ for k = 1 (the exponential density), 0 for k > 1
        at_zero = np.inf if self.k < 1.0 else (self._logc if self.k == 1.0 else -np.inf)
        return np.where(x == 0.0, at_zero, out)

    def breakpoints(self) -> tuple[float, ...]:
        mean, sd = self.k * self.theta, self.scale
        pts = {0.0}
        pts.update(mean + sd * k for k in _K_GAMMA if mean + sd * k > 0.0)
        # a concentrated shape near 0 (k < 1): geometric points towards 0
        pts.update(self.theta * 10.0**j for j in range(-6, 1))
        return tuple(sorted(pts))

    def tail(self, side: int) -> Tail:
        return ("finite", 0.0) if side < 0 else ("exp", 1.0 / self.theta)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        k, t = sympy_number(self.k), sympy_number(self.theta)
        body = x ** (k - 1) * sympy.exp(-x / t) / (sympy.gamma(k) * t**k)
        return sympy.Piecewise((body, x > 0), (0, True))

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        if not x > 0:
            return mpmath.mpf("-inf")
        k, t = mpmath.mpf(self.k), mpmath.mpf(self.theta)
        return (k - 1) * mpmath.log(x) - x / t - mpmath.loggamma(k) - k * mpmath.log(t)


class Exponential(Gamma):
    """The exponential density ``e^(-x/θ)/θ`` on ``[0, inf)`` (``Gamma(1, θ)``).

    >>> str(Exponential(2)), float(Exponential(2).pdf(0.0))
    ('Exponential(2)', 0.5)
    """

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__(1.0, scale)

    def __str__(self) -> str:
        return call_str("Exponential", self.theta)

    def __repr__(self) -> str:
        return f"Exponential(scale={self.theta!r})"


_K_LOGNORMAL = (-8.0, -5.0, -3.0, -1.5, 0.0, 1.5, 3.0, 5.0, 8.0, 12.0)


@dataclass(frozen=True)
class LogNormal(MuSigma, Density):
    """The density of ``exp(N(mu, sigma²))`` on ``(0, inf)``: a :class:`Normal` density of
    ``log x``, divided by ``x``.

    >>> round(float(LogNormal(0, 1).pdf(1.0)), 6)
    0.398942
    """

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, INF)

    @property
    def scale(self) -> float:
        return math.exp(self.mu) * self.sigma

    @property
    def log_magnitude(self) -> float:
        return self.normal.log_magnitude + abs(self.mu)

    @property
    def end_singular(self) -> tuple[bool, bool]:
        return (True, False)  # log p -> -inf like -(log x)² at 0

    @property
    def normal(self) -> Normal:
        """The normal density of ``log x``."""
        return Normal(self.mu, self.sigma)

    def logpdf(self, x: object) -> np.ndarray:
        x = as_array(x)
        inside = x > 0.0
        lx = np.log(np.where(inside, x, 1.0))
        body = Normal.batch_logpdf(lx, np.array([self.mu, self.sigma])) - lx
        return np.where(inside, body, -np.inf)

    def breakpoints(self) -> tuple[float, ...]:
        pts = {0.0}
        pts.update(math.exp(self.mu + self.sigma * k) for k in _K_LOGNORMAL)
        return tuple(sorted(p for p in pts if math.isfinite(p)))

    def tail(self, side: int) -> Tail:
        # log p ~ -(log x)²/(2σ²): lighter than every power, heavier than exp
        return ("finite", 0.0) if side < 0 else ("unknown", math.nan)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        return sympy.Piecewise((self.normal.sympy_pdf(sympy.log(x)) / x, x > 0), (0, True))

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        if not x > 0:
            return mpmath.mpf("-inf")
        lx = mpmath.log(x)
        return self.normal.mp_logpdf(lx) - lx
