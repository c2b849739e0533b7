"""Findings of a third adversarial review, against the case splits, the shape arguments and the
implications: each was a wrong verdict, and each is kept here with the reason it was wrong."""

from __future__ import annotations

import pytest
import sympy as sp

import symbolic_gan
from symbolic_gan.checker import check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Inequality, Maximiser
from symbolic_gan.functionals import integral
from symbolic_gan.objective import P, Q, Y
from symbolic_gan.verdict import Status

FULL = Context(positive=True, domain=sp.Interval.open(0, 1), normalised=True, convention=True)
PREMISES = ("positivity", "normalisation")


def test_a_convex_minimum_outside_the_premised_range_is_no_counterexample():
    # b ∈ (0, 1) by premise, so (b − 2)² ∈ (1, 4) is inside (0, ∞) and maximises −(y − c)²;
    # the strict-inequality refutation at b = 2 used a point the premise excludes
    b = sp.Symbol("b", positive=True)
    ctx = Context(positive=True, variable=b, domain=sp.Interval.open(0, 1))
    claim = Maximiser(-(Y - (b - 2) ** 2) ** 2, Y, (b - 2) ** 2, sp.Interval.open(0, sp.oo))
    assert check_claim(claim, ctx).status is not Status.REFUTED


@pytest.mark.parametrize("latex", [
    r"p_{data} = p_g \Rightarrow p_g = p_{data}",
    r"p_{data} = p_g \Rightarrow p_{data} = p_g",
    r"p_{data} = 2 p_g \Rightarrow p_{data} = 2 p_g",
    r"p_{data} = p_g \iff p_g = p_{data}",
])
def test_a_hypothesis_is_substituted_into_bare_symbols_too(latex):
    report = symbolic_gan.check_text(f"$$ {latex} $$", premises=PREMISES, numeric=False)
    assert report.verdicts() == ["valid"]


@pytest.mark.parametrize("claim", [
    Inequality(integral(P * sp.log(P / Q) - P + Q), ">=", -1, sp.Eq(P, 2 * Q)),
    Inequality(1 + integral(P * sp.log(P / Q) - P + Q), ">=", 0, sp.Eq(P, 2 * Q)),
])
def test_a_constant_moves_the_equality_locus_away(claim):
    # ∫f ≥ 0 > −1: equality never holds, and p = 2q never holds for normalised densities, so
    # "equality iff p = 2q" is vacuously true; equality does not hold at p = q either
    assert check_claim(claim, FULL).status is not Status.REFUTED


def test_a_critic_defined_on_the_whole_line_is_not_held_to_the_unit_interval():
    text = "\n".join([
        r"$$ V(D) = \mathbb{E}_{x\sim p_{data}}[D(x) - \sqrt{1 + D(x)^2}] - "
        r"\mathbb{E}_{x\sim p_g}[\sqrt{1 + D(x)^2}] $$",
        r"$$ D^*(x) = \frac{p_{data}(x)}{\sqrt{p_g(x)^2 + 2 p_{data}(x) p_g(x)}} $$",
    ])
    report = symbolic_gan.check_text(text, premises=PREMISES, numeric=False)
    assert report.verdicts()[1] != "invalid"


def test_a_critic_on_the_half_line_gets_its_optimum_proved():
    # φ = p·log y − q·y is defined for y > 0 and maximal at y = p/q, which may exceed 1
    text = "\n".join([
        r"$$ V(D) = \mathbb{E}_{x\sim p_{data}}[\log D(x)] - \mathbb{E}_{x\sim p_g}[D(x)] $$",
        r"$$ D^*(x) = \frac{p_{data}(x)}{p_g(x)} $$",
    ])
    report = symbolic_gan.check_text(text, premises=PREMISES, numeric=False)
    assert report.verdicts() == ["definition", "valid"]


def test_a_split_optimum_that_the_checker_proves_is_not_a_scope_error():
    # all three maxima are attained at D = 1/2 and equal 0: the split holds here
    t = (r"\max_D \left[-p_{data} (D - \frac{1}{2})^2 - p_g (D - \frac{1}{2})^2\right] = "
         r"\max_D \left[-p_{data} (D - \frac{1}{2})^2\right] + "
         r"\max_D \left[- p_g (D - \frac{1}{2})^2\right]")
    report = symbolic_gan.check_text(f"$$ {t} $$", premises=PREMISES, numeric=False)
    assert report.verdicts() == ["valid"]


LSGAN = "\n".join([
    r"$$ \min_D V(D) $$",
    r"$$ V(D) = \mathbb{E}_{x\sim p_{data}}[(D(x)-1)^2] + \mathbb{E}_{x\sim p_g}[(D(x)+1)^2] $$",
    r"$$ D^*(x) = \frac{p_{data}(x) - p_g(x)}{p_{data}(x) + p_g(x)} $$",
])


@pytest.mark.parametrize(("row", "expected"), [
    (r"D^2 = \frac{1}{4} \Rightarrow D = \frac{1}{2}", "invalid"),  # D = −1/2 too
    (r"(D - 1)^2 < 1", "invalid"),                                  # fails at D = 3
    (r"(D - 1)^2 \geq 0", "valid"),
])
def test_a_real_valued_critic_is_real_valued_in_every_row(row, expected):
    report = symbolic_gan.check_text(LSGAN + f"\n$$ {row} $$", premises=PREMISES, numeric=False)
    assert report.verdicts()[-1] == expected


@pytest.mark.parametrize(("lhs", "rhs", "status"), [
    # the right side is 0/0 at p = q, an admissible point
    (P / (P + Q), (P**2 - P * Q) / (P**2 - Q**2), Status.UNKNOWN),
    (P / (P + Q), 1 / (1 + Q / P), Status.PROVED),
])
def test_an_identity_holds_only_where_both_sides_are_defined(lhs, rhs, status):
    from symbolic_gan.derivation import Equation

    verdict = check_claim(Equation(lhs, rhs), Context(positive=True))
    assert verdict.status is status, verdict
