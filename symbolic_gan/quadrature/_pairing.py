"""Marks on integrands, the normalisation of pair arguments, and clamping to a range."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.quadrature._base import Integrand

__all__ = ["as_pairs", "bounded_by_densities", "clamp_to_range", "smooth", "takes_densities"]


def takes_densities(f: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Mark an integrand ``f(x, logp, logq, p, q)`` that wants the densities too.

    >>> @takes_densities
    ... def first_moment(x, lp, lq, p, q):
    ...     return p * x
    >>> first_moment.takes_densities
    True
    """
    f.takes_densities = True  # type: ignore[attr-defined]
    return f


def smooth(f: Integrand) -> Integrand:
    """Declare an integrand smooth where the densities are: no kink where they cross.

    Without this mark, the Gauss–Kronrod stage cuts every panel inside which
    ``log p - log q`` changes sign at the crossing (``|p - q|``, ``min(p, q)`` and case
    splits on ``p > q`` have a kink there, across which its error estimate can be far too
    small); the divergences of :mod:`symbolic_gan.numeric` are smooth and marked.

    >>> @smooth
    ... def kl_density(x, lp, lq):
    ...     return np.exp(lp) * (lp - lq)
    >>> kl_density.smooth
    True
    """
    f.smooth = True  # type: ignore[attr-defined]
    return f


def bounded_by_densities(c: float) -> Callable[[Integrand], Integrand]:
    """Declare that an integrand satisfies ``|f(x)| <= c·(p(x) + q(x))`` for every x.

    Quadrature may then bound what lies far from both densities analytically (``c``
    times their mass there) instead of integrating it.  The JSD integrand, for one, lies
    in ``[0, (p + q)·log(2)/2]``.

    >>> @bounded_by_densities(1.0)
    ... def overlap(x, lp, lq):
    ...     return np.exp(np.minimum(lp, lq))
    >>> overlap.density_bound
    1.0
    """
    if not (isinstance(c, float | int) and math.isfinite(c) and c >= 0):
        raise InvalidArgument.for_value("c", c, "must be a finite number >= 0")

    def mark(f: Integrand) -> Integrand:
        f.density_bound = float(c)  # type: ignore[attr-defined]
        return f

    return mark


def as_pairs(p: Any, q: Any) -> tuple[list[Density], list[Density], bool]:
    """Normalise ``(p, q)`` — two densities or two equal-length sequences of them — to two
    lists; the flag says whether the input was a batch.

    >>> from symbolic_gan.densities import Normal
    >>> as_pairs(Normal(), Normal(1, 1))[2], len(as_pairs([Normal()], [Normal()])[0])
    (False, 1)
    """
    if isinstance(p, Density) and isinstance(q, Density):
        return [p], [q], False
    if isinstance(p, Density) or isinstance(q, Density):
        raise InvalidArgument.for_value(
            "q" if isinstance(p, Density) else "p",
            q if isinstance(p, Density) else p,
            "give two densities or two equal-length sequences of densities",
        )
    try:
        ps, qs = list(p), list(q)
    except TypeError:
        raise InvalidArgument.for_value(
            "p", p, "must be a Density or a sequence of densities"
        ) from None
    if len(ps) != len(qs):
        raise InvalidArgument.for_value(
            "q", f"<{len(qs)} densities>", f"must have the same length as p ({len(ps)})"
        )
    for name, seq in (("p", ps), ("q", qs)):
        if all(issubclass(t, Density) for t in set(map(type, seq))):
            continue
        for i, d in enumerate(seq):
            if not isinstance(d, Density):
                raise InvalidArgument.for_value(f"{name}[{i}]", d, "must be a Density")
    return ps, qs, True


def clamp_to_range(
    value: np.ndarray,
    err: np.ndarray,
    success: np.ndarray,
    bounds: tuple[float, float],
    message: list[str],
) -> np.ndarray:
    """Move successful values that lie outside ``bounds`` by at most their error onto the
    bounds (in place); say so in ``message``; return which were moved."""
    lo, hi = bounds
    below = success & (value < lo) & (lo - value <= err)
    above = success & (value > hi) & (value - hi <= err)
    moved = below | above
    for i in np.flatnonzero(moved).tolist():
        bound = lo if below[i] else hi
        note = (
            f"computed value {float(value[i])!r} lies outside the range [{lo!r}, {hi!r}] by less "
            f"than its error estimate {err[i]:.1e}: clamped to {bound!r}"
        )
        message[i] = f"{message[i]}; {note}" if message[i] else note
        value[i] = bound
    return moved
