"""Pairs far from the origin (a review finding): a node near a location of 1e6 is itself rounded
by eps·1e6, which moved log p by more than the reported error. Each value must lie within its
reported error of the closed form, or say success=False."""

from __future__ import annotations

import mpmath
import pytest

from symbolic_gan import numeric
from symbolic_gan.analysis.wasserstein import w1
from symbolic_gan.densities import Cauchy, Laplace, Mixture, Normal, StudentT

LOG, EXP, PI, E = mpmath.log, mpmath.exp, mpmath.pi, mpmath.e
DIGITS = 50


def kl_normal_closed(m1: float, s1: float, m2: float, s2: float) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        m1, s1, m2, s2 = (mpmath.mpf(v) for v in (m1, s1, m2, s2))
        return LOG(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - mpmath.mpf(1) / 2


def closed(fn):  # a closed form evaluated at DIGITS digits
    with mpmath.workdps(DIGITS):
        return fn()


CASES = [
    # (function, arguments, closed form), the closed forms from the offsets alone
    (numeric.kl, (Normal(1e6, 1), Normal(1e6 + 1, 2)), kl_normal_closed(0, 1, 1, 2)),
    (numeric.kl, (Normal(-1e6, 1), Normal(-1e6, 2)), kl_normal_closed(0, 1, 0, 2)),
    (numeric.entropy, (Normal(1e6, 1),), closed(lambda: LOG(2 * PI * E) / 2)),
    (numeric.cross_entropy, (Normal(5e5, 1), Normal(5e5 + 3, 0.5)),
     closed(lambda: LOG(2 * PI / 4) / 2 + mpmath.mpf(1 + 9) / (2 * mpmath.mpf("0.25")))),
    # KL of Laplace: log(b2/b1) + (b1·e^(−|Δ|/b1) + |Δ|)/b2 − 1
    (numeric.kl, (Laplace(1e4, 1), Laplace(1e4 + 1, 2)),
     closed(lambda: LOG(2) + (EXP(-1) + 1) / 2 - 1)),
    # KL of Cauchy: log(((s1 + s2)² + Δ²)/(4·s1·s2))
    (numeric.kl, (Cauchy(1e6, 1), Cauchy(1e6 + 1, 2)), closed(lambda: LOG(mpmath.mpf(10) / 8))),
    # W1 of two Normals with one location: |σ1 − σ2|·√(2/π)
    (w1, (Normal(1e8, 1), Normal(1e8, 2)), closed(lambda: mpmath.sqrt(2 / PI))),
]


@pytest.mark.parametrize(("fn", "args", "exact"), CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_a_value_far_from_the_origin_is_within_its_reported_error(fn, args, exact):
    result = fn(*args)
    if bool(result.success):
        with mpmath.workdps(DIGITS):
            assert abs(mpmath.mpf(float(result.value)) - exact) <= float(result.error), result


def test_a_discriminator_that_raises_is_named_in_the_error():
    from symbolic_gan.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match=r"discriminator=.*raised ZeroDivisionError"):
        numeric.value(Normal(0, 1), Normal(1, 1), discriminator=lambda x: 1 / 0)


def test_w1_of_mixtures_far_from_the_origin():
    # each mixture is the other moved by 4: W1 = 4 exactly
    a = Mixture([0.5, 0.5], [Laplace(1e8, 4), Laplace(1e8 + 10, 4)])
    b = Mixture([0.5, 0.5], [Laplace(1e8 + 4, 4), Laplace(1e8 + 14, 4)])
    result = w1(a, b)
    if bool(result.success):
        assert abs(float(result.value) - 4.0) <= float(result.error), result


@pytest.mark.parametrize("df", [1.5, 2.0, 3.0])
def test_w1_of_heavy_tails_is_within_its_reported_error(df):
    # a law and itself moved by 1: W1 = 1; the tails fall like |x|^-df, so 1 − F must not be
    # formed by cancellation far out
    result = w1(StudentT(df, 0, 1), StudentT(df, 1, 1))
    assert bool(result.success)
    assert abs(float(result.value) - 1.0) <= float(result.error), result
