"""Demo steps of the reading: periods 2007-H1..2011-H2 and their measurements (the
assessments: :mod:`barometer.demo.assessments`).

The measurements come from ``../shared/data/demo_catalogue.json``; like the catalogue's
records marked ``illustrative`` there, they are invented, and the pages say so. A value
of ``null`` with a note (an annual survey has no first-half figure) becomes a
measurement without a value, so the reading shows it grey with that reason. Each step
creates only what is missing.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from barometer.models import Measurement, MeasurementPeriod
from barometer.period import Period
from barometer.services import measurements as svc
from core.extensions import db

PERIODS = (
    "2007-H1",
    "2007-H2",
    "2008-H1",
    "2008-H2",
    "2009-H1",
    "2009-H2",
    "2010-H1",
    "2010-H2",
    "2011-H1",
    "2011-H2",
)


# The first half-year's figures are due by the end of August, the second's by the end of
# February the year after (illustrative; the concept only says "twice a year").
NOTES_DA = {"Annual survey; no H1 measurement": "Årlig undersøgelse; ingen måling i 1. halvår"}


def collection_deadline(period: Period) -> datetime:
    if period.half == 1:
        return svc.end_of_day(date(period.year, 8, 31))
    return svc.end_of_day(date(period.year + 1, 2, 28))


def load_periods(data: dict[str, Any], now: datetime) -> None:
    for code in PERIODS:
        if svc.period_by_code(code) is not None:
            continue
        row = svc.open_period(
            svc.PeriodData(code, collection_deadline(Period.parse(code))), actor=None, now=now
        )
        if code != PERIODS[-1]:
            svc.close_period(row, actor=None, now=now)


def _note(m: dict[str, Any]) -> str:
    note = str(m.get("note") or "")
    return NOTES_DA.get(note, note)


def load_measurements(data: dict[str, Any], now: datetime) -> None:
    periods = {p.code: p for p in db.session.scalars(select(MeasurementPeriod))}
    taken = set(
        db.session.execute(
            select(Measurement.indicator_code, MeasurementPeriod.code).join(
                MeasurementPeriod, Measurement.period_id == MeasurementPeriod.id
            )
        )
    )
    for m in data.get("measurements", []):
        period = periods.get(m["period"])
        if period is None or (m["indicator"], m["period"]) in taken:
            continue
        value = m.get("value")
        if value is None and not _note(m):
            continue
        db.session.add(
            Measurement(
                indicator_code=m["indicator"],
                period_id=period.id,
                value=None if value is None else Decimal(str(value)),
                note=_note(m),
                provisional=False,
                source=str(m.get("source") or ""),
                entered_at=now,
            )
        )
    db.session.flush()
