"""Quadrature core: the rule itself, result shape, self-checks and escalation."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from symbolic_gan import quadrature as Q
from symbolic_gan.battery import default_battery
from symbolic_gan.densities import Beta, Mixture, Normal, StudentT, Uniform
from symbolic_gan.errors import InvalidArgument, NumericWarning
from symbolic_gan.numeric import jsd, jsd_integrand, jsd_integrand_mp
from symbolic_gan.quadrature import (
    QuadResult,
    QuadStatus,
    gauss_kronrod,
    integrate_pairs,
    mass,
)
from symbolic_gan.quadrature import internals as QI


def test_gauss_kronrod_rule():
    x, wk, wg = gauss_kronrod(10)
    assert x.size == 21 and np.all(np.diff(x) > 0) and np.all(wk > 0)
    assert wk[10] == pytest.approx(0.149445554002916905664936468389821, abs=1e-15)  # QUADPACK
    for deg in range(32):  # Kronrod: exact to degree 3n+1 = 31
        exact = (1 - (-1) ** (deg + 1)) / (deg + 1)
        assert abs(wk @ x**deg - exact) < 1e-14, deg
    assert abs(wk @ x**32 - 2 / 33) > 1e-13  # and not beyond
    for deg in range(20):  # the embedded Gauss rule: degree 2n-1 = 19
        exact = (1 - (-1) ** (deg + 1)) / (deg + 1)
        assert abs(wg @ x**deg - exact) < 1e-14, deg
    assert np.count_nonzero(wg) == 10


def test_quadresult_single_and_batch():
    r = QuadResult(0.5, 1e-15, True, "ok", "gauss-kronrod", 42, "")
    assert not r.is_batch
    with pytest.raises(TypeError):
        len(r)
    b = QuadResult.stack([r, QuadResult(1.0, 0.0, False, "failed", "quad", 7, "no")])
    assert b.is_batch and len(b) == 2
    assert b[1] == QuadResult(1.0, 0.0, False, "failed", "quad", 7, "no")
    assert list(b.success) == [True, False] and b.status.tolist() == [
        QuadStatus.OK,
        QuadStatus.FAILED,
    ]


@pytest.mark.parametrize("case", default_battery(), ids=lambda c: c.name)
def test_masses_of_battery_are_one(case):
    r = mass([case.p, case.q])
    assert np.all(r.success)
    assert np.all(np.abs(r.value - 1.0) <= np.maximum(10 * r.error, 1e-13))
    assert np.all(r.error < 1e-12)


def test_batch_equals_single_pairs():
    ps = [Normal(0, 1), Beta(0.5, 0.5), Normal(3, 1e-3), StudentT(1)]
    qs = [Normal(1, 2), Uniform(0, 1), Normal(0, 1), Normal(0, 1)]
    batch = jsd(ps, qs)
    assert batch.is_batch and len(batch) == 4
    for i, (p, q) in enumerate(zip(ps, qs, strict=True)):
        single = jsd(p, q)
        assert single.value == pytest.approx(batch.value[i], abs=1e-15)
        assert single.status == batch.status[i] == QuadStatus.OK


def test_chunking_keeps_results_identical():
    rng = np.random.default_rng(3)
    ps = [Normal(rng.normal(), math.exp(rng.normal())) for _ in range(200)]
    qs = [Normal(rng.normal(), math.exp(rng.normal())) for _ in range(200)]
    a = jsd(ps, qs).value
    b = jsd(ps[150:], qs[150:]).value
    np.testing.assert_allclose(a[150:], b, rtol=0, atol=1e-15)  # summation order only


def test_density_bound_is_validated():
    for bad in (-1.0, float("nan"), math.inf, "1"):
        with pytest.raises(InvalidArgument, match=r"^c="):
            Q.bounded_by_densities(bad)  # type: ignore[arg-type]


def test_declared_density_bound_replaces_the_far_tails_by_their_bound():
    """Normal pairs: an integrand with |f| <= c·(p + q) gets what lies 8σ beyond both
    means bounded (c times the masses there), not integrated: the same value within the
    two reported errors, fewer nodes, and an error no smaller than the bound."""
    p, q = Normal(0, 1), Normal(1, 2)

    def overlap(x, lp, lq):
        return np.exp(np.minimum(lp, lq))  # min(p, q) <= (p + q)/2

    plain = integrate_pairs(overlap, p, q)
    bounded = integrate_pairs(Q.bounded_by_densities(0.5)(overlap), p, q)
    assert plain.success and bounded.success
    assert abs(bounded.value - plain.value) <= plain.error + bounded.error
    assert bounded.nfev < plain.nfev
    # Mass of N(0, 1) beyond [-15, 17] and of N(1, 2) beyond 8σ, times c: at least
    # 0.5·2·Φ(-8) ≈ 6e-16.
    assert bounded.error >= 0.5 * math.erfc(8 / math.sqrt(2))


def test_normal_layout_admits_only_panels_the_rule_integrates():
    """The constants of the Normal/Normal layout: every panel [za, zb] (in units of σ) it
    admits for a Gaussian that is not negligible there gets a G20/K41 estimate within
    1e-15 of the rounding floor on that Gaussian.  Widening the across-the-mean rule to
    10σ fails."""

    za, zb = np.meshgrid(np.linspace(-9, 9, 181), np.linspace(-9, 40, 491), indexing="ij")
    za, zb = za.ravel(), zb.ravel()
    far = QI.NN_NEGLIGIBLE * (1 - 1e-9)
    keep = (zb > za) & QI.fits_normal(za, zb) & (za < far) & (zb > -far)
    a, b = za[keep], zb[keep]
    x, scale = QI.make_panels(np.zeros(a.size, int), a, b).nodes(QI.NN_GK)
    f = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
    k, g, res0 = QI.panel_rules((f, f, f), scale, QI.NN_GK)
    est, _ = QI.panel_estimates(k, g, res0, np.zeros(a.size), 0.0)
    # At the rounding floor (50·eps·∫|f|), or 1e-15 above it.
    excess = est[0] - 50 * np.finfo(float).eps * res0
    assert a.size > 5000 and excess.max() < 1e-15, (a[excess.argmax()], b[excess.argmax()])


def test_escalates_when_tolerance_is_out_of_reach():
    r = integrate_pairs(
        jsd_integrand, Uniform(0, 2), Uniform(1, 3), mp_integrand=jsd_integrand_mp,
        atol=1e-15, rtol=0.0,
    )
    assert r.success and r.method in ("quad", "mpmath")
    assert r.message.startswith("gauss-kronrod: error estimate")
    assert abs(r.value - math.log(2) / 2) <= max(r.error, 1e-16)


def test_failure_is_reported_and_warned():
    with pytest.warns(NumericWarning, match="quadrature failed for 1 pair"):
        r = integrate_pairs(
            jsd_integrand, Uniform(0, 2), Uniform(1, 3), mp_integrand=jsd_integrand_mp,
            atol=0.0, rtol=0.0,
        )
    assert not r.success and r.status is QuadStatus.FAILED
    assert "mpmath:" in r.message


def test_nan_integrand_is_never_a_number_with_success():
    with pytest.warns(NumericWarning):
        r = integrate_pairs(lambda x, lp, lq: np.full_like(x, np.nan), Normal(), Normal())
    assert not r.success
    assert "NaN" in r.message


def test_reference_mode_needs_mp_integrand_and_agrees():
    with pytest.raises(InvalidArgument, match="mp_integrand"):
        integrate_pairs(lambda x, lp, lq: x, Normal(), Normal(), reference=True)
    r = jsd(Uniform(0, 2), Uniform(1, 3), reference=True)
    assert r.method == "mpmath-reference" and r.success
    assert r.value == pytest.approx(math.log(2) / 2, abs=1e-15)


def test_pairs_validation():
    with pytest.raises(InvalidArgument, match="same length"):
        jsd([Normal()], [Normal(), Normal()])
    with pytest.raises(InvalidArgument, match=r"^q\[0\]="):
        jsd([Normal()], ["normal"])
    with pytest.raises(InvalidArgument, match=r"^q="):
        jsd(Normal(), [Normal()])


def test_empty_batch():
    r = jsd([], [])
    assert r.is_batch and len(r) == 0


def test_singular_end_of_a_component_inside_a_mixture():
    # Beta(., 1/3) is singular at 1, which lies inside the mixture's support: the panel
    # ending there needs tanh-sinh by distance too (found by a Hypothesis property).
    d = Mixture([1 / 6, 5 / 6], [Normal(2.5355934222239487, 0.25), Beta(1.0669771146735487, 1 / 3)])
    assert (1.0, -1) in d.singular_points()
    r = mass(d)
    assert r.success and r.method == "gauss-kronrod"
    assert abs(r.value - 1.0) <= max(10 * r.error, 1e-13)
    ref = mass(d, reference=True, dps=20)  # mpmath by distance to the singular end too
    assert ref.success and abs(ref.value - 1.0) <= 1e-15


def test_x_passed_to_integrands_is_never_rounded_onto_a_singular_end():
    seen = []

    def f(x, lp, lq):
        seen.append(x.copy())
        return np.zeros_like(x)

    integrate_pairs(f, Beta(0.5, 0.5), Uniform(0, 1))
    xs = np.concatenate([s.ravel() for s in seen])
    assert np.all((xs > 0.0) & (xs < 1.0))


# ---- "infinite" is never decided from a point (regression: StudentT vs Beta(1, ½))


def test_tail_nodes_never_rounded_onto_a_singular_end():
    # The exp-sinh tail of StudentT(3, 0, 1/64) starts at 1, where Beta(1, ½) is singular
    # from below; its smallest distances once rounded x onto 1.0 exactly, Beta.logpdf(1.0)
    # was +inf, and the pair came out as -inf, status "infinite", success True.
    seen = []

    def f(x, lp, lq):
        seen.append(x.copy())
        return np.zeros_like(x)

    integrate_pairs(f, StudentT(3, 0, 0.015625), Beta(1, 0.5))
    xs = np.concatenate([s.ravel() for s in seen])
    assert not np.any((xs == 0.0) | (xs == 1.0))


def test_an_infinity_at_a_point_is_not_an_infinite_integral():
    # ∫ ½·log|x| over [-1, 1] = -1; the centre node of the panel [-1, 1] is x = 0 exactly.
    def f(x, lp, lq):
        with np.errstate(divide="ignore"):
            return np.exp(lp) * np.log(np.abs(x))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumericWarning)
        r = integrate_pairs(f, Uniform(-1, 1), Uniform(-1, 1))
    assert r.status is not QuadStatus.INFINITE
    assert (not r.success and r.message) or abs(r.value + 1.0) <= 1e-12


def test_nonfinite_masses_never_pass_the_check():
    for m, e in ((math.inf, math.inf), (math.nan, 0.0), (1.0, math.inf)):
        raw = QI.Raw(0.5, 1e-15, (1.0, m), (0.0, e), 21)
        verdict, msg = QI.check_raw(
            raw, Normal(), Normal(), bounds=None, check_mass=True, mass_tol=Q.MASS_TOL
        )
        assert verdict == "retry" and "mass of q" in msg


def test_infinite_on_a_whole_panel_is_infinite_with_its_sign():
    r = integrate_pairs(
        lambda x, lp, lq: np.where(np.exp(lp) > 0, -np.inf, 0.0), Normal(), Normal()
    )
    assert r.value == -math.inf and r.status is QuadStatus.INFINITE and r.success
    assert "on an interval at x=" in r.message


def test_adaptive_stage_accepts_a_piece_a_few_ulps_wide():
    # Uniform's end 1 - 2 ulp next to Normal's breakpoint 1: QUADPACK cannot bisect the
    # piece between them (ier 3) though the result is fine (found by a Hypothesis property).
    p, q = Normal(1.0, 1.0), Uniform(-1.0000000000000002, 0.9999999999999998)
    r = jsd(p, q, method="quad")
    assert r.success and r.method == "quad" and abs(r.value - jsd(p, q).value) <= 1e-14


def test_an_infinity_at_one_node_that_holds_around_it_is_infinite():
    # D underflows to exactly 0 on (0, ~1e-154) where p = Beta(3, 2) > 0: one node there.
    # Taken as evaluated (the documented contract of value()), E_p[log D] = -inf; the
    # infinity is checked on both sides of the node, not taken from the node alone.
    from symbolic_gan.numeric import value

    p, q = Beta(3.0, 2.0), Normal(0.6, 1.0)

    def d(x):
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(q.logpdf(x) - p.logpdf(x)))

    r = value(p, q, d)
    assert r.value == -math.inf and r.status is QuadStatus.INFINITE and r.success


@pytest.mark.parametrize("method", Q.METHODS)
def test_every_method_gives_the_same_jsd(method):
    ps, qs = [Normal(0, 1), Beta(0.5, 0.5), StudentT(3)], [Normal(1, 2), Uniform(0, 1), Normal()]
    if method in ("mpmath", "tanh-sinh"):  # slow, pair by pair: two pairs suffice
        ps, qs = ps[:2], qs[:2]
    ref = jsd(ps, qs)
    r = integrate_pairs(
        jsd_integrand, ps, qs, mp_integrand=jsd_integrand_mp, method=method,
        bounds=(0.0, math.log(2)),
    )
    assert r.is_batch and r.status.dtype == np.int8 and np.all(r.success), r.message
    assert np.all(np.abs(r.value - ref.value) <= r.error + ref.error)
    if method != "auto":
        assert set(r.method) == {method}


def test_bad_method_and_tolerances_are_named():
    for kw, name in (
        ({"method": "simpson"}, "method='simpson'"),
        ({"atol": -1.0}, "atol=-1.0"),
        ({"rtol": math.nan}, "rtol=nan"),
        ({"method": "mpmath"}, "mp_integrand=None"),
    ):
        with pytest.raises(InvalidArgument, match=name):
            integrate_pairs(jsd_integrand, Normal(), Normal(), **kw)
