"""Plumbing of the numeric API: one batch per call with what can be decided analytically
taken out first, and the log-domain helpers of the integrands."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.quadrature import (
    QuadResult,
    as_pairs,
    integrate_pairs,
)

LOG2 = math.log(2.0)
LOG4 = math.log(4.0)

Decider = Callable[[Density, Density], "QuadResult | None"]




def run_pairs(
    p: Any,
    q: Any,
    integrand: Callable[..., np.ndarray],
    mp_integrand: Callable[..., Any] | None,
    *,
    decide: Decider | None = None,
    bounds: tuple[float, float] | None = None,
    reference: bool = False,
    check_mass: bool = True,
    method: str = "auto",
) -> QuadResult:
    """Decide what can be decided analytically, integrate the rest as one batch."""
    ps, qs, batch = as_pairs(p, q)
    decided: dict[int, QuadResult] = {}
    if decide is not None:
        # A decider that looks at the classes only need not see every pair of a batch of
        # one class pair (the common case): the first pair speaks for all.
        one_class = len(set(map(type, ps))) == 1 and len(set(map(type, qs))) == 1
        silent = getattr(decide, "by_class", False) and one_class and decide(ps[0], qs[0]) is None
        if not silent:
            for i, (a, b) in enumerate(zip(ps, qs, strict=True)):
                r = decide(a, b)
                if r is not None:
                    decided[i] = r
    todo = range(len(ps)) if not decided else [i for i in range(len(ps)) if i not in decided]
    if not batch:
        if decided:
            return decided[0]
        return integrate_pairs(
            integrand,
            ps[0],
            qs[0],
            mp_integrand=mp_integrand,
            bounds=bounds,
            check_mass=check_mass,
            reference=reference,
            method=method,
        )
    results: list[QuadResult] = [None] * len(ps)  # type: ignore[list-item]
    for i, r in decided.items():
        results[i] = r
    if todo:
        sub = integrate_pairs(
            integrand,
            [ps[i] for i in todo] if decided else ps,
            [qs[i] for i in todo] if decided else qs,
            mp_integrand=mp_integrand,
            bounds=bounds,
            check_mass=check_mass,
            reference=reference,
            method=method,
        )
        if not decided:
            return sub
        for k, i in enumerate(todo):
            results[i] = sub[k]
    return QuadResult.stack(results)


def analytic(value: float, message: str) -> QuadResult:
    """A result decided without quadrature (``method="analytic"``, error 0)."""
    status = "infinite" if math.isinf(value) else "ok"
    return QuadResult(value, 0.0, True, status, "analytic", 0, message)


def zero_safe_product(p: np.ndarray, term: np.ndarray) -> np.ndarray:
    """``p * term`` with ``0 * anything = 0`` (the 0·log 0 convention)."""
    return np.where(p > 0, p * term, 0.0)


def log_sum(lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``log(p + q)``: from the densities where their sum is a normal float (fast), from
    the logs (``logaddexp``) where it underflows."""
    s = np.add(p, q)
    if s.ndim == 0:
        return np.logaddexp(lp, lq) if s < 1e-300 else np.log(s)
    small = s < 1e-300 if s.size and s.min() < 1e-300 else None
    with np.errstate(divide="ignore"):
        out = np.log(s, out=s)
    if small is not None:
        out[small] = np.logaddexp(lp[small], lq[small])
    return out


def mp_zero_safe_product(lp: Any, term: Any) -> Any:
    """mpmath ``exp(lp) * term`` with ``0 * anything = 0`` (the 0·log 0 convention)."""
    import mpmath

    if lp == mpmath.mpf("-inf"):
        return mpmath.mpf(0)
    return mpmath.exp(lp) * term


def mp_logaddexp(a: Any, b: Any) -> Any:
    """mpmath ``log(exp(a) + exp(b))``, either argument possibly ``-inf``."""
    import mpmath

    ninf = mpmath.mpf("-inf")
    if a == ninf:
        return b
    if b == ninf:
        return a
    top = max(a, b)
    return top + mpmath.log(mpmath.exp(a - top) + mpmath.exp(b - top))




def kl_decide(p: Density, q: Density) -> QuadResult | None:
    """Decide ``KL(p‖q) = inf`` from supports and tails (None: integrate)."""
    if p.is_discrete and q.is_discrete:
        missing = set(p.breakpoints()) - set(q.breakpoints())
        if missing:
            return analytic(math.inf, f"p has mass at x={min(missing)!r} where q has none")
        return None
    if p.is_discrete != q.is_discrete:
        return analytic(math.inf, "p and q are mutually singular (discrete vs continuous)")
    (plo, phi), (qlo, qhi) = p.support, q.support
    if plo < qlo or phi > qhi:
        return analytic(
            math.inf, f"support of p {p.support} is not inside the support of q {q.support}"
        )
    for side in (-1, 1):
        if math.isfinite(p.support[0 if side < 0 else 1]):
            continue
        (kp, ap), (kq, _) = p.tail(side), q.tail(side)
        # p ~ |x|^-a has finite moments of order < a - 1; E_p[-log q] needs the 2nd
        # moment for a Gaussian tail of q, the 1st for an exponential one.
        need = {"gauss": 2.0, "exp": 1.0}.get(kq)
        if kp == "power" and need is not None and ap - 1.0 <= need:
            return analytic(
                math.inf,
                f"p has a power tail |x|^-{ap:g} and q a {kq} tail: E_p[-log q] diverges",
            )
    return None


def singular_decide(value: float, what: str) -> Decider:
    """A decider giving ``value`` to mutually singular pairs (``what`` says which law)."""

    def decide(p: Density, q: Density) -> QuadResult | None:
        if p.is_discrete != q.is_discrete:
            return analytic(
                value, f"p and q are mutually singular (discrete vs continuous): {what}"
            )
        return None

    decide.by_class = True  # type: ignore[attr-defined]  # is_discrete is a class attribute
    return decide
