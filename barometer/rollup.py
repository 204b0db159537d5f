"""Roll-ups: the colours of a group's indicators counted into one group colour and score,
per goal, focus area and the whole barometer. Benchmarks never count. Pure: no Flask, no
database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from barometer import status_text as txt
from barometer.bilingual import Text
from barometer.indicator_status import IndicatorStatus
from barometer.status_method import (
    DEFAULT_PARAMETERS,
    Colour,
    GroupColour,
    Kind,
    MethodParameters,
    jsonable,
    round_fraction,
)


@dataclass(frozen=True)
class RollUp:
    """Colour counts of a group's effect and/or activity indicators (never benchmarks)."""

    green: int
    yellow: int
    red: int
    grey: int
    first: int
    total: int
    assessable: int
    score: Decimal | None  # (green - red) / assessable, rounded to 4 decimals for display
    colour: GroupColour
    coverage_text: Text
    score_text: Text
    off_cycle: int = 0  # no value expected this half-year: not in the total
    not_comparable: int = 0  # a data break: in the total, without a colour

    def to_dict(self) -> dict[str, Any]:
        return {name: jsonable(getattr(self, name)) for name in self.__dataclass_fields__}


def _group_colour(
    score: Fraction | None, assessable: int, total: int, params: MethodParameters
) -> GroupColour:
    if score is None or total == 0 or assessable < params.min_coverage * total:
        return GroupColour.NOT_ASSESSABLE
    if score >= params.group_green:
        return GroupColour.GREEN
    return GroupColour.RED if score <= params.group_red else GroupColour.YELLOW


def roll_up(
    statuses: Iterable[IndicatorStatus], params: MethodParameters = DEFAULT_PARAMETERS
) -> RollUp:
    counted = [s for s in statuses if s.kind != Kind.BENCHMARK]
    off_cycle = sum(1 for s in counted if not s.due)
    colours = [s.movement for s in counted if s.due]
    green, yellow, red = (colours.count(c) for c in (Colour.GREEN, Colour.YELLOW, Colour.RED))
    assessable, total = green + yellow + red, len(colours)
    exact = Fraction(green - red, assessable) if assessable else None
    colour = _group_colour(exact, assessable, total, params)
    score = None if exact is None else round_fraction(exact, 4)
    return RollUp(
        green=green,
        yellow=yellow,
        red=red,
        grey=colours.count(Colour.GREY),
        first=colours.count(Colour.FIRST),
        total=total,
        assessable=assessable,
        score=score,
        colour=colour,
        coverage_text=txt.coverage_text(assessable, total),
        score_text=_score_text(
            green=green,
            yellow=yellow,
            red=red,
            total=total,
            score=score,
            colour=colour,
            params=params,
        ),
        off_cycle=off_cycle,
        not_comparable=colours.count(Colour.NOT_COMPARABLE),
    )


def _score_text(
    *,
    green: int,
    yellow: int,
    red: int,
    total: int,
    score: Decimal | None,
    colour: GroupColour,
    params: MethodParameters,
) -> Text:
    high, low = round_fraction(params.group_green, 2), round_fraction(params.group_red, 2)
    tally = txt.Tally(
        green, yellow, red, total, score, colour.value, high, low, params.min_coverage
    )
    return txt.score_text(tally)


@dataclass(frozen=True)
class GroupReading:
    all: RollUp
    effect: RollUp
    activity: RollUp

    def to_dict(self) -> dict[str, Any]:
        return {
            "all": self.all.to_dict(),
            "effect": self.effect.to_dict(),
            "activity": self.activity.to_dict(),
        }


def group_reading(
    statuses: Iterable[IndicatorStatus], params: MethodParameters = DEFAULT_PARAMETERS
) -> GroupReading:
    counted = list(statuses)
    return GroupReading(
        all=roll_up(counted, params),
        effect=roll_up((s for s in counted if s.kind == Kind.EFFECT), params),
        activity=roll_up((s for s in counted if s.kind == Kind.ACTIVITY), params),
    )
