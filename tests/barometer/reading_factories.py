"""Factories for measurements and readings (they flush; tests commit when they need to).

The small catalogue: one focus area ``A1`` with goal ``A1-M1`` and
- ``A1-M1-I1``: BIF, effect, percent, 1 decimal, higher is better, baseline 46.0 (2006-H2),
  success criterion 50.0 by 2010-H2;
- ``A1-M1-I2``: BIF, effect, percent, 1 decimal, the same baseline, no criterion;
- ``A1-M1-C``: BUF, activity, count, 0 decimals, baseline 100 (2006-H2).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import insert

from barometer import catalogue_data
from barometer.models import CatalogueVersion, Measurement, MeasurementPeriod
from barometer.period import Period
from barometer.services import catalogue_nodes as cat
from barometer.services import catalogue_versions
from barometer.services import measurements as svc
from tests.barometer.factories import administration, goal, indicator_data, make_draft_with_content

NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)
DEADLINE = datetime(2007, 8, 31, 21, 59, 59, tzinfo=UTC)


def make_reading_catalogue() -> CatalogueVersion:
    administration("BUF")
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=2)
    target = goal(draft, "A1-M1")
    cat.add_indicator(
        target,
        indicator_data(
            "A1-M1-C",
            name_da="Antal deltagere i aktiviteten",
            kind="activity",
            unit="count",
            decimals=0,
            owner_code="BUF",
            baseline_value=Decimal(100),
        ),
        actor=None,
        now=NOW,
    )
    return catalogue_versions.approve_version(
        draft, decision_text="BIU 227/2006", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )


def make_period(code: str = "2007-H1", *, closed: bool = False) -> MeasurementPeriod:
    row = svc.open_period(svc.PeriodData(code, DEADLINE), actor=None, now=NOW)
    if closed:
        svc.close_period(row, actor=None, now=NOW)
    return row


def add_values(
    period: MeasurementPeriod, values: dict[str, Decimal | None], note: str = ""
) -> None:
    """Measurements written straight to the table (setup, not the behaviour under test)."""
    from core.extensions import db

    for code, value in values.items():
        db.session.add(
            Measurement(
                indicator_code=code,
                period_id=period.id,
                value=value,
                note=note if value is None else "",
                entered_at=NOW,
            )
        )
    db.session.flush()


def make_large_catalogue(indicators: int, periods: int) -> tuple[CatalogueVersion, list[str]]:
    """An approved version with ``indicators`` indicators (6 focus areas, 5 per goal) and
    ``periods`` half-years of measurements from 2007-H1 on, every value filled in."""
    from core.extensions import db

    administration("BIF")
    from tests.barometer.factories import make_policy

    policy = make_policy(f"Syntetisk politik {indicators}x{periods}")
    draft = catalogue_versions.create_draft(policy, label="Syntetisk", actor=None, now=NOW)
    areas = [
        cat.add_focus_area(
            draft,
            catalogue_data.FocusAreaData(f"S{a}", a, f"Område {a}", f"Area {a}"),
            actor=None,
            now=NOW,
        )
        for a in range(1, 7)
    ]
    codes: list[str] = []
    per_goal = 5
    for n in range(indicators):
        if n % per_goal == 0:
            g = n // per_goal
            current_goal = cat.add_goal(
                areas[g % len(areas)],
                catalogue_data.GoalData(f"S-M{g}", f"Mål {g}"),
                actor=None,
                now=NOW,
            )
        code = f"S{indicators}-{n:04d}"
        cat.add_indicator(
            current_goal,
            indicator_data(
                code, kind="effect" if n % 3 else "activity", direction=1 if n % 2 else -1
            ),
            actor=None,
            now=NOW,
        )
        codes.append(code)
    version = catalogue_versions.approve_version(
        draft, decision_text="Syntetisk", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )
    period = Period(2007, 1)
    rows = []
    for i in range(periods):
        p = svc.period_by_code(str(period)) or make_period(str(period))
        rows += [
            {
                "indicator_code": code,
                "period_id": p.id,
                "value": Decimal(40 + (j * 7 + i * 3) % 20) + Decimal("0.1") * (i % 10),
                "note": "",
                "provisional": False,
                "source": "",
                "entered_at": NOW,
                "lock_version": 1,
            }
            for j, code in enumerate(codes)
        ]
        period = period.next()
    db.session.execute(insert(Measurement), rows)
    db.session.flush()
    return version, codes
