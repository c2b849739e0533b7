"""Goodfellow et al. (2014), Proposition 1 and Theorem 1: the global optimum of the minimax GAN.

Steps 1–4 and 6 come from the objective-independent engine (:mod:`.optimum`); the rest rewrite
``C(G)`` into ``2·JSD(p‖q) − log 4`` and bound it, each produced by applying its rule to the
previous result.
"""

from __future__ import annotations

import dataclasses

import sympy as sp

from symbolic_gan.derivation import Derivation, Equation, Inequality, Step, Supremum
from symbolic_gan.functionals import JSD, Midpoint, integral
from symbolic_gan.objective import GAN, Objective, P, Q, Y
from symbolic_gan.theorems.optimum import optimal_discriminator
from symbolic_gan.theorems.premises import standard_premises

__all__ = ["gan_global_optimum"]

_M = Midpoint(P, Q)


def _introduce_midpoint(expr: sp.Expr) -> sp.Expr:
    """Rule: ``log(u/(p + q)) = log(u/m) − log 2`` with ``m = (p + q)/2``; collect log 2."""
    def rewrite(arg: sp.Expr) -> sp.Expr:
        if not arg.has(P + Q):
            return sp.log(arg)
        return sp.log(2 * arg.xreplace({P + Q: 2 * _M})) - sp.log(2)

    expanded = sp.expand(expr.replace(lambda e: isinstance(e, sp.log),
                                      lambda e: rewrite(e.args[0])), log=False)
    collected = sp.collect(expanded, sp.log(2), evaluate=False)
    rest = sum((v for k, v in collected.items() if k != sp.log(2)), sp.S.Zero)
    return rest - sp.factor(-collected.get(sp.log(2), 0)) * sp.log(2)


def gan_global_optimum(objective: Objective = GAN) -> Derivation:
    """The derivation of ``C(G) = 2·JSD(p‖q) − log 4 ≥ −log 4``, equality iff ``p = q``.

    >>> d = gan_global_optimum()
    >>> d.step("pointwise rewrite").claim.rhs
    p*log(p/m) + q*log(q/m) - (p + q)*log(2)
    """
    opt = optimal_discriminator(objective)
    expectations, roots, second, maximise, substitute = opt.steps()
    domain = objective.domain
    rewritten = _introduce_midpoint(opt.value)
    constant_part = rewritten.coeff(sp.log(2))  # −(p + q)
    masses = sum(sp.Poly(-constant_part, P, Q).coeffs())  # each density has mass 1
    log4 = sp.logcombine(masses * sp.log(2))
    divergence = sp.expand(rewritten - constant_part * sp.log(2), log=False)
    # ∫ p log(p/m) + q log(q/m) dx = KL(p‖m) + KL(q‖m) = 2·JSD(p‖q) by definition
    assert divergence == P * sp.log(P / _M) + Q * sp.log(Q / _M), divergence
    criterion = 2 * JSD(P, Q) - log4
    supports = ("support of p_g only", "support of p_data only")
    steps = (
        expectations, roots, second, maximise,
        Step("support of p_g only",
             Supremum(opt.integrand.xreplace({P: 0}), Y, domain,
                      sp.Limit(opt.value, P, 0, "+")),
             "where p = 0 < q: φ = q·b(y) is maximised at the boundary; C's integrand "
             "extends by 0·log 0 = 0", ("positivity", "domain", "supports")),
        Step("support of p_data only",
             Supremum(opt.integrand.xreplace({Q: 0}), Y, domain,
                      sp.Limit(opt.value, Q, 0, "+")),
             "where q = 0 < p: φ = p·a(y) is maximised at the boundary; C's integrand "
             "extends by 0·log 0 = 0", ("positivity", "domain", "supports")),
        dataclasses.replace(substitute, uses=(*substitute.uses, *supports)),
        Step("pointwise rewrite", Equation(opt.value, rewritten),
             "introduce m = (p + q)/2: log(u/(p + q)) = log(u/m) − log 2 (no normalisation)",
             ("positivity",)),
        Step("normalisation", Equation(integral(-constant_part * sp.log(2)), log4),
             "∫ (p + q)·log 2 dx = 2·log 2 = log 4 because ∫p = ∫q = 1", ("normalisation",)),
        Step("divergence form", Equation(integral(opt.value), criterion),
             "∫ p log(p/m) = KL(p‖m), KL(p‖m) + KL(q‖m) = 2·JSD(p‖q), and the normalisation step",
             ("positivity", "normalisation"), uses=("pointwise rewrite", "normalisation")),
        Step("lower bound", Inequality(criterion, ">=", -log4, sp.Eq(P, Q)),
             "Gibbs' inequality: JSD ≥ 0, with equality iff p = q almost everywhere",
             ("positivity",)),
        Step("equality case",
             Equation(sp.Subs(opt.point, Q, P), sp.cancel(opt.point.xreplace({Q: P}))),
             "at p = q the optimal discriminator is D* ≡ ½", ("positivity",),
             uses=("pointwise maximisation",)),
    )
    value = integral(opt.integrand.xreplace({Y: opt.point}))
    conclusion = (
        maximise.claim,
        Equation(value, criterion),
        Inequality(value, ">=", -log4, sp.Eq(P, Q)),
        steps[-1].claim,
    )
    return Derivation(
        theorem="gan-global-optimum",
        title=f"Global optimum of the {objective.title}",
        statement=(
            "For V(D, G) = E_p[log D] + E_q[log(1 − D)], the optimal discriminator is "
            "D* = p/(p + q) and C(G) = V(D*, G) = 2·JSD(p‖q) − log 4 ≥ −log 4, with equality "
            "iff p_g = p_data, where D* ≡ 1/2."
        ),
        premises=standard_premises(objective),
        steps=steps,
        reference="Goodfellow et al. 2014 (arXiv:1406.2661), Proposition 1 and Theorem 1",
        symbols=(("p", "p_data(x)"), ("q", "p_g(x)"), ("y", "D(x)"), ("m", "(p + q)/2")),
        conclusion=conclusion,
    )
