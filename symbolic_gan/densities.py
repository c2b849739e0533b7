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
``a, b < 1``), :class:`Laplace`, :class:`StudentT` (``df=1`` is the Cauchy density),
:class:`Mixture` and :class:`Discrete` (a probability mass function: integrals become sums).
Users wrap their own density with :meth:`UserDensity.from_logpdf`, :meth:`UserDensity.from_pdf`
or :meth:`UserDensity.from_sympy`; a density that does not integrate to 1 is reported with its
mass, never renormalised.

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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from symbolic_gan.errors import InvalidArgument, NumericError

__all__ = [
    "Beta",
    "Density",
    "Discrete",
    "Laplace",
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

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_INF = math.inf

#: A tail class ``(kind, rate)``: ``("finite", 0)`` for a bounded support, ``("gauss", c)`` for
#: ``log p ≈ -c·x²``, ``("exp", c)`` for ``log p ≈ -c·|x|``, ``("power", a)`` for ``p ≈ |x|^-a``,
#: ``("unknown", nan)`` when nothing is known (user densities).
Tail = tuple[str, float]


# --------------------------------------------------------------------------- validation


def _real(
    name: str,
    value: object,
    *,
    positive: bool = False,
    allow_inf: bool = False,
) -> float:
    """Return ``value`` as a float, or raise InvalidArgument naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgument.for_value(name, value, "must be a real number")
    v = float(value)
    if math.isnan(v):
        raise InvalidArgument.for_value(name, v, "must not be NaN")
    if math.isinf(v) and not allow_inf:
        raise InvalidArgument.for_value(name, v, "must be finite")
    if positive and not v > 0:
        raise InvalidArgument.for_value(name, v, "must be > 0")
    return v


def _fmt(v: float) -> str:
    """Format a parameter compactly: ``1.0 -> '1'``, ``0.5 -> '0.5'``."""
    if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _as_array(x: object) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _sympy_number(v: float) -> Any:
    """An exact SymPy number for a float parameter (``0.1 -> 1/10``)."""
    import sympy

    if v == int(v):
        return sympy.Integer(int(v))
    return sympy.Rational(repr(v))


# --------------------------------------------------------------------------- base class


class Density:
    """Base class of all densities (continuous, or discrete with ``is_discrete``).

    Subclasses are frozen dataclasses.  The quadrature code uses the hooks
    ``logpdf_near`` (evaluation at a distance from an end, for tanh-sinh panels),
    ``end_singular`` and ``tail``; the defaults suit densities that are smooth up to
    their support ends.
    """

    is_discrete: ClassVar[bool] = False

    @property
    def support(self) -> tuple[float, float]:
        """The closed hull ``(low, high)`` of the support; ends may be ``±inf``."""
        raise NotImplementedError

    @property
    def scale(self) -> float:
        """A characteristic width (used to map infinite tails)."""
        raise NotImplementedError

    @property
    def end_singular(self) -> tuple[bool, bool]:
        """Whether the density (or its log) is non-smooth at the low / high support end."""
        return (False, False)

    def singular_points(self) -> tuple[tuple[float, int], ...]:
        """Points where the density (or its log) is non-smooth, as ``(point, side)``.

        ``side=+1``: approached from above (a panel starting at ``point`` needs tanh-sinh);
        ``side=-1``: from below.  Default: the singular support ends.
        """
        lo, hi = self.support
        out = []
        if self.end_singular[0] and math.isfinite(lo):
            out.append((lo, 1))
        if self.end_singular[1] and math.isfinite(hi):
            out.append((hi, -1))
        return tuple(out)

    def logpdf(self, x: object) -> np.ndarray:
        """Vectorised log-density; ``-inf`` outside the support."""
        raise NotImplementedError

    def pdf(self, x: object) -> np.ndarray:
        """Vectorised density, ``exp(logpdf(x))``."""
        with np.errstate(under="ignore"):
            return np.exp(self.logpdf(x))

    def logpdf_near(self, end: float, d: np.ndarray, side: int) -> np.ndarray:
        """Log-density at ``end + side*d`` with the distance ``d >= 0`` given exactly."""
        return self.logpdf(end + side * np.asarray(d, dtype=float))

    def breakpoints(self) -> tuple[float, ...]:
        """Sorted finite points where quadrature panels must split."""
        raise NotImplementedError

    def tail(self, side: int) -> Tail:
        """Tail class on the left (``side=-1``) or right (``side=+1``); see :data:`Tail`."""
        raise NotImplementedError

    def sympy_pdf(self, x: Any) -> Any:
        """The density as a SymPy expression in the SymPy symbol ``x``."""
        raise NotImplementedError

    def mp_logpdf(self, x: Any) -> Any:
        """The log-density in mpmath at the current working precision."""
        raise NotImplementedError

    def mp_logpdf_near(self, end: float, d: Any, side: int) -> Any:
        """mpmath log-density at ``end + side*d``, ``d`` an exact mpmath distance."""
        import mpmath

        return self.mp_logpdf(mpmath.mpf(end) + side * d)

    # Batched evaluation hooks (used by quadrature for groups of same-class densities):
    # ``params`` has one row per density, and ``x`` (nodes, densities) one column each.
    def _batch_params(self) -> tuple[float, ...] | None:
        return None

    @classmethod
    def _batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @classmethod
    def _batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _in_support(self, x: np.ndarray) -> np.ndarray:
        lo, hi = self.support
        return (x >= lo) & (x <= hi)


# --------------------------------------------------------------------------- families

_K_NORMAL = (-8.0, -5.0, -3.0, -1.5, 0.0, 1.5, 3.0, 5.0, 8.0)


@dataclass(frozen=True)
class Normal(Density):
    """The normal density with mean ``mu`` and standard deviation ``sigma > 0``.

    >>> Normal(1, 2).breakpoints()[:3]
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

    def logpdf(self, x: object) -> np.ndarray:
        return self._batch_logpdf(_as_array(x), np.array([self.mu, self.sigma]))

    def _batch_params(self) -> tuple[float, ...]:
        return (self.mu, self.sigma)

    @classmethod
    def _batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        mu, sigma = params[..., 0], params[..., 1]
        z = np.subtract(x, mu)  # in place from here: batches are large
        z /= sigma
        z *= z
        z *= -0.5
        z -= np.log(sigma) + _LOG_SQRT_2PI
        return z

    @classmethod
    def _batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        return params[:, :1] + params[:, 1:2] * np.array(_K_NORMAL)

    def breakpoints(self) -> tuple[float, ...]:
        return tuple(self.mu + self.sigma * k for k in _K_NORMAL)

    def tail(self, side: int) -> Tail:
        return ("gauss", 1.0 / (2.0 * self.sigma**2))

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

    def __post_init__(self) -> None:
        a = _real("a", self.a, positive=True)
        b = _real("b", self.b, positive=True)
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "_logbeta", math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))

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

    def _log_from(self, lx: np.ndarray, l1mx: np.ndarray) -> np.ndarray:
        """``(a-1) log x + (b-1) log(1-x) - log B`` with ``0·log 0`` taken as 0."""
        ta = (self.a - 1.0) * lx if self.a != 1.0 else np.zeros_like(lx)
        tb = (self.b - 1.0) * l1mx if self.b != 1.0 else np.zeros_like(l1mx)
        return ta + tb - self._logbeta

    def logpdf(self, x: object) -> np.ndarray:
        x = _as_array(x)
        inside = (x >= 0.0) & (x <= 1.0)
        xc = np.where(inside, x, 0.5)
        with np.errstate(divide="ignore"):
            out = self._log_from(np.log(xc), np.log1p(-xc))
        return np.where(inside, out, -np.inf)

    def logpdf_near(self, end: float, d: np.ndarray, side: int) -> np.ndarray:
        d = _as_array(d)
        if (end, side) == (0.0, 1):
            with np.errstate(divide="ignore"):
                out = self._log_from(np.log(d), np.log1p(-d))
            return np.where(d <= 1.0, out, -np.inf)
        if (end, side) == (1.0, -1):
            with np.errstate(divide="ignore"):
                out = self._log_from(np.log1p(-d), np.log(d))
            return np.where(d <= 1.0, out, -np.inf)
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
        logc = (
            math.lgamma((nu + 1.0) / 2.0)
            - math.lgamma(nu / 2.0)
            - 0.5 * math.log(nu * math.pi)
            - math.log(self.s)
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


_TAIL_ORDER = {"finite": 0, "gauss": 1, "exp": 2, "power": 3, "unknown": 4}


def _heavier(t1: Tail, t2: Tail) -> Tail:
    """The heavier of two tails (``power`` beats ``exp`` beats ``gauss``)."""
    k1, k2 = _TAIL_ORDER[t1[0]], _TAIL_ORDER[t2[0]]
    if k1 != k2:
        return t1 if k1 > k2 else t2
    if t1[0] == "unknown":
        return t1
    # Same kind: a smaller rate is a heavier tail.
    return t1 if t1[1] <= t2[1] else t2


@dataclass(frozen=True)
class Mixture(Density):
    """A finite mixture ``sum_k weights[k] * components[k]`` of continuous densities.

    Weights must be positive and sum to 1 (within 1e-12): they are never renormalised.

    >>> m = Mixture([0.3, 0.7], [Normal(0, 1), Normal(3, 1)])
    >>> str(m)
    'Mixture([0.3, 0.7], [Normal(0, 1), Normal(3, 1)])'
    >>> round(float(m.pdf(0.0)), 6)
    0.122785
    """

    weights: tuple[float, ...]
    components: tuple[Density, ...]
    _logw: tuple[float, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            weights = tuple(self.weights)
            components = tuple(self.components)
        except TypeError:
            raise InvalidArgument.for_value(
                "weights", self.weights, "weights and components must be sequences"
            ) from None
        if not weights:
            raise InvalidArgument.for_value("weights", weights, "must not be empty")
        if len(weights) != len(components):
            raise InvalidArgument.for_value(
                "components", components, f"needs one component per weight ({len(weights)})"
            )
        ws = tuple(_real(f"weights[{i}]", w, positive=True) for i, w in enumerate(weights))
        total = math.fsum(ws)
        if abs(total - 1.0) > 1e-12 * len(ws):
            raise InvalidArgument.for_value(
                "weights", ws, f"must sum to 1 (they sum to {total!r}); not renormalised"
            )
        for i, c in enumerate(components):
            if not isinstance(c, Density):
                raise InvalidArgument.for_value(f"components[{i}]", c, "must be a Density")
            if c.is_discrete:
                raise InvalidArgument.for_value(
                    f"components[{i}]", c, "must be continuous (use Discrete for a pmf)"
                )
        object.__setattr__(self, "weights", ws)
        object.__setattr__(self, "components", components)
        object.__setattr__(self, "_logw", tuple(math.log(w) for w in ws))

    def __str__(self) -> str:
        ws = ", ".join(_fmt(w) for w in self.weights)
        cs = ", ".join(str(c) for c in self.components)
        return f"Mixture([{ws}], [{cs}])"

    @property
    def support(self) -> tuple[float, float]:
        return (
            min(c.support[0] for c in self.components),
            max(c.support[1] for c in self.components),
        )

    @property
    def scale(self) -> float:
        return max(c.scale for c in self.components)

    @property
    def end_singular(self) -> tuple[bool, bool]:
        lo, hi = self.support
        return (
            any(c.end_singular[0] and c.support[0] == lo for c in self.components),
            any(c.end_singular[1] and c.support[1] == hi for c in self.components),
        )

    def singular_points(self) -> tuple[tuple[float, int], ...]:
        """Every component's singular points (a Beta component's ends may lie inside)."""
        return tuple(sorted({pt for c in self.components for pt in c.singular_points()}))

    def _combine(self, parts: list[np.ndarray]) -> np.ndarray:
        stacked = np.stack([lw + lp for lw, lp in zip(self._logw, parts, strict=True)])
        top = np.max(stacked, axis=0)
        safe = np.where(np.isfinite(top), top, 0.0)
        with np.errstate(under="ignore"):
            s = np.sum(np.exp(stacked - safe), axis=0)
        with np.errstate(divide="ignore"):
            return np.where(np.isneginf(top), -np.inf, safe + np.log(s))

    def logpdf(self, x: object) -> np.ndarray:
        x = _as_array(x)
        return self._combine([c.logpdf(x) for c in self.components])

    def logpdf_near(self, end: float, d: np.ndarray, side: int) -> np.ndarray:
        return self._combine([c.logpdf_near(end, d, side) for c in self.components])

    def breakpoints(self) -> tuple[float, ...]:
        pts: set[float] = set()
        for c in self.components:
            pts.update(c.breakpoints())
        return tuple(sorted(pts))

    def tail(self, side: int) -> Tail:
        end = self.support[0 if side < 0 else 1]
        out: Tail = ("finite", 0.0)
        for c in self.components:
            if c.support[0 if side < 0 else 1] == end:
                out = _heavier(out, c.tail(side))
        return out

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        return sympy.Add(
            *(
                _sympy_number(w) * c.sympy_pdf(x)
                for w, c in zip(self.weights, self.components, strict=True)
            )
        )

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        terms = [
            mpmath.log(w) + c.mp_logpdf(x)
            for w, c in zip(self.weights, self.components, strict=True)
        ]
        return _mp_logsumexp(terms)

    def mp_logpdf_near(self, end: float, d: Any, side: int) -> Any:
        import mpmath

        terms = [
            mpmath.log(w) + c.mp_logpdf_near(end, d, side)
            for w, c in zip(self.weights, self.components, strict=True)
        ]
        return _mp_logsumexp(terms)


def _mp_logsumexp(terms: list[Any]) -> Any:
    import mpmath

    top = max(terms)
    if top == mpmath.mpf("-inf"):
        return top
    return top + mpmath.log(mpmath.fsum(mpmath.exp(t - top) for t in terms))


@dataclass(frozen=True)
class Discrete(Density):
    """A probability mass function on finitely many distinct points.

    ``logpdf`` is the log-probability at the points and ``-inf`` elsewhere; against it,
    integrals become sums.  Probabilities must be positive and sum to 1 (within 1e-12).

    >>> d = Discrete([0, 1], [0.25, 0.75])
    >>> d.is_discrete, str(d)
    (True, 'Discrete([0, 1], [0.25, 0.75])')
    >>> [round(float(v), 4) for v in d.pdf([0.0, 0.5, 1.0])]
    [0.25, 0.0, 0.75]
    """

    points: tuple[float, ...]
    probs: tuple[float, ...]

    is_discrete: ClassVar[bool] = True

    def __post_init__(self) -> None:
        try:
            pts = tuple(self.points)
            prs = tuple(self.probs)
        except TypeError:
            raise InvalidArgument.for_value("points", self.points, "must be a sequence") from None
        if not pts:
            raise InvalidArgument.for_value("points", pts, "must not be empty")
        if len(pts) != len(prs):
            raise InvalidArgument.for_value(
                "probs", prs, f"needs one probability per point ({len(pts)})"
            )
        xs = [_real(f"points[{i}]", v) for i, v in enumerate(pts)]
        ps = [_real(f"probs[{i}]", v, positive=True) for i, v in enumerate(prs)]
        if len(set(xs)) != len(xs):
            raise InvalidArgument.for_value("points", tuple(xs), "must be distinct")
        total = math.fsum(ps)
        if abs(total - 1.0) > 1e-12 * len(ps):
            raise InvalidArgument.for_value(
                "probs", tuple(ps), f"must sum to 1 (they sum to {total!r}); not renormalised"
            )
        order = sorted(range(len(xs)), key=xs.__getitem__)
        object.__setattr__(self, "points", tuple(xs[i] for i in order))
        object.__setattr__(self, "probs", tuple(ps[i] for i in order))

    def __str__(self) -> str:
        xs = ", ".join(_fmt(v) for v in self.points)
        ps = ", ".join(_fmt(v) for v in self.probs)
        return f"Discrete([{xs}], [{ps}])"

    @property
    def support(self) -> tuple[float, float]:
        return (self.points[0], self.points[-1])

    @property
    def scale(self) -> float:
        return max(self.points[-1] - self.points[0], 1.0)

    def logpdf(self, x: object) -> np.ndarray:
        x = _as_array(x)
        pts = np.array(self.points)
        logp = np.log(np.array(self.probs))
        idx = np.clip(np.searchsorted(pts, x), 0, len(pts) - 1)
        return np.where(pts[idx] == x, logp[idx], -np.inf)

    def breakpoints(self) -> tuple[float, ...]:
        return self.points

    def tail(self, side: int) -> Tail:
        return ("finite", 0.0)

    def sympy_pdf(self, x: Any) -> Any:
        import sympy

        return sympy.Add(
            *(
                _sympy_number(p) * sympy.DiracDelta(x - _sympy_number(v))
                for v, p in zip(self.points, self.probs, strict=False)
            )
        )

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        for v, p in zip(self.points, self.probs, strict=False):
            if x == v:
                return mpmath.log(mpmath.mpf(p))
        return mpmath.mpf("-inf")


# --------------------------------------------------------------------------- user densities


def _probe_points(support: tuple[float, float], n: int = 97) -> np.ndarray:
    """Points strictly inside the support, spread over it (mapped for infinite ends)."""
    lo, hi = support
    t = (np.arange(1, n + 1) - 0.5) / n  # in (0, 1)
    if math.isfinite(lo) and math.isfinite(hi):
        return lo + (hi - lo) * t
    if math.isfinite(lo):
        return lo + t / (1.0 - t)
    if math.isfinite(hi):
        return hi - t / (1.0 - t)
    return np.tan(np.pi * (t - 0.5)) * 4.0


@dataclass(frozen=True, eq=False)
class UserDensity(Density):
    """A density supplied by the user; build it with a ``from_*`` constructor.

    The callable is checked on every evaluation: NaN, ``+inf`` or (for ``from_pdf`` and
    ``from_sympy``) a negative density raises :class:`~symbolic_gan.errors.NumericError`
    naming the offending ``x``; the constructors probe the support first and raise
    :class:`~symbolic_gan.errors.InvalidArgument`.  With ``check_mass=True`` (default) the
    constructor integrates the density and rejects one whose mass is not 1, reporting the
    mass; ``check_mass=False`` builds it anyway, and every numeric result that uses it then
    reports the failed normalisation.

    >>> import numpy as np
    >>> half = UserDensity.from_logpdf(lambda x: np.log(2 * x), (0, 1), name="2x")
    >>> str(half), round(float(half.pdf(0.5)), 6)
    ('2x', 1.0)
    >>> UserDensity.from_logpdf(lambda x: 0 * x, (0, 2), name="flat")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.InvalidArgument: mass=2.0: flat does not integrate to 1; ...
    """

    name: str
    lo: float
    hi: float
    _logpdf_fn: Callable[[np.ndarray], Any] = field(repr=False)
    _kind: str = field(default="logpdf", repr=False)
    _mp_fn: Callable[[Any], Any] | None = field(default=None, repr=False)
    _breakpoints: tuple[float, ...] = field(default=(), repr=False)
    _singular: tuple[bool, bool] = field(default=(False, False), repr=False)
    _scale: float = field(default=1.0, repr=False)
    _expr: Any = field(default=None, repr=False)
    _symbol: Any = field(default=None, repr=False)
    _logfallback: Callable[[np.ndarray], Any] | None = field(default=None, repr=False)

    def __str__(self) -> str:
        return self.name

    # ---- constructors

    @classmethod
    def _build(
        cls,
        fn: Callable[[np.ndarray], Any],
        kind: str,
        support: Sequence[float],
        *,
        name: str,
        breakpoints: Sequence[float],
        singular_ends: tuple[bool, bool] | None,
        mp_fn: Callable[[Any], Any] | None,
        check_mass: bool,
        argname: str,
        expr: Any = None,
        symbol: Any = None,
        logfallback: Callable[[np.ndarray], Any] | None = None,
    ) -> UserDensity:
        if not callable(fn):
            raise InvalidArgument.for_value(argname, fn, "must be callable")
        if not isinstance(name, str) or not name:
            raise InvalidArgument.for_value("name", name, "must be a non-empty string")
        try:
            lo_raw, hi_raw = support
        except (TypeError, ValueError):
            raise InvalidArgument.for_value(
                "support", support, "must be a pair (low, high)"
            ) from None
        lo = _real("support[0]", lo_raw, allow_inf=True)
        hi = _real("support[1]", hi_raw, allow_inf=True)
        if not hi > lo or lo == _INF or hi == -_INF:
            raise InvalidArgument.for_value("support", (lo, hi), "needs low < high")
        bps = sorted(
            {_real(f"breakpoints[{i}]", b) for i, b in enumerate(breakpoints)}
            | {v for v in (lo, hi) if math.isfinite(v)}
        )
        bps = [b for b in bps if lo <= b <= hi]
        if len(bps) < 2 and not (math.isfinite(lo) and math.isfinite(hi)):
            # Give infinite supports a few panels around the origin or the finite end.
            centre = bps[0] if bps else 0.0
            bps = sorted(
                set(bps) | {centre + k for k in (-8.0, -2.0, 0.0, 2.0, 8.0) if lo < centre + k < hi}
            )
        sing = (
            (math.isfinite(lo), math.isfinite(hi))
            if singular_ends is None
            else tuple(map(bool, singular_ends))
        )
        scale = (bps[-1] - bps[0]) / 8.0 if len(bps) > 1 else 1.0
        self = cls(
            name,
            lo,
            hi,
            fn,
            kind,
            mp_fn,
            tuple(bps),
            (sing[0], sing[1]),
            scale if scale > 0 else 1.0,
            expr,
            symbol,
            logfallback,
        )
        try:
            self.logpdf(_probe_points((lo, hi)))
        except NumericError as exc:
            raise InvalidArgument.for_value(argname, fn, f"{exc}") from None
        if check_mass:
            from symbolic_gan.quadrature import mass as _mass

            res = _mass(self)
            if not (abs(float(res.value) - 1.0) <= max(1e-9, 10 * float(res.error))):
                raise InvalidArgument.for_value(
                    "mass",
                    round(float(res.value), 12),
                    f"{name} does not integrate to 1; it is not renormalised "
                    f"(error estimate {float(res.error):.1e}; pass check_mass=False to keep it)",
                )
        return self

    @classmethod
    def from_logpdf(
        cls,
        logpdf: Callable[[np.ndarray], Any],
        support: Sequence[float],
        *,
        name: str = "user",
        breakpoints: Sequence[float] = (),
        singular_ends: tuple[bool, bool] | None = None,
        mp_logpdf: Callable[[Any], Any] | None = None,
        check_mass: bool = True,
    ) -> UserDensity:
        """Wrap a vectorised log-density callable defined on ``support``.

        ``singular_ends`` says whether the density may be unbounded or vanish at a finite
        end (default: every finite end, which makes quadrature use tanh-sinh there).
        ``mp_logpdf`` (optional) evaluates the log-density in mpmath for reference mode.
        """
        return cls._build(
            logpdf,
            "logpdf",
            support,
            name=name,
            breakpoints=breakpoints,
            singular_ends=singular_ends,
            mp_fn=mp_logpdf,
            check_mass=check_mass,
            argname="logpdf",
        )

    @classmethod
    def from_pdf(
        cls,
        pdf: Callable[[np.ndarray], Any],
        support: Sequence[float],
        *,
        name: str = "user",
        breakpoints: Sequence[float] = (),
        singular_ends: tuple[bool, bool] | None = None,
        check_mass: bool = True,
    ) -> UserDensity:
        """Wrap a vectorised density callable; negative values are an error."""
        return cls._build(
            pdf,
            "pdf",
            support,
            name=name,
            breakpoints=breakpoints,
            singular_ends=singular_ends,
            mp_fn=None,
            check_mass=check_mass,
            argname="pdf",
        )

    @classmethod
    def from_sympy(
        cls,
        expr: Any,
        x: Any,
        support: Sequence[float],
        *,
        name: str | None = None,
        breakpoints: Sequence[float] = (),
        singular_ends: tuple[bool, bool] | None = None,
        check_mass: bool = True,
    ) -> UserDensity:
        """Wrap a SymPy expression ``expr`` (the density) in the SymPy symbol ``x``.

        Every free symbol must be ``x``: an expression with other free symbols is rejected
        (``lambdify`` would otherwise turn them into code).
        """
        import sympy

        if not isinstance(x, sympy.Symbol):
            raise InvalidArgument.for_value("x", x, "must be a SymPy Symbol")
        if not isinstance(expr, sympy.Expr):
            raise InvalidArgument.for_value("expr", expr, "must be a SymPy expression")
        extra = expr.free_symbols - {x}
        if extra:
            raise InvalidArgument.for_value(
                "expr", expr, f"has free symbols other than {x}: {sorted(map(str, extra))}"
            )
        fn = sympy.lambdify([x], expr, modules="numpy")
        logexpr = sympy.expand_log(sympy.log(expr), force=True)
        logfn = sympy.lambdify([x], logexpr, modules="numpy")
        mp_pdf = sympy.lambdify([x], expr, modules="mpmath")

        def mp_fn(t: Any) -> Any:
            import mpmath

            v = mp_pdf(t)
            return mpmath.log(v) if v > 0 else mpmath.mpf("-inf")

        return cls._build(
            fn,
            "pdf",
            support,
            name=name if name is not None else str(expr),
            breakpoints=breakpoints,
            singular_ends=singular_ends,
            mp_fn=mp_fn,
            check_mass=check_mass,
            argname="expr",
            expr=expr,
            symbol=x,
            logfallback=logfn,
        )

    # ---- Density interface

    @property
    def support(self) -> tuple[float, float]:
        return (self.lo, self.hi)

    @property
    def scale(self) -> float:
        return self._scale

    @property
    def end_singular(self) -> tuple[bool, bool]:
        return self._singular

    def _call(self, fn: Callable[[np.ndarray], Any], x: np.ndarray) -> np.ndarray:
        try:
            with np.errstate(all="ignore"):
                out = np.asarray(fn(x), dtype=float)
        except (TypeError, ValueError) as exc:
            raise NumericError(f"{self.name}: the user callable failed: {exc}") from exc
        try:
            return np.broadcast_to(out, x.shape).astype(float, copy=True)
        except ValueError:
            raise NumericError(
                f"{self.name}: the user callable returned shape {out.shape}"
                f" for input shape {x.shape}"
            ) from None

    def logpdf(self, x: object) -> np.ndarray:
        x = _as_array(x)
        inside = (x >= self.lo) & (x <= self.hi)
        xi = x[inside]
        vals = self._call(self._logpdf_fn, xi)
        if self._kind == "pdf":
            bad = np.isnan(vals) | np.isinf(vals) | (vals < 0)
            if bad.any():
                i = int(np.argmax(bad))
                raise NumericError(
                    f"{self.name}: the density is {float(vals[i])!r} at x={float(xi[i])!r}"
                    " (must be finite and >= 0)"
                )
            with np.errstate(divide="ignore"):
                logs = np.log(vals)
            if self._logfallback is not None:
                small = vals < 1e-290
                if small.any():
                    fb = self._call(self._logfallback, xi[small])
                    logs[small] = np.where(np.isnan(fb), logs[small], np.minimum(fb, -600.0))
            vals = logs
        else:
            bad = np.isnan(vals) | (vals == np.inf)
            if bad.any():
                i = int(np.argmax(bad))
                raise NumericError(
                    f"{self.name}: the log-density is {float(vals[i])!r} at x={float(xi[i])!r}"
                    " (must be finite or -inf)"
                )
        out = np.full(x.shape, -np.inf)
        out[inside] = vals
        return out

    def breakpoints(self) -> tuple[float, ...]:
        return self._breakpoints

    def tail(self, side: int) -> Tail:
        end = self.lo if side < 0 else self.hi
        return ("finite", 0.0) if math.isfinite(end) else ("unknown", math.nan)

    def sympy_pdf(self, x: Any) -> Any:
        if self._expr is None:
            raise NotImplementedError(f"{self.name} was built from a callable: no SymPy expression")
        return self._expr.subs(self._symbol, x)

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        if not self.lo <= x <= self.hi:
            return mpmath.mpf("-inf")
        if self._mp_fn is not None:
            return self._mp_fn(x)
        # No mpmath version: fall back to double precision (documented limitation).
        return mpmath.mpf(float(self.logpdf(np.array([float(x)]))[0]))

    def mass(self) -> Any:
        """``∫ p dx`` as a :class:`~symbolic_gan.quadrature.QuadResult` (never renormalised)."""
        from symbolic_gan.quadrature import mass as _mass

        return _mass(self)


# --------------------------------------------------------------------------- closed forms


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


# Register the Hypothesis strategies for these types if Hypothesis is already imported
# (cheap: the hook imports nothing unless Hypothesis is loaded).
from symbolic_gan import _hypothesis_hook  # noqa: E402

_hypothesis_hook.register_if_hypothesis_loaded()
