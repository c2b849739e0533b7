"""The report as data: verdict counts, the summary line, and the JSON form.

>>> from symbolic_gan.api import prove
>>> summary_line(prove("lsgan-optimal-discriminator", numeric=False))
'5/5 steps proved — PROVED'
"""

from __future__ import annotations

import json
import math
from typing import Any

from symbolic_gan.derivation import Claim
from symbolic_gan.verdict import (
    CheckedDerivation,
    NumericStatus,
    NumericVerdict,
    Status,
    SymbolicVerdict,
)

__all__ = ["summary_line", "to_dict", "to_json"]


def _counts(checked: CheckedDerivation) -> dict[str, int]:
    statuses = [s.symbolic.status for s in checked.steps]
    return {"proved": statuses.count(Status.PROVED), "refuted": statuses.count(Status.REFUTED),
            "unknown": statuses.count(Status.UNKNOWN), "steps": len(statuses),
            "numeric_failed": sum(s.numeric.status is NumericStatus.FAILED
                                  for s in checked.steps)}


def summary_line(checked: CheckedDerivation) -> str:
    """``N/N steps proved`` and ``PROVED`` only when ``checked.ok``; otherwise what failed."""
    return checked.summary()


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
        "conclusion": [{"claim": _claim_dict(c.claim), "follows": c.follows,
                        "method": c.method, "steps": list(c.steps), "gaps": list(c.gaps)}
                       for c in checked.conclusion],
        "gaps": list(checked.gaps()),
        "steps": [{"name": s.step.name, "rule": s.step.rule, "premises": list(s.step.premises),
                   "uses": list(s.step.uses), "note": s.step.note,
                   "claim": {"kind": type(s.step.claim).__name__.lower(),
                             "text": s.step.claim.text(), "latex": s.step.claim.latex()},
                   "symbolic": _symbolic_dict(s.symbolic), "numeric": _numeric_dict(s.numeric)}
                  for s in checked.steps],
        "summary": _counts(checked),
    }


def _claim_dict(claim: Claim) -> dict[str, str]:
    return {"kind": type(claim).__name__.lower(), "text": claim.text(), "latex": claim.latex()}


def to_json(checked: CheckedDerivation, *, indent: int | None = 2) -> str:
    """:func:`to_dict` as JSON text; NaN and infinities never appear (``allow_nan=False``)."""
    return json.dumps(to_dict(checked), indent=indent, ensure_ascii=False, allow_nan=False)
