"""Public numeric API: divergences and GAN values of concrete density pairs.

Every function takes one pair ``(p, q)`` of :class:`~symbolic_gan.densities.Density`, or two
equal-length sequences of them evaluated as one batch, and returns a
:class:`~symbolic_gan.quadrature.QuadResult` (array fields for a batch).  Logs are natural.

* :func:`integrate` — the generic entry point: ``integrand(logp, logq)`` is any vectorised
  function of the two log-densities (``-inf`` where a density is 0) and must itself apply
  the ``0·log 0 = 0`` convention.  Later objectives (LSGAN, f-GANs) reuse it.
* :func:`kl`, :func:`jsd` (with the ½, so ``0 <= JSD <= log 2``), :func:`value`
  (``V(D, G) = E_p[log D] + E_q[log(1 - D)]``, at ``D* = p/(p+q)`` when no discriminator is
  given, which equals ``2·JSD − log 4``), :func:`entropy`, :func:`cross_entropy`
  (``−E_p[log q]``) and :func:`expected_log_likelihood` (``E_p[log q]``).
* :func:`mass` and :func:`nodes` for the normalisation premise and pointwise checks.

:func:`kl`, :func:`jsd` and :func:`value` take ``method=`` (see
:func:`~symbolic_gan.quadrature.integrate_pairs`); their integrands are public
(:func:`kl_integrand`, :func:`jsd_integrand`, :func:`value_star_integrand`, each with an
mpmath twin ``..._mp``) for use with :func:`~symbolic_gan.quadrature.integrate_pairs`.

Infinite divergences are decided analytically (supports, tail classes, a discrete density
against a continuous one), never by quadrature.

>>> from symbolic_gan.densities import Normal, Uniform
>>> r = jsd(Uniform(0, 1), Uniform(2, 3))
>>> round(float(r.value), 12) == round(math.log(2), 12), bool(r.success)
(True, True)
>>> round(float(kl(Normal(0, 1), Normal(1, 1)).value), 12)
0.5
>>> str(kl(Normal(0, 1), Uniform(0, 1)).status)
'infinite'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.quadrature import (
    QuadResult,
    as_pairs,
    bounded_by_densities,
    integrate_pairs,
    pair_nodes,
    takes_densities,
)
from symbolic_gan.quadrature import mass as _mass

__all__ = [
    "cross_entropy",
    "entropy",
    "expected_log_likelihood",
    "integrate",
    "jsd",
    "jsd_integrand",
    "jsd_integrand_mp",
    "kl",
    "kl_integrand",
    "kl_integrand_mp",
    "mass",
    "nodes",
    "value",
    "value_star_integrand",
    "value_star_integrand_mp",
]

_LOG2 = math.log(2.0)
_LOG4 = math.log(4.0)

Decider = Callable[[Density, Density], "QuadResult | None"]


# ----------------------------------------------------------------------------- plumbing


def _run(
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


def _analytic(value: float, message: str) -> QuadResult:
    status = "infinite" if math.isinf(value) else "ok"
    return QuadResult(value, 0.0, True, status, "analytic", 0, message)


def _pos(p: np.ndarray, term: np.ndarray) -> np.ndarray:
    """``p * term`` with ``0 * anything = 0`` (the 0·log 0 convention)."""
    return np.where(p > 0, p * term, 0.0)


def _log_sum(lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray) -> np.ndarray:
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


def _mp_pos(lp: Any, term: Any) -> Any:
    import mpmath

    if lp == mpmath.mpf("-inf"):
        return mpmath.mpf(0)
    return mpmath.exp(lp) * term


def _mp_logaddexp(a: Any, b: Any) -> Any:
    import mpmath

    ninf = mpmath.mpf("-inf")
    if a == ninf:
        return b
    if b == ninf:
        return a
    top = max(a, b)
    return top + mpmath.log(mpmath.exp(a - top) + mpmath.exp(b - top))


# ----------------------------------------------------------------------------- generic


def integrate(
    integrand: Callable[[np.ndarray, np.ndarray], np.ndarray],
    p: Any,
    q: Any,
    *,
    mp_integrand: Callable[[Any, Any], Any] | None = None,
    bounds: tuple[float, float] | None = None,
    check_mass: bool = True,
    reference: bool = False,
) -> QuadResult:
    """``∫ integrand(log p(x), log q(x)) dx`` for one pair or a batch.

    ``integrand`` is vectorised over NumPy arrays of log-densities (``-inf`` where a density
    is 0) and must apply ``0·log 0 = 0`` itself.  ``mp_integrand`` (same signature, mpmath
    numbers) enables the mpmath escalation stage and ``reference=True`` (50 digits).
    ``bounds`` adds a self-check on the value; ``check_mass`` checks ``∫p = ∫q = 1``.

    >>> import numpy as np
    >>> from symbolic_gan.densities import Normal
    >>> tv = integrate(lambda lp, lq: 0.5 * np.abs(np.exp(lp) - np.exp(lq)),
    ...                Normal(0, 1), Normal(0, 1))
    >>> float(tv.value), str(tv.status)
    (0.0, 'ok')
    """
    if not callable(integrand):
        raise InvalidArgument.for_value("integrand", integrand, "must be callable")

    def f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray) -> Any:
        return integrand(lp, lq)

    mpf = None
    if mp_integrand is not None:
        mp_fn = mp_integrand

        def mpf(x: Any, lp: Any, lq: Any) -> Any:
            return mp_fn(lp, lq)

    return _run(p, q, f, mpf, bounds=bounds, reference=reference, check_mass=check_mass)


def nodes(p: Density, q: Density) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, log p(x), log q(x))`` at the quadrature nodes of one pair (pointwise checks).

    >>> from symbolic_gan.densities import Normal
    >>> x, lp, lq = nodes(Normal(0, 1), Normal(2, 1))
    >>> bool(np.allclose(lp, Normal(0, 1).logpdf(x)))
    True
    """
    for name, d in (("p", p), ("q", q)):
        if not isinstance(d, Density):
            raise InvalidArgument.for_value(name, d, "must be a Density (nodes takes one pair)")
    x, lp, lq = pair_nodes(p, q)
    # Tanh-sinh nodes within rounding of a support end land on the end itself, where a
    # singular density cannot be evaluated from x; their log-densities were computed from
    # the exact distance, but x no longer says where they are: drop them.
    ends = [e for d in (p, q) for e in d.support if math.isfinite(e)]
    keep = ~np.isin(x, ends) if ends else np.ones(x.shape, bool)
    if p.is_discrete or q.is_discrete:
        keep = np.ones(x.shape, bool)
    return x[keep], lp[keep], lq[keep]


def mass(p: Any, *, reference: bool = False) -> QuadResult:
    """``∫ p dx`` for one density or a sequence (never renormalised).

    >>> from symbolic_gan.densities import Discrete
    >>> float(mass(Discrete([0, 1], [0.25, 0.75])).value)
    1.0
    """
    return _mass(p, reference=reference)


# ----------------------------------------------------------------------------- analytic


def _kl_decide(p: Density, q: Density) -> QuadResult | None:
    """Decide ``KL(p‖q) = inf`` from supports and tails (None: integrate)."""
    if p.is_discrete and q.is_discrete:
        missing = set(p.breakpoints()) - set(q.breakpoints())
        if missing:
            return _analytic(math.inf, f"p has mass at x={min(missing)!r} where q has none")
        return None
    if p.is_discrete != q.is_discrete:
        return _analytic(math.inf, "p and q are mutually singular (discrete vs continuous)")
    (plo, phi), (qlo, qhi) = p.support, q.support
    if plo < qlo or phi > qhi:
        return _analytic(
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
            return _analytic(
                math.inf,
                f"p has a power tail |x|^-{ap:g} and q a {kq} tail: E_p[-log q] diverges",
            )
    return None


def _singular_decide(value: float, what: str) -> Decider:
    def decide(p: Density, q: Density) -> QuadResult | None:
        if p.is_discrete != q.is_discrete:
            return _analytic(
                value, f"p and q are mutually singular (discrete vs continuous): {what}"
            )
        return None

    decide.by_class = True  # type: ignore[attr-defined]  # is_discrete is a class attribute
    return decide


# ----------------------------------------------------------------------------- functionals


@takes_densities
def kl_integrand(
    x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """``p·log(p/q)`` with ``0·log 0 = 0`` (the integrand of :func:`kl`)."""
    out = p * (lp - lq)
    if np.isnan(out).any():  # 0 * inf where p = 0: apply 0·log 0 = 0 there
        out = _pos(p, lp - lq)
    return out


def kl_integrand_mp(x: Any, lp: Any, lq: Any) -> Any:
    """The mpmath twin of :func:`kl_integrand`."""
    return _mp_pos(lp, lp - lq)


def kl(p: Any, q: Any, *, reference: bool = False, method: str = "auto") -> QuadResult:
    """Kullback–Leibler divergence ``KL(p‖q) = ∫ p log(p/q)``.

    >>> from symbolic_gan.densities import Normal, StudentT, kl_normal
    >>> r = kl(Normal(0, 1), Normal(1, 2))
    >>> abs(float(r.value) - kl_normal(Normal(0, 1), Normal(1, 2))) < 1e-13
    True
    >>> kl(StudentT(1), Normal(0, 1)).message
    'p has a power tail |x|^-2 and q a gauss tail: E_p[-log q] diverges'
    """
    return _run(
        p,
        q,
        kl_integrand,
        kl_integrand_mp,
        decide=_kl_decide,
        bounds=(0.0, math.inf),
        reference=reference,
        method=method,
    )


@bounded_by_densities(0.5 * _LOG2)  # 0 <= f <= (p + q)·log(2)/2
@takes_densities
def jsd_integrand(
    x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """``½(p·log(p/m) + q·log(q/m))``, ``m = (p+q)/2``, in the log domain (of :func:`jsd`)."""
    lm = _log_sum(lp, lq, p, q)
    lm -= _LOG2
    if np.ndim(lm) == 0:
        return 0.5 * (_pos(p, lp - lm) + _pos(q, lq - lm))
    # (in place: two passes fewer over a large batch than p·(lp - lm) + q·(lq - lm))
    out = np.subtract(lp, lm)
    out *= p
    q_term = np.subtract(lq, lm, out=lm)
    q_term *= q
    out += q_term
    if np.isnan(out.sum()):  # 0 * inf where a density is 0: apply 0·log 0 = 0 there
        lm = _log_sum(lp, lq, p, q)
        lm -= _LOG2
        out = _pos(p, lp - lm) + _pos(q, lq - lm)
    out *= 0.5
    return out


def jsd_integrand_mp(x: Any, lp: Any, lq: Any) -> Any:
    """The mpmath twin of :func:`jsd_integrand`."""
    import mpmath

    lm = _mp_logaddexp(lp, lq) - mpmath.log(2)
    return (_mp_pos(lp, lp - lm) + _mp_pos(lq, lq - lm)) / 2


def jsd(p: Any, q: Any, *, reference: bool = False, method: str = "auto") -> QuadResult:
    """Jensen–Shannon divergence ``½KL(p‖m) + ½KL(q‖m)``, ``m = (p+q)/2``, in nats.

    >>> from symbolic_gan.densities import Normal
    >>> abs(float(jsd(Normal(0, 1), Normal(0, 1)).value)) < 1e-15
    True
    """
    return _run(
        p,
        q,
        jsd_integrand,
        jsd_integrand_mp,
        decide=_singular_decide(_LOG2, "JSD = log 2"),
        bounds=(0.0, _LOG2),
        reference=reference,
        method=method,
    )


@bounded_by_densities(1.0)  # p·log(1 + q/p) <= q and q·log(1 + p/q) <= p
@takes_densities
def value_star_integrand(
    x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray
) -> np.ndarray:
    """``p·log D* + q·log(1 − D*)``, ``D* = p/(p+q)``, in the log domain (of :func:`value`)."""
    ls = _log_sum(lp, lq, p, q)
    out = p * (lp - ls) + q * (lq - ls)
    if np.isnan(out).any():  # 0 * inf where a density is 0: apply 0·log 0 = 0 there
        out = _pos(p, lp - ls) + _pos(q, lq - ls)
    return out


def value_star_integrand_mp(x: Any, lp: Any, lq: Any) -> Any:
    """The mpmath twin of :func:`value_star_integrand`."""
    ls = _mp_logaddexp(lp, lq)
    return _mp_pos(lp, lp - ls) + _mp_pos(lq, lq - ls)


def _check_d(x: np.ndarray, y: Any) -> np.ndarray:
    y = np.broadcast_to(np.asarray(y, dtype=float), x.shape)
    bad = ~((y >= 0.0) & (y <= 1.0))
    if bad.any():
        i = np.flatnonzero(bad.ravel())[0]
        raise InvalidArgument.for_value(
            "discriminator",
            f"D({float(x.ravel()[i])!r}) = {float(y.ravel()[i])!r}",
            "must return values in [0, 1]",
        )
    return y


def value(
    p: Any,
    q: Any,
    discriminator: Callable[[np.ndarray], Any] | None = None,
    *,
    reference: bool = False,
    method: str = "auto",
) -> QuadResult:
    """``V(D, G) = E_p[log D] + E_q[log(1 − D)]``; at ``D* = p/(p+q)`` when ``None``.

    At ``D*`` the integrand is computed directly (not through JSD), so that the integral
    identity ``V(D*) = 2·JSD − log 4`` can be checked numerically.  A discriminator is a
    vectorised callable of x with values in ``[0, 1]``; where it returns exactly 0 (e.g. a
    sigmoid that underflows) and p > 0, the value is ``-inf`` (status ``infinite``).

    >>> from symbolic_gan.densities import Normal
    >>> round(float(value(Normal(0, 1), Normal(0, 1)).value), 12) == round(-math.log(4), 12)
    True
    >>> round(float(value(Normal(0, 1), Normal(0, 1), lambda x: 0.5 + 0 * x).value), 9)
    -1.386294361
    """
    if discriminator is None:
        return _run(
            p,
            q,
            value_star_integrand,
            value_star_integrand_mp,
            decide=_singular_decide(0.0, "V(D*) = 0"),
            bounds=(-_LOG4, 0.0),
            reference=reference,
            method=method,
        )
    if not callable(discriminator):
        raise InvalidArgument.for_value("discriminator", discriminator, "must be callable or None")
    disc = discriminator

    @takes_densities
    def f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray, pv: np.ndarray, qv: np.ndarray) -> Any:
        y = _check_d(x, disc(x))
        with np.errstate(divide="ignore"):
            return _pos(pv, np.log(y)) + _pos(qv, np.log1p(-y))

    def mpf(x: Any, lp: Any, lq: Any) -> Any:
        import mpmath

        xa = np.array([float(x)])
        y = mpmath.mpf(float(_check_d(xa, disc(xa))[0]))
        t1 = _mp_pos(lp, mpmath.log(y) if y > 0 else mpmath.mpf("-inf"))
        t2 = _mp_pos(lq, mpmath.log1p(-y) if y < 1 else mpmath.mpf("-inf"))
        return t1 + t2

    return _run(p, q, f, mpf, bounds=(-math.inf, 0.0), reference=reference, method=method)


@takes_densities
def _h_f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray) -> Any:
    return -_pos(p, lp)


def _h_mp(x: Any, lp: Any, lq: Any) -> Any:
    return -_mp_pos(lp, lp)


def entropy(p: Any, *, reference: bool = False) -> QuadResult:
    """Differential entropy ``−∫ p log p`` (Shannon entropy for a Discrete density).

    >>> from symbolic_gan.densities import Normal, entropy_normal
    >>> abs(float(entropy(Normal(0, 2)).value) - entropy_normal(Normal(0, 2))) < 1e-13
    True
    """
    ps, _, batch = as_pairs(p, p)
    arg = ps if batch else ps[0]
    return _run(arg, arg, _h_f, _h_mp, reference=reference)


@takes_densities
def _ell_f(x: np.ndarray, lp: np.ndarray, lq: np.ndarray, p: np.ndarray, q: np.ndarray) -> Any:
    return _pos(p, lq)


def _ell_mp(x: Any, lp: Any, lq: Any) -> Any:
    return _mp_pos(lp, lq)


def _negate(r: QuadResult) -> QuadResult:
    v = -r.value if not r.is_batch else -np.asarray(r.value)
    return QuadResult(v, r.error, r.success, r.status, r.method, r.nfev, r.message, r.clamped)


def expected_log_likelihood(p: Any, q: Any, *, reference: bool = False) -> QuadResult:
    """``E_p[log q]`` (``−inf`` when ``KL(p‖q)`` is infinite); ``= −H(p) − KL(p‖q)``.

    >>> from symbolic_gan.densities import Normal
    >>> round(float(expected_log_likelihood(Normal(0, 1), Normal(0, 1)).value), 9)
    -1.418938533
    """

    def decide(a: Density, b: Density) -> QuadResult | None:
        r = _kl_decide(a, b)
        return None if r is None else _negate(r)

    return _run(p, q, _ell_f, _ell_mp, decide=decide, reference=reference)


def cross_entropy(p: Any, q: Any, *, reference: bool = False) -> QuadResult:
    """Cross-entropy ``H(p, q) = −E_p[log q] = H(p) + KL(p‖q)``.

    >>> from symbolic_gan.densities import Normal
    >>> round(float(cross_entropy(Normal(0, 1), Normal(0, 1)).value), 9)
    1.418938533
    """
    return _negate(expected_log_likelihood(p, q, reference=reference))
