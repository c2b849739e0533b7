"""The figures draw the mathematics: every plotted curve is read back and checked against it.

Expected values are typed in from docs/theory.md#expected-values (D* = p/(p + q),
C(G) ≥ −log 4 with equality at
p = q, JSD = log 2 for disjoint supports), never taken from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from symbolic_gan import numeric, plots  # noqa: E402
from symbolic_gan.densities import Laplace, Normal, StudentT, Uniform  # noqa: E402
from symbolic_gan.errors import InvalidArgument  # noqa: E402
from symbolic_gan.objective import lsgan  # noqa: E402

LOG2, LOG4 = math.log(2.0), math.log(4.0)


def assert_labelled(fig):
    """Every axes has a title, both axis labels and a legend with entries."""
    axes = fig.get_axes()
    assert axes
    for ax in axes:
        assert ax.get_title(), ax
        assert ax.get_xlabel() and ax.get_ylabel(), ax
        legend = ax.get_legend()
        assert legend is not None and legend.get_texts(), ax


@pytest.fixture(scope="module")
def path_figure():
    return plots.plot_generator_path(ts=np.linspace(-3, 3, 25))


@pytest.fixture(scope="module")
def separation_figure():
    return plots.plot_jsd_vs_separation(np.linspace(0, 3, 31))


# ------------------------------------------------------------------ pointwise objective


@pytest.mark.parametrize(("p", "q"), [(1, 1), (2, 1), (1, 3), (0.01, 5), (7, 0.2)])
def test_marked_y_star_is_the_argmax_of_the_plotted_phi(p, q):
    fig = plots.plot_pointwise_objective(((p, q),))
    assert_labelled(fig)
    y, phi = plots.plotted(fig, f"phi p={p:g} q={q:g}")
    (ystar,), (phistar,) = plots.plotted(fig, f"y* p={p:g} q={q:g}")
    assert ystar == pytest.approx(p / (p + q), abs=1e-12)
    spacing = float(np.max(np.diff(y)))
    assert abs(y[np.argmax(phi)] - ystar) <= spacing
    assert phistar >= phi.max() - 1e-12  # nothing plotted lies above the marked maximum
    assert phistar == pytest.approx(p * math.log(ystar) + q * math.log(1 - ystar))


def test_pointwise_objective_default_pairs_and_lsgan_on_the_real_line():
    fig = plots.plot_pointwise_objective()
    assert len([ln for ln in fig.axes[0].get_lines() if str(ln.get_gid()).startswith("y*")]) == 3
    # LSGAN with labels a = -1 (fake), b = 1 (real): y* = (b p + a q)/(p + q) = (p - q)/(p + q).
    fig = plots.plot_pointwise_objective(((1, 3), (2, 1)), lsgan(-1, 1))
    assert_labelled(fig)
    for p, q in ((1, 3), (2, 1)):
        y, phi = plots.plotted(fig, f"phi p={p} q={q}")
        (ystar,), _ = plots.plotted(fig, f"y* p={p} q={q}")
        assert ystar == pytest.approx((p - q) / (p + q))
        assert abs(y[np.argmax(phi)] - ystar) <= float(np.max(np.diff(y)))


def test_pointwise_objective_rejects_non_positive_values():
    with pytest.raises(InvalidArgument, match="pairs_of_values"):
        plots.plot_pointwise_objective(((0, 1),))


# ------------------------------------------------------------------ optimal discriminator


@pytest.mark.parametrize(
    ("p", "q"),
    [(Normal(0, 1), Normal(2, 1.5)), (Laplace(0, 1), StudentT(3)), (Uniform(0, 2), Uniform(1, 3))],
    ids=["normals", "laplace-student", "uniforms"],
)
def test_plotted_d_star_is_p_over_p_plus_q(p, q):
    fig = plots.plot_optimal_discriminator(p, q)
    assert_labelled(fig)
    x, dstar = plots.plotted(fig, "D*")
    xp, pv = plots.plotted(fig, "p")
    _, qv = plots.plotted(fig, "q")
    assert np.array_equal(x, xp)
    pd, qd = p.pdf(x), q.pdf(x)
    defined = (pd + qd) > 0
    assert defined.sum() > 100
    np.testing.assert_allclose(dstar[defined], pd[defined] / (pd[defined] + qd[defined]),
                               rtol=1e-12, atol=1e-15)
    assert np.all(np.isnan(dstar[~defined]))  # p = q = 0: any y will do, nothing is drawn
    np.testing.assert_allclose(pv, pd)
    np.testing.assert_allclose(qv, qd)


def test_d_star_is_one_half_for_identical_densities_and_survives_underflow():
    fig = plots.plot_optimal_discriminator(Normal(0, 1), Normal(0, 1), x=[-50.0, 0.0, 50.0])
    _, dstar = plots.plotted(fig, "D*")
    assert np.all(dstar == 0.5)
    # Far in the tails both densities underflow to 0 but D* is still p/(p + q).
    d = plots.discriminator_function()
    x = np.array([-40.0, 40.0])
    lp, lq = Normal(0, 1).logpdf(x), Normal(1, 1).logpdf(x)
    assert np.all(Normal(0, 1).pdf(x) == 0.0)
    expected = 1.0 / (1.0 + np.exp(lq - lp))  # p/(p+q) = 1/(1 + q/p), from the logs
    np.testing.assert_allclose(d(lp, lq), expected, rtol=1e-12)


def test_d_star_of_lsgan_is_derived_from_the_objective():
    d = plots.discriminator_function(lsgan(-1, 1))
    assert float(d(np.log(3.0), np.log(1.0))) == pytest.approx(0.5)  # (3 - 1)/(3 + 1)


# ------------------------------------------------------------------ C(G) and JSD


def test_generator_path_reaches_minus_log_4_at_t0_and_never_goes_below(path_figure):
    assert_labelled(path_figure)
    t, c = plots.plotted(path_figure, "C(G)")
    qs = [Normal(float(ti), 1) for ti in t]
    err = np.asarray(numeric.value([Normal(0, 1)] * len(qs), qs).error)
    tol = err + 1e-13
    k = int(np.flatnonzero(t == 0)[0])
    assert abs(c[k] + LOG4) <= tol[k]
    assert np.all(c >= -LOG4 - tol)
    assert np.all(c[t != 0] > -LOG4 + 1e-6)  # equality only at p = q
    _, other = plots.plotted(path_figure, "2JSD-log4")
    np.testing.assert_allclose(c, other, atol=1e-12)  # V(D*) = 2·JSD − log 4
    (tmin,), _ = plots.plotted(path_figure, "min")
    assert tmin == 0.0
    _, bound = plots.plotted(path_figure, "-log 4")
    assert np.all(bound == -LOG4)


def test_generator_path_rejects_an_empty_path():
    with pytest.raises(InvalidArgument, match="ts"):
        plots.plot_generator_path(ts=[])


def test_jsd_saturates_at_log_2_for_separated_uniforms(separation_figure):
    assert_labelled(separation_figure)
    d, u = plots.plotted(separation_figure, "uniform")
    _, n = plots.plotted(separation_figure, "normal")
    apart = d >= 1
    np.testing.assert_allclose(u[apart], LOG2, atol=1e-13)
    np.testing.assert_allclose(u[~apart], d[~apart] * LOG2, atol=1e-13)  # overlap: d·log 2
    assert np.all(n < LOG2) and np.all(np.diff(n) > 0) and n[0] == pytest.approx(0, abs=1e-15)
    _, exact = plots.plotted(separation_figure, "uniform exact")
    np.testing.assert_allclose(u, exact, atol=1e-13)


def test_jsd_vs_separation_validates():
    with pytest.raises(InvalidArgument, match="separations"):
        plots.plot_jsd_vs_separation([-1.0, 1.0])


# ------------------------------------------------------------------ numerics


def test_grid_estimates_agree_with_quadrature_on_a_smooth_pair_and_miss_a_spike():
    exact = float(numeric.jsd(Normal(0, 1), Normal(1, 2)).value)
    trap, scipy_sq = plots.grid_jsd(Normal(0, 1), Normal(1, 2), 2000)
    assert trap == pytest.approx(exact, abs=1e-12)
    assert scipy_sq == pytest.approx(exact, abs=1e-12)
    spike = float(numeric.jsd(Normal(3, 1e-3), Normal(0, 1)).value)
    trap, _ = plots.grid_jsd(Normal(3, 1e-3), Normal(0, 1), 500)
    assert abs(trap - spike) > 0.1  # the grid steps over the spike
    with pytest.raises(InvalidArgument, match="n=1"):
        plots.grid_jsd(Normal(0, 1), Normal(1, 1), 1)


def test_quadrature_convergence_without_reference():
    fig = plots.plot_quadrature_convergence(grid_sizes=(8, 64, 512), reference=False)
    assert_labelled(fig)
    n, err = plots.plotted(fig, "trapezoid")
    assert list(n) == [8, 64, 512]
    assert err[0] > 1e-3 > err[-1]
    (nfev,), (own,) = plots.plotted(fig, "adaptive")
    assert nfev > 0 and own == 1e-17  # measured against itself: 0, drawn at the floor


def test_quadrature_convergence_against_the_mpmath_reference():
    fig = plots.plot_quadrature_convergence(grid_sizes=(16, 256))
    (_,), (err,) = plots.plotted(fig, "adaptive")
    (_,), (estimate,) = plots.plotted(fig, "adaptive estimate")
    assert err <= max(estimate, 1e-15)  # the reported error estimate bounds the true error
    _, grid = plots.plotted(fig, "trapezoid")
    assert grid[0] > 1e3 * err


# ------------------------------------------------------------------ MLE and KL


def test_mle_kl_falls_like_one_over_n():
    _, kl = plots.mle_kl(sizes=(10, 100, 1000), repeats=100, seed=1)
    assert kl.shape == (3, 100) and np.all(kl >= 0)
    means = kl.mean(axis=1)
    assert np.all(np.diff(means) < 0)
    # Asymptotically E[KL] = k/(2n) with k = 2 parameters.
    assert 0.5 / 1000 < means[-1] < 2.0 / 1000
    _, kl2 = plots.mle_kl(sizes=(10, 100, 1000), repeats=100, seed=1)
    assert np.array_equal(kl, kl2)  # seeded: reproducible


def test_plot_mle_kl_draws_the_means():
    fig = plots.plot_mle_kl(sizes=(10, 100), repeats=20, seed=0)
    assert_labelled(fig)
    _, mean = plots.plotted(fig, "mean KL")
    _, kl = plots.mle_kl(sizes=(10, 100), repeats=20, seed=0)
    np.testing.assert_allclose(mean, kl.mean(axis=1))
    with pytest.raises(InvalidArgument, match="repeats"):
        plots.mle_kl(repeats=0)


# ------------------------------------------------------------------ readme figures, helpers


def test_plotted_names_the_gids_present():
    fig = plots.plot_pointwise_objective(((1, 1),))
    with pytest.raises(InvalidArgument, match="phi p=1 q=1"):
        plots.plotted(fig, "nope")


def test_overview_is_labelled():
    assert_labelled(plots.plot_overview())


def test_main_writes_the_readme_figures(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(plots, "plot_quadrature_overview",
                        lambda: plots.plot_quadrature_convergence(grid_sizes=(8,), reference=False))
    assert plots.main([str(tmp_path / "figs")]) == 0
    for name in plots.README_FIGURES:
        data = (tmp_path / "figs" / name).read_bytes()
        assert data.startswith(b"\x89PNG")
    assert "optimum.png" in capsys.readouterr().out
    assert plots.main(["a", "b"]) == 2
    assert plots.main(["--help"]) == 0
