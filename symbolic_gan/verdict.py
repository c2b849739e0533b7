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

from symbolic_gan.derivation import Derivation, Step

__all__ = [
    "CheckedDerivation",
    "CheckedStep",
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
    PREMISE_VIOLATED = "premise-violated"
    """A pair broke a premise the step cites (e.g. a density of mass 2 under normalisation)."""


_NUMERIC_BAD = (NumericStatus.FAILED, NumericStatus.PREMISE_VIOLATED)


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
    allowed to be (from reported quadrature errors, with a floor near 1e-13). ``cases`` holds
    one outcome per pair (``case``, ``status``, ``error``, ``tolerance``, ``passed``, ``note``),
    so one pair's failure is never hidden by another pair's trouble.
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
class CheckedDerivation:
    """A derivation whose steps have been checked.

    ``ok`` is True only when every step is symbolically proved and :attr:`numeric_ok`.
    """

    derivation: Derivation
    steps: tuple[CheckedStep, ...]
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.numeric_ok and all(s.symbolic.status is Status.PROVED for s in self.steps)

    @property
    def numeric_ok(self) -> bool:
        """No step failed numerically and no pair broke a premise a step cites."""
        return not any(s.numeric.status in _NUMERIC_BAD for s in self.steps)

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
            if s.symbolic.status is not Status.PROVED or s.numeric.status in _NUMERIC_BAD
        )

    def _repr_markdown_(self) -> str:
        from symbolic_gan.report import to_markdown

        return to_markdown(self)

    def _repr_latex_(self) -> str:
        from symbolic_gan.report import latex_fragment

        return latex_fragment(self)
