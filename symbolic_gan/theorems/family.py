"""The GAN family, registered: each member's optimal discriminator and criterion, derived by
:func:`symbolic_gan.analysis.analyse`'s rules from its pointwise objective alone.

f-GAN members (Nowozin et al. 2016) use the discriminator ``T = g_f(v)`` of a raw output v and
the objective ``p·g_f(v) − q·f*(g_f(v))``; the criterion is then ``D_f(P‖Q)`` for the row's f, and
for the Jensen–Shannon row ``∫ q·f(p/q) = 2·JSD``. LSGAN with codes a (fake), b (real) gives
``(b − a)²/8·Δ − (b − a)²/4`` with Δ the triangular discrimination; the α-GAN (Kurri et al.) an
Arimoto divergence.

>>> [m.name for m in FAMILY][:2]
['lsgan-criterion', 'fgan-kl']
>>> family_derivation(FAMILY[0]).statement.endswith("C(G) = 1/2·Δ(P‖Q) − 1")
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from symbolic_gan.derivation import Derivation
from symbolic_gan.objective import Y

__all__ = ["FAMILY", "Member", "family_derivation"]

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


_T = sp.Symbol("t", real=True)
FAMILY: tuple[Member, ...] = (
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
