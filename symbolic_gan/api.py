"""The one-call entry point: derive a theorem, check it symbolically, then numerically.

>>> result = prove("gan-global-optimum", numeric=False)
>>> result.ok, len(result.steps)
(True, 12)
"""

from __future__ import annotations

from symbolic_gan.checker import check
from symbolic_gan.errors import InvalidArgument
from symbolic_gan.theorems import DEFAULT_THEOREM, get_theorem
from symbolic_gan.verdict import CheckedDerivation

__all__ = ["prove"]


def prove(
    theorem: str = DEFAULT_THEOREM, *, numeric: bool = True, pairs: int = 0, seed: int = 0
) -> CheckedDerivation:
    """Derive ``theorem``, check every step symbolically and, unless ``numeric=False``,
    numerically on the default battery of density pairs plus ``pairs`` random ones from ``seed``.
    """
    if not isinstance(theorem, str):
        raise InvalidArgument.for_value("theorem", theorem, "must be a theorem name (str)")
    if isinstance(pairs, bool) or not isinstance(pairs, int) or pairs < 0:
        raise InvalidArgument.for_value("pairs", pairs, "must be an integer >= 0")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidArgument.for_value("seed", seed, "must be an integer >= 0")
    checked = check(get_theorem(theorem).derive())
    if not numeric:
        return checked
    from symbolic_gan.numcheck import check_numeric

    return check_numeric(checked, pairs=pairs, seed=seed)
