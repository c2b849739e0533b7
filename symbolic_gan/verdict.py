"""Verdicts: what a check concluded about a step, and how.

A symbolic verdict is one of three statuses; ``UNKNOWN`` means the checker could neither prove
nor refute the claim and is never reported as proved. A numeric verdict says whether the claim
held on concrete density pairs, within a tolerance derived from reported error estimates.

Verdicts print themselves as text (``text()``), and ``str()`` of a :class:`CheckedDerivation`
is its plain-text report; the Markdown, LaTeX and JSON reports live in
:mod:`symbolic_gan.report`, which reads this module and is never imported by it.

>>> v = SymbolicVerdict(Status.UNKNOWN, "zero test", residual="log(2) - log(2)")
>>> v.proved
False
>>> str(v.status)
'unknown'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from symbolic_gan.derivation import Claim, Derivation, Step
from symbolic_gan.printing import tidy_text

__all__ = [
    "MARKS",
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


#: Only a proved step carries a check mark.
MARKS = {Status.PROVED: "✓", Status.REFUTED: "✗", Status.UNKNOWN: "?"}


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

    def text(self) -> str:
        """The status with its mark, time and method; then residual, counterexample and forced
        rewrites, one per line.

        >>> print(SymbolicVerdict(Status.REFUTED, "zero test", residual="log(2)").text())
        ✗ REFUTED (0.000 s) — zero test
        residual: log(2)
        """
        lines = [f"{MARKS[self.status]} {self.status.upper()} ({self.seconds:.3f} s)"
                 f" — {tidy_text(self.method)}"]
        if self.residual is not None:
            lines.append(f"residual: {tidy_text(self.residual)}")
        if self.counterexample:
            shown = ", ".join(f"{k} = {tidy_text(str(x))}" for k, x in self.counterexample.items())
            lines.append(f"counterexample: {shown}")
        lines += [f"forced rewrite: {tidy_text(f)}" for f in self.forced]
        return "\n".join(lines)


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

    def text(self) -> str:
        """The status, the largest error against its tolerance, the pairs, and any detail.

        >>> NumericVerdict(NumericStatus.PASSED, 2e-15, 1e-13, 8).text()
        'PASSED, max |error| 2e-15 (tolerance 1e-13) over 8 pairs'
        """
        line = self.status.upper()
        if self.status is not NumericStatus.NOT_RUN:
            err, tol = (_shown(v) for v in (self.max_abs_error, self.tolerance))
            line += f", max |error| {err} (tolerance {tol}) over {self.pairs} pairs"
        return line + (f"; {tidy_text(self.detail)}" if self.detail else "")


def _shown(value: float | None) -> str:
    return "n/a" if value is None or not math.isfinite(value) else f"{value:.3g}"


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

    def summary(self) -> str:
        """``N/N steps proved — PROVED`` only when :attr:`ok`; otherwise what failed, by name."""
        steps = self.steps
        proved = sum(s.symbolic.status is Status.PROVED for s in steps)
        head = f"{proved}/{len(steps)} steps proved"
        if self.ok:
            return f"{head} — PROVED"

        def named(label: str, names: list[str]) -> str:
            return f"{len(names)} {label}" + (f" ({', '.join(names)})" if names else "")

        if all(s.symbolic.status is Status.PROVED and s.numeric.status is not
               NumericStatus.FAILED for s in steps):
            return f"{head} — NOT PROVED: {'; '.join(self.gaps())}"
        line = f"{head} — NOT PROVED: " + ", ".join(
            named(status.value, [s.step.name for s in steps if s.symbolic.status is status])
            for status in (Status.REFUTED, Status.UNKNOWN))
        failed = [s.step.name for s in steps if s.numeric.status is NumericStatus.FAILED]
        return line + (f", {named('failed numerically', failed)}" if failed else "")

    def text(self) -> str:
        """The plain-text report: theorem, symbols, premises, then every step with its claim
        and verdicts, and the summary. ``str()`` of a checked derivation is this text."""
        d = self.derivation
        lines = [d.title, "=" * len(d.title), f"Theorem:   {d.theorem}"]
        if d.conclusion:
            lines += ["Statement:"] + [f"  {claim.text()}" for claim in d.conclusion]
        else:
            lines.append(f"Statement: {tidy_text(d.statement)} (no conclusion stated)")
        if d.reference:
            lines.append(f"Reference: {d.reference}")
        if d.symbols:
            lines += ["", "Symbols"] + [f"  {s}: {m}" for s, m in d.symbols]
        lines += ["", "Premises"] + [f"  {p.name}: {p.statement}" for p in d.premises]
        lines += ["", "Steps"]
        for i, s in enumerate(self.steps, 1):
            lines += [f"{i}. {s.step.name}  [{MARKS[s.symbolic.status]} "
                      f"{s.symbolic.status.upper()}]",
                      f"   rule: {s.step.rule}",
                      f"   premises: {', '.join(s.step.premises) or 'none'}"]
            if s.step.uses:
                lines.append(f"   uses: {', '.join(s.step.uses)}")
            if s.step.note:
                lines.append(f"   note: {tidy_text(s.step.note)}")
            lines.append("   claim:")
            lines += [f"      {row}".rstrip() for row in s.step.claim.pretty().splitlines()]
            symbolic = s.symbolic.text().splitlines()
            lines += [f"   symbolic: {symbolic[0]}"] + [f"     {row}" for row in symbolic[1:]]
            lines.append(f"   numeric: {s.numeric.text()}")
        lines += ["", "Conclusion"]
        for c in self.conclusion:
            mark = "✓" if c.follows else "?"
            lines += [f"  {mark} {c.claim.text()}", f"      from {c.method}"]
        lines += [f"  gap: {gap}" for gap in self.gaps()]
        lines += ["", f"Summary: {self.summary()} ({self.seconds:.2f} s)"]
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's plain-text display is the text report; richer displays (Markdown, LaTeX)
        are registered by :mod:`symbolic_gan.report` for the notebook front ends."""
        printer.text(self.text())
