"""Numeric cross-checks: every step of a checked derivation, measured on concrete density pairs.

Each claim is measured for what it says, the same way whatever the objective:

* pointwise relations at sample points of each pair (where both densities are positive) and,
  when ``y`` is free, at every value of a grid over its domain;
* a maximiser: in the domain, and no value of a dense grid does better, at every point;
* roots: zero at every claimed root, each a real point of the domain, and no other root;
* a supremum: an upper bound of the function and the least one;
* integral claims by batched quadrature of both sides, for several discriminators when
  ``y = D(x)`` is free inside an integral.

A pair passes when its discrepancy is within its tolerance (``max(k·reported error, floor)``;
strict inequalities need a margin above it); a pair whose quadrature is not trusted is
``inconclusive``; a pair that breaks a premise the step cites is ``premise-violated``. See
``docs/theory.md`` for the steps and their expected values.

>>> from symbolic_gan.api import prove
>>> result = prove("gan-global-optimum")
>>> sorted({str(s.numeric.status) for s in result.steps})
['passed']
"""

from __future__ import annotations

from symbolic_gan.numcheck.driver import check_numeric, default_cases, roles_for, step_domain
from symbolic_gan.numcheck.outcome import ERROR_FACTOR, FLOOR

__all__ = ["ERROR_FACTOR", "FLOOR", "check_numeric", "default_cases", "roles_for", "step_domain"]
