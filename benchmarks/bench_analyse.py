"""Speed of ``symbolic-gan analyse`` and of the registered GAN family; C(G) by quadrature.

1. Whole-process time of ``symbolic-gan analyse`` on the original GAN against
   ``python -c "import sympy"``, run alternately so machine load affects both alike; the figure
   of merit is the ratio of medians (target ≤ 2×).
2. In-process time to derive and check symbolically every registered family theorem
   (target ≤ 10 s in all).
3. For each family theorem, the step ``C(G) = c·D_f + β`` checked by quadrature on the default
   battery (status per theorem; timing reported, no target).

Usage::

    python benchmarks/bench_analyse.py [--runs N] [--no-quadrature]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import sympy"]
ANALYSE = [sys.executable, "-m", "symbolic_gan", "analyse", "--a", "log(y)", "--b",
           "log(1 - y)", "--domain", "(0, 1)", "--format", "json"]


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed with {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def process_ratio(runs: int) -> None:
    commands = {"import sympy": BASELINE, "analyse (original GAN)": ANALYSE}
    for command in commands.values():  # warm the file cache once
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_time(command))
    base = statistics.median(times["import sympy"])
    print("| command | median s | ratio to `import sympy` | target |\n|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        target = "" if name == "import sympy" else "≤ 2×"
        print(f"| `{name}` | {median:.3f} | {median / base:.2f}× | {target} |")
    print(f"\n{runs} alternating runs each, Python {sys.version.split()[0]}\n")


def family(quadrature: bool) -> None:
    from symbolic_gan.checker import check
    from symbolic_gan.numcheck import check_numeric
    from symbolic_gan.theorems.family import FAMILY, family_derivation

    start = time.perf_counter()
    checked = {m.name: check(family_derivation(m)) for m in FAMILY}
    total = time.perf_counter() - start
    print(f"family: {len(FAMILY)} theorems derived and checked symbolically in {total:.2f} s "
          f"(target ≤ 10 s); all proved: {all(c.ok for c in checked.values())}\n")
    if not quadrature:
        return
    print("| theorem | C(G) = c·D_f + β on the battery | max error | s |\n|---|---|---|---|")
    for name, c in checked.items():
        one = dataclasses.replace(c.derivation, steps=(c.derivation.step("divergence form"),))
        start = time.perf_counter()
        numeric = check_numeric(check(one)).steps[0].numeric
        print(f"| {name} | {numeric.status} | {numeric.max_abs_error} | "
              f"{time.perf_counter() - start:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="alternating runs of each command")
    parser.add_argument("--no-quadrature", action="store_true")
    args = parser.parse_args(argv)
    process_ratio(args.runs)
    family(not args.no_quadrature)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
