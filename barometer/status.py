"""The barometer's default status method (domain.md, "The reading").

Pure computation: no Flask, no database. Given each indicator's measurements, baseline
and success criterion, it gives per indicator a movement colour, a colour since the
baseline and a progress class towards the criterion, each with a plain-language
explanation, and rolls the colours up per goal, focus area and the whole barometer.

All values are ``Decimal``, rounded half-up to the indicator's decimals before any
comparison, so the colour shown agrees with the numbers printed. Ratios that decide a
class (progress ratio, roll-up score) are compared as exact fractions and only rounded
for display. The barometer is not an evaluation: see :data:`NOT_AN_EVALUATION`.

This module is the method's public entry: the reading of a whole catalogue, and the names
callers need from :mod:`barometer.status_method` (classes, parameters, rounding),
:mod:`barometer.indicator_status` (one indicator) and :mod:`barometer.rollup` (groups).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from barometer.indicator_status import (
    Criterion,
    IndicatorInput,
    IndicatorStatus,
    classify_change,
    classify_progress,
    indicator_status,
)
from barometer.period import Period
from barometer.rollup import GroupReading, RollUp, group_reading, roll_up
from barometer.status_method import (
    DEFAULT_PARAMETERS,
    Colour,
    GroupColour,
    Kind,
    MethodParameters,
    Progress,
    round_fraction,
    round_value,
)
from barometer.status_text import NOT_AN_EVALUATION, Text

__all__ = [  # Text and the caveat are re-exported so callers need only this module
    "DEFAULT_PARAMETERS",
    "NOT_AN_EVALUATION",
    "Colour",
    "Criterion",
    "GroupColour",
    "GroupReading",
    "IndicatorInput",
    "IndicatorStatus",
    "Kind",
    "MethodParameters",
    "Progress",
    "Reading",
    "RollUp",
    "Structure",
    "Text",
    "classify_change",
    "classify_progress",
    "compute_reading",
    "group_reading",
    "indicator_status",
    "roll_up",
    "round_fraction",
    "round_value",
]


@dataclass(frozen=True)
class Structure:
    """The catalogue's tree: (focus_area_code, [(goal_code, [indicator codes])])."""

    focus_areas: Sequence[tuple[str, Sequence[tuple[str, Sequence[str]]]]]

    def goal_codes(self) -> list[str]:
        return [goal for _, goals in self.focus_areas for goal, _ in goals]

    def indicator_codes(self) -> list[str]:
        """Every indicator placed in the tree, once, in tree order."""
        codes = (c for _, goals in self.focus_areas for _, cs in goals for c in cs)
        return list(dict.fromkeys(codes))


@dataclass(frozen=True)
class Reading:
    period: Period
    params: MethodParameters
    indicators: Mapping[str, IndicatorStatus]
    goals: Mapping[str, GroupReading]
    focus_areas: Mapping[str, GroupReading]
    overall: GroupReading

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": str(self.period),
            "params": self.params.to_dict(),
            "caveat": NOT_AN_EVALUATION.to_dict(),
            "indicators": {code: s.to_dict() for code, s in self.indicators.items()},
            "goals": {code: g.to_dict() for code, g in self.goals.items()},
            "focus_areas": {code: g.to_dict() for code, g in self.focus_areas.items()},
            "overall": self.overall.to_dict(),
        }


def _check(structure: Structure, indicators: Mapping[str, IndicatorInput]) -> None:
    areas = [area for area, _ in structure.focus_areas]
    for name, codes in (("focus area", areas), ("goal", structure.goal_codes())):
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValueError(f"Repeated {name} codes: {', '.join(repeated)}")
    unknown = [c for c in structure.indicator_codes() if c not in indicators]
    if unknown:
        raise ValueError(f"Indicators in the structure without input: {', '.join(unknown)}")
    mislabelled = [key for key, ind in indicators.items() if key != ind.code]
    if mislabelled:
        raise ValueError(f"Indicator keys differ from their codes: {', '.join(mislabelled)}")


def compute_reading(
    structure: Structure,
    indicators: Mapping[str, IndicatorInput],
    period: Period,
    params: MethodParameters = DEFAULT_PARAMETERS,
) -> Reading:
    """Every indicator's status and the roll-ups per goal, focus area and overall.

    An indicator listed under several goals counts once in a focus area and overall.
    Indicators given but not placed in the structure get a status but count nowhere.
    """
    _check(structure, indicators)
    statuses = {code: indicator_status(ind, period, params) for code, ind in indicators.items()}

    def group(codes: Iterable[str]) -> GroupReading:
        return group_reading((statuses[c] for c in dict.fromkeys(codes)), params)

    goals = {goal: group(codes) for _, gs in structure.focus_areas for goal, codes in gs}
    areas = {area: group(c for _, codes in gs for c in codes) for area, gs in structure.focus_areas}
    overall = group(structure.indicator_codes())
    return Reading(period, params, statuses, goals, areas, overall)
