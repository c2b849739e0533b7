"""Densities built from others or from points: :class:`Mixture`, :class:`Discrete`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from symbolic_gan.densities._base import (
    Density,
    Tail,
    as_array,
    fmt_param,
    real_param,
    sympy_number,
)
from symbolic_gan.errors import InvalidArgument

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

    >>> from symbolic_gan.densities import Normal
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
        ws = tuple(real_param(f"weights[{i}]", w, positive=True) for i, w in enumerate(weights))
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
        ws = ", ".join(fmt_param(w) for w in self.weights)
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
        x = as_array(x)
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
                sympy_number(w) * c.sympy_pdf(x)
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
        xs = [real_param(f"points[{i}]", v) for i, v in enumerate(pts)]
        ps = [real_param(f"probs[{i}]", v, positive=True) for i, v in enumerate(prs)]
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
        xs = ", ".join(fmt_param(v) for v in self.points)
        ps = ", ".join(fmt_param(v) for v in self.probs)
        return f"Discrete([{xs}], [{ps}])"

    @property
    def support(self) -> tuple[float, float]:
        return (self.points[0], self.points[-1])

    @property
    def scale(self) -> float:
        return max(self.points[-1] - self.points[0], 1.0)

    def logpdf(self, x: object) -> np.ndarray:
        x = as_array(x)
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
                sympy_number(p) * sympy.DiracDelta(x - sympy_number(v))
                for v, p in zip(self.points, self.probs, strict=False)
            )
        )

    def mp_logpdf(self, x: Any) -> Any:
        import mpmath

        for v, p in zip(self.points, self.probs, strict=False):
            if x == v:
                return mpmath.log(mpmath.mpf(p))
        return mpmath.mpf("-inf")
