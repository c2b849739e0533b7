"""The seed's motivation: maximum likelihood minimises ``KL(p‖p_θ)``.

``E_p[log p_θ] = −H(p) − KL(p‖p_θ)``; ``H(p)`` does not depend on θ, so maximising the
expected log-likelihood over θ minimises ``KL(p‖p_θ)``, which is ≥ 0 with equality iff
``p_θ = p`` (Goodfellow, Bengio & Courville, *Deep Learning* §5.5).
"""

from __future__ import annotations

import sympy as sp

from symbolic_gan.derivation import Derivation, Equation, Inequality, Premise, Step
from symbolic_gan.functionals import KL, Entropy, Expectation, integral
from symbolic_gan.objective import P

__all__ = ["MODEL", "mle_minimises_kl"]

#: The model density ``p_θ(x)`` at a point.
MODEL = sp.Symbol("p_theta", positive=True)


def _split_log(expr: sp.Expr) -> sp.Expr:
    """Rule: ``log r = log p − log(p/r)`` (add and subtract ``log p``)."""
    return expr.replace(
        lambda e: isinstance(e, sp.log) and e.args[0] == MODEL,
        lambda e: sp.log(P) - sp.log(P / MODEL),
    )


def mle_minimises_kl() -> Derivation:
    """The derivation ``E_p[log p_θ] = −H(p) − KL(p‖p_θ)`` and its consequence for MLE.

    >>> print(mle_minimises_kl().step("decomposition").claim.rhs)
    -H(p) - KL(p||p_theta)
    """
    loglik = Expectation(P, sp.log(MODEL))
    # p·log p_θ = p·log p − p·log(p/p_θ): the first integrates to −H(p), the second to −KL
    pointwise = sp.expand(P * _split_log(sp.log(MODEL)), log=False)
    entropy_part = pointwise.coeff(sp.log(P)) * sp.log(P)
    assert entropy_part == P * sp.log(P) and pointwise - entropy_part == -P * sp.log(P / MODEL)
    decomposition = -Entropy(P) - KL(P, MODEL)
    premises = (
        Premise("density", "p and p_θ have densities; H(p) is finite", "fact",
                r"p,\ p_\theta \text{ are densities},\ H(p) < \infty"),
        Premise("positivity", "p > 0 and p_θ > 0 on the support of p (p ≪ p_θ)", "positive",
                r"p > 0,\ p_\theta > 0"),
        Premise("normalisation", "∫ p dx = ∫ p_θ dx = 1", "normalised",
                r"\int p \, dx = \int p_\theta \, dx = 1"),
    )
    steps = (
        Step("expectation as integral", Equation(loglik, integral(P * sp.log(MODEL))),
             "E_p[f] = ∫ p f dx", ("density",)),
        Step("decomposition", Equation(loglik, decomposition),
             "log p_θ = log p − log(p/p_θ); integrate against p", ("density", "positivity"),
             uses=("expectation as integral",)),
        Step("θ only in KL",
             Equation(sp.Derivative(P * sp.log(MODEL) + P * sp.log(P / MODEL), MODEL),
                      sp.S.Zero),
             "E_p[log p_θ] + KL(p‖p_θ) = −H(p) has no p_θ in it, so argmax_θ E_p[log p_θ] = "
             "argmin_θ KL(p‖p_θ)", ("positivity",), uses=("decomposition",)),
        Step("Gibbs' inequality", Inequality(KL(P, MODEL), ">=", sp.S.Zero, sp.Eq(P, MODEL)),
             "KL ≥ 0, equality iff p_θ = p: the best model is the data density",
             ("positivity", "normalisation")),
    )
    return Derivation(
        theorem="mle-minimises-kl",
        title="Maximum likelihood minimises KL(p‖p_θ)",
        statement="E_p[log p_θ] = −H(p) − KL(p‖p_θ), so maximising the expected "
                  "log-likelihood over θ minimises KL(p‖p_θ) ≥ 0, which is 0 iff p_θ = p.",
        premises=premises,
        steps=steps,
        reference="Goodfellow, Bengio & Courville, Deep Learning §5.5; docs/theory.md",
        symbols=(("p", "p_data(x)"), ("p_theta", "p_θ(x), the model density")),
        conclusion=tuple(s.claim for s in steps[1:]),
        densities=(P, MODEL),
    )
