"""Figures of the GAN theory, drawn from what the package derives and computes.

Every function returns a :class:`matplotlib.figure.Figure` with titles, labelled axes and a
legend; matplotlib is imported only inside the functions (install the ``notebooks`` extra), and
nothing here calls ``plt.show()``, so the figures work with the headless Agg backend.

The curves are computed by the package itself, never typed in: the optimal discriminator is the
engine's ``y*`` derived from the objective, ``C(G)`` and the JSD come from
:mod:`symbolic_gan.numeric`.  Each plotted curve carries a ``gid`` so that tests and notebooks
can read back exactly what was drawn with :func:`plotted` and assert the mathematics on it:

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from symbolic_gan.plots import plot_pointwise_objective, plotted
>>> fig = plot_pointwise_objective(((2, 1),))
>>> y, phi = plotted(fig, "phi p=2 q=1")
>>> (ystar,), _ = plotted(fig, "y* p=2 q=1")
>>> bool(abs(y[phi.argmax()] - ystar) < 1e-3), round(float(ystar), 6)
(True, 0.666667)

``python -m symbolic_gan.plots DIRECTORY`` writes the README figures (:func:`save_readme_figures`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from symbolic_gan.densities import Density, Normal, Uniform
from symbolic_gan.errors import InvalidArgument

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from symbolic_gan.objective import Objective

__all__ = [
    "README_FIGURES",
    "discriminator_function",
    "grid_jsd",
    "main",
    "mle_kl",
    "plot_generator_path",
    "plot_jsd_vs_separation",
    "plot_mle_kl",
    "plot_optimal_discriminator",
    "plot_overview",
    "plot_pointwise_objective",
    "plot_quadrature_convergence",
    "plot_quadrature_overview",
    "plotted",
    "save_readme_figures",
]

_LOG2 = math.log(2.0)
_LOG4 = math.log(4.0)
#: File names written by :func:`save_readme_figures`.
README_FIGURES = ("optimum.png", "quadrature.png")


# ----------------------------------------------------------------------------- helpers


def _new_figure(nrows: int = 1, ncols: int = 1, **kwargs: Any) -> tuple[Figure, Any]:
    """A figure not registered with pyplot (no global state, nothing to close, no GUI)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=kwargs.pop("figsize", (6.4, 4.2)), layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def _axes(ax: Axes | None, **kwargs: Any) -> tuple[Figure, Axes]:
    if ax is None:
        return _new_figure(**kwargs)
    return ax.figure, ax  # type: ignore[return-value]


def plotted(fig: Figure, gid: str) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` of the line drawn with ``gid`` in ``fig`` (any of its axes).

    Raises :class:`~symbolic_gan.errors.InvalidArgument` listing the gids present when none
    matches.
    """
    seen = []
    for ax in fig.get_axes():
        for line in ax.get_lines():
            if line.get_gid() == gid:
                x = np.asarray(line.get_xdata(), dtype=float)
                y = np.asarray(line.get_ydata(), dtype=float)
                return x, y
            if line.get_gid() is not None:
                seen.append(line.get_gid())
    raise InvalidArgument.for_value("gid", gid, f"no line with this gid; gids are {seen}")


def _density(name: str, value: object) -> Density:
    if not isinstance(value, Density):
        raise InvalidArgument.for_value(name, value, "must be a Density")
    return value


def _window(*ds: Density, margin: float = 0.0) -> tuple[float, float]:
    """A plotting window covering the densities' breakpoints (support ends, location ± k·scale)."""
    pts = [b for d in ds for b in d.breakpoints() if math.isfinite(b)]
    lo, hi = min(pts), max(pts)
    pad = margin * (hi - lo)
    return lo - pad, hi + pad


def _visible(p: Density, q: Density, num: int = 801) -> np.ndarray:
    """Grid over the part of the line where ``max(p, q)`` exceeds 1e-3 of its peak."""
    lo, hi = _window(p, q)
    wide = np.linspace(lo, hi, 20 * num)
    dens = np.maximum(p.pdf(wide), q.pdf(wide))
    keep = np.flatnonzero(dens > 1e-3 * dens.max())
    a, b = wide[keep[0]], wide[keep[-1]]
    pad = 0.08 * (b - a)
    return np.linspace(a - pad, b + pad, num)


def discriminator_function(
    objective: Objective | None = None,
) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """The engine's optimal discriminator ``y*(p, q)`` as a function of the log-densities.

    ``y*`` is derived from ``objective`` (default: the minimax GAN) by the same rules the proof
    uses, and evaluated at ``(e^{log p − M}, e^{log q − M})`` with ``M = max(log p, log q)``:
    a pointwise maximiser of ``p·a(y) + q·b(y)`` does not change when both densities are
    scaled, so this never underflows.  Where ``p = q = 0`` the result is NaN (any y will do).

    >>> d = discriminator_function()
    >>> float(d(np.log(3.0), np.log(1.0)))
    0.75
    """
    import sympy as sp

    from symbolic_gan.objective import GAN, P, Q
    from symbolic_gan.theorems.optimum import optimal_discriminator

    objective = GAN if objective is None else objective
    point = optimal_discriminator(objective).point
    f = sp.lambdify((P, Q), point, modules="numpy")

    def evaluate(logp: np.ndarray, logq: np.ndarray) -> np.ndarray:
        lp, lq = np.broadcast_arrays(np.asarray(logp, float), np.asarray(logq, float))
        top = np.maximum(lp, lq)
        both_zero = ~np.isfinite(top)
        shift = np.where(both_zero, 0.0, top)
        with np.errstate(under="ignore", invalid="ignore", divide="ignore"):
            out = np.asarray(f(np.exp(lp - shift), np.exp(lq - shift)), dtype=float)
        out = np.broadcast_to(out, lp.shape).copy()
        out[both_zero] = np.nan
        return out

    return evaluate


# ----------------------------------------------------------------------------- the optimum


def plot_pointwise_objective(
    pairs_of_values: Sequence[tuple[float, float]] = ((1, 1), (2, 1), (1, 3)),
    objective: Objective | None = None,
    *,
    num: int = 2001,
    ax: Axes | None = None,
) -> Figure:
    """``φ(y) = p·a(y) + q·b(y)`` for several density values ``(p, q)``, with ``y*`` marked.

    ``y*`` is the engine's maximiser (see :func:`discriminator_function`); curves have gids
    ``"phi p=.. q=.."`` and the markers ``"y* p=.. q=.."`` (one point, ``(y*, φ(y*))``).
    """
    import sympy as sp

    from symbolic_gan.objective import GAN, P, Q, Y

    objective = GAN if objective is None else objective
    pairs = [(float(p), float(q)) for p, q in pairs_of_values]
    for p, q in pairs:
        if not (p > 0 and q > 0 and math.isfinite(p + q)):
            raise InvalidArgument.for_value("pairs_of_values", (p, q), "need p > 0 and q > 0")
    phi = sp.lambdify((P, Q, Y), objective.integrand(), modules="numpy")
    ystar = discriminator_function(objective)
    lo, hi = float(objective.domain.inf), float(objective.domain.sup)
    if not (math.isfinite(lo) and math.isfinite(hi)):  # e.g. LSGAN: y over the real line
        stars = [float(ystar(np.log(p), np.log(q))) for p, q in pairs]
        lo, hi = min(stars) - 1.5, max(stars) + 1.5
        y = np.linspace(lo, hi, num)
    else:  # open interval: stay strictly inside
        y = np.linspace(lo, hi, num + 2)[1:-1]
    fig, ax = _axes(ax)
    for p, q in pairs:
        tag = f"p={p:g} q={q:g}"
        values = np.asarray(phi(p, q, y), dtype=float)
        (line,) = ax.plot(y, values, label=f"φ(y), p = {p:g}, q = {q:g}", gid=f"phi {tag}")
        ys = float(ystar(np.log(p), np.log(q)))
        ax.plot([ys], [float(phi(p, q, ys))], "o", color=line.get_color(), gid=f"y* {tag}",
                label=f"y* = {ys:.3g}")
        ax.axvline(ys, color=line.get_color(), lw=0.6, ls=":")
    top = max(float(phi(p, q, ystar(np.log(p), np.log(q)))) for p, q in pairs)
    bottom = min(float(np.min(phi(p, q, y[len(y) // 20: -len(y) // 20]))) for p, q in pairs)
    ax.set_ylim(bottom - 0.05 * abs(top - bottom), top + 0.15 * abs(top - bottom) + 1e-12)
    name = sp.sstr(objective.integrand())
    ax.set_title(f"Pointwise objective φ(y) = {name}")
    ax.set_xlabel("y = D(x)")
    ax.set_ylabel("φ(y; p, q)")
    ax.legend(fontsize="small", ncols=2)
    return fig


def plot_optimal_discriminator(
    p: Density | None = None,
    q: Density | None = None,
    *,
    x: Sequence[float] | np.ndarray | None = None,
    objective: Objective | None = None,
    axes: Sequence[Axes] | None = None,
) -> Figure:
    """The densities ``p`` (data) and ``q`` (generator) above, ``D*(x)`` below.

    ``D*`` is the engine's ``y*`` evaluated at ``(p(x), q(x))`` (gid ``"D*"``); the densities
    have gids ``"p"`` and ``"q"``.  Defaults: ``p = Normal(0, 1)``, ``q = Normal(2, 1.5)``.
    ``axes`` may give the two axes to draw on.
    """
    p = Normal(0, 1) if p is None else _density("p", p)
    q = Normal(2, 1.5) if q is None else _density("q", q)
    if p.is_discrete or q.is_discrete:
        raise InvalidArgument.for_value("p", p, "D* is drawn for continuous densities only")
    if x is None:
        xs = _visible(p, q)
    else:
        xs = np.asarray(x, dtype=float)
    if axes is None:
        fig, (top, bottom) = _new_figure(2, 1, sharex=True, figsize=(6.4, 5.2),
                                         height_ratios=(1, 1.2))
    else:
        top, bottom = axes
        fig = top.figure  # type: ignore[assignment]  # a Figure unless drawn into a SubFigure
    lp, lq = p.logpdf(xs), q.logpdf(xs)
    dstar = discriminator_function(objective)(lp, lq)
    top.plot(xs, p.pdf(xs), label=f"p = p_data = {p}", gid="p")
    top.plot(xs, q.pdf(xs), label=f"q = p_g = {q}", gid="q")
    top.set_title("Data and generator densities")
    top.set_ylabel("density")
    top.set_xlabel("x")
    top.legend(fontsize="small")
    bottom.plot(xs, dstar, color="C2", label="D*(x) = p/(p + q)", gid="D*")
    bottom.axhline(0.5, color="grey", ls="--", lw=0.8, label="½ (where p = q)")
    bottom.set_ylim(-0.05, 1.05)
    bottom.set_title("Optimal discriminator D*(x)")
    bottom.set_xlabel("x")
    bottom.set_ylabel("D*(x)")
    bottom.legend(fontsize="small")
    return fig


def plot_generator_path(
    p: Density | None = None,
    make_q: Callable[[float], Density] | None = None,
    ts: Sequence[float] | np.ndarray | None = None,
    *,
    ax: Axes | None = None,
) -> Figure:
    """``C(G) = V(D*, G) = value(p, q_t)`` along a path of generators ``q_t``.

    Also draws ``2·JSD(p‖q_t) − log 4`` (an independent quadrature, gid ``"2JSD-log4"``) and the
    bound ``−log 4`` (gid ``"-log 4"``).  ``C(G)`` has gid ``"C(G)"``; its reported
    quadrature errors are drawn as a band.  Defaults: ``p = Normal(0, 1)``,
    ``q_t = Normal(t, 1)``, ``t`` in ``[-4, 4]`` (61 points, ``t = 0`` included).
    """
    from symbolic_gan import numeric

    p = Normal(0, 1) if p is None else _density("p", p)
    make_q = (lambda t: Normal(t, 1)) if make_q is None else make_q
    t = np.linspace(-4, 4, 61) if ts is None else np.asarray(ts, dtype=float)
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise InvalidArgument.for_value("ts", ts, "must be a non-empty sequence of finite numbers")
    qs = [_density("make_q(t)", make_q(float(ti))) for ti in t]
    c = numeric.value([p] * len(qs), qs)
    j = numeric.jsd([p] * len(qs), qs)
    fig, ax = _axes(ax)
    cv, ce = np.asarray(c.value, float), np.asarray(c.error, float)
    ax.plot(t, cv, "-", color="C0", lw=2, label="C(G) = V(D*, G) (quadrature)", gid="C(G)")
    ax.fill_between(t, cv - ce, cv + ce, color="C0", alpha=0.3, label="± reported error")
    ax.plot(t, 2 * np.asarray(j.value, float) - _LOG4, "--", color="C1",
            label="2·JSD(p‖q_t) − log 4", gid="2JSD-log4")
    ax.plot(t[[0, -1]], [-_LOG4, -_LOG4], ":", color="k", label="−log 4", gid="-log 4")
    k = int(np.argmin(cv))
    ax.plot([t[k]], [cv[k]], "o", color="C3", label=f"minimum at t = {t[k]:.3g}", gid="min")
    path = f"q_t from {qs[0]} to {qs[-1]}" if qs else "no generators"
    ax.set_title(f"C(G) along a path of generators: p = {p}, {path}", fontsize="medium")
    ax.set_xlabel("t (generator parameter)")
    ax.set_ylabel("C(G) = max_D V(D, G)")
    ax.legend(fontsize="small")
    return fig


def plot_jsd_vs_separation(
    separations: Sequence[float] | np.ndarray | None = None,
    *,
    ax: Axes | None = None,
) -> Figure:
    """``JSD(p‖q)`` as two densities move apart, saturating at ``log 2``.

    Normals ``N(0, 1)`` vs ``N(d, 1)`` (gid ``"normal"``) never quite reach ``log 2``; uniforms
    ``U(0, 1)`` vs ``U(d, d + 1)`` (gid ``"uniform"``) reach it exactly once ``d ≥ 1``
    (supports disjoint), with the exact ``min(d, 1)·log 2`` dashed (gid ``"uniform exact"``).
    """
    from symbolic_gan import numeric

    d = np.linspace(0, 5, 51) if separations is None else np.asarray(separations, float)
    if d.ndim != 1 or d.size == 0 or not np.all(np.isfinite(d)) or np.any(d < 0):
        raise InvalidArgument.for_value("separations", separations,
                                        "must be a non-empty sequence of finite numbers >= 0")
    normal = numeric.jsd([Normal(0, 1)] * d.size, [Normal(float(s), 1) for s in d])
    uniform = numeric.jsd([Uniform(0, 1)] * d.size, [Uniform(float(s), float(s) + 1) for s in d])
    fig, ax = _axes(ax)
    ax.plot(d, normal.value, "o-", ms=3, label="N(0, 1) vs N(d, 1)", gid="normal")
    ax.plot(d, uniform.value, "s-", ms=3, label="U(0, 1) vs U(d, d + 1)", gid="uniform")
    ax.plot(d, np.minimum(d, 1.0) * _LOG2, "--", color="C1", lw=1,
            label="exact: min(d, 1)·log 2", gid="uniform exact")
    ax.plot(d[[0, -1]], [_LOG2, _LOG2], ":", color="k", label="log 2 (disjoint supports)",
            gid="log 2")
    ax.set_title("Jensen–Shannon divergence against separation")
    ax.set_xlabel("separation d")
    ax.set_ylabel("JSD(p‖q) (nats)")
    ax.set_ylim(-0.03, 0.78)
    ax.legend(fontsize="small", loc="lower right")
    return fig


# ----------------------------------------------------------------------------- numerics


def grid_jsd(p: Density, q: Density, n: int, *, window: tuple[float, float] | None = None
             ) -> tuple[float, float]:
    """The grid estimates users compute today, on ``n`` equally spaced points of ``window``.

    Returns ``(trapezoid, scipy)``: the trapezoid rule applied to the log-domain JSD
    integrand, and ``scipy.spatial.distance.jensenshannon(p(x), q(x)) ** 2`` (SciPy returns
    √JSD and renormalises both vectors to sum 1).  ``window`` defaults to the hull of the
    densities' breakpoints.
    """
    from scipy.spatial.distance import jensenshannon

    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
        raise InvalidArgument.for_value("n", n, "must be an integer >= 2")
    lo, hi = _window(p, q) if window is None else window
    x = np.linspace(lo, hi, int(n))
    lp, lq = p.logpdf(x), q.logpdf(x)
    lm = np.logaddexp(lp, lq) - _LOG2
    with np.errstate(invalid="ignore", under="ignore"):
        f = 0.5 * (np.where(np.isfinite(lp), np.exp(lp) * (lp - lm), 0.0)
                   + np.where(np.isfinite(lq), np.exp(lq) * (lq - lm), 0.0))
    trap = float(np.sum((f[1:] + f[:-1]) * np.diff(x)) / 2)
    pv, qv = p.pdf(x), q.pdf(x)
    sp_est = float(jensenshannon(pv, qv) ** 2) if pv.sum() > 0 and qv.sum() > 0 else math.nan
    return trap, sp_est


def plot_quadrature_convergence(
    p: Density | None = None,
    q: Density | None = None,
    *,
    grid_sizes: Sequence[int] = (8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192),
    reference: bool = True,
    ax: Axes | None = None,
) -> Figure:
    """Error of JSD estimates against the number of density evaluations (log–log).

    The grid estimates of :func:`grid_jsd` at each size (gids ``"trapezoid"`` and ``"scipy"``)
    and the package's adaptive result at its ``nfev`` (gid ``"adaptive"``; its reported error
    estimate is gid ``"adaptive estimate"``), each measured against an mpmath reference at 20
    digits, whose own reported error is far below every estimate's (``reference=True``; about a
    second) or, with ``reference=False``, against
    the adaptive result itself (then only the grid errors mean anything).  Errors that are
    exactly 0 are drawn at 1e-17; a SciPy estimate is missing (NaN) where a density is 0 at
    every grid point (the grid missed it entirely).  Defaults: ``p = Normal(0, 1)``,
    ``q = Normal(1, 2)``.
    """
    from symbolic_gan import numeric
    from symbolic_gan.quadrature import integrate_pairs

    p = Normal(0, 1) if p is None else _density("p", p)
    q = Normal(1, 2) if q is None else _density("q", q)
    sizes = np.asarray(list(grid_sizes), dtype=int)
    ours = numeric.jsd(p, q)
    exact = float(ours.value)
    if reference:
        exact = float(integrate_pairs(numeric.jsd_integrand, p, q, reference=True, dps=20,
                                      mp_integrand=numeric.jsd_integrand_mp).value)
    estimates = np.array([grid_jsd(p, q, int(n)) for n in sizes])
    floor = 1e-17
    err = np.maximum(np.abs(estimates - exact), floor)
    fig, ax = _axes(ax)
    ax.loglog(sizes, err[:, 0], "o-", label="trapezoid on a uniform grid", gid="trapezoid")
    ax.loglog(sizes, err[:, 1], "s-", label="scipy jensenshannon(p(x), q(x))²", gid="scipy")
    ax.loglog([ours.nfev], [max(abs(float(ours.value) - exact), floor)], "*", ms=14,
              color="C3", label=f"symbolic_gan.numeric.jsd ({ours.method}, {ours.nfev} nodes)",
              gid="adaptive")
    ax.loglog([ours.nfev], [max(float(ours.error), floor)], "x", ms=10, color="C3",
              label="its reported error estimate", gid="adaptive estimate")
    against = "an mpmath reference (20 digits)" if reference else "the adaptive result"
    ax.set_title(f"JSD({p}‖{q})\nerror against {against}", fontsize="medium")
    ax.set_xlabel("number of density evaluations (grid points / quadrature nodes)")
    ax.set_ylabel("|estimate − reference| (nats)")
    ax.legend(fontsize="small")
    return fig


# ----------------------------------------------------------------------------- MLE and KL


def mle_kl(
    mu: float = 0.0,
    sigma: float = 1.0,
    *,
    sizes: Sequence[int] = (10, 30, 100, 300, 1000, 3000),
    repeats: int = 200,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """``KL(p‖p_θ̂)`` for Normal maximum-likelihood fits to samples of ``p = Normal(mu, sigma)``.

    For each size ``n`` and each of ``repeats`` replicates, draws ``n`` samples with
    ``numpy.random.default_rng(seed)``, fits ``θ̂ = (mean, standard deviation with ddof=0)`` —
    the maximiser of the log-likelihood — and computes ``KL(p‖Normal(θ̂))`` by quadrature
    (:func:`symbolic_gan.numeric.kl`, one batch).  Returns ``(sizes, kl)`` with ``kl`` of shape
    ``(len(sizes), repeats)``.
    """
    from symbolic_gan import numeric

    p = Normal(mu, sigma)
    ns = np.asarray(list(sizes), dtype=int)
    if ns.ndim != 1 or ns.size == 0 or np.any(ns < 2):
        raise InvalidArgument.for_value("sizes", sizes, "must be a non-empty sequence of ints >= 2")
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise InvalidArgument.for_value("repeats", repeats, "must be an integer >= 1")
    rng = np.random.default_rng(seed)
    fits = []
    for n in ns:
        x = rng.normal(p.mu, p.sigma, size=(repeats, int(n)))
        fits += [Normal(float(m), float(s)) for m, s in zip(x.mean(axis=1), x.std(axis=1),
                                                            strict=True)]
    r = numeric.kl([p] * len(fits), fits)
    if not np.all(r.success):
        raise AssertionError(f"KL quadrature failed: {set(r.message)}")  # pragma: no cover
    return ns, np.asarray(r.value, dtype=float).reshape(ns.size, repeats)


def plot_mle_kl(
    mu: float = 0.0,
    sigma: float = 1.0,
    *,
    sizes: Sequence[int] = (10, 30, 100, 300, 1000, 3000),
    repeats: int = 200,
    seed: int = 0,
    ax: Axes | None = None,
) -> Figure:
    """The mean ``KL(p‖p_θ̂)`` of maximum-likelihood Normal fits against the sample size.

    Gids: ``"mean KL"`` (mean over replicates), ``"median KL"``, and ``"1/n"`` — the
    asymptotic mean ``k/(2n)`` with ``k = 2`` fitted parameters.  See :func:`mle_kl`.
    """
    ns, kl = mle_kl(mu, sigma, sizes=sizes, repeats=repeats, seed=seed)
    fig, ax = _axes(ax)
    lo, hi = np.quantile(kl, [0.1, 0.9], axis=1)
    ax.fill_between(ns, lo, hi, color="C0", alpha=0.2, label="10–90% of replicates")
    ax.loglog(ns, kl.mean(axis=1), "o-", color="C0", label=f"mean over {repeats} fits",
              gid="mean KL")
    ax.loglog(ns, np.median(kl, axis=1), "^:", color="C0", label="median", gid="median KL")
    ax.loglog(ns, 1.0 / ns, "--", color="k", label="k/(2n) = 1/n (k = 2 parameters)",
              gid="1/n")
    ax.set_title(f"Maximum likelihood minimises KL: p = {Normal(mu, sigma)}", fontsize="medium")
    ax.set_xlabel("sample size n")
    ax.set_ylabel("KL(p‖p_θ̂) (nats)")
    ax.legend(fontsize="small")
    return fig


# ----------------------------------------------------------------------------- README


def plot_overview() -> Figure:
    """The four figures of the GAN optimum on one page (the README's ``optimum.png``)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 8.4), layout="constrained")
    outer = fig.add_gridspec(2, 2)
    plot_pointwise_objective(ax=fig.add_subplot(outer[0, 0]))
    inner = outer[0, 1].subgridspec(2, 1, hspace=0.0)
    top = fig.add_subplot(inner[0])
    plot_optimal_discriminator(axes=(top, fig.add_subplot(inner[1], sharex=top)))
    plot_generator_path(ax=fig.add_subplot(outer[1, 0]))
    plot_jsd_vs_separation(ax=fig.add_subplot(outer[1, 1]))
    fig.suptitle("GAN global optimum: D* = p/(p + q), C(G) = 2·JSD(p‖q) − log 4 ≥ −log 4",
                 fontsize="x-large")
    return fig


def plot_quadrature_overview() -> Figure:
    """Quadrature against grid estimates on a smooth pair and on the narrow spike of the
    default battery, side by side (the README's ``quadrature.png``)."""
    fig, (left, right) = _new_figure(1, 2, figsize=(12, 4.6))
    plot_quadrature_convergence(ax=left)
    plot_quadrature_convergence(Normal(3, 1e-3), Normal(0, 1),
                                grid_sizes=tuple(2**k for k in range(3, 18)), ax=right)
    fig.suptitle("Adaptive quadrature vs grid estimates: a smooth pair, and a narrow spike "
                 "that grids miss until their spacing is below its width", fontsize="large")
    return fig


def save_readme_figures(directory: str | Path = "docs/figures") -> list[Path]:
    """Write :data:`README_FIGURES` (PNG, 110 dpi) into ``directory``; return their paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fig in (("optimum.png", plot_overview()),
                      ("quadrature.png", plot_quadrature_overview())):
        path = out / name
        fig.savefig(path, dpi=110, metadata={"Software": None})
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m symbolic_gan.plots [DIRECTORY]``: write the README figures."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m symbolic_gan.plots [DIRECTORY]  (default: docs/figures)")
        return 0 if args and args[0] in ("-h", "--help") else 2
    for path in save_readme_figures(args[0] if args else "docs/figures"):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
