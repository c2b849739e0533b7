"""|x| in a derivation: \\left| … \\right|, \\lvert … \\rvert, \\vert and plain bars in pairs."""

from __future__ import annotations

import pytest

import symbolic_gan
from symbolic_gan.latex import nodes as n
from symbolic_gan.latex import read_row
from symbolic_gan.latex.reader import LatexError


@pytest.mark.parametrize("latex", [
    r"|p - q|", r"\left| p - q \right|", r"\lvert p - q \rvert", r"\vert p - q \vert",
    r"\bigl| p - q \bigr|",
])
def test_every_spelling_reads_as_an_absolute_value(latex):
    (first, _), = read_row(latex + " = 0").chains
    assert isinstance(first, n.Func) and first.name == "abs"


def test_a_norm_separator_is_not_a_bar():
    (first, _), = read_row(r"KL(p \| q) = KL(p || q)").chains
    assert isinstance(first, n.Divergence)


def test_an_odd_number_of_bars_is_refused():
    with pytest.raises(LatexError):
        read_row(r"|p - q = 0")


@pytest.mark.parametrize(("latex", "expected"), [
    (r"|p_{data} - p_g| \geq p_{data} - p_g", "valid"),
    (r"\left| p - q \right| \leq p + q", "valid"),
    (r"\frac{1}{2}\int |p(x) - q(x)| dx \leq 1", "valid"),
    (r"|p - q| \geq q", "invalid"),
    (r"\frac{1}{2}\int |p(x) - q(x)| dx \leq \frac{1}{2}", "unknown"),
])
def test_total_variation_rows(latex, expected):
    report = symbolic_gan.check_text(f"$$ {latex} $$", premises=("positivity", "normalisation"),
                                     numeric=False)
    assert report.verdicts() == [expected]


def test_the_report_shows_bars():
    report = symbolic_gan.check_text(r"$$ |p - q| \geq p - q $$", premises=("positivity",),
                                     numeric=False)
    assert report.lines[0].relations[0].lhs == "|p - q|"
