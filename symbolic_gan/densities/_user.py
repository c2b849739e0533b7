"""Densities that users wrap: a log-density or density callable, or a SymPy expression."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symbolic_gan.densities._base import INF, Density, Tail, as_array, real_param
from symbolic_gan.errors import InvalidArgument, NumericError


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
    :class:`~symbolic_gan.errors.InvalidArgument`.  The constructors do not integrate the
    density (densities know nothing of quadrature): check the mass with
    :func:`symbolic_gan.quadrature.require_normalised`, which rejects a density whose mass is
    not 1 and reports the mass; otherwise every numeric result that uses an unnormalised
    density reports the failed normalisation (status ``unnormalised``), never renormalising.
    ``check_mass`` is accepted only as ``False`` (the constructors once checked the mass).

    >>> import numpy as np
    >>> half = UserDensity.from_logpdf(lambda x: np.log(2 * x), (0, 1), name="2x")
    >>> str(half), round(float(half.pdf(0.5)), 6)
    ('2x', 1.0)
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
        if check_mass:
            raise InvalidArgument.for_value(
                "check_mass",
                check_mass,
                "the constructor no longer integrates the density: check it with "
                "symbolic_gan.quadrature.require_normalised(density)",
            )
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
        lo = real_param("support[0]", lo_raw, allow_inf=True)
        hi = real_param("support[1]", hi_raw, allow_inf=True)
        if not hi > lo or lo == INF or hi == -INF:
            raise InvalidArgument.for_value("support", (lo, hi), "needs low < high")
        bps = sorted(
            {real_param(f"breakpoints[{i}]", b) for i, b in enumerate(breakpoints)}
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
        check_mass: bool = False,
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
        check_mass: bool = False,
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
        check_mass: bool = False,
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
        x = as_array(x)
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
