"""The reading of a period, kept per process while nothing it is computed from changes.

The reading page computes the status of every indicator of the version in force (with its
texts in both languages) to show one focus area and the roll-ups: for 300 indicators most
of the page's CPU. What it is computed from is the catalogue version, which is approved and
so cannot change (:mod:`barometer.frozen_versions` gives its key), the measurements, the
periods and the method's parameters. One statement reads a *data state* of the
measurements and periods (how many rows, the sum of the measurements' edit counters, the
highest ids): every save, correction, import or deletion changes it, since an ORM update
of a measurement raises its ``lock_version``. A reading whose key has changed is computed
again, so no process shows a stale one. A draft version is never kept.

The kept :class:`barometer.reading_values.ReadingPage` is shared between requests, which
only read it. Off under ``TESTING`` unless ``CATALOGUE_MEMORY`` says otherwise, as for the
frozen versions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from barometer import frozen_versions
from barometer.models import Measurement, MeasurementPeriod
from barometer.period import Period
from barometer.reading_values import ReadingPage
from barometer.status import MethodParameters
from core.extensions import db

MEMORY_ENTRIES = 16
_MEMORY: dict[tuple[Any, ...], ReadingPage] = {}


def data_state() -> tuple[int, ...]:
    """What changes whenever a measurement or a period does (one statement)."""
    parts = (
        func.count(Measurement.id),
        func.coalesce(func.sum(Measurement.lock_version), 0),
        func.coalesce(func.max(Measurement.id), 0),
        func.count(MeasurementPeriod.id),
        func.coalesce(func.max(MeasurementPeriod.id), 0),
    )
    row = db.session.execute(select(*(select(p).scalar_subquery() for p in parts))).one()
    return tuple(int(v) for v in row)


def remembered(
    period: Period, version_id: int, params: MethodParameters, make: Callable[[], ReadingPage]
) -> ReadingPage:
    """``make()``'s reading, or the one this process computed from the same state."""
    if not frozen_versions.enabled():
        return make()
    version = frozen_versions.version_key(version_id)
    if version is None:
        return make()
    key = (str(period), version, json.dumps(params.to_dict(), sort_keys=True), data_state())
    found = _MEMORY.get(key)
    if found is None:
        found = make()
        if len(_MEMORY) >= MEMORY_ENTRIES:
            _MEMORY.clear()
        _MEMORY[key] = found
    return found


def forget() -> None:
    _MEMORY.clear()
