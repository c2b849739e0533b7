"""The default battery and random pairs."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from symbolic_gan import numeric as N
from symbolic_gan.battery import Case, default_battery, random_pairs
from symbolic_gan.densities import Beta, Normal, StudentT, Uniform
from symbolic_gan.errors import InvalidArgument


def test_default_battery_has_the_hard_cases():
    cases = {c.name: c for c in default_battery()}
    assert cases["identical"].p == cases["identical"].q
    assert cases["disjoint"].p == Uniform(0, 1) and cases["disjoint"].q == Uniform(2, 3)
    assert cases["beta-uniform"].p == Beta(0.5, 0.5)
    assert cases["cauchy-normal"].p == StudentT(1)
    assert cases["spike"].p == Normal(3, 1e-3) and cases["spike"].q == Normal(0, 1)
    assert {"overlap", "mixture-student", "normal-pair"} <= set(cases)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cases["spike"].name = "x"  # type: ignore[misc]


def test_battery_runs_on_the_fast_path_without_escalation():
    b = default_battery()
    ps, qs = [c.p for c in b], [c.q for c in b]
    for r in (N.jsd(ps, qs), N.value(ps, qs), N.kl(ps, qs), N.kl(qs, ps), N.mass(ps)):
        assert np.all(r.success)
        assert set(r.method) <= {"gauss-kronrod", "analytic", "sum"}, r.message


def test_random_pairs_reproducible():
    a, b = random_pairs(20, seed=5), random_pairs(20, seed=5)
    assert a == b and len(a) == 20
    assert random_pairs(20, seed=6) != a
    assert all(isinstance(c, Case) for c in a)
    assert random_pairs(0, seed=1) == ()


def test_random_pairs_numerics_are_sane():
    cases = random_pairs(30, seed=11)
    r = N.jsd([c.p for c in cases], [c.q for c in cases])
    assert np.all(r.success)
    assert np.all((r.value >= -1e-13) & (r.value <= math.log(2) + 1e-13))


@pytest.mark.parametrize(("n", "seed", "name"), [(-1, 0, "n"), (1.5, 0, "n"), (2, -3, "seed")])
def test_random_pairs_validation(n, seed, name):
    with pytest.raises(InvalidArgument, match=f"^{name}="):
        random_pairs(n, seed)
