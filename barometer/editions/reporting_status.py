"""Reporting status: which indicators have data for the latest published period.

Per focus area and goal of the latest published edition, each indicator is *reported*
(a value for the edition's period), *not due* (an annual or irregular indicator measured
in another half-year: no value is expected) or *awaiting data* (a value was due and none
was published). The breakdown dimensions an indicator publishes are listed beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from barometer.editions import indicator_data as tidy
from barometer.frequency import Cycle
from barometer.period import Period


class Reporting(StrEnum):
    REPORTED = "reported"
    NOT_DUE = "not_due"
    AWAITING = "awaiting"


@dataclass(frozen=True)
class IndicatorReporting:
    indicator: Mapping[str, Any]
    state: Reporting
    frequency: str
    measured_half: int | None
    next_expected: Period | None
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class GoalReporting:
    goal: Mapping[str, Any]
    indicators: tuple[IndicatorReporting, ...]


@dataclass(frozen=True)
class AreaReporting:
    area: Mapping[str, Any]
    goals: tuple[GoalReporting, ...]

    def count(self, state: Reporting | None = None) -> int:
        return sum(1 for g in self.goals for i in g.indicators if state is None or i.state == state)

    @property
    def with_breakdowns(self) -> int:
        return sum(1 for g in self.goals for i in g.indicators if i.dimensions)


def indicator_reporting(
    snapshot: Mapping[str, Any], indicator: Mapping[str, Any]
) -> IndicatorReporting:
    period = Period.parse(snapshot["period"])
    rows = tidy.indicator_rows(snapshot, indicator)
    total = next(
        (r for r in rows if r["period"] == snapshot["period"] and not r["dimension"]), None
    )
    cycle = Cycle.of(indicator.get("frequency"), indicator.get("measured_half"))
    if total is not None and total["value"] is not None:
        state = Reporting.REPORTED
    elif not cycle.is_due(period):
        state = Reporting.NOT_DUE
    else:
        state = Reporting.AWAITING
    return IndicatorReporting(
        indicator=indicator,
        state=state,
        frequency=str(cycle.frequency),
        measured_half=cycle.measured_half,
        next_expected=cycle.next_expected(period),
        dimensions=tuple(tidy.dimensions(rows)),
    )


def reporting_status(snapshot: Mapping[str, Any]) -> list[AreaReporting]:
    """The edition's focus areas with their goals and each indicator's reporting state."""
    return [
        AreaReporting(
            area=area,
            goals=tuple(
                GoalReporting(
                    goal=goal,
                    indicators=tuple(indicator_reporting(snapshot, i) for i in goal["indicators"]),
                )
                for goal in area["goals"]
            ),
        )
        for area in snapshot["catalogue"]["focus_areas"]
    ]
