"""Demo step: publish an edition for every demo period, so the public site has an archive.

Each edition is published at a plausible date after its period (the first half-year's in
October, the second's in April the year after). Existing editions are left alone, so
running ``demo load`` twice publishes nothing new. The report PDFs are not rendered here
(it would make ``demo load`` slow): the first request of each, or ``barometer
export-site``, renders and stores it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from barometer.demo.reading import PERIODS
from barometer.models import Edition
from barometer.period import Period
from barometer.queries_in_force import in_force_info
from barometer.services import editions as svc
from core.extensions import db


def publication_date(code: str) -> datetime:
    period = Period.parse(code)
    if period.half == 1:
        return datetime(period.year, 10, 1, 9, 0, tzinfo=UTC)
    return datetime(period.year + 1, 4, 1, 8, 0, tzinfo=UTC)


def publish_editions(data: dict[str, Any], now: datetime) -> None:
    done = set(db.session.scalars(select(Edition.period_code)))
    for code in PERIODS:
        if code in done or svc.period_by_code(code) is None:
            continue
        in_force = in_force_info(Period.parse(code))
        if in_force is None:
            continue
        edition = svc.create_draft(svc.EditionData(code, in_force.number), actor=None, now=now)
        svc.publish(
            edition,
            actor=None,
            now=publication_date(code),
            render_documents=False,
            acknowledged=True,  # the demo's gaps are part of its story
        )
