"""Demo steps of ``barometer``: the policy and version 1 of its catalogue.

Version 1 is the concept the Employment and Integration Committee approved on
14 December 2006 (BIU 227/2006), built from ``../shared/data/demo_catalogue.json``.
Records marked ``illustrative`` there are invented, and the pages say so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from barometer import catalogue_data, units
from barometer.demo import breakdowns
from barometer.demo.metadata import metadata
from barometer.models import Policy
from barometer.period import Period
from barometer.services import catalogue_nodes as svc
from barometer.services import catalogue_versions
from barometer.status_text import Style
from core.extensions import db

POLICY = catalogue_data.PolicyData(
    "Integrationspolitik 2007-2010", "BR 395/06", date(2006, 6, 14), "2007-2010"
)
VERSION_LABEL = "Koncept for integrationsbarometer"
DECISION = ("BIU 227/2006", date(2006, 12, 14))


def decision_instant(day: date) -> datetime:
    """When a committee's decision is recorded: 14:00 Copenhagen time on the meeting day
    (the demo's approval dates come from the decisions, not from when the demo is loaded)."""
    return datetime.combine(day, time(14, 0), ZoneInfo("Europe/Copenhagen")).astimezone(UTC)


def _criterion_text(ind: dict[str, Any], target: Decimal, year: int) -> str:
    direction = 1 if ind["desired_direction"] == "up" else -1
    unit = units.parse(ind["unit"]) or ind["unit"]
    value = Style(unit, ind["decimals"], direction).value(target, "da")
    return f"{'Mindst' if direction == 1 else 'Højst'} {value} senest {year}"


def _indicator_data(ind: dict[str, Any]) -> catalogue_data.IndicatorData:
    baseline = ind.get("baseline") or {}
    notes = " ".join(filter(None, (ind.get("caveats"), ind.get("calibration_note"))))
    return catalogue_data.IndicatorData(
        code=ind["code"],
        name_da=ind["name_da"],
        name_en=ind.get("name_en"),
        kind=ind["indicator_type"],
        unit=units.parse(ind["unit"]) or ind["unit"],
        decimals=int(ind["decimals"]),
        direction=1 if ind["desired_direction"] == "up" else -1,
        owner_code=ind["responsible_administration"],
        data_source=ind["data_source"],
        baseline_value=Decimal(str(baseline["value"])) if "value" in baseline else None,
        baseline_period=baseline.get("period"),
        notes=notes,
        illustrative=bool(ind.get("illustrative")),
        **metadata(ind),
    )


def load_catalogue(data: dict[str, Any], now: datetime) -> None:
    if db.session.scalar(select(Policy.id).where(Policy.name == POLICY.name)) is not None:
        return
    policy = catalogue_versions.create_policy(POLICY, actor=None, now=now)
    draft = catalogue_versions.create_draft(policy, label=VERSION_LABEL, actor=None, now=now)
    goals = {}
    for number, area_data in enumerate(data["focus_areas"], start=1):
        area = svc.add_focus_area(
            draft,
            catalogue_data.FocusAreaData(
                area_data["code"],
                number,
                area_data["name_da"],
                area_data.get("name_en"),
                illustrative=bool(area_data.get("illustrative")),
            ),
            actor=None,
            now=now,
        )
        for goal_data in area_data["goals"]:
            goals[goal_data["code"]] = svc.add_goal(
                area,
                catalogue_data.GoalData(
                    goal_data["code"],
                    goal_data["text_da"],
                    goal_data.get("text_en"),
                    bool(goal_data.get("illustrative")),
                ),
                actor=None,
                now=now,
            )
    for ind in data["indicators"]:
        indicator = svc.add_indicator(goals[ind["goal"]], _indicator_data(ind), actor=None, now=now)
        criterion = ind.get("success_criterion")
        if criterion:
            target, year = Decimal(str(criterion["target_value"])), int(criterion["target_year"])
            svc.add_criterion(
                indicator,
                catalogue_data.CriterionData(
                    _criterion_text(ind, target, year),
                    target,
                    str(Period.target_year(year)),
                    illustrative=bool(criterion.get("illustrative")),
                ),
                actor=None,
                now=now,
            )
    breakdowns.load_dimensions(draft, now)
    catalogue_versions.approve_version(
        draft,
        decision_text=DECISION[0],
        decision_date=DECISION[1],
        actor=None,
        now=decision_instant(DECISION[1]),
    )
