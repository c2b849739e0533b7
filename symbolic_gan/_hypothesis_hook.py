"""Hypothesis entry point: registers strategies for our density types.

Runs on every ``import hypothesis`` in an environment where symbolic_gan is installed, so it
must stay cheap (no SymPy, no NumPy unless the caller already imported our densities) and must
never raise.  Registration needs both Hypothesis and :mod:`symbolic_gan.densities`; whichever
is imported second triggers it:

* ``import hypothesis`` runs :func:`_register`, which registers only if the densities module
  is already loaded;
* the end of :mod:`symbolic_gan.densities` calls :func:`register_if_hypothesis_loaded`.
"""

from __future__ import annotations

import sys
import warnings


def _register_now() -> None:
    partial = sys.modules.get("symbolic_gan.strategies")
    if partial is not None and not hasattr(partial, "register_types"):
        return  # strategies is being imported (it imports densities); it registers at its end
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


def _register() -> None:
    """Entry point run by ``import hypothesis``: register if our densities are loaded."""
    if "symbolic_gan.densities" in sys.modules:
        _register_now()


def register_if_hypothesis_loaded() -> None:
    """Called at the end of :mod:`symbolic_gan.densities`: register if Hypothesis is loaded."""
    if "hypothesis" in sys.modules:
        _register_now()
