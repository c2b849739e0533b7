"""Exceptions and warnings raised by symbolic_gan.

The tree is small on purpose::

    SymbolicGanError(Exception)
    ├── InvalidArgument(SymbolicGanError, ValueError)   bad input to a public function
    │   ├── UnknownTheorem(InvalidArgument, LookupError) a theorem name not in the registry
    │   └── ParseError(InvalidArgument)                  text the density grammar rejects
    └── NumericError(SymbolicGanError, ArithmeticError)  a numeric result that could not be trusted

    NumericWarning(UserWarning)                          a quadrature that escalated or failed

Every message names the offending argument and shows its value.

>>> try:
...     raise InvalidArgument.for_value("sigma", -1.0, "must be > 0")
... except ValueError as exc:
...     print(exc)
sigma=-1.0: must be > 0
"""

from __future__ import annotations

__all__ = [
    "InvalidArgument",
    "NumericError",
    "NumericWarning",
    "ParseError",
    "SymbolicGanError",
    "UnknownTheorem",
]


class SymbolicGanError(Exception):
    """Base class of every exception raised on purpose by symbolic_gan."""


class InvalidArgument(SymbolicGanError, ValueError):
    """A public function was given an argument it cannot accept."""

    @classmethod
    def for_value(cls, name: str, value: object, reason: str) -> InvalidArgument:
        """Build the standard message ``name=value: reason``."""
        return cls(f"{name}={value!r}: {reason}")


class UnknownTheorem(InvalidArgument, LookupError):
    """A theorem name that is not registered."""


class ParseError(InvalidArgument):
    """Text that the density grammar does not accept."""


class NumericError(SymbolicGanError, ArithmeticError):
    """A numeric computation whose result cannot be trusted."""


class NumericWarning(UserWarning):
    """A quadrature escalated to a slower method, or could not meet its tolerance."""
