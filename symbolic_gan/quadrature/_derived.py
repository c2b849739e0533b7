"""Entry points built on :func:`integrate_pairs`: a pair's nodes, masses, and the check
that a density is normalised."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np

from symbolic_gan.densities import Density
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.quadrature._base import QuadResult
from symbolic_gan.quadrature._driver import integrate_pairs
from symbolic_gan.quadrature._pairing import as_pairs, takes_densities
from symbolic_gan.quadrature._slow import raw_slow


def pair_nodes(p: Density, q: Density) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nodes of the default rule for one pair: ``(x, logp, logq)`` (flattened).

    >>> from symbolic_gan.densities import Normal
    >>> x, lp, lq = pair_nodes(Normal(0, 1), Normal(1, 1))
    >>> x.shape == lp.shape == lq.shape, bool(np.all(np.isfinite(lp)))
    (True, True)
    """
    xs: list[np.ndarray] = []
    lps: list[np.ndarray] = []
    lqs: list[np.ndarray] = []

    def grab(x: np.ndarray, lp: np.ndarray, lq: np.ndarray) -> np.ndarray:
        xs.append(np.array(x, dtype=float).ravel())
        lps.append(np.array(lp, dtype=float).ravel())
        lqs.append(np.array(lq, dtype=float).ravel())
        return np.zeros(np.shape(x))

    grab.collects_nodes = True  # type: ignore[attr-defined]  # (no extra evaluations)
    grab.smooth = True  # type: ignore[attr-defined]  # (the layout of smooth integrands)
    raw_slow(grab, p, q)
    return np.concatenate(xs), np.concatenate(lps), np.concatenate(lqs)


def mass(p: Any, *, reference: bool = False, dps: int = 50) -> QuadResult:
    """``∫ p dx`` (for a :class:`~symbolic_gan.densities.Discrete` the sum of the masses).

    Never renormalises: a user density that is not normalised shows its mass here.

    >>> from symbolic_gan.densities import Beta
    >>> r = mass(Beta(0.5, 0.5))
    >>> round(float(r.value), 12), bool(r.success)
    (1.0, True)
    """
    ps, _, batch = as_pairs(p, p)

    @takes_densities
    def f(
        x: np.ndarray, lp: np.ndarray, lq: np.ndarray, pv: np.ndarray, qv: np.ndarray
    ) -> np.ndarray:
        return pv

    def mpf(x: Any, lp: Any, lq: Any) -> Any:
        import mpmath

        return mpmath.exp(lp)

    arg = ps if batch else ps[0]
    return integrate_pairs(
        f, arg, arg, mp_integrand=mpf, check_mass=False, reference=reference, dps=dps
    )


D = TypeVar("D", bound=Density)


def require_normalised(density: D, *, tol: float = 1e-9) -> D:
    """Return ``density`` if it integrates to 1, or raise
    :class:`~symbolic_gan.errors.InvalidArgument` naming its mass (never renormalised).

    The mass passes when ``|mass - 1| <= max(tol, 10·error estimate)``.  Use it where a
    user density is built (the :class:`~symbolic_gan.densities.UserDensity` constructors do
    not integrate); numeric results report an unnormalised density anyway, with status
    ``unnormalised``.

    >>> import numpy as np
    >>> from symbolic_gan.densities import UserDensity
    >>> str(require_normalised(UserDensity.from_logpdf(np.log, (0, np.sqrt(2)), name="x")))
    'x'
    >>> flat = UserDensity.from_logpdf(lambda x: 0 * x, (0, 2), name="flat")
    >>> require_normalised(flat)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symbolic_gan.errors.InvalidArgument: mass=2.0: flat does not integrate to 1; it is not ...
    """
    if not isinstance(density, Density):
        raise InvalidArgument.for_value("density", density, "must be a Density")
    res = mass(density)
    value, error = float(res.value), float(res.error)
    if not abs(value - 1.0) <= max(tol, 10.0 * error):
        raise InvalidArgument.for_value(
            "mass",
            round(value, 12),
            f"{density} does not integrate to 1; it is not renormalised "
            f"(error estimate {error:.1e})",
        )
    return density
