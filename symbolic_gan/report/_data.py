"""The report as data: verdict counts, the summary line, and the JSON form.

>>> from symbolic_gan.api import prove
>>> summary_line(prove("lsgan-optimal-discriminator", numeric=False))
'5/5 steps proved — PROVED'
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from symbolic_gan.report._math import claim_latex
from symbolic_gan.verdict import (
    CheckedDerivation,
    CheckedStep,
    NumericStatus,
    NumericVerdict,
    Status,
    SymbolicVerdict,
)

__all__ = ["summary_line", "to_dict", "to_json"]

#: Only a proved step carries a check mark.
_MARK = {Status.PROVED: "✓", Status.REFUTED: "✗", Status.UNKNOWN: "?"}


def _counts(checked: CheckedDerivation) -> dict[str, int]:
    statuses = [s.symbolic.status for s in checked.steps]
    return {"proved": statuses.count(Status.PROVED), "refuted": statuses.count(Status.REFUTED),
            "unknown": statuses.count(Status.UNKNOWN), "steps": len(statuses),
            "numeric_failed": sum(s.numeric.status is NumericStatus.FAILED
                                  for s in checked.steps)}


def summary_line(checked: CheckedDerivation) -> str:
    """``N/N steps proved`` and ``PROVED`` only when ``checked.ok``; otherwise what failed."""
    c = _counts(checked)
    head = f"{c['proved']}/{c['steps']} steps proved"
    if checked.ok:
        return f"{head} — PROVED"

    def named(pred: Callable[[CheckedStep], bool]) -> str:
        names = ", ".join(s.step.name for s in checked.steps if pred(s))
        return f" ({names})" if names else ""

    line = (f"{head} — NOT PROVED: {c['refuted']} refuted"
            f"{named(lambda s: s.symbolic.status is Status.REFUTED)}, {c['unknown']} unknown"
            f"{named(lambda s: s.symbolic.status is Status.UNKNOWN)}")
    if c["numeric_failed"]:
        failed = named(lambda s: s.numeric.status is NumericStatus.FAILED)
        line += f", {c['numeric_failed']} failed numerically{failed}"
    return line


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _jsonable(value: Any) -> Any:
    """Plain JSON types: non-finite floats become None, unknown objects their ``str``."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # NumPy scalars and arrays
        return _jsonable(value.tolist())
    if isinstance(value, float) or hasattr(value, "__float__"):
        try:
            return _finite(value)
        except (TypeError, ValueError):
            pass
    return str(value)


def _symbolic_dict(v: SymbolicVerdict) -> dict[str, Any]:
    return {"status": str(v.status), "method": v.method, "residual": v.residual,
            "seconds": _finite(v.seconds), "counterexample": _jsonable(v.counterexample),
            "forced": list(v.forced)}


def _numeric_dict(v: NumericVerdict) -> dict[str, Any]:
    return {"status": str(v.status), "max_abs_error": _finite(v.max_abs_error),
            "tolerance": _finite(v.tolerance), "pairs": int(v.pairs), "detail": v.detail,
            "cases": _jsonable(v.cases)}


def to_dict(checked: CheckedDerivation) -> dict[str, Any]:
    """The report as plain JSON-compatible data (schema in the README).

    Non-finite floats are ``None``; ``numeric.status`` is ``"not-run"`` until checked.

    >>> from symbolic_gan.api import prove
    >>> d = to_dict(prove("mle-minimises-kl", numeric=False))
    >>> d["ok"], d["summary"], d["steps"][0]["numeric"]["status"]
    (True, {'proved': 4, 'refuted': 0, 'unknown': 0, 'steps': 4, 'numeric_failed': 0}, 'not-run')
    """
    d = checked.derivation
    return {
        "theorem": d.theorem, "title": d.title, "statement": d.statement,
        "reference": d.reference, "ok": checked.ok, "seconds": _finite(checked.seconds),
        "symbols": [{"symbol": s, "meaning": m} for s, m in d.symbols],
        "premises": [{"name": p.name, "statement": p.statement, "kind": p.kind,
                      "latex": p.latex} for p in d.premises],
        "steps": [{"name": s.step.name, "rule": s.step.rule, "premises": list(s.step.premises),
                   "note": s.step.note,
                   "claim": {"kind": type(s.step.claim).__name__.lower(),
                             "text": s.step.claim.text(), "latex": claim_latex(s.step.claim)},
                   "symbolic": _symbolic_dict(s.symbolic), "numeric": _numeric_dict(s.numeric)}
                  for s in checked.steps],
        "summary": _counts(checked),
    }


def to_json(checked: CheckedDerivation, *, indent: int | None = 2) -> str:
    """:func:`to_dict` as JSON text; NaN and infinities never appear (``allow_nan=False``)."""
    return json.dumps(to_dict(checked), indent=indent, ensure_ascii=False, allow_nan=False)


def _symbolic_lines(v: SymbolicVerdict) -> list[str]:
    lines = [f"symbolic: {_MARK[v.status]} {str(v.status).upper()} ({v.seconds:.3f} s)"
             f" — {v.method}"]
    if v.residual is not None:
        lines.append(f"  residual: {v.residual}")
    if v.counterexample:
        shown = ", ".join(f"{k} = {x}" for k, x in v.counterexample.items())
        lines.append(f"  counterexample: {shown}")
    lines += [f"  forced rewrite: {f}" for f in v.forced]
    return lines


def _numeric_line(v: NumericVerdict) -> str:
    line = f"numeric: {str(v.status).upper()}"
    if v.status is not NumericStatus.NOT_RUN:
        err, tol = _finite(v.max_abs_error), _finite(v.tolerance)
        line += (f", max |error| {'n/a' if err is None else f'{err:.3g}'}"
                 f" (tolerance {'n/a' if tol is None else f'{tol:.3g}'}) over {v.pairs} pairs")
    return line + (f"; {v.detail}" if v.detail else "")
