"""The registry of theorems that ``symbolic-gan prove`` knows.

>>> [t.name for t in list_theorems()][:4]
['gan-global-optimum', 'mle-minimises-kl', 'lsgan-optimal-discriminator', 'lsgan-criterion']
>>> get_theorem("nope")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
symbolic_gan.errors.UnknownTheorem: theorem='nope': unknown; known theorems: gan-global-optimum, ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from symbolic_gan.derivation import Derivation
from symbolic_gan.errors import UnknownTheorem
from symbolic_gan.theorems.family import NAMES_AND_TITLES, derive_member, non_saturating_gan
from symbolic_gan.theorems.gan import gan_global_optimum
from symbolic_gan.theorems.lsgan import optimal_discriminator_theorem
from symbolic_gan.theorems.mle import mle_minimises_kl

__all__ = ["DEFAULT_THEOREM", "Theorem", "get_theorem", "list_theorems"]


@dataclass(frozen=True)
class Theorem:
    """A named theorem and the function that derives its proof."""

    name: str
    title: str
    derive: Callable[[], Derivation]


_THEOREMS = (
    Theorem("gan-global-optimum", "GAN global optimum: C(G) = 2·JSD − log 4 ≥ −log 4",
            gan_global_optimum),
    Theorem("mle-minimises-kl", "Maximum likelihood minimises KL(p‖p_θ)", mle_minimises_kl),
    Theorem("lsgan-optimal-discriminator", "LSGAN optimal discriminator (b p + a q)/(p + q)",
            optimal_discriminator_theorem),
    *(Theorem(name, title, functools.partial(derive_member, name))
      for name, title in NAMES_AND_TITLES),
    Theorem("non-saturating-gan", "Non-saturating GAN: −E_q[log D*], gradient identity",
            non_saturating_gan),
)

#: The theorem ``symbolic-gan prove`` proves when none is named.
DEFAULT_THEOREM = "gan-global-optimum"


def list_theorems() -> tuple[Theorem, ...]:
    """Every registered theorem, in a stable order."""
    return _THEOREMS


def get_theorem(name: str) -> Theorem:
    """The theorem called ``name``; :class:`UnknownTheorem` lists the known ones otherwise."""
    for theorem in _THEOREMS:
        if theorem.name == name:
            return theorem
    known = ", ".join(t.name for t in _THEOREMS)
    raise UnknownTheorem.for_value("theorem", name, f"unknown; known theorems: {known}")
