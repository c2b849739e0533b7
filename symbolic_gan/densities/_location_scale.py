"""Location–scale families: a base class with a standardised log-density, and Normal,
Laplace, Student's t and Cauchy as small subclasses.

A member is ``p(x) = f((x - loc)/scale) / scale`` for a standard density ``f`` with shape
parameters (Student's ``df``).  Each family gives ``f`` three ways — vectorised in NumPy
(:meth:`LocationScale.standard_logpdf`, shape parameters as extra columns of the batch
parameters), in mpmath and in SymPy — and the breakpoints of ``f``; the log-density, its
batches, the breakpoints, the mpmath and SymPy versions and the rounding magnitude follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from symbolic_gan.densities._base import (
    INF,
    LOG_SQRT_2PI,
    Density,
    Tail,
    as_array,
    call_str,
    real_param,
    sympy_number,
)


def symmetric(*ks: float) -> tuple[float, ...]:
    """``(-ks[-1], ..., -ks[0], 0, ks[0], ..., ks[-1])``.

    >>> symmetric(1.0, 2.0)
    (-2.0, -1.0, 0.0, 1.0, 2.0)
    """
    return (*(-k for k in reversed(ks)), 0.0, *ks)


#: The typical ``|z|`` by which a node's rounding at a large location moves ``log p``: the
#: quadrature's weight sits within a few scales of the location.
LOCATION_ROUNDING = 4.0

class LocationScale(Density):
    """Base class of the location–scale families.

    A subclass gives :meth:`batch_params` as ``(loc, scale, *shape)``, the standard
    log-density :meth:`standard_logpdf` of ``z = (x - loc)/scale`` (vectorised; the shape
    parameters are the columns ``params[..., 2:]``), its mpmath and SymPy versions
    (:meth:`mp_standard_logpdf`, :meth:`sympy_standard_pdf`), the standard breakpoints
    :attr:`STANDARD_BREAKPOINTS`, the tail kind ``batch_tails`` and its standard rate
    (:meth:`standard_tail_rate`).

    >>> from symbolic_gan.densities import Laplace
    >>> p = Laplace(1, 2)
    >>> p.batch_params(), float(p.logpdf(1.0)) == -math.log(2.0) - math.log(2.0)
    ((1.0, 2.0), True)
    >>> x, params = np.array([[1.0], [3.0]]), np.array([[1.0, 2.0]])
    >>> Laplace.batch_logpdf(x, params).ravel().round(6).tolist()
    [-1.386294, -2.386294]
    """

    #: Breakpoints of the standard density, in units of ``scale`` about ``loc``.
    STANDARD_BREAKPOINTS: ClassVar[tuple[float, ...]] = ()

    def batch_params(self) -> tuple[float, ...]:
        """``(loc, scale, *shape)``."""
        raise NotImplementedError

    @classmethod
    def standard_logpdf(cls, z: Any, shape: Any) -> np.ndarray:
        """Log-density of the standard member (``loc = 0, scale = 1``) at ``z``; ``shape``
        holds the shape parameters as its last axis (``params[..., 2:]``)."""
        raise NotImplementedError

    def mp_standard_logpdf(self, z: Any) -> Any:
        """:meth:`standard_logpdf` in mpmath, with this member's shape parameters."""
        raise NotImplementedError

    def sympy_standard_pdf(self, z: Any) -> Any:
        """The standard density in SymPy, with this member's shape parameters."""
        raise NotImplementedError

    def standard_tail_rate(self) -> float:
        """The rate of the standard density's tails (see :data:`Tail`): ``c`` in
        ``log f ≈ -c·z²`` (gauss), ``-c·|z|`` (exp), or the power ``a`` of ``|z|^-a``."""
        raise NotImplementedError

    # ---- derived

    def tail(self, side: int) -> Tail:
        """The standard tail, scaled: ``c/scale²`` (gauss), ``c/scale`` (exp), ``a`` (power)."""
        kind, rate, scale = self.batch_tails or "unknown", self.standard_tail_rate(), self.scale
        if kind == "gauss":
            return (kind, rate / scale / scale)  # (inf, not an error, when scale² underflows)
        return (kind, rate / scale if kind == "exp" else rate)

    @property
    def support(self) -> tuple[float, float]:
        return (-INF, INF)

    @property
    def scale(self) -> float:
        return self.batch_params()[1]

    @property
    def log_magnitude(self) -> float:
        """``|log scale|`` plus the magnitude of the standard log-density's constant (its value
        at the mode ``z = 0``), plus ``LOCATION_ROUNDING·|loc|/scale``: a node near a large
        ``loc`` is itself rounded by ``eps·|loc|``, which moves ``z`` by ``eps·|loc|/scale``
        and ``log p`` by ``|z|`` times that."""
        return float(self.batch_log_magnitude(np.array([self.batch_params()]))[0])

    @classmethod
    def batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        loc, scale = params[..., 0], params[..., 1]
        return cls.standard_logpdf((x - loc) / scale, params[..., 2:]) - np.log(scale)

    @classmethod
    def batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        return params[:, :1] + params[:, 1:2] * np.array(cls.STANDARD_BREAKPOINTS)

    @classmethod
    def batch_scale(cls, params: np.ndarray) -> np.ndarray:
        return params[:, 1]

    @classmethod
    def batch_log_magnitude(cls, params: np.ndarray) -> np.ndarray:
        at_mode = cls.standard_logpdf(np.zeros(params.shape[0]), params[:, 2:])
        with np.errstate(over="ignore"):
            located = LOCATION_ROUNDING * np.abs(params[:, 0]) / params[:, 1]
        return np.abs(np.log(params[:, 1])) + np.abs(at_mode) + located

    def logpdf(self, x: object) -> np.ndarray:
        return self.batch_logpdf(as_array(x), np.array(self.batch_params()))

    def breakpoints(self) -> tuple[float, ...]:
        loc, scale = self.batch_params()[:2]
        return tuple(loc + scale * k for k in self.STANDARD_BREAKPOINTS)

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        loc, scale = (mpmath.mpf(v) for v in self.batch_params()[:2])
        return self.mp_standard_logpdf((x - loc) / scale) - mpmath.log(scale)

    def sympy_pdf(self, x: Any) -> Any:
        loc, scale = (sympy_number(v) for v in self.batch_params()[:2])
        return self.sympy_standard_pdf((x - loc) / scale) / scale


@dataclass(frozen=True)
class MuSigma:
    """The parameters ``mu`` (finite) and ``sigma > 0`` of :class:`Normal` and
    :class:`~symbolic_gan.densities.LogNormal`, validated, and their ``str()``."""

    mu: float = 0.0
    sigma: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "mu", real_param("mu", self.mu))
        object.__setattr__(self, "sigma", real_param("sigma", self.sigma, positive=True))

    def __str__(self) -> str:
        return call_str(type(self).__name__, self.mu, self.sigma)


@dataclass(frozen=True)
class Normal(MuSigma, LocationScale):
    """The normal density with mean ``mu`` and standard deviation ``sigma > 0``.

    >>> Normal(1, 2).breakpoints()[2:5]
    (-15.0, -9.0, -5.0)
    >>> round(float(Normal(0, 1).logpdf(1.0)), 6)
    -1.418939
    """

    # (beyond 38σ the mass is below 1e-300: no piece of an adaptive rule spans it with the bulk)
    STANDARD_BREAKPOINTS = symmetric(1.5, 3.0, 5.0, 8.0, 16.0, 38.0)
    batch_tails = "gauss"

    def batch_params(self) -> tuple[float, ...]:
        return (self.mu, self.sigma)

    @property
    def scale(self) -> float:
        return self.sigma

    @classmethod
    def standard_logpdf(cls, z: Any, shape: Any) -> np.ndarray:
        return -0.5 * np.square(z) - LOG_SQRT_2PI

    @classmethod
    def batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        # log p = c - (k·(x - mu))², k = 1/(sigma·sqrt 2): four passes over a large batch.
        mu, sigma = params[..., 0], params[..., 1]
        z = np.subtract(x, mu)
        z *= 1.0 / (sigma * math.sqrt(2.0))
        z *= z
        return np.subtract(-np.log(sigma) - LOG_SQRT_2PI, z, out=z if np.ndim(z) else None)

    def standard_tail_rate(self) -> float:
        return 0.5

    def mp_standard_logpdf(self, z: Any) -> Any:
        import mpmath

        return -z * z / 2 - mpmath.log(2 * mpmath.pi) / 2

    def sympy_standard_pdf(self, z: Any) -> Any:
        import sympy

        return sympy.exp(-(z**2) / 2) / sympy.sqrt(2 * sympy.pi)


@dataclass(frozen=True)
class Laplace(LocationScale):
    """The Laplace density ``exp(-|x - loc|/scale) / (2 scale)``; kink at ``loc``.

    >>> round(float(Laplace(0, 1).pdf(0.0)), 6)
    0.5
    """

    loc: float = 0.0
    b: float = 1.0

    STANDARD_BREAKPOINTS = symmetric(2.0, 5.0, 10.0, 20.0, 36.0)
    batch_tails = "exp"

    def __init__(self, loc: float = 0.0, scale: float = 1.0) -> None:
        object.__setattr__(self, "loc", real_param("loc", loc))
        object.__setattr__(self, "b", real_param("scale", scale, positive=True))

    def __str__(self) -> str:
        return call_str("Laplace", self.loc, self.b)

    def batch_params(self) -> tuple[float, ...]:
        return (self.loc, self.b)

    @classmethod
    def standard_logpdf(cls, z: Any, shape: Any) -> np.ndarray:
        return -np.abs(z) - math.log(2.0)

    def standard_tail_rate(self) -> float:
        return 1.0

    def mp_standard_logpdf(self, z: Any) -> Any:
        import mpmath

        return -abs(z) - mpmath.log(2)

    def sympy_standard_pdf(self, z: Any) -> Any:
        import sympy

        return sympy.exp(-sympy.Abs(z)) / 2


@dataclass(frozen=True)
class StudentT(LocationScale):
    """Student's t density with ``df > 0`` degrees of freedom, location and scale.

    ``StudentT(1)`` is the standard Cauchy density; its tails are power laws
    ``|x|^-(df+1)``.  The shape columns of :meth:`batch_params` are ``df`` and the log of
    the standard density's constant.

    >>> round(float(StudentT(1).pdf(0.0)), 6)  # 1/pi
    0.31831
    >>> str(StudentT(3, loc=1, scale=2))
    'StudentT(3, 1, 2)'
    """

    df: float = 1.0
    loc: float = 0.0
    s: float = 1.0
    _logc: float = field(default=0.0, init=False, repr=False, compare=False)

    STANDARD_BREAKPOINTS = symmetric(1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
    batch_tails = "power"

    def __init__(self, df: float, loc: float = 0.0, scale: float = 1.0) -> None:
        nu = real_param("df", df, positive=True)
        object.__setattr__(self, "df", nu)
        object.__setattr__(self, "loc", real_param("loc", loc))
        object.__setattr__(self, "s", real_param("scale", scale, positive=True))
        # At 30 digits: lgamma((ν+1)/2) and lgamma(ν/2) are large and nearly cancel (26.6 and
        # 25.2 for ν = 30), which in doubles leaves an error of ~50 ulps in every log p.
        import mpmath

        with mpmath.workdps(30):
            object.__setattr__(self, "_logc", float(self.mp_standard_logpdf(mpmath.mpf(0))))

    def __str__(self) -> str:
        return call_str("StudentT", self.df, self.loc, self.s)

    def batch_params(self) -> tuple[float, ...]:
        return (self.loc, self.s, self.df, self._logc)

    @classmethod
    def standard_logpdf(cls, z: Any, shape: Any) -> np.ndarray:
        shape = np.asarray(shape)
        nu, logc = shape[..., 0], shape[..., 1]
        return logc - 0.5 * (nu + 1.0) * np.log1p(np.square(z) / nu)

    def standard_tail_rate(self) -> float:
        return self.df + 1.0

    def mp_standard_logpdf(self, z: Any) -> Any:
        import mpmath

        nu = mpmath.mpf(self.df)
        logc = mpmath.loggamma((nu + 1) / 2) - mpmath.loggamma(nu / 2)
        logc -= mpmath.log(nu * mpmath.pi) / 2
        return logc - (nu + 1) / 2 * mpmath.log1p(z * z / nu)

    def sympy_standard_pdf(self, z: Any) -> Any:
        import sympy

        nu = sympy_number(self.df)
        c = sympy.gamma((nu + 1) / 2) / (sympy.gamma(nu / 2) * sympy.sqrt(nu * sympy.pi))
        return c * (1 + z**2 / nu) ** (-(nu + 1) / 2)


class Cauchy(StudentT):
    """The Cauchy density ``1 / (π s (1 + ((x - loc)/s)²))``: Student's t with ``df = 1``.

    >>> str(Cauchy(0, 2)), round(float(Cauchy().pdf(0.0)), 6)
    ('Cauchy(0, 2)', 0.31831)
    """

    def __init__(self, loc: float = 0.0, scale: float = 1.0) -> None:
        super().__init__(1.0, loc, scale)

    def __str__(self) -> str:
        return call_str("Cauchy", self.loc, self.s)

    def __repr__(self) -> str:
        return f"Cauchy(loc={self.loc!r}, scale={self.s!r})"
