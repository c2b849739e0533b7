"""The standard premises, each a named, explicit assumption a step can cite."""

from __future__ import annotations

import sympy as sp

from symbolic_gan.derivation import Premise
from symbolic_gan.objective import Objective

__all__ = ["standard_premises"]


def standard_premises(objective: Objective | None = None) -> tuple[Premise, ...]:
    """Premises of the pointwise-optimisation argument, the domain taken from ``objective``.

    >>> [p.name for p in standard_premises()]
    ['density', 'measurable', 'positivity', 'supports', 'normalisation']
    """
    premises = [
        Premise("density", "p_data and p_g have densities (G pushes a density forward)", "fact",
                r"p_{\mathrm{data}},\ p_g \text{ are densities}"),
        Premise("measurable", "the pointwise maximiser x -> y*(p(x), q(x)) is measurable", "fact",
                r"x \mapsto y^*(p(x), q(x)) \text{ is measurable}"),
        Premise("positivity", "p > 0 and q > 0 on the common support", "positive",
                r"p > 0,\ q > 0"),
        Premise("supports", "where p = 0 or q = 0, the convention 0·log 0 = 0", "convention",
                r"0 \cdot \log 0 = 0"),
        Premise("normalisation", "∫ p dx = ∫ q dx = 1", "normalised",
                r"\int p \, dx = \int q \, dx = 1"),
    ]
    if objective is not None:
        premises.insert(3, Premise(
            "domain", f"{objective.domain_premise()} (the range of D)", "domain",
            sp.latex(sp.Contains(sp.Symbol("y"), objective.domain)), objective.domain))
    return tuple(premises)
