"""Demo steps of ``barometer``: the catalogue (``catalogue``), the periods with their
measurements and assessments (``reading``), the 2011-2014 policy and the later history
(``history``), the breakdowns by origin and gender (``breakdowns``), the comparison series
(``comparisons``) and the published editions (``editions``).

``barometer.init_app`` registers :data:`STEPS` with ``core.demo``.
"""

from __future__ import annotations

from barometer.demo import (
    assessments,
    breakdowns,
    catalogue,
    comparisons,
    editions,
    history,
    reading,
)

# The assessments and editions come after the hearing's decision (hearing's steps 60-86)
# approved version 2, so that each is made on the version in force for its period.
STEPS = (
    (30, "catalogue", catalogue.load_catalogue),
    (40, "measurement periods", reading.load_periods),
    (41, "measurements", reading.load_measurements),
    (43, "measurements 2010-2011", history.load_later_measurements),
    (44, "values per category", breakdowns.load_category_values),
    (45, "comparison series", comparisons.load_comparisons),
    (88, "policy 2011-2014", history.load_successor_policy),
    (89, "version chosen for 2007-H1", history.load_override),
    (90, "assessments", assessments.load_assessments),
    (95, "editions", editions.publish_editions),
)
