"""Hypothesis profiles for the property suite.

* ``dev`` (default): few examples, fast feedback while developing;
* ``ci`` (when the ``CI`` environment variable is set): Hypothesis's built-in ``ci`` profile
  (derandomised, no example database, no deadline) with more examples;
* ``thorough``: many more examples, for a long hunt.

``SYMBOLIC_GAN_HYPOTHESIS_PROFILE=<name>`` picks a profile explicitly and wins over ``CI``;
pytest's ``--hypothesis-profile=<name>`` wins over both.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "ci",
    parent=settings.get_profile("ci"),
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

_chosen = os.environ.get("SYMBOLIC_GAN_HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI") else "dev"
)
settings.load_profile(_chosen)
