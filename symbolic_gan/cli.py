"""The ``symbolic-gan`` command line (also ``python -m symbolic_gan``).

Exit status: 0 when the theorem is proved (every step proved, no numeric check failed), 1 when
any step is refuted or unknown or fails numerically (for ``evaluate``: when a quantity could not
be computed reliably), 2 on a usage error (bad option, unknown theorem, unparsable density,
unwritable ``--output``), 130 when interrupted by Ctrl-C. SymPy, NumPy and SciPy are
imported only inside the commands, so ``--help`` and usage errors return at once. Each
subcommand is one ``_add_<name>_parser`` and one ``_cmd_<name>`` function; the plumbing they
share (``--output``/``--force``, Ctrl-C, progress, bounded integers) is in
:mod:`symbolic_gan.cli_support`.

>>> main(["prove", "--pairs", "-1"])
2
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence

from symbolic_gan.cli_support import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Progress,
    UsageError,
    add_output_arguments,
    bounded_int,
    emit,
    interrupted,
    open_output,
)

__all__ = ["MAX_PAIRS", "REPORT_FORMATS", "main"]

#: The keys of ``symbolic_gan.report.FORMATS``, without importing the reports.
REPORT_FORMATS = ("text", "markdown", "latex", "json")

#: Largest ``--pairs``: random pairs only add coverage beyond the fixed battery, and the
#: numeric cross-check holds every pair of a run in one batch, so time and memory grow in
#: proportion (measured: about 45 MB more peak memory per 1000 pairs, so about 0.5 GB at the
#: maximum); a larger sample belongs in a script that calls ``check_numeric`` in chunks.
MAX_PAIRS = 10_000
_MAX_SEED = 2**32 - 1  # what NumPy's default_rng accepts as one word


def _add_list_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    commands.add_parser("list", help="list the theorems that can be proved",
                        description="List the theorems that can be proved.")


def _add_prove_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    prove = commands.add_parser(
        "prove", help="prove a theorem step by step and print its report",
        description="Derive THEOREM, check every step symbolically and (unless --no-numeric) "
                    "numerically, and print the report. Ctrl-C stops the run: one line on "
                    "stderr, exit status 130, no output file. While it runs, a progress bar "
                    "is drawn on stderr if stderr is a terminal.")
    prove.add_argument("theorem", nargs="?", metavar="THEOREM",
                       help="theorem name, see 'symbolic-gan list' (default: gan-global-optimum)")
    prove.add_argument("--format", choices=REPORT_FORMATS, default="text",
                       help="report format (default: text)")
    add_output_arguments(prove)
    prove.add_argument("--no-numeric", action="store_true",
                       help="skip the numeric cross-checks on density pairs")
    prove.add_argument("--pairs", type=bounded_int(0, MAX_PAIRS), default=0, metavar="N",
                       help=f"random density pairs to check on, besides the battery (default: "
                            f"0, at most {MAX_PAIRS}: every pair of a run is checked in one "
                            f"batch whose time and memory grow with N, and random pairs only "
                            f"add coverage beyond the battery)")
    prove.add_argument("--seed", type=bounded_int(0, _MAX_SEED), default=0, metavar="S",
                       help=f"seed of the random pairs (default: 0, at most {_MAX_SEED})")


def _add_evaluate_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evaluate = commands.add_parser(
        "evaluate", help="KL, JSD and V(D*) of two densities",
        description="Evaluate KL(P‖Q), JSD(P‖Q) and V(D*, G) for two densities written like "
                    "'normal(0, 1)' or 'beta(0.5, 0.5)'.")
    evaluate.add_argument("p", metavar="P", help="the data density p_data, e.g. 'normal(0, 1)'")
    evaluate.add_argument("q", metavar="Q", help="the generator density p_g, e.g. 'beta(2, 3)'")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Machine-checked theory of GANs: symbolic proofs cross-checked by quadrature.",
        epilog="Exit status: 0 proved, 1 a step refuted, unknown or failed numerically, "
               "2 usage error, 130 interrupted (Ctrl-C).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _PARSERS:
        add(commands)
    return parser


def _cmd_list(args: argparse.Namespace) -> int:
    from symbolic_gan.theorems import DEFAULT_THEOREM, list_theorems

    theorems = list_theorems()
    width = max(len(t.name) for t in theorems)
    lines = [f"{t.name:<{width}}  {t.title}{'  (default)' if t.name == DEFAULT_THEOREM else ''}"
             for t in theorems]
    emit("\n".join(lines) + "\n", sys.stdout)
    return EXIT_OK


def _cmd_prove(args: argparse.Namespace) -> int:
    from symbolic_gan.theorems import DEFAULT_THEOREM, list_theorems

    name = DEFAULT_THEOREM if args.theorem is None else args.theorem
    known = [t.name for t in list_theorems()]
    if name not in known:
        width = max(map(len, known))
        listing = "\n".join(f"  {t.name:<{width}}  {t.title}" for t in list_theorems())
        raise UsageError(f"unknown theorem {name!r}; known theorems:\n{listing}")
    output = open_output(args)  # an unwritable --output is reported before the run
    with output if output is not None else contextlib.nullcontext():
        with Progress(f"proving {name}") as progress:
            from symbolic_gan import api
            from symbolic_gan.report import render, summary_line

            if args.pairs and not args.no_numeric:
                progress.phase(f"proving {name} (+{args.pairs} random pairs)")
            checked = api.prove(name, numeric=not args.no_numeric, pairs=args.pairs,
                                seed=args.seed)
            report = render(checked, args.format)
        if output is None:
            emit(report, sys.stdout)
        else:
            output.commit(report)
            emit(f"{PROG}: wrote {args.output}: {summary_line(checked)}\n", sys.stderr)
    return EXIT_OK if checked.ok else EXIT_FAILED


def _cmd_evaluate(args: argparse.Namespace) -> int:
    try:
        from symbolic_gan.evaluate import evaluate, format_evaluation
        from symbolic_gan.parse import parse_density
    except ModuleNotFoundError as exc:
        if exc.name not in ("symbolic_gan.evaluate", "symbolic_gan.parse"):
            raise
        emit(f"{PROG}: error: 'evaluate' is not available in this build ({exc.name} "
             "is missing)\n", sys.stderr)
        return EXIT_FAILED
    from symbolic_gan.errors import InvalidArgument

    densities = []
    for name, text in (("P", args.p), ("Q", args.q)):
        try:
            densities.append(parse_density(text))
        except InvalidArgument as exc:  # quote what was typed, and say which argument it was
            raise UsageError(f"{name} {text!r}: {_reason(exc, text)}") from None
    evaluation = evaluate(*densities)
    emit(format_evaluation(evaluation).rstrip("\n") + "\n", sys.stdout)
    return EXIT_OK if getattr(evaluation, "success", True) else EXIT_FAILED


def _reason(exc: Exception, text: str) -> str:
    """The message of ``exc`` without a leading ``name='text': `` that repeats the input."""
    message = str(exc)
    head = f"={text!r}: "
    cut = message.find(head)
    return message[cut + len(head):] if 0 <= cut < 20 else message


def _add_check_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check", help="check a derivation written in LaTeX or Markdown, line by line",
        description="Read the display math of FILE (Markdown or LaTeX) and give each line a "
                    "verdict: valid, invalid, needs-premise, unknown, definition or unparsed. "
                    "Exit 0 when every line is valid or a definition, 1 otherwise.")
    check.add_argument("file", metavar="FILE", help="the Markdown or LaTeX file to check")
    check.add_argument("--format", choices=REPORT_FORMATS, default="text",
                       help="report format (default: text)")
    add_output_arguments(check)
    check.add_argument("--notation", action="append", default=[], metavar="NAME=ROLE",
                       help="give NAME a role: data, model, discriminator, "
                            "optimal-discriminator, generator, latent, mixture (repeatable)")
    check.add_argument("--no-numeric", action="store_true",
                       help="skip the numeric cross-check of the proved relations")
    check.add_argument("--assume", action="append", default=[], metavar="PREMISE",
                       help="declare a premise: positivity, normalisation, push-forward, "
                            "exchange, convention (repeatable)")


def _cmd_check(args: argparse.Namespace) -> int:
    notation = {}
    for item in args.notation:
        name, sep, role = item.partition("=")
        if not sep or not name.strip() or not role.strip():
            raise UsageError(f"--notation {item!r}: expected NAME=ROLE")
        notation[name.strip()] = role.strip()
    try:
        with open(args.file, encoding="utf-8") as handle:
            text = handle.read(2_000_000)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.file!r}: cannot read: {getattr(exc, 'strerror', None) or exc}"
                         ) from None
    output = open_output(args)  # an unwritable --output is reported before the run
    with output if output is not None else contextlib.nullcontext():
        from symbolic_gan.textcheck import check_text

        result = check_text(text, notation=notation, premises=args.assume, file=args.file,
                            numeric=not args.no_numeric)
        report = {"text": result.to_text, "markdown": result.to_markdown,
                  "latex": result.to_latex,
                  "json": lambda: result.to_json() + "\n"}[args.format]()
        if output is None:
            emit(report, sys.stdout)
        else:
            output.commit(report)
            emit(f"{PROG}: wrote {args.output}: {result.summary()}\n", sys.stderr)
    return EXIT_OK if result.ok else EXIT_FAILED


def _add_analyse_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    analyse.add_argument("--format", choices=REPORT_FORMATS, default="text",
                         help="output format (default: text)")
    analyse.add_argument("--numeric", action="store_true",
                         help="also check every step numerically on the default battery")


def _cmd_analyse(args: argparse.Namespace) -> int:
    from symbolic_gan.analysis import analyse

    result = analyse(args.a, args.b, args.domain, numeric=args.numeric)
    render = {"text": result.to_text, "markdown": result.to_markdown,
              "latex": result.to_latex, "json": result.to_json}[args.format]
    emit(render().rstrip("\n") + "\n", sys.stdout)
    return EXIT_OK if result.ok else EXIT_FAILED


#: One parser builder and one command per subcommand; other subcommands add theirs here.
_PARSERS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = [
    _add_list_parser, _add_prove_parser, _add_evaluate_parser, _add_check_parser,
    _add_analyse_parser]
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": _cmd_list, "prove": _cmd_prove, "evaluate": _cmd_evaluate, "check": _cmd_check,
    "analyse": _cmd_analyse}


#: Options whose value may begin with "-" (an expression such as ``-(y - 1)^2``).
_EXPRESSION_OPTIONS = ("--a", "--b", "--domain")


def _expressions_joined(argv: list[str]) -> list[str]:
    """``--a -(y-1)^2`` as ``--a=-(y-1)^2``: argparse would take the value for an option.

    >>> _expressions_joined(["analyse", "--a", "-y^2", "--b", "log(1-y)", "--format", "json"])
    ['analyse', '--a=-y^2', '--b', 'log(1-y)', '--format', 'json']
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if (token in _EXPRESSION_OPTIONS and nxt is not None and nxt.startswith("-")
                and not nxt.startswith("--")):
            out.append(f"{token}={nxt}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    Every subcommand gets the same handling: a usage error prints one line and returns 2, a
    failure raised on purpose returns 1, and Ctrl-C prints one line and returns 130.
    """
    try:
        parser = _parser()
        try:
            args = parser.parse_args(_expressions_joined(
                list(sys.argv[1:] if argv is None else argv)))
        except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        from symbolic_gan.errors import InvalidArgument, SymbolicGanError

        try:
            return _COMMANDS[args.command](args)
        except (UsageError, InvalidArgument) as exc:
            emit(f"{PROG}: error: {exc}\n", sys.stderr)
            return EXIT_USAGE
        except SymbolicGanError as exc:
            emit(f"{PROG}: error: {type(exc).__name__}: {exc}\n", sys.stderr)
            return EXIT_FAILED
    except KeyboardInterrupt:
        return interrupted()
    except BrokenPipeError:  # e.g. `symbolic-gan prove | head`
        return EXIT_FAILED
