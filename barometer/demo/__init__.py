"""Demo steps of ``barometer``: the catalogue (``catalogue``), the periods with their
measurements and assessments (``reading``) and the published editions (``editions``).

``barometer.init_app`` registers :data:`STEPS` with ``core.demo``.
"""

from __future__ import annotations

from barometer.demo import catalogue, editions, reading

STEPS = (
    (30, "catalogue", catalogue.load_catalogue),
    (40, "measurement periods", reading.load_periods),
    (41, "measurements", reading.load_measurements),
    (42, "assessments", reading.load_assessments),
    (50, "editions", editions.publish_editions),
)
