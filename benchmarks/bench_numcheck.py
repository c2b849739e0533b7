"""Whole-process time of ``symbolic-gan prove --pairs 1000`` against the default battery.

The numeric cross-check evaluates pointwise claims in float64 over every pair at once (mpmath
only where float64 cannot decide) and integrates each distinct integrand once for all pairs,
so a thousand extra pairs should cost little more than the proof itself. The commands run
alternately in the same session, so machine load affects them alike; the figure of merit is
the ratio of medians (wall clock, and CPU time of the child process, which load disturbs
less). Target: ``--pairs 1000`` at most 3× the default battery.

Usage::

    python benchmarks/bench_numcheck.py [--runs N] [--pairs N] [--theorem NAME]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time


def _time(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed with {done.returncode}: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="alternating runs of each command")
    parser.add_argument("--pairs", type=int, default=1000, help="random pairs besides the battery")
    parser.add_argument("--theorem", default="gan-global-optimum")
    args = parser.parse_args(argv)
    prove = [sys.executable, "-m", "symbolic_gan", "prove", args.theorem, "--format", "json"]
    commands = {
        "prove --no-numeric": [*prove, "--no-numeric"],
        "prove (default battery)": prove,
        f"prove --pairs {args.pairs}": [*prove, "--pairs", str(args.pairs)],
    }
    for command in commands.values():  # warm the file cache once
        _time(command)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(_time(command))

    def median(name: str, k: int) -> float:
        return statistics.median(t[k] for t in times[name])

    wall, cpu = median("prove (default battery)", 0), median("prove (default battery)", 1)
    targets = {f"prove --pairs {args.pairs}": "≤ 3×"}
    print("| command | median wall s | ratio | median CPU s | CPU ratio | target |\n"
          "|---|---|---|---|---|---|")
    for name in times:
        w, c = median(name, 0), median(name, 1)
        print(f"| `{name}` | {w:.2f} | {w / wall:.2f}× | {c:.2f} | {c / cpu:.2f}× "
              f"| {targets.get(name, '')} |")
    print(f"\n{args.runs} alternating runs each, theorem {args.theorem}, "
          f"Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
