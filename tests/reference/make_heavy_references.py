"""References for three random heavy-tailed or singular pairs; writes heavy_pairs.json.

Run from the repository root: ``python tests/reference/make_heavy_references.py`` (about 20 s;
not run by the tests, which only read the JSON). The pairs are drawn as below from seeds 1, 2
and 3: Student t (df 1, 2.5 or 3), Betas with a singular end, and Normal/Beta mixtures. Each
JSD and KL is integrated with mpmath tanh-sinh at 20 digits over the densities' breakpoints
(``reference=True``), and recorded with the error that path reports; a KL that is infinite
or has a closed form is decided analytically by :func:`symbolic_gan.numeric.kl` and is not
recorded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from symbolic_gan import numeric
from symbolic_gan.densities import Beta, Mixture, Normal, StudentT
from symbolic_gan.quadrature import integrate_pairs

OUT = Path(__file__).with_name("heavy_pairs.json")


def _draw(rng: np.random.Generator) -> Any:
    kind = rng.integers(3)
    if kind == 0:
        return StudentT(float(rng.choice([1.0, 2.5, 3.0])), float(rng.normal(0, 1)),
                        float(2.0 ** rng.integers(-6, 2)))
    beta = Beta(float(rng.choice([0.5, 0.7, 1.0, 2.0])), float(rng.choice([0.3, 0.5, 1.0, 3.0])))
    if kind == 1:
        return beta
    return Mixture([0.4, 0.6], [Normal(float(rng.normal()), float(2.0 ** rng.integers(-3, 1))),
                                beta])


def spec(d: Any) -> list[Any]:
    """A density as JSON: ``[family, *parameters]`` (a mixture: weights and components)."""
    if isinstance(d, StudentT):
        return ["student_t", d.df, d.loc, d.s]
    if isinstance(d, Beta):
        return ["beta", d.a, d.b]
    if isinstance(d, Normal):
        return ["normal", d.mu, d.sigma]
    return ["mixture", list(d.weights), [spec(c) for c in d.components]]


def main() -> None:
    rows = []
    for seed in (1, 2, 3):
        rng = np.random.default_rng(seed)
        p, q = _draw(rng), _draw(rng)
        row: dict[str, Any] = {"seed": seed, "p": spec(p), "q": spec(q)}
        for name, fn, f, fmp in (("jsd", numeric.jsd, numeric.jsd_integrand,
                                  numeric.jsd_integrand_mp),
                                 ("kl", numeric.kl, numeric.kl_integrand,
                                  numeric.kl_integrand_mp)):
            if fn(p, q).method == "analytic":
                continue
            ref = integrate_pairs(f, p, q, mp_integrand=fmp, reference=True, dps=20)
            assert ref.success, (p, q, ref)
            row[name] = [repr(float(ref.value)), repr(float(ref.error))]
        rows.append(row)
        print(seed, p, q, row)
    OUT.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
