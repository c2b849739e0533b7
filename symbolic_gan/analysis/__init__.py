"""The analysis of any pointwise GAN objective ``p·a(y) + q·b(y)`` over an interval of ``y``.

:func:`analyse` finds the optimal discriminator (with its kind: interior, boundary, piecewise,
not-attained, unbounded, kink) and the generator's criterion ``C(G) = c·D_f(P‖Q) + β``, naming
the divergence from a catalogue by its fingerprint ``f''``; every conclusion is a step checked by
:func:`symbolic_gan.checker.check`. Objectives typed as text go through a safe reader.

>>> from symbolic_gan.analysis import analyse
>>> analyse("-(y - 1)**2/2", "-y**2/2", "R").criterion.expression
'C(G) = 1/8·Δ(P‖Q) − 1/4'
"""

from __future__ import annotations

from symbolic_gan.analysis.catalogue import CATALOGUE, Divergence, Match, U, match_divergence
from symbolic_gan.analysis.criterion import Criterion, criterion
from symbolic_gan.analysis.generator import GeneratorCriterion, generator_criterion
from symbolic_gan.analysis.limits import Undecided
from symbolic_gan.analysis.optimum import Region, supremum_regions
from symbolic_gan.analysis.reader import read_domain, read_expression
from symbolic_gan.analysis.result import KINDS, Analysis, Optimum, Piece, analyse

__all__ = [
    "CATALOGUE",
    "KINDS",
    "Analysis",
    "Criterion",
    "Divergence",
    "GeneratorCriterion",
    "Match",
    "Optimum",
    "Piece",
    "Region",
    "U",
    "Undecided",
    "analyse",
    "criterion",
    "generator_criterion",
    "match_divergence",
    "read_domain",
    "read_expression",
    "supremum_regions",
]
# the WGAN distance lives in symbolic_gan.analysis.wasserstein (it loads NumPy and SciPy)
