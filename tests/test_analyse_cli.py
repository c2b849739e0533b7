"""``symbolic-gan analyse``: formats, exit codes, and hostile input rejected unexecuted."""

from __future__ import annotations

import json

import pytest
import sympy as sp

import symbolic_gan
from symbolic_gan import cli
from symbolic_gan.analysis import read_domain, read_expression
from symbolic_gan.errors import ParseError

GAN = ["analyse", "--a", "log(y)", "--b", "log(1 - y)", "--domain", "(0, 1)"]


def test_json_output_and_exit_zero(capsys):
    assert cli.main([*GAN, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert data["optimum"]["kind"] == "interior"
    assert data["optimum"]["dstar"] == "p/(p + q)"
    assert data["criterion"]["divergence"] == "Jensen-Shannon"
    assert data["objective"] == {"a": "log(y)", "b": "log(1 - y)", "domain": "(0, 1)"}
    assert all(s["symbolic"] == "proved" for s in data["steps"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex"])
def test_other_formats_name_the_optimum(capsys, fmt):
    assert cli.main([*GAN, "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "interior" in out and "p + q" in out


def test_an_expression_may_begin_with_a_minus_sign(capsys):
    # argparse alone reads "-(y - 1)^2" as an option: "argument --a: expected one argument"
    argv = ["analyse", "--a", "-(y - 1)^2", "--b", "-y^2", "--domain", "R", "--format", "json"]
    assert cli.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["objective"]["a"] == "-(y - 1)**2" and data["objective"]["b"] == "-y**2"
    assert data["optimum"]["dstar"] == "p/(p + q)"


def test_exit_one_when_not_every_step_is_proved(capsys):
    assert cli.main(["analyse", "--a", "y", "--b=-y", "--domain", "R"]) == 1
    assert "unbounded" in capsys.readouterr().out


def test_public_api_and_markdown_display():
    result = symbolic_gan.analyse("y", "y", "[0, 1]")
    assert isinstance(result, symbolic_gan.Analysis)
    assert "boundary" in result._repr_markdown_()


HOSTILE = [
    "__import__('os').system('touch SENTINEL')",
    "open('SENTINEL', 'w')",
    "y.__class__.__mro__",
    "(lambda: 0)()",
    "[y for y in ()]",
    "y if y else 0",
    "'y'",
    "10**10**8",
    "(10**20)**60",
    "y**y",
    "exp(y)(1)",
    "log(y, base=2)",
    "globals()",
    "1e400",
    "y; import os",
    "y" * 500,
    "(" * 300 + "y" + ")" * 300,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_expressions_exit_two_unexecuted(text, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["analyse", "--a", text, "--b", "log(1 - y)", "--domain", "(0, 1)"]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("symbolic-gan: error: a=")
    assert "Traceback" not in captured.err
    assert not (tmp_path / "SENTINEL").exists()


@pytest.mark.parametrize("text", ["(0, 1", "[0, oo]", "(1, 0)", "(0, 0)", "(0, y)",
                                  "(0, __import__('os'))", "R; rm -rf /", "(0, 1, 2)",
                                  "(-oo, 1e999)", "[nan, 1]", ""])
def test_hostile_domains_exit_two(text, capsys):
    assert cli.main(["analyse", "--a", "log(y)", "--b", "log(1 - y)", "--domain", text]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symbolic-gan: error: domain=") and "Traceback" not in err


def test_reader_builds_the_grammar():
    y = sp.Symbol("y", real=True)
    assert read_expression("2^3 * y + E^y - pi") == 8 * y + sp.exp(y) - sp.pi
    assert read_expression("max(0, 1 - y) + abs(y) + sign(y)") == (
        sp.Max(0, 1 - y) + sp.Abs(y) + sp.sign(y))
    assert read_expression("0.1") == sp.Rational(1, 10)
    assert read_domain("[-1, oo)") == sp.Interval(-1, sp.oo)
    assert read_domain("(0, 1]") == sp.Interval.Lopen(0, 1)
    with pytest.raises(ParseError, match="unknown name 'x'"):
        read_expression("x + 1")


def test_a_time_limit_stops_a_long_search():
    result = symbolic_gan.analyse("exp(exp(exp(y)))", "-y", "R", time_limit=0.5)
    assert result.optimum.kind == "unknown" and "time limit" in result.optimum.reason
    assert not result.ok


def test_high_degree_polynomials_are_decided_without_solving():
    # ψ = u·y^64 − y^63 on (0, 1): the stationary point 63/(64u) is a minimum; sup = max(0, u − 1)
    result = symbolic_gan.analyse("y^64", "-y^63", "(0, 1)", check=False)
    assert result.optimum.kind == "not-attained"
    assert result.criterion.divergence == "total variation" and result.criterion.scale == 1


def test_markdown_table_cells_escape_pipes(capsys):
    cli.main(["analyse", "--a", "min(0, y - 1)", "--b", "min(0, -y - 1)", "--domain", "R",
              "--format", "markdown"])
    rows = [r for r in capsys.readouterr().out.splitlines() if r.startswith("| criterion")]
    assert len(rows) == 1 and rows[0].replace("\\|", "").count("|") == 3


def test_an_unforeseen_sympy_failure_is_reported_not_raised(monkeypatch):
    import symbolic_gan.analysis.result as result_module

    def broken(*args: object) -> None:
        raise TypeError("cannot determine truth value of Relational")

    monkeypatch.setattr(result_module, "supremum_regions", broken)
    result = symbolic_gan.analyse("log(y)", "log(1 - y)", "(0, 1)")
    assert result.optimum.kind == "unknown" and "TypeError" in result.optimum.reason
    assert not result.ok
