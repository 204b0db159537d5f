"""Demo steps of ``barometer``: the catalogue (``catalogue``), the periods with their
measurements and assessments (``reading``) and the published editions (``editions``)."""

from __future__ import annotations

from barometer.demo import catalogue, editions, reading  # noqa: F401 - register their steps
