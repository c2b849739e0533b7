"""The density grammar: accepted texts, and clear errors on everything else."""

from __future__ import annotations

import pytest

from symbolic_gan.densities import (
    Beta,
    Cauchy,
    Discrete,
    Exponential,
    Gamma,
    Laplace,
    LogNormal,
    Mixture,
    Normal,
    StudentT,
    Uniform,
)
from symbolic_gan.errors import InvalidArgument, ParseError
from symbolic_gan.parse import MAX_LENGTH, parse_density


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("normal(0, 1)", Normal(0, 1)),
        ("  normal( -1.5 , 2e-3 ) ", Normal(-1.5, 2e-3)),
        ("beta(0.5, 0.5)", Beta(0.5, 0.5)),
        ("uniform(-1, 2)", Uniform(-1, 2)),
        ("laplace(0,1)", Laplace(0, 1)),
        ("student_t(3)", StudentT(3)),
        ("student_t(3, 1, .5)", StudentT(3, 1, 0.5)),
        ("cauchy(0, 1)", Cauchy(0, 1)),
        ("cauchy()", Cauchy()),
        ("gamma(2)", Gamma(2, 1)),
        ("gamma(0.5, 3)", Gamma(0.5, 3)),
        ("exponential()", Exponential(1)),
        ("exponential(2.5)", Exponential(2.5)),
        ("lognormal(0, 0.5)", LogNormal(0, 0.5)),
        ("discrete(0: 0.25, 1: 0.75)", Discrete([0, 1], [0.25, 0.75])),
        ("discrete(-1.5:1)", Discrete([-1.5], [1.0])),
        (
            "mixture(0.3*normal(0,1), 0.7*normal(3,1))",
            Mixture([0.3, 0.7], [Normal(0, 1), Normal(3, 1)]),
        ),
        ("mixture(1*mixture(0.5*normal(0,1), 0.5*laplace(1,2)))", None),
    ],
)
def test_accepted(text, expected):
    d = parse_density(text)
    if expected is not None:
        assert d == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("__import__('os')", "unexpected character '_' at position 0"),
        ("__import__('os').getcwd()", "position 0"),
        ("normal(0, 1); import os", "unexpected character ';' at position 12"),
        ("exec('print(1)')", 'unexpected character "\'" at position 5'),
        ("lambda: 0", "unknown density 'lambda'"),
        ("os.system('ls')", "unexpected character '.' at position 2"),
        ("", "expected a density name"),
        ("normal", "expected '('"),
        ("normal(0, 1", "found end of text at position 11"),
        ("normal(0 1)", "expected ',' or ')'"),
        ("normal(0, 1, 2)", "normal takes 2 numbers, got 3"),
        ("normal(0, -1)", "sigma=-1.0: must be > 0"),
        ("normal(0, -1)", "invalid 'normal(0, -1)'"),
        ("normal(1e400, 1)", "number '1e400' overflows a double at position 7"),
        ("normal(0, 1e-400)", "number '1e-400' underflows to 0 in a double at position 10"),
        ("normal(0, -1e-400)", "number '-1e-400' underflows"),
        ("weibull(1, 2)", "unknown density 'weibull'"),
        ("Normal(0, 1)", "unknown density 'Normal' (names are lower case)"),
        ("NORMAL(0, 1)", "names are lower case"),
        ("normal(\u0661, 1)", "unexpected character '\u0661' at position 7"),  # Arabic-Indic 1
        ("normal(0, \U0001d7cf)", "unexpected character"),  # mathematical bold 1
        ("normal(0,\u00a01)", "unexpected character '\\xa0'"),  # no-break space
        ("discrete(0: 0.5, 1)", "expected ':' between a point and its probability"),
        ("discrete(0: 0.5, 1: 0.4)", "invalid discrete"),
        ("normal(0, 1) extra", "expected end of text, found 'extra'"),
        ("normal(a, 1)", "expected a number, found 'a'"),
        ("mixture(normal(0,1))", "expected a number, found 'normal'"),
        ("mixture(0.5*normal(0,1), 0.4*normal(1,1))", "must sum to 1"),
        ("normal(" + "1" * 50 + ", 1)", "number longer than"),
        ("mixture(1*" * 6 + "normal(0,1)" + ")" * 6, "nested deeper"),
        ("x" * (MAX_LENGTH + 1), "longer than"),
    ],
)
def test_rejected_with_position(text, fragment):
    with pytest.raises(ParseError) as info:
        parse_density(text)
    msg = str(info.value)
    assert fragment in msg
    assert msg.startswith("text=")
    assert isinstance(info.value, InvalidArgument) and isinstance(info.value, ValueError)


def test_not_a_string():
    with pytest.raises(ParseError, match="must be a string"):
        parse_density(42)  # type: ignore[arg-type]


def test_parse_never_evaluates(monkeypatch):
    import builtins

    def trap(*args, **kwargs):
        raise AssertionError("eval/exec/__import__ reached")

    monkeypatch.setattr(builtins, "eval", trap)
    monkeypatch.setattr(builtins, "exec", trap)
    with pytest.raises(ParseError):
        parse_density("eval('1')")
    assert parse_density("normal(0, 1)") == Normal(0, 1)
