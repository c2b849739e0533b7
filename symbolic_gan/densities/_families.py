"""The parametric families: Normal, Laplace, Uniform, Beta, Student t."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symbolic_gan.densities._base import (
    _INF,
    _LOG_SQRT_2PI,
    Density,
    Tail,
    _as_array,
    _fmt,
    _real,
    _sympy_number,
)
from symbolic_gan.errors import InvalidArgument

# (beyond 38σ the mass is below 1e-300: no piece of an adaptive rule spans it with the bulk)
_K_NORMAL = (-38.0, -16.0, -8.0, -5.0, -3.0, -1.5, 0.0, 1.5, 3.0, 5.0, 8.0, 16.0, 38.0)


@dataclass(frozen=True)
class Normal(Density):
    """The normal density with mean ``mu`` and standard deviation ``sigma > 0``.

    >>> Normal(1, 2).breakpoints()[2:5]
    (-15.0, -9.0, -5.0)
    >>> round(float(Normal(0, 1).logpdf(1.0)), 6)
    -1.418939
    """

    mu: float = 0.0
    sigma: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "mu", _real("mu", self.mu))
        object.__setattr__(self, "sigma", _real("sigma", self.sigma, positive=True))

    def __str__(self) -> str:
        return f"Normal({_fmt(self.mu)}, {_fmt(self.sigma)})"

    @property
    def support(self) -> tuple[float, float]:
        return (-_INF, _INF)

    @property
    def scale(self) -> float:
        return self.sigma

    @property
    def log_magnitude(self) -> float:
        return abs(math.log(self.sigma)) + _LOG_SQRT_2PI

    def logpdf(self, x: object) -> np.ndarray:
        return self._batch_logpdf(_as_array(x), np.array([self.mu, self.sigma]))

    def _batch_params(self) -> tuple[float, ...]:
        return (self.mu, self.sigma)

    @classmethod
    def _batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        # log p = c - (k·(x - mu))², k = 1/(sigma·sqrt 2): four passes over a large batch.
        mu, sigma = params[..., 0], params[..., 1]
        z = np.subtract(x, mu)
        z *= 1.0 / (sigma * math.sqrt(2.0))
        z *= z
        return np.subtract(-np.log(sigma) - _LOG_SQRT_2PI, z, out=z if np.ndim(z) else None)

    @classmethod
    def _batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        return params[:, :1] + params[:, 1:2] * np.array(_K_NORMAL)

    def breakpoints(self) -> tuple[float, ...]:
        return tuple(self.mu + self.sigma * k for k in _K_NORMAL)

    def tail(self, side: int) -> Tail:
        # (inf, not an exception, for a sigma whose square underflows)
        return ("gauss", 0.5 / self.sigma / self.sigma)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        mu, s = _sympy_number(self.mu), _sympy_number(self.sigma)
        return sympy.exp(-((x - mu) ** 2) / (2 * s**2)) / (s * sympy.sqrt(2 * sympy.pi))

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        s = mpmath.mpf(self.sigma)
        z = (x - mpmath.mpf(self.mu)) / s
        return -z * z / 2 - mpmath.log(s) - mpmath.log(2 * mpmath.pi) / 2


_K_LAPLACE = (-36.0, -20.0, -10.0, -5.0, -2.0, 0.0, 2.0, 5.0, 10.0, 20.0, 36.0)


@dataclass(frozen=True)
class Laplace(Density):
    """The Laplace density ``exp(-|x - loc|/scale) / (2 scale)``; kink at ``loc``.

    >>> round(float(Laplace(0, 1).pdf(0.0)), 6)
    0.5
    """

    loc: float = 0.0
    b: float = 1.0

    def __init__(self, loc: float = 0.0, scale: float = 1.0) -> None:
        object.__setattr__(self, "loc", _real("loc", loc))
        object.__setattr__(self, "b", _real("scale", scale, positive=True))

    def __str__(self) -> str:
        return f"Laplace({_fmt(self.loc)}, {_fmt(self.b)})"

    @property
    def support(self) -> tuple[float, float]:
        return (-_INF, _INF)

    @property
    def scale(self) -> float:
        return self.b

    @property
    def log_magnitude(self) -> float:
        return abs(math.log(2.0 * self.b))

    def logpdf(self, x: object) -> np.ndarray:
        return self._batch_logpdf(_as_array(x), np.array([self.loc, self.b]))

    def _batch_params(self) -> tuple[float, ...]:
        return (self.loc, self.b)

    @classmethod
    def _batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        loc, b = params[..., 0], params[..., 1]
        return -np.abs(x - loc) / b - np.log(2.0 * b)

    @classmethod
    def _batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        return params[:, :1] + params[:, 1:2] * np.array(_K_LAPLACE)

    def breakpoints(self) -> tuple[float, ...]:
        return tuple(self.loc + self.b * k for k in _K_LAPLACE)

    def tail(self, side: int) -> Tail:
        return ("exp", 1.0 / self.b)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        loc, b = _sympy_number(self.loc), _sympy_number(self.b)
        return sympy.exp(-sympy.Abs(x - loc) / b) / (2 * b)

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        b = mpmath.mpf(self.b)
        return -abs(x - mpmath.mpf(self.loc)) / b - mpmath.log(2 * b)


@dataclass(frozen=True)
class Uniform(Density):
    """The uniform density on ``[low, high]``, ``low < high``.

    >>> float(Uniform(-1, 3).pdf(0.0)), float(Uniform(-1, 3).pdf(5.0))
    (0.25, 0.0)
    """

    low: float = 0.0
    high: float = 1.0

    def __post_init__(self) -> None:
        lo = _real("low", self.low)
        hi = _real("high", self.high)
        if not hi > lo:
            raise InvalidArgument.for_value("high", hi, f"must be > low={lo!r}")
        if not math.isfinite(hi - lo):
            raise InvalidArgument.for_value("high", hi, "high - low overflows")
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "high", hi)

    def __str__(self) -> str:
        return f"Uniform({_fmt(self.low)}, {_fmt(self.high)})"

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
        return self._batch_logpdf(_as_array(x), np.array([self.low, self.high]))

    def _batch_params(self) -> tuple[float, ...]:
        return (self.low, self.high)

    @classmethod
    def _batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        lo, hi = params[..., 0], params[..., 1]
        inside = (x >= lo) & (x <= hi)
        return np.where(inside, -np.log(hi - lo), -np.inf)

    @classmethod
    def _batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        return params[:, :2].copy()

    def breakpoints(self) -> tuple[float, ...]:
        return (self.low, self.high)

    def tail(self, side: int) -> Tail:
        return ("finite", 0.0)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        lo, hi = _sympy_number(self.low), _sympy_number(self.high)
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
        a = _real("a", self.a, positive=True)
        b = _real("b", self.b, positive=True)
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "_logbeta", math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))
        if a > 1.0 and b > 1.0 and a + b >= _CENTRED:
            import mpmath

            m, om = (a - 1.0) / (a + b - 2.0), (b - 1.0) / (a + b - 2.0)
            with mpmath.workdps(30):
                am, bm = mpmath.mpf(a), mpmath.mpf(b)
                top = (am - 1) * mpmath.log(m) + (bm - 1) * mpmath.log(om)
                logc = top - mpmath.loggamma(am) - mpmath.loggamma(bm) + mpmath.loggamma(am + bm)
            object.__setattr__(self, "_mode", (m, om, float(logc)))

    def __str__(self) -> str:
        return f"Beta({_fmt(self.a)}, {_fmt(self.b)})"

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
        if self._mode is not None:
            m, om, logc = self._mode
            return abs(logc) + 2.0 * ((a - 1.0) / m + (b - 1.0) / om) * self.scale
        m = a / (a + b)
        return abs(self._logbeta) + abs(a - 1.0) * -math.log(m) + abs(b - 1.0) * -math.log1p(-m)

    def _log_from(self, x: np.ndarray, omx: np.ndarray) -> np.ndarray:
        """``log p`` from ``x`` and ``1 - x``, each given to full relative precision, with
        ``0·log 0`` taken as 0."""
        with np.errstate(divide="ignore", invalid="ignore"):
            if self._mode is not None:
                m, om, logc = self._mode
                near_m = np.abs(x - m) <= 0.5 * m
                ta = np.where(near_m, np.log1p((x - m) / m), np.log(x) - math.log(m))
                near_om = np.abs(omx - om) <= 0.5 * om
                tb = np.where(near_om, np.log1p((omx - om) / om), np.log(omx) - math.log(om))
                return (self.a - 1.0) * ta + (self.b - 1.0) * tb + logc
            ta = (self.a - 1.0) * np.log(x) if self.a != 1.0 else np.zeros_like(x)
            tb = (self.b - 1.0) * np.log(omx) if self.b != 1.0 else np.zeros_like(omx)
        return ta + tb - self._logbeta

    def logpdf(self, x: object) -> np.ndarray:
        x = _as_array(x)
        inside = (x >= 0.0) & (x <= 1.0)
        xc = np.where(inside, x, 0.5)
        return np.where(inside, self._log_from(xc, 1.0 - xc), -np.inf)

    def logpdf_near(self, end: float, d: np.ndarray, side: int) -> np.ndarray:
        d = _as_array(d)
        if (end, side) == (0.0, 1):
            return np.where(d <= 1.0, self._log_from(d, 1.0 - d), -np.inf)
        if (end, side) == (1.0, -1):
            return np.where(d <= 1.0, self._log_from(1.0 - d, d), -np.inf)
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

        a, b = _sympy_number(self.a), _sympy_number(self.b)
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


_K_STUDENT = (-32.0, -16.0, -8.0, -4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


@dataclass(frozen=True)
class StudentT(Density):
    """Student's t density with ``df > 0`` degrees of freedom, location and scale.

    ``StudentT(1)`` is the standard Cauchy density; its tails are power laws
    ``|x|^-(df+1)``.

    >>> round(float(StudentT(1).pdf(0.0)), 6)  # 1/pi
    0.31831
    >>> str(StudentT(3, loc=1, scale=2))
    'StudentT(3, 1, 2)'
    """

    df: float = 1.0
    loc: float = 0.0
    s: float = 1.0
    _logc: float = field(default=0.0, init=False, repr=False, compare=False)

    def __init__(self, df: float, loc: float = 0.0, scale: float = 1.0) -> None:
        nu = _real("df", df, positive=True)
        object.__setattr__(self, "df", nu)
        object.__setattr__(self, "loc", _real("loc", loc))
        object.__setattr__(self, "s", _real("scale", scale, positive=True))
        # At 30 digits: lgamma((ν+1)/2) and lgamma(ν/2) are large and nearly cancel (26.6 and
        # 25.2 for ν = 30), which in doubles leaves an error of ~50 ulps in every log p.
        import mpmath

        with mpmath.workdps(30):
            m_nu = mpmath.mpf(nu)
            logc = float(
                mpmath.loggamma((m_nu + 1) / 2)
                - mpmath.loggamma(m_nu / 2)
                - mpmath.log(m_nu * mpmath.pi) / 2
                - mpmath.log(mpmath.mpf(self.s))
            )
        object.__setattr__(self, "_logc", logc)

    def __str__(self) -> str:
        return f"StudentT({_fmt(self.df)}, {_fmt(self.loc)}, {_fmt(self.s)})"

    @property
    def support(self) -> tuple[float, float]:
        return (-_INF, _INF)

    @property
    def scale(self) -> float:
        return self.s

    @property
    def log_magnitude(self) -> float:
        return abs(self._logc)

    def logpdf(self, x: object) -> np.ndarray:
        z = (_as_array(x) - self.loc) / self.s
        return self._logc - 0.5 * (self.df + 1.0) * np.log1p(z * z / self.df)

    def breakpoints(self) -> tuple[float, ...]:
        return tuple(self.loc + self.s * k for k in _K_STUDENT)

    def tail(self, side: int) -> Tail:
        return ("power", self.df + 1.0)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        nu, loc, s = (_sympy_number(v) for v in (self.df, self.loc, self.s))
        z = (x - loc) / s
        c = sympy.gamma((nu + 1) / 2) / (sympy.gamma(nu / 2) * sympy.sqrt(nu * sympy.pi) * s)
        return c * (1 + z**2 / nu) ** (-(nu + 1) / 2)

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        nu, s = mpmath.mpf(self.df), mpmath.mpf(self.s)
        z = (x - mpmath.mpf(self.loc)) / s
        logc = (
            mpmath.loggamma((nu + 1) / 2)
            - mpmath.loggamma(nu / 2)
            - mpmath.log(nu * mpmath.pi) / 2
            - mpmath.log(s)
        )
        return logc - (nu + 1) / 2 * mpmath.log1p(z * z / nu)
