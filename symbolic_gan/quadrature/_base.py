"""The result shape, the integrand types and the tolerances of quadrature."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
#: Largest accepted ``|mass - 1|`` of each density, measured on the same nodes.
MASS_TOL = 1e-12

_EPS = float(np.finfo(float).eps)
_CHUNK = 65536  # float64 elements per temporary (512 KiB): fewer NumPy calls a node
_GK_N = 10
_DE_H = 1.0 / 16.0
_TS_T = 5.5  # tanh-sinh: t in [-T, T]; distances stay above 1e-300
_ES_T = 5.0  # exp-sinh: x - b in [c e^-116, c e^116]


@dataclass(frozen=True)
class QuadResult:
    """The result of a quadrature, for one pair or a batch.

    For one pair the fields are scalars (``float``, ``bool``, ``str``, ``int``); for a batch
    ``value``, ``error``, ``success`` and ``nfev`` are NumPy arrays and ``status``,
    ``method``, ``message`` are tuples of str.

    * ``value`` – the integral (``±inf`` when decided infinite, ``nan`` on failure);
    * ``error`` – absolute error estimate;
    * ``success`` – True iff the value is trustworthy within ``error``;
    * ``status`` – ``"ok"``, ``"infinite"``, ``"unnormalised"`` or ``"failed"``;
    * ``method`` – ``"gauss-kronrod"``, ``"sum"``, ``"analytic"``, ``"quad"``,
      ``"mpmath"`` or ``"mpmath-reference"``;
    * ``nfev`` – number of integrand evaluations;
    * ``message`` – a human-readable account ("" when nothing to say).

    >>> r = QuadResult(0.5, 1e-15, True, "ok", "gauss-kronrod", 42, "")
    >>> r.is_batch, len(QuadResult.stack([r, r]))
    (False, 2)
    """

    value: Any
    error: Any
    success: Any
    status: Any
    method: Any
    nfev: Any
    message: Any

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
            self.status[i],
            self.method[i],
            int(self.nfev[i]),
            self.message[i],
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
            tuple(str(r.status) for r in results),
            tuple(str(r.method) for r in results),
            np.array([int(r.nfev) for r in results], dtype=np.int64),
            tuple(str(r.message) for r in results),
        )
