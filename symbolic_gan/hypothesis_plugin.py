"""Hypothesis plugin: the ``hypothesis`` entry point of symbolic_gan, and nothing else.

Hypothesis imports this module on every ``import hypothesis`` in an environment where
symbolic_gan is installed; importing it registers ``st.from_type`` strategies for the density
types (:func:`symbolic_gan.strategies.register_types`), so ``st.from_type(Normal)`` works
whichever of Hypothesis and :mod:`symbolic_gan.densities` is imported first.  It imports
:mod:`symbolic_gan.strategies` (NumPy, Hypothesis and the densities; never SymPy or SciPy),
and never raises: a failure becomes a warning, so that ``import hypothesis`` keeps working
for the whole environment.

>>> import hypothesis.strategies as st
>>> from symbolic_gan.densities import Normal
>>> isinstance(st.from_type(Normal).example(), Normal)  # doctest: +SKIP
True
"""

from __future__ import annotations

import sys
import warnings

__all__ = ["register"]


def register() -> None:
    """Register the strategies (idempotent); warn instead of raising."""
    partial = sys.modules.get("symbolic_gan.strategies")
    if partial is not None and not hasattr(partial, "register_types"):
        return  # strategies is being imported (it imports Hypothesis): it registers at its end
    try:
        from symbolic_gan import strategies

        strategies.register_types()
    except Exception as exc:  # never break ``import hypothesis`` for the whole environment
        try:
            warnings.warn(
                f"symbolic_gan could not register its Hypothesis strategies: {exc!r}",
                RuntimeWarning,
                stacklevel=2,
            )
        except Exception:  # warnings turned into errors: stay silent rather than raise
            pass


register()
