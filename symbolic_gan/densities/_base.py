"""Validation helpers, the tail classes and the :class:`Density` base class (with its batch
interface)."""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from symbolic_gan.errors import InvalidArgument

LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
INF = math.inf

#: A tail class ``(kind, rate)``: ``("finite", 0)`` for a bounded support, ``("gauss", c)`` for
#: ``log p ≈ -c·x²``, ``("exp", c)`` for ``log p ≈ -c·|x|``, ``("power", a)`` for ``p ≈ |x|^-a``,
#: ``("unknown", nan)`` when nothing is known (user densities).
Tail = tuple[str, float]


def real_param(
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


def fmt_param(v: float) -> str:
    """Format a parameter compactly: ``1.0 -> '1'``, ``0.5 -> '0.5'``."""
    if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def call_str(name: str, *values: float) -> str:
    """``name(v1, v2, ...)`` with the parameters formatted by :func:`fmt_param`.

    >>> call_str("Normal", 0.0, 1.5)
    'Normal(0, 1.5)'
    """
    return f"{name}({', '.join(fmt_param(v) for v in values)})"


def as_array(x: object) -> np.ndarray:
    """``x`` as a float array."""
    return np.asarray(x, dtype=float)


def sympy_number(v: float) -> Any:
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
    their support ends.  A family may also offer a batch interface (:meth:`batch_params`
    and the ``batch_*`` classmethods, as ``scipy.stats`` evaluates arrays of parameters):
    quadrature then evaluates many pairs of that family in one NumPy call.
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
    def log_magnitude(self) -> float:
        """The magnitude of the terms ``logpdf`` sums, beyond ``|log p|`` itself.

        ``log p(x)`` is computed with an absolute rounding error of a few
        ``eps·(|log p(x)| + log_magnitude)``: for a Normal ``|log(σ·sqrt(2π))|``, for a Beta
        ``|log B(a, b)|`` plus its two log terms at the mean, which cancel near the mode.
        Quadrature turns it into a floor under its error estimates.  Default 0.
        """
        return 0.0

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

    # ---- batch interface (scipy.stats style): many members of one family at once

    #: For a family with a batch interface, the kind of tail all its members share
    #: (``"finite"``, ``"gauss"``, ``"exp"`` or ``"power"``, see :data:`Tail`); ``None`` for
    #: a family without one (the default).
    batch_tails: ClassVar[str | None] = None

    def batch_params(self) -> tuple[float, ...] | None:
        """This density's row of a parameter array for the ``batch_*`` classmethods, or
        ``None`` when its family has no batch interface (the default)."""
        return None

    @classmethod
    def batch_logpdf(cls, x: np.ndarray, params: np.ndarray) -> np.ndarray:
        """Log-densities of many members at once: ``params`` has one row per member (see
        :meth:`batch_params`), ``x`` broadcasts against ``params[..., 0]`` (nodes ×
        members: one column each)."""
        raise NotImplementedError(f"{cls.__name__} has no batch interface")

    @classmethod
    def batch_breakpoints(cls, params: np.ndarray) -> np.ndarray:
        """The breakpoints of many members, one row each (members × points, sorted)."""
        raise NotImplementedError(f"{cls.__name__} has no batch interface")

    @classmethod
    def batch_scale(cls, params: np.ndarray) -> np.ndarray:
        """The :attr:`scale` of many members, one entry each."""
        raise NotImplementedError(f"{cls.__name__} has no batch interface")

    @classmethod
    def batch_log_magnitude(cls, params: np.ndarray) -> np.ndarray:
        """The :attr:`log_magnitude` of many members, one entry each."""
        raise NotImplementedError(f"{cls.__name__} has no batch interface")
