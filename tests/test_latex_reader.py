"""The reader's coverage of this field's LaTeX: each row is read and checked as expected."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symbolic_gan
from symbolic_gan.latex import LatexError, read_row, resolve
from symbolic_gan.latex import nodes as n

PREMISES = ["positivity", "normalisation", "push-forward"]

ROWS = [
    (r"\dfrac{p}{p+q} + {q \over p + q} = 1", "valid"),
    (r"\ln \left( \frac{p}{q} \right) = \ln p - \ln q", "valid"),
    (r"log(p*q) = log p + log q", "valid"),
    (r"\exp(\log p) = p", "valid"),
    (r"e^{\log p} = p", "valid"),
    (r"\sqrt{p^2} = p", "valid"),
    (r"\int p \log \frac{p}{q} \, dx = \mathrm{KL}(p \parallel q)", "valid"),
    (r"\int p(x) \log \frac{p(x)}{q(x)} \,\mathrm{d}x = D_{KL}(p \Vert q)", "valid"),
    (r"\text{KL}(P_{\text{data}} \mid\mid P_g) = \int p_d \log \frac{p_d}{p_G} dx", "valid"),
    (r"E_{x \sim p_r}[\log p_r(x)] = \int p \log p \, dx", "valid"),
    (r"JS(p \| q) = D_{JS}(p_{data} \| p_\theta)", "valid"),
    (r"\operatorname{JSD}(p || q) \ge 0", "valid"),
    (r"\mathrm{JSD}(p || q) \geqslant 0", "valid"),
    (r"0 < \frac{p}{p + q} < 1", "valid"),
    (r"\sup_D \mathbb{E}_{x\sim p}[\log D(x)] = 0", "valid"),
    (r"\mathop{\max}\limits_D \left( \mathbb{E}_{x\sim p}[\log D] + \mathbb{E}_{x\sim q}"
     r"[\log(1 - D)] \right) = \int p \log \frac{p}{p+q} + q \log\frac{q}{p+q} dx", "valid"),
    (r"\underset{G}{\min} \; 2\,\mathrm{JSD}(p\|q) \geq 0", "valid"),
    (r"\inf_G \mathrm{KL}(p \| q) \geq 0", "valid"),
    (r"\frac{\partial \left( p \log D \right)}{\partial D} = \frac{p}{D}", "valid"),
    (r"\boldsymbol{D}^* = \frac{p}{p + q}", "valid"),
    (r"p \cdot \frac{1}{p} = 1 \iff q \cdot \frac{1}{q} = 1", "valid"),
    (r"\mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))] = \mathbb{E}_{x \sim p_g}[\log(1 - D(x))]",
     "valid"),
    (r"\log 4 = 2 \log 2 \tag{3}\label{eq:3}", "valid"),
    (r"\log 4 = 2 \log 2 \nonumber", "valid"),
    (r"\log 4 = 2 \log 2 \quad (12)", "valid"),
    (r"\log\frac{p}{\frac{p+q}{2}} = \log 2 + \log \frac{p}{p + q}", "valid"),
    (r"p \times q = q p", "valid"),
    (r"f := p + q", "definition"),
    (r"\theta^* = \arg\max_\theta \mathbb{E}_{x\sim p}[\log q(x)]", "definition"),
    (r"\log 4 = \log 2", "invalid"),
    (r"\frac{p}{p+q} > 1", "invalid"),
    (r"\log \frac{p}{q} \geq 0", "invalid"),
    (r"((999999999999^{64})^{64})^{64} = 1", "unparsed"),
]


@pytest.mark.parametrize("row, verdict", ROWS, ids=[str(i) for i in range(len(ROWS))])
def test_rows_read_and_check_as_expected(row, verdict):
    line = symbolic_gan.check_text(f"$$ {row} $$", premises=PREMISES, numeric=False).lines[0]
    assert line.verdict == verdict, (line.message, [r.symbolic.method for r in line.relations])


def test_log_takes_a_product_as_its_argument_but_not_a_sum():
    # \log a \cdot b is log(a·b) (as SymPy's LaTeX parser reads it); \log a + b is log(a) + b
    (first, rels), = read_row(r"\log p \cdot q = \log p + q").chains
    assert isinstance(first, n.Func) and isinstance(first.arg, n.Prod)
    assert isinstance(rels[0].rhs, n.Sum)


def test_integral_runs_to_its_dx_across_terms():
    (first, _), = read_row(r"\int p \cdot \frac{1}{D} + q \frac{-1}{1 - D} dx = 0").chains
    node, issues = resolve(first)
    assert isinstance(node, n.Integral) and isinstance(node.body, n.Sum) and issues == ()


def test_an_operator_stops_at_the_next_operator():
    (first, _), = read_row(r"\max_D A + \max_D B = 0").chains
    node, _ = resolve(first)
    assert isinstance(node, n.Sum) and all(isinstance(t, n.Optimum) for _, t in node.terms)


def test_reader_errors_carry_a_position():
    with pytest.raises(LatexError) as info:
        read_row(r"a + \foo b")
    assert info.value.position == 4 and "\\foo" in info.value.reason
    with pytest.raises(LatexError) as info:
        read_row(r"a + + = b")
    assert info.value.position > 0


def test_a_divergence_against_p_plus_q_is_flagged_the_half_is_missing():
    row = r"\mathrm{KL}(p_{data} \| p_{data} + p_g) = \mathrm{KL}(p_{data} \| m) - \log 2"
    line = symbolic_gan.check_text(f"$$ {row} $$", numeric=False).lines[0]
    assert line.verdict == "invalid" and "with the ½" in line.message


TOKENS = [r"\frac", "{", "}", "(", ")", "[", "]", "p", "q", "D", "G", "x", r"\log", r"\int",
          "dx", "=", r"\geq", "+", "-", r"\cdot", "^", "_", "2", "1", r"\max_D", r"\min_G",
          r"\mathbb{E}", r"_{x\sim p}", r"\|", "KL", r"\partial", r"\sum", r"\Rightarrow", "/",
          "&", r"\\", r"\over", "D^*", "V(D,G)", "p_g", ",", r"\left(", r"\right)", ":=",
          r"\input{x}", "р", "}{"]


@given(st.lists(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12), min_size=1,
                max_size=3))
@settings(max_examples=40, deadline=None)
def test_any_token_soup_gets_a_verdict_per_row_and_never_a_false_valid(rows):
    text = "\n".join(f"$$ {' '.join(row)} $$" for row in rows)
    result = symbolic_gan.check_text(text, numeric=False)
    for line in result.lines:
        assert line.verdict in ("valid", "invalid", "needs-premise", "unknown", "definition",
                                "unparsed")
        if line.verdict == "valid":
            assert line.relations and all(r.symbolic.proved for r in line.relations)
    result.to_json()
    result.to_latex()
