"""The GAN family, registered: each member's optimal discriminator and criterion, derived by
:func:`symbolic_gan.analysis.analyse`'s rules from its pointwise objective alone.

f-GAN members (Nowozin et al. 2016) use the discriminator ``T = g_f(v)`` of a raw output v and
the objective ``p·g_f(v) − q·f*(g_f(v))``; the criterion is then ``D_f(P‖Q)`` for the row's f, and
for the Jensen–Shannon row ``∫ q·f(p/q) = 2·JSD``. LSGAN with codes a (fake), b (real) gives
``(b − a)²/8·Δ − (b − a)²/4`` with Δ the triangular discrimination; the α-GAN (Kurri et al.) an
Arimoto divergence.

>>> [m.name for m in members()][:2]
['lsgan-criterion', 'fgan-kl']
>>> family_derivation(members()[0]).statement.endswith("C(G) = 1/2·Δ(P‖Q) − 1")
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from symbolic_gan.derivation import Derivation
from symbolic_gan.objective import Y

# ``FAMILY`` (the members, built on first access) is served by the module ``__getattr__``.
__all__ = [
    "NAMES_AND_TITLES",
    "Member",
    "derive_member",
    "family_derivation",
    "members",
    "non_saturating_gan",
]

_R = sp.Interval(-sp.oo, sp.oo)
_FGAN = "Nowozin et al. 2016 (arXiv:1606.00709), Tables 1 and 6; docs/theory.md"


@dataclass(frozen=True)
class Member:
    """A registered member of the family: its objective ``p·a(y) + q·b(y)`` on ``domain``."""

    name: str
    title: str
    a: sp.Expr
    b: sp.Expr
    domain: sp.Interval
    reference: str


def _fgan(name: str, label: str, activation: sp.Expr, conjugate: sp.Expr) -> Member:
    """The f-GAN objective ``p·g_f(v) − q·f*(g_f(v))``; ``conjugate`` is f*(t) in the symbol t."""
    t = sp.Symbol("t", real=True)
    return Member(name, f"f-GAN, {label}: D* = g_f⁻¹(f'(p/q)), C(G) = D_f",
                  activation, -conjugate.subs(t, activation), _R, _FGAN)


@functools.cache
def members() -> tuple[Member, ...]:
    """Every member, built on first use (SymPy objects cost time at import)."""
    _T = sp.Symbol("t", real=True)
    return (
        Member("lsgan-criterion", "LSGAN, codes a = −1, b = 1: C(G) = ½·Δ − 1 (not Pearson χ²)",
               -(Y - 1) ** 2 / 2, -(Y + 1) ** 2 / 2, _R,
               "Mao et al. 2017 (arXiv:1611.04076) §3.2; docs/theory.md"),
        _fgan("fgan-kl", "KL", Y, sp.exp(_T - 1)),
        _fgan("fgan-reverse-kl", "reverse KL", -sp.exp(-Y), -1 - sp.log(-_T)),
        _fgan("fgan-pearson", "Pearson χ²", Y, _T**2 / 4 + _T),
        _fgan("fgan-squared-hellinger", "squared Hellinger", 1 - sp.exp(-Y), _T / (1 - _T)),
        _fgan("fgan-jensen-shannon", "Jensen–Shannon (2·JSD)",
              sp.log(2) - sp.log(1 + sp.exp(-Y)), -sp.log(2 - sp.exp(_T))),
        _fgan("fgan-total-variation", "total variation (not attained)", sp.tanh(Y) / 2, _T),
        Member("alpha-gan-2", "α-GAN, α = 2: D* = p²/(p² + q²), an Arimoto divergence",
               2 * (sp.sqrt(Y) - 1), 2 * (sp.sqrt(1 - Y) - 1), sp.Interval.open(0, 1),
               "Kurri et al. 2021 (arXiv:2106.05232); docs/theory.md"),
    )


#: Name and title of every member, without building any SymPy object (for the registry).
NAMES_AND_TITLES: tuple[tuple[str, str], ...] = (
    ("lsgan-criterion", "LSGAN, codes a = −1, b = 1: C(G) = ½·Δ − 1 (not Pearson χ²)"),
    *((name, f"f-GAN, {label}: D* = g_f⁻¹(f'(p/q)), C(G) = D_f") for name, label in (
        ("fgan-kl", "KL"), ("fgan-reverse-kl", "reverse KL"), ("fgan-pearson", "Pearson χ²"),
        ("fgan-squared-hellinger", "squared Hellinger"),
        ("fgan-jensen-shannon", "Jensen–Shannon (2·JSD)"),
        ("fgan-total-variation", "total variation (not attained)"))),
    ("alpha-gan-2", "α-GAN, α = 2: D* = p²/(p² + q²), an Arimoto divergence"),
)


def __getattr__(name: str) -> tuple[Member, ...]:
    if name == "FAMILY":  # the members, built on first use
        return members()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def derive_member(name: str) -> Derivation:
    """The derivation of the member called ``name``."""
    return family_derivation(next(m for m in members() if m.name == name))


@functools.lru_cache(maxsize=32)
def _derive(member: Member) -> Derivation:
    # imported here: symbolic_gan.analysis imports the premises of this package
    from symbolic_gan.analysis.criterion import criterion
    from symbolic_gan.analysis.optimum import supremum_regions
    from symbolic_gan.analysis.steps import analysis_derivation

    regions = supremum_regions(member.a, member.b, member.domain).regions
    return analysis_derivation(member.a, member.b, member.domain, regions, criterion(regions),
                               theorem=member.name, title=member.title,
                               reference=member.reference)


def family_derivation(member: Member) -> Derivation:
    """The derivation of ``member``'s optimal discriminator and criterion (cached)."""
    return _derive(member)


def non_saturating_gan() -> Derivation:
    """The non-saturating generator loss ``−E_q[log D]`` at the GAN's D* (Arjovsky & Bottou
    2017, Thm 2.5): its value, that it is a divergence up to a constant (k'' > 0), and the
    gradient identity with D* held fixed.

    >>> d = non_saturating_gan()
    >>> d.step("gradient identity").claim.rhs
    -log(p/(p + q)) - log(2) + 1
    """
    from symbolic_gan.analysis.steps import in_densities
    from symbolic_gan.derivation import Equation, Inequality, Maximiser, Premise, Step
    from symbolic_gan.functionals import integral
    from symbolic_gan.objective import P, Q
    from symbolic_gan.theorems.premises import standard_premises

    domain = sp.Interval.open(0, 1)
    phi = P * sp.log(Y) + Q * sp.log(1 - Y)
    dstar = P / (P + Q)
    u = sp.Symbol("u", positive=True)
    k = -sp.log(u / (u + 1))  # the generator's pointwise loss q·k(p/q) at D*
    kl_qp = Q * sp.log(Q / P)
    two_jsd = P * sp.log(2 * P / (P + Q)) + Q * sp.log(2 * Q / (P + Q))
    premises = (*standard_premises()[:3],
                Premise("domain", "0 < y < 1 (the range of D)", "domain",
                        r"y \in (0, 1)", domain),
                standard_premises()[-1])
    steps = (
        Step("optimal discriminator", Maximiser(phi, Y, dstar, domain),
             "the discriminator maximises its own objective pointwise",
             ("measurable", "positivity", "domain")),
        Step("generator criterion", Equation(integral(-Q * sp.log(dstar)),
                                             integral(Q * in_densities(k))),
             "−E_q[log D*] with D* = p/(p + q): ∫ q·k(p/q) dx, k(u) = log((u + 1)/u)",
             ("density", "positivity")),
        Step("a divergence up to a constant",
             Inequality(sp.factor(sp.diff(k, u, 2)).subs(u, P / Q), ">", sp.S.Zero),
             "k''(u) = (2u + 1)/(u²(u + 1)²) > 0: k is convex, ∫ q·k(p/q) ≥ k(1) = log 2",
             ("positivity",)),
        Step("gradient identity",
             Equation(sp.Derivative(kl_qp - two_jsd, Q), -sp.log(dstar) + 1 - sp.log(2)),
             "∂/∂q of the integrand of KL(q‖p) − 2·JSD equals −log D* plus a constant; "
             "∫ ∂_θ q dx = 0, so with D* frozen ∇_θ E_q[−log D*] = ∇_θ [KL(q‖p) − 2·JSD]",
             ("positivity",)),
        Step("pointwise identity",
             Equation(kl_qp - two_jsd, (P + Q) * sp.log((P + Q) / (2 * P))),
             "q log(q/p) − [p log(p/m) + q log(q/m)] = 2m·log(m/p), m = (p + q)/2: "
             "KL(q‖p) − 2·JSD = 2·KL(m‖p)", ("positivity",)),
    )
    return Derivation(
        theorem="non-saturating-gan",
        title="Non-saturating GAN: −E_q[log D*] and its gradient identity",
        statement="With D* = p/(p + q), the non-saturating loss is ∫ q log((p + q)/p) dx, a "
                  "convex criterion minimised at p_g = p_data, and with D* held fixed its "
                  "gradient is that of KL(q‖p) − 2·JSD(p‖q) = 2·KL(m‖p).",
        premises=premises,
        steps=steps,
        reference="Arjovsky & Bottou 2017 (arXiv:1701.04862), Theorem 2.5; docs/theory.md",
        symbols=(("p", "p_data(x)"), ("q", "p_g(x) = p_θ(x)"), ("y", "D(x)"),
                 ("m", "(p + q)/2")),
        conclusion=tuple(step.claim for step in steps),
    )
