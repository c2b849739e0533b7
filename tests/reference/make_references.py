"""Compute mpmath 50-digit references for the default battery; writes battery_references.json.

Run from the repository root: ``python tests/reference/make_references.py`` (about a minute).
The integrals are computed with mpmath tanh-sinh at 50 digits, split at the densities'
breakpoints (``reference=True``), independently of the default Gauss–Kronrod rule.  KL values
that are infinite are decided analytically and recorded as "inf".
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from symbolic_gan import numeric
from symbolic_gan.battery import default_battery

OUT = Path(__file__).with_name("battery_references.json")


def main() -> None:
    refs: dict[str, dict[str, str]] = {}
    t0 = time.perf_counter()
    for case in default_battery():
        row: dict[str, str] = {}
        for name, fn, args in (
            ("kl_pq", numeric.kl, (case.p, case.q)),
            ("kl_qp", numeric.kl, (case.q, case.p)),
            ("jsd", numeric.jsd, (case.p, case.q)),
            ("value_star", numeric.value, (case.p, case.q)),
        ):
            r = fn(*args, reference=True)
            if str(r.status) == "infinite":
                row[name] = "inf" if r.value > 0 else "-inf"
                continue
            if not r.success:
                raise SystemExit(f"{case.name} {name}: reference failed: {r.message}")
            row[name] = repr(float(r.value))
            row[name + "_error"] = f"{float(r.error):.1e}"
        refs[case.name] = row
        print(case.name, row, f"{time.perf_counter() - t0:.1f}s", flush=True)
    OUT.write_text(json.dumps(refs, indent=2, sort_keys=True) + "\n")
    assert all(math.isfinite(float(v)) or "inf" in v for r in refs.values() for v in r.values())


if __name__ == "__main__":
    main()
