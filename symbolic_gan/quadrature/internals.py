"""The building blocks of the default rule, public for tests that check their invariants
and for experiments (no stability promise beyond that of the package).

* the Gauss–Kronrod panels (:class:`Panels`, :func:`make_panels`), the per-panel rule values
  and error estimates (:func:`panel_rules`, :func:`panel_estimates`, :func:`log_floor`);
* the layout constants of Normal/Normal pairs (:func:`fits_normal`, :data:`NN_GK`,
  :data:`NN_NEGLIGIBLE`);
* the per-pair sums before the checks (:class:`Raw`) and their verdict (:func:`check_raw`).

>>> import numpy as np
>>> from symbolic_gan.densities import Normal
>>> x, scale = make_panels(np.zeros(1, int), np.array([0.0]), np.array([2.0])).nodes(10)
>>> k, g, res0 = panel_rules((x * 0 + 1.0,) * 3, scale, 10)
>>> raw = Raw(0.5, 0.0, (1.0, 1.0), (0.0, 0.0), 21)
>>> float(k[0, 0]), check_raw(raw, Normal(), Normal(), bounds=None, check_mass=True, mass_tol=0)
(2.0, ('ok', ''))
"""

from __future__ import annotations

from symbolic_gan.quadrature._checks import check_raw
from symbolic_gan.quadrature._gk import Raw, log_floor, panel_estimates, panel_rules
from symbolic_gan.quadrature._normal import NN_GK, NN_NEGLIGIBLE, fits_normal
from symbolic_gan.quadrature._rules import Panels, make_panels

__all__ = [
    "NN_GK",
    "NN_NEGLIGIBLE",
    "Panels",
    "Raw",
    "check_raw",
    "fits_normal",
    "log_floor",
    "make_panels",
    "panel_estimates",
    "panel_rules",
]

