"""The public entry points: integrate a batch of pairs, masses, nodes."""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.errors import InvalidArgument, NumericWarning
from symbolic_gan.quadrature._base import (
    ATOL,
    EPS,
    MASS_TOL,
    METHODS,
    RTOL,
    Integrand,
    MpIntegrand,
    QuadResult,
    QuadStatus,
)
from symbolic_gan.quadrature._checks import (
    beyond_range,
    check_raw,
    infinite_around,
    underflowed,
)
from symbolic_gan.quadrature._escalate import escalate, mp_stage
from symbolic_gan.quadrature._gk import Sums
from symbolic_gan.quadrature._pairing import as_pairs, clamp_to_range
from symbolic_gan.quadrature._pairs import batches, raw_fast
from symbolic_gan.quadrature._slow import raw_slow_many


def integrate_pairs(
    integrand: Integrand,
    p: Any,
    q: Any,
    *,
    mp_integrand: MpIntegrand | None = None,
    bounds: tuple[float, float] | None = None,
    check_mass: bool = True,
    mass_tol: float = MASS_TOL,
    reference: bool = False,
    dps: int = 50,
    atol: float = ATOL,
    rtol: float = RTOL,
    method: str = "auto",
) -> QuadResult:
    """Integrate ``integrand(x, logp, logq)`` over the line for one pair or a batch.

    ``bounds`` (optional) is a closed interval the value must lie in (a self-check);
    ``check_mass`` checks ``∫p = ∫q = 1`` on the same nodes.  A value is a success when its
    error estimate is at most ``max(atol, rtol·|value|)`` and every check passes.  With
    ``reference=True`` the integral is computed with mpmath at ``dps`` digits only (slow;
    for tests), which needs ``mp_integrand``.

    ``method`` (one of :data:`METHODS`): ``"auto"`` runs the batched fixed-node rules and
    escalates a pair that fails its checks to ``"quad"``, then ``"mpmath"``;
    ``"gauss-kronrod"`` runs the batched rules only (Gauss–Kronrod panels, with tanh-sinh
    next to singular ends and exp-sinh on power tails), a failure being final;
    ``"quad"`` (``scipy.integrate.quad``), ``"tanh-sinh"`` (``scipy.integrate.tanhsinh``)
    and ``"mpmath"`` (30 digits; needs ``mp_integrand``) run that adaptive rule alone, pair
    by pair, on the densities' breakpoint pieces.

    >>> import numpy as np
    >>> from symbolic_gan.densities import Normal
    >>> r = integrate_pairs(lambda x, lp, lq: np.exp(lp) * x * x, Normal(0, 2), Normal(0, 1))
    >>> round(float(r.value), 12), bool(r.success)
    (4.0, True)
    """
    if not callable(integrand):
        raise InvalidArgument.for_value("integrand", integrand, "must be callable")
    if method not in METHODS:
        raise InvalidArgument.for_value("method", method, f"must be one of {METHODS}")
    for name, tol in (("atol", atol), ("rtol", rtol)):
        if isinstance(tol, bool) or not isinstance(tol, float | int) or not tol >= 0.0:
            raise InvalidArgument.for_value(name, tol, "must be a number >= 0")
        if not math.isfinite(tol):
            raise InvalidArgument.for_value(name, tol, "must be finite")
    if method == "mpmath" and mp_integrand is None:
        raise InvalidArgument.for_value("mp_integrand", None, "method='mpmath' needs one")
    ps, qs, batch = as_pairs(p, q)
    # Overflow, underflow and NaN are looked for in the sums and decided per pair (retry,
    # infinite, failed): NumPy's warnings about them would only be noise.
    with np.errstate(all="ignore"):
        return _integrate(
            integrand,
            ps,
            qs,
            batch,
            mp_integrand=mp_integrand,
            bounds=bounds,
            check_mass=check_mass,
            mass_tol=mass_tol,
            reference=reference,
            dps=dps,
            atol=float(atol),
            rtol=float(rtol),
            method=method,
        )


def _integrate(
    integrand: Integrand,
    ps: list[Density],
    qs: list[Density],
    batch: bool,
    *,
    mp_integrand: MpIntegrand | None,
    bounds: tuple[float, float] | None,
    check_mass: bool,
    mass_tol: float,
    reference: bool,
    dps: int,
    atol: float,
    rtol: float,
    method: str,
) -> QuadResult:
    results: list[QuadResult | None] = [None] * len(ps)
    if reference:
        if mp_integrand is None:
            raise InvalidArgument.for_value(
                "mp_integrand", None, "reference mode needs an mpmath integrand"
            )
        for i, (a, b) in enumerate(zip(ps, qs, strict=True)):
            raw, ok = mp_stage(mp_integrand, a, b, dps=dps, check_mass=check_mass)
            verdict, msg = check_raw(
                raw, a, b, bounds=bounds, check_mass=check_mass, mass_tol=mass_tol
            )
            # The mpmath error plus the rounding of the value to a double.
            good = (
                ok
                and verdict == "ok"
                and raw.error <= 10.0 ** (-dps / 2) + 2 * EPS * abs(raw.value)
            )
            results[i] = QuadResult(
                raw.value,
                raw.error,
                good,
                "ok" if good else "failed",
                "mpmath-reference",
                raw.nfev,
                msg if not good else "",
            )
        return _finish(results, batch)
    if method in ("quad", "tanh-sinh", "mpmath"):
        return _adaptive_only(
            integrand, mp_integrand, ps, qs, batch, method,
            bounds=bounds, check_mass=check_mass, mass_tol=mass_tol, atol=atol, rtol=rtol,
        )
    n = len(ps)
    acc = np.zeros((6, n))
    nfev = np.zeros(n, np.int64)
    bad: dict[int, str] = {}
    inf_at: dict[int, tuple[float, float]] = {}
    inf_pt: dict[int, tuple[float, float]] = {}
    groups: dict[tuple[type, type], list[int]] = {}
    slow: list[int] = []
    tp, tq = set(map(type, ps)), set(map(type, qs))
    if len(tp) == len(tq) == 1 and all(map(batches, tp | tq)):
        pairs: Any = ()  # one class pair, all fast (the common batch): a single group
        groups[(tp.pop(), tq.pop())] = list(range(n))
    else:
        pairs = enumerate(zip(map(type, ps), map(type, qs), strict=True))
    for i, key in pairs:
        if batches(key[0]) and batches(key[1]):
            groups.setdefault(key, []).append(i)
        else:
            slow.append(i)
    raws = raw_slow_many(integrand, [ps[i] for i in slow], [qs[i] for i in slow]) if slow else []
    for i, raw in zip(slow, raws, strict=True):
        acc[:, i] = (
            raw.value,
            raw.error,
            raw.masses[0],
            raw.mass_errors[0],
            raw.masses[1],
            raw.mass_errors[1],
        )
        nfev[i] = raw.nfev
        if raw.bad is not None:
            bad[i] = raw.bad
        if raw.inf_at is not None:
            inf_at[i] = raw.inf_at
        if raw.inf_pt is not None:
            inf_pt[i] = raw.inf_pt
    for idx in groups.values():
        whole = len(idx) == n
        sums = raw_fast(
            integrand, ps if whole else [ps[i] for i in idx], qs if whole else [qs[i] for i in idx]
        )
        acc[:, idx] = sums.acc
        nfev[idx] = sums.nfev
        bad.update({idx[r]: v for r, v in sums.bad.items()})
        inf_at.update({idx[r]: v for r, v in sums.inf_at.items()})
        inf_pt.update({idx[r]: v for r, v in sums.inf_pt.items()})
    sums = Sums(acc, nfev, bad, inf_at, inf_pt)
    may_escalate = method == "auto"
    value, err = acc[0], acc[1]
    # Vectorised checks; only suspect pairs get the per-pair treatment.
    suspect = ~(err <= np.maximum(atol, rtol * np.abs(value)))
    if check_mass:
        for j in (2, 4):
            suspect |= ~np.isfinite(acc[j + 1])
            suspect |= ~(np.abs(acc[j] - 1.0) <= np.maximum(mass_tol, 10.0 * acc[j + 1]))
    if bounds is not None:
        slack = np.maximum(err, atol)
        suspect |= (value < bounds[0] - slack) | (value > bounds[1] + slack)
    suspect[list(bad) + list(inf_at) + list(inf_pt)] = True
    success = np.ones(n, dtype=bool)
    status = ["ok"] * n
    # the fast classes are continuous
    method = ["gauss-kronrod"] * n  # type: ignore[assignment]
    for i in slow:
        if ps[i].is_discrete and qs[i].is_discrete:
            method[i] = "sum"  # type: ignore[index]
    message = [""] * n
    value, err = value.copy(), err.copy()
    failures: list[str] = []
    for i in np.flatnonzero(suspect).tolist():
        a, b = ps[i], qs[i]
        raw = sums.raw(i)
        if raw.inf_pt is not None and raw.bad is None and raw.inf_at is None:
            if infinite_around(integrand, a, b, *raw.inf_pt):
                raw = dataclasses.replace(raw, inf_at=raw.inf_pt, inf_pt=None)
        out_of_range = False
        span = beyond_range(a, b)
        if span is not None:
            value[i], err[i], success[i] = math.nan, math.inf, False
            status[i], message[i] = "failed", span
            failures.append(f"pair {i} ({a}, {b}): {span}")
            continue
        if raw.inf_at is not None:
            why = underflowed(a, b, raw.inf_at[0])
            if why is not None:
                # The adaptive stages evaluate the same doubles; mpmath could, but takes
                # tens of seconds on such a pair: fail now, loudly.
                raw = dataclasses.replace(raw, bad=why, inf_at=None)
                out_of_range = True
        verdict, msg = check_raw(
            raw, a, b, bounds=bounds, check_mass=check_mass, mass_tol=mass_tol, atol=atol,
            rtol=rtol,
        )
        if verdict == "retry" and (method[i] == "sum" or out_of_range or not may_escalate):
            verdict = "failed"
        if verdict == "retry":
            res = escalate(
                integrand,
                mp_integrand,
                a,
                b,
                msg,
                bounds=bounds,
                check_mass=check_mass,
                mass_tol=mass_tol,
                atol=atol,
                rtol=rtol,
            )
        elif verdict == "infinite":
            assert raw.inf_at is not None
            res = QuadResult(raw.inf_at[1], 0.0, True, "infinite", method[i], raw.nfev, msg)
        elif out_of_range:
            res = QuadResult(math.nan, math.inf, False, "failed", method[i], raw.nfev, msg)
        elif verdict in ("unnormalised", "failed"):
            res = QuadResult(raw.value, raw.error, False, verdict, method[i], raw.nfev, msg)
        else:
            res = QuadResult(raw.value, raw.error, True, "ok", method[i], raw.nfev, "")
        value[i], err[i], success[i], nfev[i] = res.value, res.error, res.success, res.nfev
        status[i], method[i], message[i] = res.status, res.method, res.message  # type: ignore[index]
        if not res.success:
            failures.append(f"pair {i} ({a}, {b}): {res.message}")
    if failures:
        shown = "; ".join(failures[:3]) + (
            f"; and {len(failures) - 3} more" if len(failures) > 3 else ""
        )
        warnings.warn(
            f"quadrature failed for {len(failures)} pair(s): {shown}", NumericWarning, stacklevel=3
        )
    clamped = np.zeros(n, dtype=bool)
    if bounds is not None:
        clamped = clamp_to_range(value, err, success, bounds, message)
    if batch:
        codes = np.zeros(n, dtype=np.int8)
        if n and (n != status.count("ok")):
            codes[:] = [int(QuadStatus.of(s)) for s in status]
        return QuadResult(value, err, success, codes, tuple(method), nfev, tuple(message), clamped)
    return QuadResult(
        float(value[0]),
        float(err[0]),
        bool(success[0]),
        status[0],
        method[0],
        int(nfev[0]),
        message[0],
        bool(clamped[0]),
    )


def _adaptive_only(
    integrand: Integrand,
    mp_integrand: MpIntegrand | None,
    ps: list[Density],
    qs: list[Density],
    batch: bool,
    method: str,
    **kw: Any,
) -> QuadResult:
    """Every pair with one adaptive rule (``method``), pair by pair."""
    results = []
    failures = []
    for i, (a, b) in enumerate(zip(ps, qs, strict=True)):
        if a.is_discrete and b.is_discrete:  # sums are exact: the default rule does them
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NumericWarning)
                r = integrate_pairs(
                    integrand, a, b, bounds=kw["bounds"], check_mass=kw["check_mass"],
                    mass_tol=kw["mass_tol"], atol=kw["atol"], rtol=kw["rtol"],
                    method="gauss-kronrod",
                )
        else:
            span = beyond_range(a, b)
            if span is not None:
                r = QuadResult(math.nan, math.inf, False, "failed", method, 0, span)
            else:
                r = escalate(integrand, mp_integrand, a, b, "", stages=(method,), **kw)
        if not r.success:
            failures.append(f"pair {i} ({a}, {b}): {r.message}")
        results.append(r)
    if failures:
        warnings.warn(
            f"quadrature failed for {len(failures)} pair(s): " + "; ".join(failures[:3]),
            NumericWarning,
            stacklevel=4,
        )
    bounds = kw["bounds"]
    out = QuadResult.stack(results)
    if bounds is not None:
        value, message = out.value.copy(), list(out.message)
        clamped = clamp_to_range(value, out.error, out.success, bounds, message)
        out = dataclasses.replace(out, value=value, message=tuple(message), clamped=clamped)
    return out if batch else out[0]


def _finish(results: Sequence[QuadResult | None], batch: bool) -> QuadResult:
    rs = [r for r in results if r is not None]
    if batch:
        if not rs:
            return QuadResult(
                np.zeros(0), np.zeros(0), np.zeros(0, bool), (), (), np.zeros(0, np.int64), ()
            )
        return QuadResult.stack(rs)
    return rs[0]
