"""The barometer's default status method (domain.md, "The reading").

Pure computation: no Flask, no database. Given each indicator's measurements, baseline
and success criterion, it gives per indicator a movement colour, a colour since the
baseline and a progress class towards the criterion, each with a plain-language
explanation, and rolls the colours up per goal, focus area and the whole barometer.

All values are ``Decimal``, rounded half-up to the indicator's decimals before any
comparison, so the colour shown agrees with the numbers printed. Ratios that decide a
class (progress ratio, roll-up score) are compared as exact fractions and only rounded
for display. The barometer is not an evaluation: see :data:`NOT_AN_EVALUATION`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from barometer import status_text as txt
from barometer import units
from barometer.period import Period
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


class Colour(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"  # no value for the period
    FIRST = "first"  # first measurement: nothing to compare with, so no colour


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


@dataclass(frozen=True)
class Criterion:
    target_value: Decimal
    target_period: Period


@dataclass(frozen=True)
class IndicatorInput:
    code: str
    kind: Kind
    direction: int  # +1: higher is better, -1: lower is better
    decimals: int
    unit: str  # one of barometer.units.Unit
    baseline_value: Decimal | None
    baseline_period: Period | None
    values: Mapping[Period, Decimal]
    missing_reasons: Mapping[Period, str] = field(default_factory=dict)
    min_change: Decimal | None = None  # default: one unit of the last decimal
    criterion: Criterion | None = None

    def __post_init__(self) -> None:
        if self.direction not in (1, -1):
            raise ValueError(f"{self.code}: direction must be +1 or -1")
        if self.decimals < 0:
            raise ValueError(f"{self.code}: decimals must not be negative")
        if not units.is_unit(self.unit):
            raise ValueError(f"{self.code}: unknown unit {self.unit!r}")
        if self.min_change is not None and not self.min_change > 0:
            raise ValueError(f"{self.code}: min_change must be positive")

    @property
    def minimum_change(self) -> Decimal:
        return self.min_change if self.min_change is not None else Decimal(1).scaleb(-self.decimals)

    @property
    def style(self) -> txt.Style:
        return txt.Style(self.unit, self.decimals, self.direction)

    def rounded(self, value: Decimal) -> Decimal:
        return round_value(value, self.decimals)


def round_value(value: Decimal, decimals: int) -> Decimal:
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # no "-0.0" in output


def round_fraction(value: Fraction, decimals: int) -> Decimal:
    """Round an exact fraction half-up (away from zero) without an inexact division first."""
    scaled = abs(value) * 10**decimals
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    whole += 1 if 2 * rest >= scaled.denominator else 0
    return Decimal(whole if value >= 0 else -whole).scaleb(-decimals)


def classify_change(change: Decimal, direction: int, min_change: Decimal) -> Colour:
    """A change smaller than the minimum is yellow; one exactly at the minimum counts."""
    if abs(change) < min_change or change == 0:
        return Colour.YELLOW
    return Colour.GREEN if direction * change > 0 else Colour.RED


@dataclass(frozen=True)
class IndicatorStatus:
    code: str
    kind: Kind
    period: Period
    value: Decimal | None
    previous_value: Decimal | None  # the baseline value when compared with the baseline
    previous_period: Period | None  # None when compared with the baseline or nothing
    compared_with_baseline: bool
    movement: Colour
    change: Decimal | None
    since_baseline: Colour
    change_since_baseline: Decimal | None
    progress: Progress
    progress_ratio: Decimal | None  # rounded to 4 decimals, for display only
    expected_value: Decimal | None  # on the straight path, rounded to the indicator's decimals
    movement_text: Text
    since_baseline_text: Text
    progress_text: Text

    def to_dict(self) -> dict[str, Any]:
        return {name: _jsonable(getattr(self, name)) for name in self.__dataclass_fields__}


def _jsonable(value: object) -> object:
    if isinstance(value, Text):
        return value.to_dict()
    if isinstance(value, (Decimal, Period, Fraction)):
        return str(value)
    return value  # StrEnum members are already strings; ints, bools and None pass


@dataclass(frozen=True)
class _Basis:
    """The earlier value a comparison is made with."""

    value: Decimal
    period: Period
    is_baseline: bool


@dataclass(frozen=True)
class _Outcome:
    colour: Colour
    change: Decimal | None
    text: Text
    basis: _Basis | None = None


def _baseline(indicator: IndicatorInput, period: Period) -> _Basis | None:
    """The baseline, usable only once its period lies before ``period``."""
    value, at = indicator.baseline_value, indicator.baseline_period
    if value is None or at is None or not at < period:
        return None
    return _Basis(indicator.rounded(value), at, is_baseline=True)


def _previous(indicator: IndicatorInput, period: Period) -> _Basis | None:
    """The latest earlier measured value; an annual indicator skips its empty half-years.

    The baseline counts as a value at its own period, so it is used when nothing was
    measured after it (normally: no earlier measurement at all). A measurement in the
    baseline's own period wins over the baseline figure.
    """
    earlier = [p for p, v in indicator.values.items() if p < period and v is not None]
    measured = max(earlier, default=None)
    baseline = _baseline(indicator, period)
    if baseline is not None and (measured is None or measured < baseline.period):
        return baseline
    if measured is None:
        return None
    return _Basis(indicator.rounded(indicator.values[measured]), measured, is_baseline=False)


def _value(indicator: IndicatorInput, period: Period) -> Decimal | None:
    value = indicator.values.get(period)
    return None if value is None else indicator.rounded(value)


def _grey(indicator: IndicatorInput, period: Period) -> Text:
    return txt.no_value_text(period.label_text(), indicator.missing_reasons.get(period))


def _movement(indicator: IndicatorInput, period: Period, value: Decimal | None) -> _Outcome:
    if value is None:
        return _Outcome(Colour.GREY, None, _grey(indicator, period))
    basis = _previous(indicator, period)
    if basis is None:
        return _Outcome(Colour.FIRST, None, txt.first_text(indicator.style, value))
    change = value - basis.value
    colour = classify_change(change, indicator.direction, indicator.minimum_change)
    # Name the earlier period only when it is not simply the half-year before.
    named = basis.is_baseline or basis.period != period.previous()
    comparison = txt.Comparison(
        basis.value,
        value,
        colour.value,
        indicator.minimum_change,
        basis.period.label_text() if named else None,
        basis.is_baseline,
    )
    return _Outcome(colour, change, txt.comparison_text(indicator.style, comparison), basis)


def _since_baseline(indicator: IndicatorInput, period: Period, value: Decimal | None) -> _Outcome:
    if value is None:
        return _Outcome(Colour.GREY, None, _grey(indicator, period))
    basis = _baseline(indicator, period)
    if basis is None:
        at = indicator.baseline_period
        if indicator.baseline_value is None or at is None:
            return _Outcome(Colour.FIRST, None, txt.phrase_text("no_baseline"))
        # At (or before) the baseline period there is nothing to compare with yet.
        return _Outcome(
            Colour.FIRST, None, txt.phrase_text("baseline_ahead", label=at.label_text())
        )
    change = value - basis.value
    colour = classify_change(change, indicator.direction, indicator.minimum_change)
    comparison = txt.Comparison(basis.value, value, colour.value, indicator.minimum_change)
    text = txt.since_baseline_text(indicator.style, comparison, basis.period.label_text())
    return _Outcome(colour, change, text)


@dataclass(frozen=True)
class _Path:
    """Where the straight path from the baseline to the target stands at period t."""

    expected: Fraction
    ratio: Fraction
    baseline: Decimal
    baseline_period: Period
    target_passed: bool


def _path(
    indicator: IndicatorInput, target: Decimal, due: Period, period: Period, value: Decimal
) -> _Path | str:
    """The path at ``period``, or the phrase key saying why there is none."""
    v0, at = indicator.baseline_value, indicator.baseline_period
    if v0 is None or at is None:
        return "ratio_no_baseline"
    if not at < period:  # E(t) = v0 at t0; before t0 the path means nothing either
        return "ratio_at_baseline"
    base, t0, t_target = indicator.rounded(v0), Fraction(at.fraction), Fraction(due.fraction)
    # Share of the way along the path: t is clamped to the target date, so after it the
    # path stays at T (the target is then simply due). A target dated at or before the
    # baseline is due at once.
    elapsed = Fraction(1)
    if t_target > t0:
        elapsed = min(elapsed, (Fraction(period.fraction) - t0) / (t_target - t0))
    expected = Fraction(base) + (Fraction(target) - Fraction(base)) * elapsed
    if expected == base:
        return "ratio_flat"
    ratio = (Fraction(value) - Fraction(base)) / (expected - Fraction(base))
    return _Path(expected, ratio, base, at, period > due)


def classify_progress(ratio: Fraction, params: MethodParameters = DEFAULT_PARAMETERS) -> Progress:
    """Compare the exact ratio, so that e.g. P = 0.95 is on track however it was reached."""
    if ratio >= Fraction(params.on_track):
        return Progress.ON_TRACK
    if ratio >= Fraction(params.too_slow):
        return Progress.TOO_SLOW
    return Progress.LIMITED if ratio >= 0 else Progress.MOVING_AWAY


@dataclass(frozen=True)
class _ProgressOutcome:
    progress: Progress
    text: Text
    ratio: Decimal | None = None
    expected: Decimal | None = None


def _shown(path: _Path | str, decimals: int) -> tuple[Decimal | None, Decimal | None]:
    """The ratio (4 decimals) and expected value (indicator's decimals) for display."""
    if isinstance(path, str):
        return None, None
    return round_fraction(path.ratio, 4), round_fraction(path.expected, decimals)


def _progress(
    indicator: IndicatorInput,
    period: Period,
    value: Decimal | None,
    movement: Colour,
    params: MethodParameters,
) -> _ProgressOutcome:
    criterion = indicator.criterion
    if criterion is None:
        return _ProgressOutcome(Progress.NO_CRITERION, txt.phrase_text("no_criterion"))
    if value is None:
        return _ProgressOutcome(Progress.NO_DATA, _grey(indicator, period))
    # The target is a value like any other: rounded, so "met" agrees with what is printed.
    goal = indicator.rounded(criterion.target_value)
    target = txt.Target(indicator.style, goal, criterion.target_period.label_text())
    path = _path(indicator, goal, criterion.target_period, period, value)
    ratio, expected = _shown(path, indicator.decimals)
    if indicator.direction * (value - goal) >= 0:  # met overrides the ratio classes
        slipping = movement == Colour.RED
        met = Progress.MET_BUT_SLIPPING if slipping else Progress.TARGET_MET
        return _ProgressOutcome(met, txt.target_met_text(target, value, slipping), ratio, expected)
    if isinstance(path, str):
        at = indicator.baseline_period
        why = txt.no_ratio_text(path, target, at.label_text() if at else None)
        return _ProgressOutcome(Progress.NO_RATIO, why)
    return _on_path(target, path, value, params, indicator.decimals)


def _on_path(
    target: txt.Target, path: _Path, value: Decimal, params: MethodParameters, decimals: int
) -> _ProgressOutcome:
    """Classify by the progress ratio; the text shows the rounded figures behind it."""
    progress = classify_progress(path.ratio, params)
    ratio, expected = round_fraction(path.ratio, 4), round_fraction(path.expected, decimals)
    facts = txt.PathFacts(
        target=target,
        baseline=path.baseline,
        baseline_label=path.baseline_period.label_text(),
        expected=expected,
        value=value,
        ratio=ratio,
        progress=progress.value,
        target_passed=path.target_passed,
    )
    return _ProgressOutcome(progress, txt.path_text(facts), ratio, expected)


def indicator_status(
    indicator: IndicatorInput, period: Period, params: MethodParameters = DEFAULT_PARAMETERS
) -> IndicatorStatus:
    value = _value(indicator, period)
    movement = _movement(indicator, period, value)
    since = _since_baseline(indicator, period, value)
    progress = _progress(indicator, period, value, movement.colour, params)
    basis = movement.basis
    return IndicatorStatus(
        code=indicator.code,
        kind=indicator.kind,
        period=period,
        value=value,
        previous_value=basis.value if basis else None,
        previous_period=None if basis is None or basis.is_baseline else basis.period,
        compared_with_baseline=basis is not None and basis.is_baseline,
        movement=movement.colour,
        change=movement.change,
        since_baseline=since.colour,
        change_since_baseline=since.change,
        progress=progress.progress,
        progress_ratio=progress.ratio,
        expected_value=progress.expected,
        movement_text=movement.text,
        since_baseline_text=since.text,
        progress_text=progress.text,
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

    def to_dict(self) -> dict[str, Any]:
        return {name: _jsonable(getattr(self, name)) for name in self.__dataclass_fields__}


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
    colours = [s.movement for s in statuses if s.kind != Kind.BENCHMARK]
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
