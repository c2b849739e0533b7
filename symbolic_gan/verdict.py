"""Verdicts: what a check concluded about a step, and how.

A symbolic verdict is one of three statuses; ``UNKNOWN`` means the checker could neither prove
nor refute the claim and is never reported as proved. A numeric verdict says whether the claim
held on concrete density pairs, within a tolerance derived from reported error estimates.

>>> v = SymbolicVerdict(Status.UNKNOWN, "zero test", residual="log(2) - log(2)")
>>> v.proved
False
>>> str(v.status)
'unknown'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from symbolic_gan.derivation import Claim, Derivation, Step

__all__ = [
    "CheckedDerivation",
    "CheckedStep",
    "ConclusionVerdict",
    "NumericStatus",
    "NumericVerdict",
    "Status",
    "SymbolicVerdict",
]


class Status(StrEnum):
    """The three possible outcomes of a symbolic check."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"


class NumericStatus(StrEnum):
    """Outcome of a numeric check on concrete density pairs."""

    PASSED = "passed"
    FAILED = "failed"
    INCONCLUSIVE = "inconclusive"
    NOT_RUN = "not-run"


@dataclass(frozen=True)
class SymbolicVerdict:
    """How a symbolic check ended.

    ``residual`` is the simplified difference left when the claim was not shown (text), and
    ``counterexample`` the admissible values at which a refuted claim fails. ``forced`` lists
    each rewrite that is unsound in general (``expand_log(force=True)``) with the premise that
    made it sound here.
    """

    status: Status
    method: str
    residual: str | None = None
    seconds: float = 0.0
    counterexample: dict[str, str] | None = None
    forced: tuple[str, ...] = ()

    @property
    def proved(self) -> bool:
        return self.status is Status.PROVED


@dataclass(frozen=True)
class NumericVerdict:
    """How a numeric check ended, over ``pairs`` density pairs.

    ``max_abs_error`` is the largest discrepancy seen and ``tolerance`` the largest it was
    allowed to be (from reported quadrature errors, with a floor near 1e-13).
    """

    status: NumericStatus = NumericStatus.NOT_RUN
    max_abs_error: float | None = None
    tolerance: float | None = None
    pairs: int = 0
    detail: str = ""
    cases: tuple[dict[str, Any], ...] = field(default=())


@dataclass(frozen=True)
class CheckedStep:
    """A step with its symbolic and numeric verdicts."""

    step: Step
    symbolic: SymbolicVerdict
    numeric: NumericVerdict = NumericVerdict()


@dataclass(frozen=True)
class ConclusionVerdict:
    """How one claim of a derivation's conclusion follows from its steps.

    ``follows`` is True when the claim is a step's claim or a chain of step claims links its
    sides; ``method`` says which; ``steps`` names every step it rests on, the steps they ``use``
    included; ``gaps`` says what is missing structurally (no chain, a used step absent or not
    earlier). Whether those steps are proved is read from the checked steps themselves (see
    :meth:`CheckedDerivation.gaps`), so a verdict replaced later is always taken into account.
    """

    claim: Claim
    follows: bool
    method: str
    steps: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedDerivation:
    """A derivation whose steps have been checked.

    ``ok`` means the conclusion is proved: every conclusion claim follows from the steps, every
    step it rests on is symbolically proved, and none of them failed a numeric check. A
    derivation without a conclusion, or with any gap, is not ok however many steps are proved.
    """

    derivation: Derivation
    steps: tuple[CheckedStep, ...]
    seconds: float = 0.0
    conclusion: tuple[ConclusionVerdict, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.gaps()

    def needed(self) -> tuple[str, ...]:
        """The names of the steps the conclusion rests on, in derivation order."""
        names = {name for c in self.conclusion for name in c.steps}
        return tuple(s.step.name for s in self.steps if s.step.name in names)

    def gaps(self) -> tuple[str, ...]:
        """Why the conclusion is not proved, one line per gap (empty when it is)."""
        if not self.conclusion:
            return ("the derivation states no conclusion",)
        found = [gap for c in self.conclusion for gap in c.gaps]
        needed = set(self.needed())
        for s in self.steps:
            if s.step.name not in needed:
                continue
            if s.symbolic.status is not Status.PROVED:
                found.append(f"step {s.step.name!r} is {s.symbolic.status.value}")
            if s.numeric.status is NumericStatus.FAILED:
                found.append(f"step {s.step.name!r} failed its numeric check")
        return tuple(dict.fromkeys(found))

    def __getitem__(self, name: str) -> CheckedStep:
        for checked in self.steps:
            if checked.step.name == name:
                return checked
        raise KeyError(name)

    def failures(self) -> tuple[CheckedStep, ...]:
        """The steps that are not proved, or whose numeric check failed."""
        return tuple(
            s
            for s in self.steps
            if s.symbolic.status is not Status.PROVED or s.numeric.status is NumericStatus.FAILED
        )

    def _repr_markdown_(self) -> str:
        from symbolic_gan.report import to_markdown

        return to_markdown(self)

    def _repr_latex_(self) -> str:
        from symbolic_gan.report import latex_fragment

        return latex_fragment(self)
