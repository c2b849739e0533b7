"""Evaluate KL (both ways), JSD and V(D*) for two densities, and format them as a table.

>>> from symbolic_gan.densities import Normal, Uniform
>>> ev = evaluate(Uniform(0, 1), Uniform(2, 3))
>>> str(ev.jsd.status), str(ev.kl_pq.status), ev.kl_pq.method
('ok', 'infinite', 'analytic')
>>> print(format_evaluation(ev).splitlines()[2])
KL(p||q)   inf                    0         infinite  analytic
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

from symbolic_gan.densities import Density
from symbolic_gan.errors import InvalidArgument, NumericWarning
from symbolic_gan.numeric import jsd, kl, value
from symbolic_gan.quadrature import QuadResult

__all__ = ["Evaluation", "evaluate", "format_evaluation"]


@dataclass(frozen=True)
class Evaluation:
    """KL(p‖q), KL(q‖p), JSD(p, q) and V(D*, G) of one pair, each a QuadResult."""

    p: Density
    q: Density
    kl_pq: QuadResult
    kl_qp: QuadResult
    jsd: QuadResult
    value_star: QuadResult

    @property
    def success(self) -> bool:
        """Whether every quantity is trustworthy."""
        return all(bool(r.success) for r in (self.kl_pq, self.kl_qp, self.jsd, self.value_star))


def evaluate(p: Density, q: Density) -> Evaluation:
    """KL both ways, JSD and ``V(D*, G) = 2·JSD − log 4`` of one pair.

    A quantity that cannot be computed comes back with ``success=False`` and a message (no
    :class:`~symbolic_gan.errors.NumericWarning`: the evaluation itself reports it).
    """
    for name, d in (("p", p), ("q", q)):
        if not isinstance(d, Density):
            raise InvalidArgument.for_value(name, d, "must be a Density")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumericWarning)
        return Evaluation(p, q, kl(p, q), kl(q, p), jsd(p, q), value(p, q))


def _num(v: float) -> str:
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return f"{v:.15g}"


def format_evaluation(ev: Evaluation) -> str:
    """A small plain-text table: quantity, value, error estimate, status, method.

    Failed quantities are followed by their messages.
    """
    rows = [
        ("KL(p||q)", ev.kl_pq),
        ("KL(q||p)", ev.kl_qp),
        ("JSD(p,q)", ev.jsd),
        ("V(D*,G)", ev.value_star),
    ]
    lines = [f"p = {ev.p}, q = {ev.q}"]
    lines.append(f"{'quantity':<10} {'value':<22} {'error':<9} {'status':<9} method")
    notes = []
    for name, r in rows:
        err = "0" if float(r.error) == 0 else f"{float(r.error):.1e}"
        lines.append(f"{name:<10} {_num(float(r.value)):<22} {err:<9} {r.status!s:<9} {r.method}")
        if not r.success and r.message:
            notes.append(f"{name}: {r.message}")
    return "\n".join(lines + notes)
