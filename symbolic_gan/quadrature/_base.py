"""The result shape, the integrand types and the tolerances of quadrature."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

#: A vectorised integrand ``f(x, logp, logq)``.  An integrand with the attribute
#: ``takes_densities = True`` is called as ``f(x, logp, logq, p, q)`` with ``p = exp(logp)``,
#: ``q = exp(logq)`` already computed (see :func:`takes_densities`).
Integrand = Callable[..., np.ndarray]
#: The same integrand in mpmath: ``f(x, logp, logq)`` with mpmath numbers.
MpIntegrand = Callable[[Any, Any, Any], Any]

#: Absolute / relative tolerance that the error estimate must meet for ``success``.
ATOL = 1e-12
RTOL = 1e-12
#: The quadrature methods ``integrate_pairs`` takes (see there).
METHODS = ("auto", "gauss-kronrod", "tanh-sinh", "quad", "mpmath")
#: Largest accepted ``|mass - 1|`` of each density, measured on the same nodes.
MASS_TOL = 1e-12

EPS = float(np.finfo(float).eps)
CHUNK = 65536  # float64 elements per temporary (512 KiB): fewer NumPy calls a node
GK_N = 10
DE_H = 1.0 / 16.0
TS_T = 5.5  # tanh-sinh: t in [-T, T]; distances stay above 1e-300
ES_T = 5.0  # exp-sinh: x - b in [c e^-116, c e^116]


class QuadStatus(IntEnum):
    """What a quadrature result is, as an integer code (``str()`` gives its lowercase name).

    ========  ==============  =========================================================
    code      name            meaning
    ========  ==============  =========================================================
    0         ``ok``          a finite value, trustworthy within ``error``
    1         ``infinite``    the integral is ``+inf`` or ``-inf`` (decided, not guessed)
    2         ``unnormalised``  a density does not integrate to 1 (never renormalised)
    3         ``failed``      no trustworthy value; ``message`` says why
    ========  ==============  =========================================================

    >>> int(QuadStatus.FAILED), str(QuadStatus.INFINITE)
    (3, 'infinite')
    """

    OK = 0
    INFINITE = 1
    UNNORMALISED = 2
    FAILED = 3

    def __str__(self) -> str:
        return self.name.lower()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @classmethod
    def of(cls, status: object) -> QuadStatus:
        """The member for a member, a code or a lowercase name."""
        if isinstance(status, str):
            return cls[status.upper()]
        return cls(int(status))  # type: ignore[call-overload]


@dataclass(frozen=True)
class QuadResult:
    """The result of a quadrature, for one pair or a batch.

    For one pair the fields are scalars (``float``, ``bool``, :class:`QuadStatus`, ``str``,
    ``int``); for a batch ``value``, ``error``, ``success``, ``status`` (``int8`` codes of
    :class:`QuadStatus`), ``nfev`` and ``clamped`` are NumPy arrays and ``method`` and
    ``message`` are tuples of str; ``result[i]`` is the one-pair result of pair ``i``.

    * ``value`` – the integral (``±inf`` when decided infinite, ``nan`` when none computed);
    * ``error`` – absolute error estimate;
    * ``success`` – True iff the value is trustworthy within ``error``;
    * ``status`` – a :class:`QuadStatus` (the constructor also takes its lowercase name);
    * ``method`` – ``"gauss-kronrod"``, ``"tanh-sinh"``, ``"sum"``, ``"analytic"``,
      ``"quad"``, ``"mpmath"`` or ``"mpmath-reference"``;
    * ``nfev`` – number of integrand evaluations;
    * ``message`` – a human-readable account ("" when nothing to say);
    * ``clamped`` – True when the computed value lay outside the integral's mathematical
      range by less than its error estimate and was moved onto the range (``message``
      gives the computed value).

    >>> r = QuadResult(0.5, 1e-15, True, "ok", "gauss-kronrod", 42, "")
    >>> r.is_batch, r.status is QuadStatus.OK, len(QuadResult.stack([r, r]))
    (False, True, 2)
    >>> QuadResult.stack([r, r]).status.tolist()
    [0, 0]
    """

    value: Any
    error: Any
    success: Any
    status: Any
    method: Any
    nfev: Any
    message: Any
    clamped: Any = None

    def __post_init__(self) -> None:
        if self.is_batch:
            status = self.status
            if not (isinstance(status, np.ndarray) and status.dtype == np.int8):
                names = {str(m): int(m) for m in QuadStatus}
                codes = [names[s] if isinstance(s, str) else int(s) for s in status]
                status = np.array(codes, dtype=np.int8)
            object.__setattr__(self, "status", status)
            clamped = self.clamped
            if clamped is None:
                clamped = np.zeros(len(codes), dtype=bool)
            object.__setattr__(self, "clamped", np.asarray(clamped, dtype=bool))
        else:
            object.__setattr__(self, "status", QuadStatus.of(self.status))
            object.__setattr__(self, "clamped", bool(self.clamped))

    @property
    def is_batch(self) -> bool:
        """Whether this is the result of a batch."""
        return isinstance(self.value, np.ndarray)

    def __len__(self) -> int:
        if not self.is_batch:
            raise TypeError("a single-pair QuadResult has no len()")
        return int(self.value.shape[0])

    def __getitem__(self, i: int) -> QuadResult:
        """The result of pair ``i`` of a batch."""
        if not self.is_batch:
            raise TypeError("a single-pair QuadResult cannot be indexed")
        return QuadResult(
            float(self.value[i]),
            float(self.error[i]),
            bool(self.success[i]),
            QuadStatus(int(self.status[i])),
            self.method[i],
            int(self.nfev[i]),
            self.message[i],
            bool(self.clamped[i]),
        )

    def __iter__(self) -> Any:
        return (self[i] for i in range(len(self)))

    @staticmethod
    def stack(results: Sequence[QuadResult]) -> QuadResult:
        """Combine single-pair results into one batch result."""
        return QuadResult(
            np.array([float(r.value) for r in results], dtype=float),
            np.array([float(r.error) for r in results], dtype=float),
            np.array([bool(r.success) for r in results], dtype=bool),
            [r.status for r in results],
            tuple(str(r.method) for r in results),
            np.array([int(r.nfev) for r in results], dtype=np.int64),
            tuple(str(r.message) for r in results),
            np.array([bool(r.clamped) for r in results], dtype=bool),
        )
