"""Whole-process time of ``symbolic-gan prove`` against ``python -c "import sympy"``.

The two commands are run alternately in the same session, so machine load affects both alike;
the figure of merit is the ratio of medians. Targets: the symbolic proof alone (``--no-numeric``)
at most 2× the SymPy import (aim 1.5×), the proof with the default numeric battery at most 3×.

Usage::

    python benchmarks/bench_prove.py [--runs N] [--theorem NAME]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import sympy"]


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed with {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="alternating runs of each command")
    parser.add_argument("--theorem", default="gan-global-optimum")
    args = parser.parse_args(argv)
    prove = [sys.executable, "-m", "symbolic_gan", "prove", args.theorem, "--format", "json"]
    commands = {
        "import sympy": BASELINE,
        "prove --no-numeric": [*prove, "--no-numeric"],
        "prove (default battery)": prove,
    }
    for command in commands.values():  # warm the file cache once
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(_time(command))
    base = statistics.median(times["import sympy"])
    print("| command | median s | ratio to `import sympy` | target |\n|---|---|---|---|")
    targets = {"import sympy": "", "prove --no-numeric": "≤ 2× (aim 1.5×)",
               "prove (default battery)": "≤ 3×"}
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.3f} | {median / base:.2f}× | {targets[name]} |")
    print(f"\n{args.runs} alternating runs each, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
