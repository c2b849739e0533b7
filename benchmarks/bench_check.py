"""Whole-process time of ``symbolic-gan check`` on the seed against ``python -c "import sympy"``.

The two commands are run alternately in the same session, so machine load affects both alike;
the figure of merit is the ratio of medians. Target: checking the seed's transcription
(``docs/examples/seed_gan_optimum.md``) end to end, numeric cross-checks included, at most 3×
the SymPy import; the symbolic check alone (``--no-numeric``) is shown for comparison.

Usage::

    python benchmarks/bench_check.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASELINE = [sys.executable, "-c", "import sympy"]
SEED = Path(__file__).resolve().parent.parent / "docs" / "examples" / "seed_gan_optimum.md"


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
    args = parser.parse_args(argv)
    commands = {
        "import sympy": BASELINE,
        "check seed": [sys.executable, "-m", "symbolic_gan", "check", str(SEED), "--format",
                       "json"],
        "check seed --no-numeric": [sys.executable, "-m", "symbolic_gan", "check", str(SEED),
                                    "--format", "json", "--no-numeric"],
    }
    for command in commands.values():  # warm the file cache once
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(_time(command))
    base = statistics.median(times["import sympy"])
    print("| command | median s | ratio to `import sympy` | target |\n|---|---|---|---|")
    targets = {"import sympy": "", "check seed": "≤ 3×", "check seed --no-numeric": ""}
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.3f} | {median / base:.2f}× | {targets[name]} |")
    print(f"\n{args.runs} alternating runs each, Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
