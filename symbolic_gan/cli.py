"""The ``symbolic-gan`` command line (also ``python -m symbolic_gan``).

Exit status: 0 when the theorem is proved (every step proved, no numeric check failed), 1 when
any step is refuted or unknown or fails numerically (for ``evaluate``: when a quantity could not
be computed reliably), 2 on a usage error (bad option, unknown theorem, unparsable density,
unwritable ``--output``). SymPy, NumPy and SciPy
are imported only inside the commands, so ``--help`` and usage errors return at once.

>>> main(["prove", "--pairs", "-1"])
2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

__all__ = ["main"]

PROG = "symbolic-gan"
_FORMATS = ("text", "markdown", "latex", "json")  # keys of symbolic_gan.report.FORMATS


class UsageError(Exception):
    """A user error found after parsing: printed as ``symbolic-gan: error: …``, exit 2."""


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer >= 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be an integer >= 0, got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Machine-checked theory of GANs: symbolic proofs cross-checked by quadrature.",
        epilog="Exit status: 0 proved, 1 a step refuted, unknown or failed numerically, "
               "2 usage error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("list", help="list the theorems that can be proved",
                        description="List the theorems that can be proved.")
    prove = commands.add_parser(
        "prove", help="prove a theorem step by step and print its report",
        description="Derive THEOREM, check every step symbolically and (unless --no-numeric) "
                    "numerically, and print the report.")
    prove.add_argument("theorem", nargs="?", metavar="THEOREM",
                       help="theorem name, see 'symbolic-gan list' (default: gan-global-optimum)")
    prove.add_argument("--format", choices=_FORMATS, default="text",
                       help="report format (default: text)")
    prove.add_argument("--output", "-o", metavar="FILE",
                       help="write the report to FILE instead of standard output")
    prove.add_argument("--no-numeric", action="store_true",
                       help="skip the numeric cross-checks on density pairs")
    prove.add_argument("--pairs", type=_non_negative_int, default=0, metavar="N",
                       help="random density pairs to check on, besides the battery (default: 0)")
    prove.add_argument("--seed", type=_non_negative_int, default=0, metavar="S",
                       help="seed of the random pairs (default: 0)")
    evaluate = commands.add_parser(
        "evaluate", help="KL, JSD and V(D*) of two densities",
        description="Evaluate KL(P‖Q), JSD(P‖Q) and V(D*, G) for two densities written like "
                    "'normal(0, 1)' or 'beta(0.5, 0.5)'.")
    evaluate.add_argument("p", metavar="P", help="the data density p_data, e.g. 'normal(0, 1)'")
    evaluate.add_argument("q", metavar="Q", help="the generator density p_g, e.g. 'beta(2, 3)'")
    _add_analyse_parser(commands)
    return parser


def _add_analyse_parser(commands: argparse._SubParsersAction) -> None:
    analyse = commands.add_parser(
        "analyse", help="optimal discriminator and divergence of any objective p·a(y) + q·b(y)",
        description="Derive the optimal discriminator of the pointwise objective p·a(y) + q·b(y) "
                    "over the domain of y, and the divergence the generator then minimises; "
                    "every step is checked. Expressions use numbers, y, + - * / ^ **, "
                    "log exp sqrt tanh sinh cosh min max abs sign LambertW, pi and E.",
        epilog="Exit status: 0 every step proved, 1 not all proved or undecided, 2 usage error "
               "(including an expression or domain outside the grammar).")
    analyse.add_argument("--a", required=True, metavar="EXPR",
                         help="reward on real data, e.g. 'log(y)'")
    analyse.add_argument("--b", required=True, metavar="EXPR",
                         help="reward on generated data, e.g. 'log(1 - y)'")
    analyse.add_argument("--domain", required=True, metavar="INTERVAL",
                         help="domain of y: (a, b), [a, b], (a, b], [a, b) or R; oo for infinity")
    analyse.add_argument("--format", choices=_FORMATS, default="text",
                         help="output format (default: text)")
    analyse.add_argument("--numeric", action="store_true",
                         help="also check every step numerically on the default battery")


def _emit(text: str, stream: TextIO) -> None:
    """Write ``text``, replacing characters the stream's encoding cannot show."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


def _cmd_list(args: argparse.Namespace) -> int:
    from symbolic_gan.theorems import DEFAULT_THEOREM, list_theorems

    theorems = list_theorems()
    width = max(len(t.name) for t in theorems)
    lines = [f"{t.name:<{width}}  {t.title}{'  (default)' if t.name == DEFAULT_THEOREM else ''}"
             for t in theorems]
    _emit("\n".join(lines) + "\n", sys.stdout)
    return 0


def _write_output(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"--output {path!r}: cannot write: {exc.strerror or exc}") from None


def _cmd_prove(args: argparse.Namespace) -> int:
    from symbolic_gan.api import prove
    from symbolic_gan.report import render, summary_line
    from symbolic_gan.theorems import DEFAULT_THEOREM, list_theorems

    name = DEFAULT_THEOREM if args.theorem is None else args.theorem
    known = [t.name for t in list_theorems()]
    if name not in known:
        width = max(map(len, known))
        listing = "\n".join(f"  {t.name:<{width}}  {t.title}" for t in list_theorems())
        raise UsageError(f"unknown theorem {name!r}; known theorems:\n{listing}")
    checked = prove(name, numeric=not args.no_numeric, pairs=args.pairs, seed=args.seed)
    report = render(checked, args.format)
    if args.output is None:
        _emit(report, sys.stdout)
    else:
        _write_output(args.output, report)
        _emit(f"{PROG}: wrote {args.output}: {summary_line(checked)}\n", sys.stderr)
    return 0 if checked.ok else 1


def _cmd_evaluate(args: argparse.Namespace) -> int:
    try:
        from symbolic_gan.evaluate import evaluate, format_evaluation
        from symbolic_gan.parse import parse_density
    except ModuleNotFoundError as exc:
        if exc.name not in ("symbolic_gan.evaluate", "symbolic_gan.parse"):
            raise
        _emit(f"{PROG}: error: 'evaluate' is not available in this build ({exc.name} "
              "is missing)\n", sys.stderr)
        return 1

    evaluation = evaluate(parse_density(args.p), parse_density(args.q))
    _emit(format_evaluation(evaluation).rstrip("\n") + "\n", sys.stdout)
    return 0 if getattr(evaluation, "success", True) else 1


def _cmd_analyse(args: argparse.Namespace) -> int:
    from symbolic_gan.analysis import analyse

    result = analyse(args.a, args.b, args.domain, numeric=args.numeric)
    render = {"text": result.to_text, "markdown": result.to_markdown,
              "latex": result.to_latex, "json": result.to_json}[args.format]
    _emit(render().rstrip("\n") + "\n", sys.stdout)
    return 0 if result.ok else 1


_COMMANDS = {"list": _cmd_list, "prove": _cmd_prove, "evaluate": _cmd_evaluate,
             "analyse": _cmd_analyse}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    from symbolic_gan.errors import InvalidArgument, SymbolicGanError

    try:
        return _COMMANDS[args.command](args)
    except (UsageError, InvalidArgument) as exc:
        _emit(f"{PROG}: error: {exc}\n", sys.stderr)
        return 2
    except SymbolicGanError as exc:
        _emit(f"{PROG}: error: {type(exc).__name__}: {exc}\n", sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `symbolic-gan prove | head`
        return 1
