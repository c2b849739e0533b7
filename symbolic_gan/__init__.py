"""symbolic_gan: the theory of generative adversarial networks, machine-checked.

Every public name is re-exported here lazily, so ``import symbolic_gan`` (which Hypothesis'
entry point triggers on every ``import hypothesis``) loads neither SymPy nor NumPy; the first
use of a name imports the module that defines it.

>>> import symbolic_gan as sg
>>> result = sg.prove("gan-global-optimum", numeric=False)
>>> result.ok
True
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # the one-call entry point and the checkers
    "prove": "symbolic_gan.api",
    "check": "symbolic_gan.checker",
    "check_numeric": "symbolic_gan.numcheck",
    "check_text": "symbolic_gan.textcheck",
    "TextCheck": "symbolic_gan.textcheck",
    # any pointwise objective: optimal discriminator and criterion
    "Analysis": "symbolic_gan.analysis",
    "analyse": "symbolic_gan.analysis",
    # objectives
    "Objective": "symbolic_gan.objective",
    "GAN": "symbolic_gan.objective",
    "LSGAN": "symbolic_gan.objective",
    "lsgan": "symbolic_gan.objective",
    # derivations
    "Derivation": "symbolic_gan.derivation",
    "Equation": "symbolic_gan.derivation",
    "Inequality": "symbolic_gan.derivation",
    "Maximiser": "symbolic_gan.derivation",
    "Premise": "symbolic_gan.derivation",
    "Roots": "symbolic_gan.derivation",
    "Step": "symbolic_gan.derivation",
    "Supremum": "symbolic_gan.derivation",
    # verdicts
    "CheckedDerivation": "symbolic_gan.verdict",
    "CheckedStep": "symbolic_gan.verdict",
    "NumericStatus": "symbolic_gan.verdict",
    "NumericVerdict": "symbolic_gan.verdict",
    "Status": "symbolic_gan.verdict",
    "SymbolicVerdict": "symbolic_gan.verdict",
    # theorems
    "Theorem": "symbolic_gan.theorems",
    "get_theorem": "symbolic_gan.theorems",
    "list_theorems": "symbolic_gan.theorems",
    # errors
    "InvalidArgument": "symbolic_gan.errors",
    "NumericError": "symbolic_gan.errors",
    "NumericWarning": "symbolic_gan.errors",
    "ParseError": "symbolic_gan.errors",
    "SymbolicGanError": "symbolic_gan.errors",
    "UnknownTheorem": "symbolic_gan.errors",
}

__all__ = [
    "GAN",
    "LSGAN",
    "Analysis",
    "CheckedDerivation",
    "CheckedStep",
    "Derivation",
    "Equation",
    "Inequality",
    "InvalidArgument",
    "Maximiser",
    "NumericError",
    "NumericStatus",
    "NumericVerdict",
    "NumericWarning",
    "Objective",
    "ParseError",
    "Premise",
    "Roots",
    "Status",
    "Step",
    "Supremum",
    "SymbolicGanError",
    "SymbolicVerdict",
    "TextCheck",
    "Theorem",
    "UnknownTheorem",
    "__version__",
    "analyse",
    "check",
    "check_numeric",
    "check_text",
    "get_theorem",
    "list_theorems",
    "lsgan",
    "prove",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'symbolic_gan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


def _register_notebook_display() -> None:
    """Under IPython (Jupyter), show a checked derivation as its Markdown report (LaTeX for
    front ends without Markdown).

    The formatters are registered by class *name*, so neither the verdicts nor the reports are
    imported here; the report layer is imported when a result is first displayed. The data
    classes themselves never import the reports. Outside IPython this does nothing.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    formatter = getattr(shell, "display_formatter", None)
    if formatter is None:
        return

    def renderer(name: str) -> Any:
        return lambda checked: getattr(importlib.import_module("symbolic_gan.report"), name)(
            checked)

    for mime, name in (("text/markdown", "to_markdown"), ("text/latex", "latex_fragment")):
        formatter.formatters[mime].for_type_by_name(
            "symbolic_gan.verdict", "CheckedDerivation", renderer(name))


_register_notebook_display()


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from symbolic_gan.analysis import Analysis, analyse
    from symbolic_gan.api import prove
    from symbolic_gan.checker import check
    from symbolic_gan.derivation import (
        Derivation,
        Equation,
        Inequality,
        Maximiser,
        Premise,
        Roots,
        Step,
        Supremum,
    )
    from symbolic_gan.errors import (
        InvalidArgument,
        NumericError,
        NumericWarning,
        ParseError,
        SymbolicGanError,
        UnknownTheorem,
    )
    from symbolic_gan.numcheck import check_numeric
    from symbolic_gan.objective import GAN, LSGAN, Objective, lsgan
    from symbolic_gan.textcheck import TextCheck, check_text
    from symbolic_gan.theorems import Theorem, get_theorem, list_theorems
    from symbolic_gan.verdict import (
        CheckedDerivation,
        CheckedStep,
        NumericStatus,
        NumericVerdict,
        Status,
        SymbolicVerdict,
    )
