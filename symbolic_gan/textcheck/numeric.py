"""Numeric cross-check of the relations of a document on the package's default density pairs.

Each relation's claim is measured by :func:`symbolic_gan.numcheck.check_numeric` (quadrature of
both sides, or evaluation at quadrature nodes for pointwise claims), with the discriminator's
value ranging over a grid in (0, 1) where it is free.

>>> from symbolic_gan.derivation import Equation
>>> from symbolic_gan.objective import P, Q
>>> [str(v.status) for v in cross_check([Equation(P / (P + Q) + Q / (P + Q), 1)])]
['passed']
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import sympy as sp

from symbolic_gan.derivation import Claim, Derivation, Maximiser, Step
from symbolic_gan.objective import GAN, P, Q, Y
from symbolic_gan.verdict import (
    CheckedDerivation,
    CheckedStep,
    NumericStatus,
    NumericVerdict,
    Status,
    SymbolicVerdict,
)

__all__ = ["cross_check"]


def cross_check(claims: Sequence[Claim]) -> list[NumericVerdict]:
    """One numeric verdict per claim, in order; a warning from quadrature makes it
    ``inconclusive`` rather than escaping."""
    if not claims:
        return []
    from symbolic_gan.numcheck import check_numeric

    unique = list(dict.fromkeys(claims))
    # the domain of D for the y grid comes from a Maximiser step of the derivation
    anchor = () if any(isinstance(c, Maximiser) for c in unique) else (
        Step("domain", Maximiser(GAN.integrand(), Y, P / (P + Q), sp.Interval.open(0, 1)),
             "D takes values in (0, 1)"),)
    steps = (*anchor, *(Step(f"relation-{i}", c, "as written") for i, c in enumerate(unique)))
    derivation = Derivation("text", "relations of a document", "", (), steps)
    pending = SymbolicVerdict(Status.UNKNOWN, "not used by the numeric check")
    checked = CheckedDerivation(derivation, tuple(CheckedStep(s, pending) for s in steps))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = check_numeric(checked)
    by_claim = {s.step.claim: s.numeric for s in result.steps[len(anchor):]}
    verdicts = [by_claim[c] for c in claims]
    if caught:
        note = f"; {len(caught)} quadrature warning(s): {caught[0].message}"
        verdicts = [NumericVerdict(NumericStatus.INCONCLUSIVE if v.status is
                                   NumericStatus.PASSED else v.status, v.max_abs_error,
                                   v.tolerance, v.pairs, v.detail + note, v.cases)
                    for v in verdicts]
    return verdicts
