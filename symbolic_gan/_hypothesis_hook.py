"""Hypothesis entry point: registers strategies for our density types.

Runs on every ``import hypothesis`` in an environment where symbolic_gan is installed, so it
must stay cheap (no SymPy) and must never raise.
"""

from __future__ import annotations


def _register() -> None:
    """Register ``st.from_type`` strategies (filled in by the strategies module)."""
    try:
        from symbolic_gan import strategies
    except ImportError:  # pragma: no cover - strategies not available in this build
        return
    strategies._register_types()
