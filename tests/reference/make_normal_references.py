"""mpmath 50-digit references for Normal pairs that stress the fast Normal/Normal rule.

Run from the repository root: ``python tests/reference/make_normal_references.py`` (a few
minutes); writes ``normal_pairs.json``.  The pairs are hand-picked stress cases (each was,
or could have been, a failure of some panel layout: a narrow density inside a wide one, a
sharp crossing of the log-densities far out, spikes away from 0, near-identical pairs)
and random pairs with scale ratios up to 50 and separations up to 20 scales.  JSD, KL both
ways and V(D*) are computed with ``reference=True`` (mpmath tanh-sinh split at the
breakpoints), independently of the Gauss–Kronrod rule under test.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np

from symbolic_gan import numeric
from symbolic_gan.densities import Normal

OUT = Path(__file__).with_name("normal_pairs.json")

STRESS = [
    ((-2.5082554984297394, 5.580236243897422), (-43.04465424924526, 242.13818174297563)),
    ((-2.3643267828743464, 1.366917458241532), (23.269764138731983, 2.505065969029994)),
    ((3.11316000421695, 0.01227326105402934), (3.176383148049752, 0.0006451383814137749)),
    ((-1.4834230292037962, 2.5489058002566254), (-1.346059092889412, 2.7878381852802647)),
    ((-0.7189145769870796, 0.04147190956415485), (7.973118153350623, 1.6750131570941664)),
    ((-0.6729792588120526, 1.2298358312803976), (20.583404476875657, 0.04274846903474504)),
    ((0.0, 1.0), (0.0, 1.0)),
    ((0.0, 1.0), (40.0, 1.0)),
    ((1000.0, 1.0), (1001.0, 2.0)),
    ((0.42, 0.35), (-1.02, 2.85)),
]


def pairs() -> list[tuple[tuple[float, float], tuple[float, float]]]:
    rng = np.random.default_rng(20261126)
    out = list(STRESS)
    for i in range(14):
        s1 = float(np.exp(rng.normal(0, 1.5)))
        s2 = s1 * float(np.exp(rng.uniform(-math.log(50), math.log(50))))
        m1 = float(rng.normal(0, 3))
        scale = max(s1, s2) if i % 2 else min(s1, s2)
        sep = float(rng.uniform(0, 20) if i % 2 else rng.uniform(-20, 20)) * scale
        out.append(((m1, s1), (m1 + sep, s2)))
    return out


def main() -> None:
    rows = []
    t0 = time.perf_counter()
    for a, b in pairs():
        p, q = Normal(*a), Normal(*b)
        row: dict[str, object] = {"p": list(a), "q": list(b)}
        for name, fn, args in (
            ("jsd", numeric.jsd, (p, q)),
            ("kl_pq", numeric.kl, (p, q)),
            ("kl_qp", numeric.kl, (q, p)),
            ("value_star", numeric.value, (p, q)),
        ):
            r = fn(*args, reference=True)
            if not r.success:
                raise SystemExit(f"{p}, {q} {name}: reference failed: {r.message}")
            row[name] = repr(float(r.value))
        rows.append(row)
        print(p, q, f"{time.perf_counter() - t0:.0f}s", flush=True)
    OUT.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
