"""Rows a person writes with ⇒ and ⟺, and what D* stands for in a document.

An implication's hypothesis is not asserted: a row is invalid only when the conclusion fails at
a point where the hypothesis holds. D* stands for the optimum proved for the document's own
objective; a loss the discriminator minimises has its minimiser as D*.
"""

from __future__ import annotations

import pytest
import sympy as sp

import symbolic_gan
from symbolic_gan.checker import check_claim
from symbolic_gan.context import Context
from symbolic_gan.derivation import Inequality
from symbolic_gan.functionals import JSD
from symbolic_gan.objective import P, Q
from symbolic_gan.verdict import Status

PREMISES = ("positivity", "normalisation")


def verdicts(text: str) -> list[str]:
    return symbolic_gan.check_text(text, premises=PREMISES, numeric=False).verdicts()


def row(latex: str) -> str:
    (verdict,) = verdicts(f"$$ {latex} $$")
    return verdict


TRUE_ROWS = [
    ("gibbs-equality-case", r"KL(p_{data}\|p_g) = 0 \iff p_{data} = p_g"),
    ("jsd-equality-case", r"JSD(p_{data}\|p_g) = 0 \Leftrightarrow p_{data} = p_g"),
    ("equality-case-other-order", r"p_{data} = p_g \iff JSD(p_{data}\|p_g) = 0"),
    ("d-star-one-half", r"p_{data} = p_g \Rightarrow D^* = \frac{1}{2}"),
    ("d-star-two-thirds", r"p_{data} = 2 p_g \Rightarrow D^* = \frac{2}{3}"),
    ("one-minus-d", r"D = \frac{p_{data}}{p_{data}+p_g} \Rightarrow 1 - D = "
                    r"\frac{p_g}{p_{data}+p_g}"),
    ("jsd-vanishes", r"p_{data} = p_g \implies JSD(p_{data}\|p_g) = 0"),
    ("conclusion-true-anyway", r"p_{data} = p_g - 1 \Rightarrow \log 4 = 2 \log 2"),
]


@pytest.mark.parametrize("latex", [pytest.param(t, id=n) for n, t in TRUE_ROWS])
def test_true_implication_is_valid(latex):
    assert row(latex) == "valid"


WRONG_ROWS = [
    ("d-star-one-third", r"p_{data} = p_g \Rightarrow D^* = \frac{1}{3}"),
    ("d-star-ignores-hypothesis", r"p_{data} = 2 p_g \Rightarrow D^* = \frac{1}{2}"),
    ("one-minus-d-wrong", r"D = \frac{p_{data}}{p_{data}+p_g} \Rightarrow 1 - D = "
                          r"\frac{p_{data}}{p_{data}+p_g}"),
    ("jsd-log-2", r"p_{data} = p_g \Rightarrow JSD(p_{data}\|p_g) = \log 2"),
]


@pytest.mark.parametrize("latex", [pytest.param(t, id=n) for n, t in WRONG_ROWS])
def test_wrong_implication_is_invalid(latex):
    assert row(latex) == "invalid"


UNDECIDED_ROWS = [
    # false, but no point where p = 2q everywhere exists for normalised densities
    ("unsatisfiable-hypothesis", r"p_{data} = 2 p_g \Rightarrow KL(p_{data}\|p_g) = 0"),
    ("equality-case-wrong", r"KL(p_{data}\|p_g) = 0 \iff p_{data} = 2 p_g"),
    # refuted only where p = q − 1 ≤ 0, which positivity excludes
    ("hypothesis-breaks-a-premise", r"p_{data} = p_g - 1 \Rightarrow D^* = \frac{1}{3}"),
]


@pytest.mark.parametrize("latex", [pytest.param(t, id=n) for n, t in UNDECIDED_ROWS])
def test_an_implication_is_never_invalid_on_points_outside_its_hypothesis(latex):
    assert row(latex) in ("unknown", "needs-premise")


def test_the_hypothesis_is_not_checked_as_a_claim():
    # p = q is false in general; the row only says what follows from it
    report = symbolic_gan.check_text(r"$$ p_{data} = p_g \Rightarrow D^* = \frac{1}{2} $$",
                                     premises=PREMISES, numeric=False)
    (relation,) = report.lines[0].relations
    assert relation.relation == "⇒" and relation.lhs == "p = q"
    assert "with p = q substituted" in relation.symbolic.method


GAN_2P = r"$$ V(D,G) = \int 2 p_{data}(x) \log D(x) + p_g(x)\log(1 - D(x))\, dx $$"


def test_d_star_stands_for_the_optimum_proved_for_the_document():
    text = "\n".join([
        GAN_2P,
        r"$$ D^*(x) = \frac{2 p_{data}(x)}{2 p_{data}(x) + p_g(x)} $$",
        r"$$ V(D^*, G) = \int 2 p_{data}(x) \log \frac{p_{data}(x)}{p_{data}(x) + p_g(x)} + "
        r"p_g(x)\log\frac{p_g(x)}{p_{data}(x) + p_g(x)}\, dx $$",
        r"$$ V(D^*, G) = \int 2 p_{data}(x) \log \frac{2p_{data}(x)}{2p_{data}(x) + p_g(x)} + "
        r"p_g(x)\log\frac{p_g(x)}{2p_{data}(x) + p_g(x)}\, dx $$",
    ])
    assert verdicts(text) == ["definition", "valid", "invalid", "valid"]


def test_d_star_of_another_objective_is_not_guessed():
    text = "\n".join([
        GAN_2P,
        r"$$ V(D^*, G) = \int 2 p_{data}(x) \log \frac{p_{data}(x)}{p_{data}(x) + p_g(x)} + "
        r"p_g(x)\log\frac{p_g(x)}{p_{data}(x) + p_g(x)}\, dx $$",
    ])
    report = symbolic_gan.check_text(text, premises=PREMISES, numeric=False)
    assert report.verdicts() == ["definition", "unknown"]
    assert "not established above" in report.lines[1].message


LSGAN_LOSS = (r"$$ V(D) = \frac{1}{2}\mathbb{E}_{x\sim p_{data}}[(D(x)-1)^2] + "
              r"\frac{1}{2}\mathbb{E}_{x\sim p_g}[D(x)^2] $$")
D_STAR = r"$$ D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_g(x)} $$"


def test_the_minimiser_of_a_loss_is_not_refuted():
    report = symbolic_gan.check_text(LSGAN_LOSS + "\n" + D_STAR, premises=PREMISES,
                                     numeric=False)
    assert report.verdicts() == ["definition", "unknown"]
    assert "minimises the objective" in report.lines[1].relations[0].symbolic.method


def test_a_document_that_minimises_over_d_gets_its_minimiser_proved():
    text = r"$$ \min_D V(D) $$" + "\n" + LSGAN_LOSS + "\n" + D_STAR
    assert verdicts(text)[-1] == "valid"
    wrong = text.replace(r"\frac{p_{data}(x)}{p_{data}(x) + p_g(x)} $$",
                         r"\frac{p_g(x)}{p_{data}(x) + p_g(x)} $$")
    assert verdicts(wrong)[-1] == "invalid"


def test_a_real_valued_critic_is_not_held_to_the_unit_interval():
    text = "\n".join([
        r"$$ \min_D V(D) $$",
        r"$$ V(D) = \mathbb{E}_{x\sim p_{data}}[(D(x)-1)^2] + "
        r"\mathbb{E}_{x\sim p_g}[(D(x)+1)^2] $$",
        r"$$ D^*(x) = \frac{p_{data}(x) - p_g(x)}{p_{data}(x) + p_g(x)} $$",
    ])
    assert verdicts(text)[-1] == "valid"


FULL = Context(positive=True, domain=sp.Interval.open(0, 1), normalised=True, convention=True)


def test_an_equality_condition_that_normalised_densities_cannot_meet_is_not_refuted():
    # JSD = log 2 never happens under positivity and p = 2q never under normalisation
    claim = Inequality(JSD(P, Q), "<=", sp.log(2), sp.Eq(P, 2 * Q))
    assert check_claim(claim, FULL).status is Status.UNKNOWN


def test_equality_located_where_the_condition_fails_is_a_refutation():
    # JSD = 0 exactly where p = q, which does not satisfy p = 2q
    claim = Inequality(JSD(P, Q), ">=", 0, sp.Eq(P, 2 * Q))
    verdict = check_claim(claim, FULL)
    assert verdict.status is Status.REFUTED
    assert "equality holds where Eq(p, q)" in verdict.method


@pytest.mark.parametrize(("relation", "expected"), [
    (r"\geq", ("unknown", "valid", "needs-premise")),  # sup(A + B) ≤ sup A + sup B: true
    ("=", ("invalid",)),
    (r"\leq", ("invalid",)),
])
def test_a_split_optimum_is_a_scope_error_only_where_it_claims_too_much(relation, expected):
    split = r"\max_D \left(p_{data} \log D\right) + \max_D\left(p_g \log(1-D)\right)"
    whole = r"\max_D \left(p_{data} \log D + p_g \log(1-D)\right)"
    assert row(f"{split} {relation} {whole}") in expected


@pytest.mark.parametrize(("latex", "expected"), [
    (r"\max_D (p\log D + q\log(1-D)) = p\log\frac{p}{p+q} + q\log\frac{q}{p+q}", "valid"),
    (r"\max_D (p\log D + q\log(1-D)) = p\log\frac{q}{p+q} + q\log\frac{p}{p+q}", "invalid"),
    (r"\max_D \left(p \log D + q \log(1-D)\right) \leq 0", "valid"),
])
def test_the_pointwise_maximum_over_d_is_evaluated_without_an_integral(latex, expected):
    assert row(latex) == expected


def test_the_lsgan_papers_notation_defines_a_loss():
    # Mao et al. (2017), eq. (2): \min_D V_{LSGAN}(D) = … with labels a = −1, b = 1
    text = "\n".join([
        r"$$ \min_D V_{LSGAN}(D) = \frac{1}{2}\mathbb{E}_{x\sim p_{data}}[(D(x)-1)^2] + "
        r"\frac{1}{2}\mathbb{E}_{x\sim p_g}[(D(x)+1)^2] $$",
        r"$$ D^*(x) = \frac{p_{data}(x) - p_g(x)}{p_{data}(x) + p_g(x)} $$",
    ])
    report = symbolic_gan.check_text(text, premises=PREMISES, numeric=False)
    assert report.verdicts() == ["definition", "valid"]
    assert "a loss the discriminator minimises" in report.lines[0].message


@pytest.mark.parametrize(("latex", "expected"), [
    (r"H(p_{data}) = \int p_{data}\log p_{data}\, dx", "invalid"),  # the sign slip
    (r"H(p_{data}) = -\int p_{data}\log p_{data}\, dx", "valid"),
    (r"H(p_{data}, p_g) = H(p_{data}) + KL(p_{data}\|p_g)", "valid"),
    (r"H(p_{data}) \geq 0", "invalid"),  # differential entropy may be negative
])
def test_entropy_is_a_known_functional_not_a_name_to_define(latex, expected):
    assert row(latex) == expected
