"""The default battery of density pairs on which every proof step is checked numerically.

It includes the hard cases that docs/theory.md#numeric describes: identical densities
(``C = −log 4``,
``D* = ½``), disjoint supports (``JSD = log 2``, ``C = 0``), partly overlapping uniforms,
``Beta(½, ½)`` against ``Uniform(0, 1)`` (singular ends), Cauchy against Normal (heavy
tail), a narrow off-centre spike ``Normal(3, 1e-3)`` against ``Normal(0, 1)``, a mixture
against a Student-t, and a plain Normal pair.

>>> names = [c.name for c in default_battery()]
>>> "spike" in names and "disjoint" in names
True
>>> [c.name for c in random_pairs(2, seed=0)] == [c.name for c in random_pairs(2, seed=0)]
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from symbolic_gan.densities import (
    Beta,
    Density,
    Laplace,
    Mixture,
    Normal,
    StudentT,
    Uniform,
)
from symbolic_gan.errors import InvalidArgument

__all__ = ["Case", "default_battery", "random_pairs"]


@dataclass(frozen=True)
class Case:
    """A named pair ``(p, q)`` = (p_data, p_g) with an optional note."""

    name: str
    p: Density
    q: Density
    note: str = ""

    def __str__(self) -> str:
        return f"{self.name}: p={self.p}, q={self.q}"


def default_battery() -> tuple[Case, ...]:
    """The fixed hard cases (see the module docstring).

    >>> len(default_battery())
    8
    """
    return (
        Case("identical", Normal(0, 1), Normal(0, 1), "p = q: C(G) = -log 4, D* = 1/2"),
        Case("disjoint", Uniform(0, 1), Uniform(2, 3), "disjoint supports: JSD = log 2, C = 0"),
        Case("overlap", Uniform(0, 2), Uniform(1, 3), "partly overlapping uniforms"),
        Case("beta-uniform", Beta(0.5, 0.5), Uniform(0, 1), "Beta(1/2, 1/2) is singular at 0, 1"),
        Case("cauchy-normal", StudentT(1), Normal(0, 1), "heavy tail: KL(p||q) = inf"),
        Case("spike", Normal(3, 1e-3), Normal(0, 1), "narrow spike off centre"),
        Case(
            "mixture-student",
            Mixture([0.3, 0.7], [Normal(-2, 0.5), Normal(1, 1)]),  # type: ignore[arg-type]
            StudentT(3),
            "bimodal mixture against a Student-t",
        ),
        Case("normal-pair", Normal(0, 1), Normal(1, 2), "closed-form KL"),
    )


def _random_density(rng: np.random.Generator) -> Density:
    kind = int(rng.integers(4))
    loc = float(np.round(rng.normal(0.0, 2.0), 3))
    scale = float(np.round(math.exp(rng.normal(0.0, 0.7)), 3))
    if kind == 0:
        return Normal(loc, scale)
    if kind == 1:
        return Laplace(loc, scale)
    if kind == 2:
        return StudentT(float(rng.choice([1.0, 2.0, 3.0, 5.0, 10.0])), loc, scale)
    return Mixture(
        [0.5, 0.5], [Normal(loc, scale), Normal(loc + 2.0 * scale + 0.5, 0.5 * scale + 0.1)]  # type: ignore[arg-type]
    )


def random_pairs(n: int, seed: int) -> tuple[Case, ...]:
    """``n`` reproducible random pairs drawn with ``numpy.random.default_rng(seed)``.

    >>> len(random_pairs(3, seed=1))
    3
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidArgument.for_value("n", n, "must be an integer >= 0")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidArgument.for_value("seed", seed, "must be an integer >= 0")
    rng = np.random.default_rng(int(seed))
    out = []
    for i in range(int(n)):
        p, q = _random_density(rng), _random_density(rng)
        out.append(Case(f"random-{seed}-{i}", p, q, "random pair"))
    return tuple(out)
