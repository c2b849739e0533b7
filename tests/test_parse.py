"""The density grammar: accepted texts, and clear errors on everything else."""

from __future__ import annotations

import pytest

from symbolic_gan.densities import Beta, Laplace, Mixture, Normal, StudentT, Uniform
from symbolic_gan.errors import InvalidArgument, ParseError
from symbolic_gan.parse import MAX_LENGTH, parse_density


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("normal(0, 1)", Normal(0, 1)),
        ("  Normal( -1.5 , 2e-3 ) ", Normal(-1.5, 2e-3)),
        ("beta(0.5, 0.5)", Beta(0.5, 0.5)),
        ("uniform(-1, 2)", Uniform(-1, 2)),
        ("laplace(0,1)", Laplace(0, 1)),
        ("student_t(3)", StudentT(3)),
        ("student_t(3, 1, .5)", StudentT(3, 1, 0.5)),
        ("cauchy(0, 1)", StudentT(1, 0, 1)),
        ("cauchy()", StudentT(1)),
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
        ("lambda: 0", "unexpected character ':' at position 6"),
        ("os.system('ls')", "unexpected character '.' at position 2"),
        ("", "expected a density name"),
        ("normal", "expected '('"),
        ("normal(0, 1", "found end of text at position 11"),
        ("normal(0 1)", "expected ',' or ')'"),
        ("normal(0, 1, 2)", "normal takes 2 numbers, got 3"),
        ("normal(0, -1)", "sigma=-1.0: must be > 0"),
        ("normal(1e400, 1)", "mu=inf: must be finite"),
        ("gamma(1, 2)", "unknown density 'gamma'"),
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
