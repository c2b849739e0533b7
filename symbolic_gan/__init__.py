"""symbolic_gan: the theory of generative adversarial networks, machine-checked."""

from __future__ import annotations

__version__ = "0.1.0"
