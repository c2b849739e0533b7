"""One pair's outcome for one step, and the step's verdict from all of them.

A pair passes, fails, is inconclusive (quadrature not trusted, float64 and mpmath could not
decide, or the claim could not be evaluated there) or violates a premise the step cites. The
step fails when any pair that respects the premises fails; a pair's trouble never hides
another pair's failure.

>>> v = verdict([Outcome("a", NumericStatus.PASSED, 0.0, 1e-13),
...              Outcome("b", NumericStatus.FAILED, 0.5, 1e-13, "off by 1/2")])
>>> str(v.status), v.detail
('failed', 'failed on: b (off by 1/2)')
>>> [c["status"] for c in v.cases]
['passed', 'failed']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from symbolic_gan.verdict import NumericStatus, NumericVerdict

__all__ = ["ERROR_FACTOR", "FLOOR", "Outcome", "verdict"]

#: An integral comparison passes when its discrepancy is at most
#: ``max(ERROR_FACTOR·reported error, FLOOR·scale)``.
ERROR_FACTOR = 10.0
#: The relative floor of every tolerance (pointwise: relative to ``Σ|terms|``).
FLOOR = 1e-13


@dataclass(frozen=True)
class Outcome:
    """One case of one step: its status, the discrepancy, its tolerance, and why."""

    case: str
    status: NumericStatus
    error: float
    tolerance: float
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.status is NumericStatus.PASSED


_ORDER = (NumericStatus.FAILED, NumericStatus.PREMISE_VIOLATED, NumericStatus.INCONCLUSIVE)
_WORDS = {
    NumericStatus.FAILED: "failed on",
    NumericStatus.PREMISE_VIOLATED: "a cited premise is violated by",
    NumericStatus.INCONCLUSIVE: "not decided on",
}


def verdict(outcomes: Sequence[Outcome]) -> NumericVerdict:
    """The step's verdict: failed > premise-violated > inconclusive > passed."""
    if not outcomes:
        return NumericVerdict(NumericStatus.NOT_RUN, detail="no pairs")
    status = next((s for s in _ORDER if any(o.status is s for o in outcomes)),
                  NumericStatus.PASSED)
    if status is NumericStatus.PASSED:
        detail = f"all {len(outcomes)} pairs within tolerance"
    else:
        shown = [f"{o.case} ({o.note[:160]})" if o.note else o.case
                 for o in outcomes if o.status is status]
        detail = f"{_WORDS[status]}: " + "; ".join(shown[:12])
        if len(shown) > 12:
            detail += f"; and {len(shown) - 12} more"
    finite = [o for o in outcomes if not np.isnan(o.error)]
    cases = tuple({"case": o.case, "status": str(o.status), "error": o.error,
                   "tolerance": o.tolerance, "passed": o.passed, "note": o.note}
                  for o in outcomes)
    largest = max((o.error for o in finite), default=float("nan"))
    allowed = max((o.tolerance for o in outcomes if not np.isnan(o.tolerance)), default=0.0)
    return NumericVerdict(status, float(largest), float(allowed), len(outcomes), detail, cases)
