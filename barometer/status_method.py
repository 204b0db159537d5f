"""The status method's vocabulary and configuration: the colour and progress classes, the
kinds of indicator, the method's parameters (an edition stores the ones it used) and the
half-up rounding every comparison is made after. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from barometer.bilingual import Text
from barometer.period import Period


class Colour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"  # no value for the period
    FIRST = "first"  # first measurement: nothing to compare with, so no colour
    OFF_CYCLE = "off_cycle"  # no value expected this half-year (annual, irregular)
    NOT_COMPARABLE = "not_comparable"  # a data break lies between the two values


class GroupColour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NOT_ASSESSABLE = "not_assessable"


class Progress(StrEnum):
    ON_TRACK = "on_track"
    TOO_SLOW = "too_slow"
    LIMITED = "limited"
    MOVING_AWAY = "moving_away"
    TARGET_MET = "target_met"
    MET_BUT_SLIPPING = "met_but_slipping"
    NO_RATIO = "no_ratio"  # no straight path to measure against (t <= t0, T = v0, no baseline)
    NO_DATA = "no_data"  # no value for the period
    NO_CRITERION = "no_criterion"
    OFF_CYCLE = "off_cycle"  # no value expected this half-year


class Kind(StrEnum):
    EFFECT = "effect"
    ACTIVITY = "activity"
    BENCHMARK = "benchmark"  # shown for context, never counted in roll-ups


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _fraction(value: object) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(str(value))


@dataclass(frozen=True)
class MethodParameters:
    """The method's configuration; an edition stores the parameters it was computed with.

    The group thresholds are exact fractions so that a score of exactly 1/3 is green.
    """

    on_track: Decimal = Decimal("0.95")
    too_slow: Decimal = Decimal("0.60")
    group_green: Fraction = Fraction(1, 3)
    group_red: Fraction = Fraction(-1, 3)
    min_coverage: Decimal = Decimal("0.5")

    def __post_init__(self) -> None:
        # Accept strings, ints and Decimals for the fractions (and vice versa) from config.
        for name in ("on_track", "too_slow", "min_coverage"):
            object.__setattr__(self, name, _decimal(getattr(self, name)))
        for name in ("group_green", "group_red"):
            object.__setattr__(self, name, _fraction(getattr(self, name)))
        if not self.too_slow <= self.on_track:
            raise ValueError("too_slow must not exceed on_track")
        if not -1 <= self.group_red <= self.group_green <= 1:
            raise ValueError("Need -1 <= group_red <= group_green <= 1")
        if not 0 <= self.min_coverage <= 1:
            raise ValueError("min_coverage must be between 0 and 1")

    def to_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in _PARAMETER_NAMES}

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> MethodParameters:
        unknown = set(data) - set(_PARAMETER_NAMES)
        if unknown:
            raise ValueError(f"Unknown method parameters: {', '.join(sorted(unknown))}")
        # Missing keys take the defaults, so parameters stored before a new one existed load.
        given: dict[str, Any] = {name: data[name] for name in _PARAMETER_NAMES if name in data}
        return cls(**given)


_PARAMETER_NAMES = ("on_track", "too_slow", "group_green", "group_red", "min_coverage")
DEFAULT_PARAMETERS = MethodParameters()


def round_value(value: Decimal, decimals: int) -> Decimal:
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # no "-0.0" in output


def round_fraction(value: Fraction, decimals: int) -> Decimal:
    """Round an exact fraction half-up (away from zero) without an inexact division first."""
    scaled = abs(value) * 10**decimals
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    whole += 1 if 2 * rest >= scaled.denominator else 0
    return Decimal(whole if value >= 0 else -whole).scaleb(-decimals)


def jsonable(value: object) -> object:
    if isinstance(value, Text):
        return value.to_dict()
    if isinstance(value, (Decimal, Period, Fraction)):
        return str(value)
    return value  # StrEnum members are already strings; ints, bools and None pass
