"""The optimal LSGAN discriminator ``D* = (b p + a q)/(p + q)`` (Mao et al. 2017, §3.2).

The same engine as the GAN theorem, run on different data: only the objective changes.
"""

from __future__ import annotations

from symbolic_gan.derivation import Derivation
from symbolic_gan.objective import Objective, lsgan
from symbolic_gan.theorems.optimum import optimal_discriminator
from symbolic_gan.theorems.premises import standard_premises

__all__ = ["optimal_discriminator_theorem"]


def optimal_discriminator_theorem(objective: Objective | None = None) -> Derivation:
    """Steps 1–4 and 6 of the pointwise argument for any objective (default LSGAN, a=−1, b=1).

    >>> d = optimal_discriminator_theorem()
    >>> d.step("pointwise maximisation").claim.point
    (p - q)/(p + q)
    """
    objective = lsgan(-1, 1) if objective is None else objective
    opt = optimal_discriminator(objective)
    premises = tuple(p for p in standard_premises(objective) if p.name != "supports")
    steps = opt.steps()
    return Derivation(
        theorem=f"{objective.name}-optimal-discriminator",
        title=f"Optimal discriminator of the {objective.title}",
        statement=f"For the pointwise objective {opt.integrand} on {objective.domain_premise()}, "
                  f"the optimal discriminator is D* = {opt.point}.",
        premises=premises,
        steps=steps,
        reference="Mao et al. 2017 (arXiv:1611.04076) §3.2; docs/theory.md",
        symbols=(("p", "p_data(x)"), ("q", "p_g(x)"), ("y", "D(x)")),
        conclusion=(steps[3].claim, steps[4].claim),
    )
