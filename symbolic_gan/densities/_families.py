"""The bounded families: Uniform and Beta."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symbolic_gan.densities._base import (
    Density,
    Tail,
    as_array,
    call_str,
    real_param,
    sympy_number,
)
from symbolic_gan.densities._location_scale import LOCATION_ROUNDING
from symbolic_gan.errors import InvalidArgument


@dataclass(frozen=True)
class Uniform(Density):
    """The uniform density on ``[low, high]``, ``low < high``.

    >>> float(Uniform(-1, 3).pdf(0.0)), float(Uniform(-1, 3).pdf(5.0))
    (0.25, 0.0)
    """

    low: float = 0.0
    high: float = 1.0

    def __post_init__(self) -> None:
        lo = real_param("low", self.low)
        hi = real_param("high", self.high)
        if not hi > lo:
            raise InvalidArgument.for_value("high", hi, f"must be > low={lo!r}")
        if not math.isfinite(hi - lo):
            raise InvalidArgument.for_value("high", hi, "high - low overflows")
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "high", hi)

    def __str__(self) -> str:
        return call_str("Uniform", self.low, self.high)

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def scale(self) -> float:
        return self.high - self.low

    @property
    def log_magnitude(self) -> float:
        return abs(math.log(self.high - self.low))

    def logpdf(self, x: object) -> np.ndarray:
        return self.batch_logpdf(as_array(x), np.array([self.low, self.high]))

    batch_tails = "finite"

    def batch_params(self) -> tuple[float, ...]:
        return (self.low, self.high)

    @classmethod
    def batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        lo, hi = params[..., 0], params[..., 1]
        inside = (x >= lo) & (x <= hi)
        return np.where(inside, -np.log(hi - lo), -np.inf)

    @classmethod
    def batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        return params[:, :2].copy()

    @classmethod
    def batch_scale(cls, params: np.ndarray) -> np.ndarray:
        return params[:, 1] - params[:, 0]

    @classmethod
    def batch_log_magnitude(cls, params: np.ndarray) -> np.ndarray:
        return np.abs(np.log(params[:, 1] - params[:, 0]))

    def breakpoints(self) -> tuple[float, ...]:
        return (self.low, self.high)

    def tail(self, side: int) -> Tail:
        return ("finite", 0.0)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        lo, hi = sympy_number(self.low), sympy_number(self.high)
        return sympy.Piecewise((1 / (hi - lo), (x >= lo) & (x <= hi)), (0, True))

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        if self.low <= x <= self.high:
            return -mpmath.log(mpmath.mpf(self.high) - mpmath.mpf(self.low))
        return mpmath.mpf("-inf")


_CENTRED = 20.0  # a + b from which a Beta evaluates its log-density about its mode
_K_BETA = (-8.0, -5.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 8.0)


@dataclass(frozen=True)
class Beta(Density):
    """The beta density ``x^(a-1) (1-x)^(b-1) / B(a, b)`` on ``[0, 1]``.

    For ``a < 1`` (``b < 1``) it is unbounded at 0 (at 1); quadrature then uses tanh-sinh
    with the density written in terms of the distance to the end (:meth:`logpdf_near`).

    >>> round(float(Beta(0.5, 0.5).pdf(0.5)), 6)
    0.63662
    >>> Beta(0.5, 0.5).end_singular
    (True, True)
    """

    a: float = 1.0
    b: float = 1.0
    _logbeta: float = field(default=0.0, init=False, repr=False, compare=False)
    #: Concentrated shapes (a, b > 1, a + b >= _CENTRED): log p is evaluated about the mode
    #: m as (a-1)·log(x/m) + (b-1)·log((1-x)/(1-m)) + log p(m), log p(m) computed once at
    #: 30 digits; the plain formula sums terms of size ~a + b that cancel to O(1).
    _mode: tuple[float, float, float] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        a = real_param("a", self.a, positive=True)
        b = real_param("b", self.b, positive=True)
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "_logbeta", math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))
        if a > 1.0 and b > 1.0 and a + b >= _CENTRED:
            import mpmath

            m, om = (a - 1.0) / (a + b - 2.0), (b - 1.0) / (a + b - 2.0)
            # one of them from the other, so that m + om = 1 exactly (Sterbenz)
            m, om = (m, 1.0 - m) if m >= 0.5 else (1.0 - om, om)
            with mpmath.workdps(30):
                am, bm = mpmath.mpf(a), mpmath.mpf(b)
                top = (am - 1) * mpmath.log(m) + (bm - 1) * mpmath.log(om)
                logc = top - mpmath.loggamma(am) - mpmath.loggamma(bm) + mpmath.loggamma(am + bm)
            object.__setattr__(self, "_mode", (m, om, float(logc)))

    def __str__(self) -> str:
        return call_str("Beta", self.a, self.b)

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    @property
    def scale(self) -> float:
        a, b = self.a, self.b
        return math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1.0)))

    @property
    def end_singular(self) -> tuple[bool, bool]:
        return (self.a != 1.0, self.b != 1.0)

    @property
    def log_magnitude(self) -> float:
        a, b = self.a, self.b
        # a node near x is itself rounded by eps·x, which moves z = (x - mode)/scale by
        # eps·x/scale (a Beta concentrated near 1 is a location family far from 0)
        located = LOCATION_ROUNDING * (a / (a + b)) / self.scale
        if self._mode is not None:
            m, om, logc = self._mode
            return abs(logc) + 2.0 * ((a - 1.0) / m + (b - 1.0) / om) * self.scale + located
        # 1 - x is rounded (by at most eps/4, relative eps/2, for x < ½; exact above), and
        # multiplied by b - 1
        rounding = 0.5 * abs(b - 1.0) + located
        m = a / (a + b)
        return (abs(self._logbeta) + abs(a - 1.0) * -math.log(m)
                + abs(b - 1.0) * -math.log1p(-m) + rounding)

    def _log_from(self, x: np.ndarray, omx: np.ndarray, exact_x: bool = True) -> np.ndarray:
        """``log p`` from ``x`` and ``1 - x``, with ``0·log 0`` taken as 0; ``exact_x`` says
        which of the two is exact (the other is rounded).  About the mode, the distance
        to it is taken from the exact one (``m + (1 - m) = 1`` exactly): a rounded ``1 - x``
        times ``b - 1`` would put ``(b - 1)·eps/2`` into ``log p``."""
        with np.errstate(divide="ignore", invalid="ignore"):
            if self._mode is not None:
                m, om, logc = self._mode
                dx = x - m if exact_x else om - omx  # x - m, exactly near the mode
                near_m = np.abs(dx) <= 0.5 * m
                ta = np.where(near_m, np.log1p(dx / m), np.log(x) - math.log(m))
                near_om = np.abs(dx) <= 0.5 * om
                tb = np.where(near_om, np.log1p(-dx / om), np.log(omx) - math.log(om))
                return (self.a - 1.0) * ta + (self.b - 1.0) * tb + logc
            ta = (self.a - 1.0) * np.log(x) if self.a != 1.0 else np.zeros_like(x)
            tb = (self.b - 1.0) * np.log(omx) if self.b != 1.0 else np.zeros_like(omx)
        return ta + tb - self._logbeta

    def logpdf(self, x: object) -> np.ndarray:
        x = as_array(x)
        inside = (x >= 0.0) & (x <= 1.0)
        xc = np.where(inside, x, 0.5)
        return np.where(inside, self._log_from(xc, 1.0 - xc), -np.inf)

    def logpdf_near(self, end: float, d: np.ndarray, side: int) -> np.ndarray:
        d = as_array(d)
        if (end, side) == (0.0, 1):
            return np.where(d <= 1.0, self._log_from(d, 1.0 - d), -np.inf)
        if (end, side) == (1.0, -1):
            return np.where(d <= 1.0, self._log_from(1.0 - d, d, exact_x=False), -np.inf)
        return self.logpdf(end + side * d)

    def breakpoints(self) -> tuple[float, ...]:
        mean = self.a / (self.a + self.b)
        pts = {0.0, 1.0}
        pts.update(mean + self.scale * k for k in _K_BETA if 0.0 < mean + self.scale * k < 1.0)
        return tuple(sorted(pts))

    def tail(self, side: int) -> Tail:
        return ("finite", 0.0)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        a, b = sympy_number(self.a), sympy_number(self.b)
        body = (
            x ** (a - 1)
            * (1 - x) ** (b - 1)
            * sympy.gamma(a + b)
            / (sympy.gamma(a) * sympy.gamma(b))
        )
        return sympy.Piecewise((body, (x > 0) & (x < 1)), (0, True))

    def _mp_log_from(self, x: Any, omx: Any) -> Any:
        import mpmath

        a, b = mpmath.mpf(self.a), mpmath.mpf(self.b)
        logb = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)
        return (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log(omx) - logb

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        if not 0 < x < 1:
            return mpmath.mpf("-inf")
        return self._mp_log_from(x, 1 - x)

    def mp_logpdf_near(self, end: float, d: Any, side: int) -> Any:
        import mpmath

        if not 0 < d < 1:
            return mpmath.mpf("-inf")
        if (end, side) == (0.0, 1):
            return self._mp_log_from(d, 1 - d)
        if (end, side) == (1.0, -1):
            return self._mp_log_from(1 - d, d)
        return self.mp_logpdf(mpmath.mpf(end) + side * d)
