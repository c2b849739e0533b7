"""Discriminator objectives as data: the pointwise integrand ``p·a(y) + q·b(y)`` over a domain.

The engine never looks inside ``a`` and ``b``: every theorem about an objective is derived from
these two expressions and the domain of ``y = D(x)`` alone, so a new GAN variant is a new
:class:`Objective`, not new engine code.

>>> from symbolic_gan.objective import GAN, P, Q, Y
>>> GAN.integrand()
p*log(y) + q*log(1 - y)
>>> GAN.domain
Interval.open(0, 1)
>>> lsgan().integrand().subs(Y, 0)  # labels a = 0 (fake), b = 1 (real)
-p/2
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symbolic_gan.errors import InvalidArgument

__all__ = ["GAN", "LSGAN", "Objective", "P", "Q", "X", "Y", "lsgan"]

#: The data density ``p = p_data(x)`` at a point, on the common support (positive).
P = sp.Symbol("p", positive=True)
#: The generator density ``q = p_g(x)`` at a point, on the common support (positive).
Q = sp.Symbol("q", positive=True)
#: The discriminator's value ``y = D(x)`` at a point.
Y = sp.Symbol("y", real=True)
#: The integration variable.
X = sp.Symbol("x", real=True)


@dataclass(frozen=True)
class Objective:
    """A discriminator objective ``V(D, G) = ∫ p·a(D) + q·b(D) dx``.

    Parameters
    ----------
    name:
        Short identifier, e.g. ``"gan"``.
    a, b:
        SymPy expressions in :data:`Y`: the reward for ``D`` on real and on generated data.
    domain:
        An open interval (``sympy.Interval``) of admissible discriminator values.
    title:
        A human-readable name used in reports.
    """

    name: str
    a: sp.Expr
    b: sp.Expr
    domain: sp.Interval
    title: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise InvalidArgument.for_value("name", self.name, "must be an identifier")
        for label in ("a", "b"):
            expr = getattr(self, label)
            if not isinstance(expr, sp.Expr):
                raise InvalidArgument.for_value(label, expr, "must be a SymPy expression in y")
            extra = expr.free_symbols - {Y}
            if extra:
                raise InvalidArgument.for_value(
                    label, expr, f"may depend on y only, found {sorted(map(str, extra))}"
                )
        if not isinstance(self.domain, sp.Interval) or not (
            self.domain.left_open and self.domain.right_open
        ):
            raise InvalidArgument.for_value("domain", self.domain, "must be an open Interval")

    def integrand(self) -> sp.Expr:
        """The pointwise integrand ``φ(y; p, q) = p·a(y) + q·b(y)``."""
        return P * self.a + Q * self.b

    def domain_premise(self) -> str:
        """The domain of ``y`` as text, e.g. ``0 < y < 1``."""
        lo, hi = self.domain.inf, self.domain.sup
        if lo == -sp.oo and hi == sp.oo:
            return "y real"
        if lo == -sp.oo:
            return f"y < {hi}"
        if hi == sp.oo:
            return f"y > {lo}"
        return f"{lo} < y < {hi}"


#: The minimax GAN of Goodfellow et al. (2014): ``p·log y + q·log(1 − y)`` on ``0 < y < 1``.
GAN = Objective(
    "gan", sp.log(Y), sp.log(1 - Y), sp.Interval.open(0, 1), "minimax GAN (Goodfellow et al. 2014)"
)


def lsgan(fake_label: int | sp.Rational = 0, real_label: int | sp.Rational = 1) -> Objective:
    """The least-squares GAN discriminator (Mao et al. 2017) with labels ``a`` (fake), ``b`` (real).

    Its pointwise integrand is ``−½[p(y − b)² + q(y − a)²]`` on the whole real line.

    >>> lsgan(-1, 1).b
    -(y + 1)**2/2
    """
    try:
        a_label, b_label = sp.Rational(fake_label), sp.Rational(real_label)
    except (TypeError, ValueError) as exc:
        raise InvalidArgument.for_value(
            "fake_label", (fake_label, real_label), "labels must be rational numbers"
        ) from exc
    if a_label == b_label:
        raise InvalidArgument.for_value("real_label", real_label, "must differ from fake_label")
    return Objective(
        "lsgan",
        -sp.Rational(1, 2) * (Y - b_label) ** 2,
        -sp.Rational(1, 2) * (Y - a_label) ** 2,
        sp.Interval.open(-sp.oo, sp.oo),
        f"least-squares GAN, labels a={a_label}, b={b_label} (Mao et al. 2017)",
    )


#: LSGAN with the labels of Mao et al.'s χ² analysis' simplest case: a = 0, b = 1.
LSGAN = lsgan()
