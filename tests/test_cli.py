"""The command line, run in-process through ``main`` (plus one real subprocess)."""

from __future__ import annotations

import ast
import dataclasses
import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy as sp

import symbolic_gan.api
from symbolic_gan import cli, cli_support
from symbolic_gan.checker import check
from symbolic_gan.derivation import Equation
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.theorems import get_theorem, list_theorems
from symbolic_gan.verdict import CheckedDerivation, Status, SymbolicVerdict

THEOREMS = [t.name for t in list_theorems()]
PAIRS = "argument --pairs: must be an integer from 0 to 10000"


@pytest.fixture(scope="module")
def gan() -> CheckedDerivation:
    return symbolic_gan.api.prove("gan-global-optimum", numeric=False)


@pytest.fixture(scope="module")
def refuted() -> CheckedDerivation:
    d = get_theorem("gan-global-optimum").derive()
    lhs = d.step("normalisation").claim.lhs
    return check(d.replace_step("normalisation", claim=Equation(lhs, sp.log(2))))


def serve(monkeypatch: pytest.MonkeyPatch, checked: CheckedDerivation) -> list[dict]:
    """Make ``symbolic_gan.api.prove`` return ``checked``; record how it was called."""
    calls: list[dict] = []

    def fake_prove(theorem: str, **kwargs: object) -> CheckedDerivation:
        calls.append({"theorem": theorem, **kwargs})
        return checked

    monkeypatch.setattr(symbolic_gan.api, "prove", fake_prove)
    return calls


# ------------------------------------------------------------------ list


def test_list_names_every_theorem(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    for theorem in list_theorems():
        assert theorem.name in out and theorem.title in out
    assert "gan-global-optimum" in next(line for line in out.splitlines() if "(default)" in line)


# ------------------------------------------------------------------ prove


def test_prove_default_theorem_as_text(capsys):
    assert cli.main(["prove", "--no-numeric"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Global optimum of the")
    assert out.rstrip().splitlines()[-1].startswith("Summary: 12/12 steps proved — PROVED")


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "json"])
def test_prove_every_format_shows_every_step(capsys, fmt):
    assert cli.main(["prove", "mle-minimises-kl", "--no-numeric", "--format", fmt]) == 0
    out = capsys.readouterr().out
    checked = symbolic_gan.api.prove("mle-minimises-kl", numeric=False)
    for step in checked.steps:
        name = step.step.name
        if fmt == "latex":
            name = name.replace("θ", r"\ensuremath{\theta}")
        assert name in out, (fmt, name)
    if fmt == "json":
        assert json.loads(out)["theorem"] == "mle-minimises-kl"


def test_options_reach_prove(monkeypatch, gan, capsys):
    calls = serve(monkeypatch, gan)
    assert cli.main(["prove", "lsgan-optimal-discriminator", "--pairs", "5", "--seed", "3"]) == 0
    assert cli.main(["prove", "--no-numeric"]) == 0
    assert calls == [
        {"theorem": "lsgan-optimal-discriminator", "numeric": True, "pairs": 5, "seed": 3},
        {"theorem": "gan-global-optimum", "numeric": False, "pairs": 0, "seed": 0},
    ]


def test_refuted_step_exits_1(monkeypatch, refuted, capsys):
    serve(monkeypatch, refuted)
    assert cli.main(["prove", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["summary"]["refuted"] == 1
    assert cli.main(["prove"]) == 1
    assert "NOT PROVED: 1 refuted (normalisation)" in capsys.readouterr().out


def test_unknown_step_exits_1(monkeypatch, gan, capsys):
    verdict = SymbolicVerdict(Status.UNKNOWN, "zero test", residual="log(4) - 2*log(2)")
    steps = tuple(dataclasses.replace(s, symbolic=verdict) if s.step.name == "lower bound" else s
                  for s in gan.steps)
    serve(monkeypatch, dataclasses.replace(gan, steps=steps))
    assert cli.main(["prove"]) == 1
    assert "NOT PROVED: 0 refuted, 1 unknown (lower bound)" in capsys.readouterr().out


# ------------------------------------------------------------------ usage errors exit 2


def test_unknown_theorem_lists_the_known_ones(capsys):
    assert cli.main(["prove", "gan-local-optimum", "--no-numeric"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("symbolic-gan: error: unknown theorem 'gan-local-optimum'")
    for name in THEOREMS:
        assert name in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(("argv", "message"), [
    (["prove", "--pairs", "-1"], f"{PAIRS}, got '-1'"),
    (["prove", "--pairs=many"], f"{PAIRS}, got 'many'"),
    (["prove", "--pairs", "10001"], f"{PAIRS}, got '10001'"),
    (["prove", "--pairs", "1e3"], f"{PAIRS}, got '1e3'"),
    (["prove", "--pairs", "٣"], f"{PAIRS}, got '٣'"),  # ASCII digits only
    (["prove", "--pairs", "9" * 5000], f"{PAIRS}, got '999"),
    (["prove", "--seed", "-2"], "argument --seed: must be an integer from 0 to 4294967295, "
                                "got '-2'"),
    (["prove", "--format", "html"], "argument --format: invalid choice: 'html'"),
    (["prove", "--colour"], "unrecognized arguments: --colour"),
    (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
    ([], "the following arguments are required: COMMAND"),
])
def test_usage_errors_exit_2_naming_the_argument(capsys, argv, message):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("usage: symbolic-gan")


def test_invalid_argument_from_the_library_exits_2_without_traceback(monkeypatch, capsys):
    def bad_prove(theorem: str, **kwargs: object) -> CheckedDerivation:
        raise InvalidArgument.for_value("pairs", 10**9, "too many pairs")

    monkeypatch.setattr(symbolic_gan.api, "prove", bad_prove)
    assert cli.main(["prove", "--pairs", "1000"]) == 2
    assert capsys.readouterr().err == "symbolic-gan: error: pairs=1000000000: too many pairs\n"


def test_help_exits_0_and_documents_the_limits(capsys):
    assert cli.main(["prove", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--no-numeric" in out
    assert "at most 10000: every pair of a run is checked in one batch" in out
    assert "--force allow --output to replace an existing file" in out
    assert "exit status 130, no output file" in out


def test_the_largest_pairs_is_accepted(monkeypatch, gan, capsys):
    calls = serve(monkeypatch, gan)
    assert cli.main(["prove", "--pairs", "10000", "--seed", "4294967295"]) == 0
    assert calls == [{"theorem": "gan-global-optimum", "numeric": True, "pairs": 10000,
                      "seed": 4294967295}]


# ------------------------------------------------------------------ --output


def test_output_writes_the_report_to_a_file(tmp_path, capsys):
    target = tmp_path / "report.json"
    assert cli.main(["prove", "--no-numeric", "--format", "json", "--output", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"wrote {target}: 12/12 steps proved — PROVED" in captured.err
    assert json.loads(target.read_text(encoding="utf-8"))["ok"] is True


def leftovers(folder: Path) -> list[str]:
    """Temporary files an output left behind in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("make", ["missing folder", "folder is a file"])
def test_unwritable_output_exits_2_before_the_run(monkeypatch, gan, tmp_path, capsys, make):
    calls = serve(monkeypatch, gan)
    if make == "missing folder":
        target = tmp_path / "no-such-dir" / "report.tex"
    else:
        (tmp_path / "plain").write_text("a file", encoding="utf-8")
        target = tmp_path / "plain" / "report.tex"
    assert cli.main(["prove", "--format", "latex", "-o", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"symbolic-gan: error: --output '{target}': cannot write")
    assert captured.err.count("\n") == 1 and captured.out == ""
    assert calls == []  # reported before anything was proved
    assert not target.exists()


def test_output_refuses_to_overwrite_without_force(monkeypatch, gan, tmp_path, capsys):
    calls = serve(monkeypatch, gan)
    target = tmp_path / "report.txt"
    target.write_text("keep me", encoding="utf-8")
    assert cli.main(["prove", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"symbolic-gan: error: --output '{target}': exists; add --force to overwrite it\n"
    assert calls == [] and target.read_text(encoding="utf-8") == "keep me"
    assert cli.main(["prove", "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("Global optimum of the")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_output_refuses_to_follow_a_symlink(monkeypatch, gan, tmp_path, capsys, force):
    calls = serve(monkeypatch, gan)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    for path in (link, dangling):
        assert cli.main(["prove", "-o", str(path), *force]) == 2
        err = capsys.readouterr().err
        assert err == (f"symbolic-gan: error: --output '{path}': is a symbolic link; "
                       "refusing to follow it\n")
    assert calls == [] and victim.read_text(encoding="utf-8") == "precious"
    assert link.is_symlink() and not (tmp_path / "nowhere.txt").exists()


def test_a_file_created_during_the_run_is_not_overwritten(tmp_path):
    target = tmp_path / "report.txt"
    with cli_support.OutputFile.reserve(str(target)) as output:
        target.write_text("written by someone else meanwhile", encoding="utf-8")
        with pytest.raises(cli_support.UsageError, match="was created during the run"):
            output.commit("the report")
    assert target.read_text(encoding="utf-8") == "written by someone else meanwhile"
    assert leftovers(tmp_path) == []
    with cli_support.OutputFile.reserve(str(target), force=True) as output:
        output.commit("the report")
    assert target.read_text(encoding="utf-8") == "the report"


def test_output_that_is_a_directory_exits_2(tmp_path, capsys):
    assert cli.main(["prove", "--no-numeric", "-o", str(tmp_path), "--force"]) == 2
    err = capsys.readouterr().err
    assert err == f"symbolic-gan: error: --output '{tmp_path}': is a directory\n"


# ------------------------------------------------------------------ Ctrl-C


def test_ctrl_c_gives_one_line_exit_130_and_no_output_file(monkeypatch, tmp_path, capsys):
    def interrupted_prove(theorem: str, **kwargs: object) -> CheckedDerivation:
        raise KeyboardInterrupt

    monkeypatch.setattr(symbolic_gan.api, "prove", interrupted_prove)
    target = tmp_path / "report.json"
    assert cli.main(["prove", "--format", "json", "-o", str(target)]) == 130
    captured = capsys.readouterr()
    assert captured.err == "symbolic-gan: interrupted\n" and captured.out == ""
    assert list(tmp_path.iterdir()) == []  # neither the report nor its temporary file


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_only_on_a_terminal_and_fits_its_width():
    terminal, pipe = FakeTerminal(), io.StringIO()
    for stream in (terminal, pipe):
        with cli_support.Progress("x" * 200, stream) as progress:
            progress.phase("y" * 200)
            time.sleep(0.25)
    assert pipe.getvalue() == ""
    frames = terminal.getvalue().split("\r")
    assert len(frames) >= 3 and frames[-1] == "\x1b[K"  # drawn, redrawn, then erased
    for frame in frames[1:-1]:
        assert frame.startswith("symbolic-gan: ") and frame.endswith(" s\x1b[K")
        assert len(frame) - len("\x1b[K") < 80  # a line that wrapped could not be redrawn


def read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    """Read a pseudo-terminal until ``needle`` appears, the writer closes, or ``timeout``."""
    data = b""
    deadline = time.monotonic() + timeout
    while needle not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            data += chunk
    return data


def test_sigint_during_prove_with_progress_on_a_terminal(tmp_path):
    """A real Ctrl-C (SIGINT) to a real process whose stderr is a terminal."""
    target = tmp_path / "report.txt"
    master, slave = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "symbolic_gan", "prove", "--pairs", "10000", "-o", str(target)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave,
        cwd=Path(__file__).resolve().parents[1],
    ) as proc:
        os.close(slave)
        try:
            shown = read_until(master, b"proving gan-global-optimum", 60)
            assert b"proving gan-global-optimum" in shown and b"[" in shown  # the progress bar
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=60)
            err = (shown + read_until(master, b"\0", 2)).decode()
        finally:
            proc.kill()
            os.close(master)
    assert proc.returncode == 130 and out == b""
    after_bar = err.rsplit("\x1b[K", 1)[1]  # what follows the erased progress line
    assert after_bar.replace("\r\n", "\n") == "symbolic-gan: interrupted\n"
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ start-up and process


def top_level_imports(path: str) -> set[str]:
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    modules = {a.name for n in top if isinstance(n, ast.Import) for a in n.names}
    return modules | {n.module for n in top if isinstance(n, ast.ImportFrom)}


def test_cli_modules_import_only_the_standard_library_at_top_level():
    assert top_level_imports(cli.__file__) == {
        "__future__", "argparse", "contextlib", "sys", "collections.abc",
        "symbolic_gan.cli_support"}
    assert top_level_imports(cli_support.__file__) == {
        "__future__", "argparse", "os", "sys", "tempfile", "threading", "time",
        "collections.abc", "types", "typing"}


def test_python_dash_m_prove_json_as_a_process():
    result = subprocess.run(
        [sys.executable, "-m", "symbolic_gan", "prove", "--format", "json", "--no-numeric"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["theorem"] == "gan-global-optimum" and data["ok"] is True
    assert len(data["steps"]) == 12 and result.stderr == ""


# ------------------------------------------------------------------ evaluate


def test_evaluate_two_densities(capsys):
    assert cli.main(["evaluate", "normal(0, 1)", "normal(1, 2)"]) == 0
    out = capsys.readouterr().out
    assert "JSD" in out and "KL" in out
    # KL(N(0,1) ‖ N(1,2)) = log 2 + (1 + 1)/8 − ½ = log 2 − ¼ in closed form
    assert "0.44314718055" in out


@pytest.mark.parametrize("text", ["__import__('os')", "normal(0, 1", "normal(0, -1)", "gauss(0)"])
@pytest.mark.parametrize("which", ["P", "Q"])
def test_evaluate_rejects_bad_densities_with_exit_2_quoting_them(capsys, text, which):
    argv = [text, "normal(0, 1)"] if which == "P" else ["normal(0, 1)", text]
    assert cli.main(["evaluate", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"symbolic-gan: error: {which} {text!r}: ")
    assert f"text={text!r}" not in captured.err  # said once, as typed
    assert "Traceback" not in captured.err and captured.err.count("\n") == 1


def test_cli_offers_exactly_the_report_formats():
    from symbolic_gan.report import FORMATS

    assert set(cli.REPORT_FORMATS) == set(FORMATS)
