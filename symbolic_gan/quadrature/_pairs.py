"""Sums of groups of same-class pairs of families with a batch interface and light tails
(vectorised); pairs of other densities follow the general plan of ``_slow``."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from symbolic_gan.densities import Density, Normal
from symbolic_gan.quadrature._base import Integrand
from symbolic_gan.quadrature._gk import (
    Sums,
    gk_run,
)
from symbolic_gan.quadrature._normal import raw_normal
from symbolic_gan.quadrature._rules import (
    Panels,
    make_panels,
    tail_panels,
)

# ---- fast path: groups of pairs of families with a batch interface and light tails


#: Tail kinds the fast path maps (a power-law tail needs exp-sinh: the general plan).
BATCH_TAILS = ("finite", "gauss", "exp")


def batches(cls: type) -> bool:
    """Whether pairs of densities of class ``cls`` go through the vectorised fast path: its
    family has a batch interface (:meth:`Density.batch_params`...) and light tails.

    >>> from symbolic_gan.densities import Beta, Cauchy, Laplace
    >>> batches(Laplace), batches(Cauchy), batches(Beta)
    (True, False, False)
    """
    return getattr(cls, "batch_tails", None) in BATCH_TAILS


def _columns(ds: Sequence[Density], *names: str) -> np.ndarray:
    """Attributes of many densities as the columns of one array."""
    return np.stack([np.fromiter(map(attrgetter(n), ds), float, len(ds)) for n in names], 1)


def raw_fast(integrand: Integrand, ps: Sequence[Density], qs: Sequence[Density]) -> Sums:
    """Pairs whose classes are all equal to (type(ps[0]), type(qs[0])), vectorised."""
    cp, cq = type(ps[0]), type(qs[0])
    if cp is Normal and cq is Normal:
        return raw_normal(integrand, _columns(ps, "mu", "sigma"), _columns(qs, "mu", "sigma"))
    pp = np.array([d.batch_params() for d in ps], dtype=float)
    pq = np.array([d.batch_params() for d in qs], dtype=float)
    g = len(ps)
    b = np.sort(
        np.concatenate([cp.batch_breakpoints(pp), cq.batch_breakpoints(pq)], axis=1), axis=1
    )
    nb = b.shape[1]
    rows = np.repeat(np.arange(g), nb - 1)
    inner = make_panels(rows, b[:, :-1].ravel(), b[:, 1:].ravel())
    # Coinciding breakpoints (shared support ends...) would give zero-width panels whose
    # nodes sit exactly on an end: drop them.
    parts = [inner.take(inner.b > inner.a)]
    inf_p, inf_q = cp.batch_tails != "finite", cq.batch_tails != "finite"
    if inf_p or inf_q:
        sp = cp.batch_scale(pp) if inf_p else np.zeros(g)
        sq = cq.batch_scale(pq) if inf_q else np.zeros(g)
        c = np.maximum(sp, sq)
        parts.append(tail_panels(np.arange(g), b[:, 0], c, -1.0))
        parts.append(tail_panels(np.arange(g), b[:, -1], c, 1.0))
    panels = Panels.concat(parts)

    def evaluate(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return cp.batch_logpdf(x, pp[rows]), cq.batch_logpdf(x, pq[rows])

    mag = cp.batch_log_magnitude(pp) + cq.batch_log_magnitude(pq)
    return gk_run(integrand, panels, evaluate, g, log_mag=mag)
