"""One indicator's status for a period: its movement since the previous value, its colour
since the baseline and its progress towards the success criterion, each with the sentence
that explains it (:mod:`barometer.status_text`). Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from barometer import metadata_text as meta
from barometer import status_text as txt
from barometer import units
from barometer.bilingual import Text
from barometer.frequency import Cycle
from barometer.period import Period
from barometer.status_method import (
    DEFAULT_PARAMETERS,
    Colour,
    Kind,
    MethodParameters,
    Progress,
    jsonable,
    round_fraction,
    round_value,
)


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
    cycle: Cycle = field(default_factory=Cycle)  # annual, irregular: not due every half
    breaks: Mapping[Period, str] = field(default_factory=dict)  # data break: what changed
    breaks_en: Mapping[Period, str] = field(default_factory=dict)  # the same, in English

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
    due: bool = True  # False: off-cycle, no value expected, counted nowhere
    target_outcome: str | None = None  # at or after the target date: "met" or "missed"
    target_text: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: jsonable(getattr(self, name)) for name in self.__dataclass_fields__}


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


def _off_cycle(indicator: IndicatorInput, period: Period, value: Decimal | None) -> bool:
    return value is None and not indicator.cycle.is_due(period)


def _off_cycle_outcome(indicator: IndicatorInput, period: Period) -> _Outcome:
    text = meta.off_cycle_text(indicator.cycle.measured_half, period.label_text())
    return _Outcome(Colour.OFF_CYCLE, None, text)


def _break_between(indicator: IndicatorInput, basis: _Basis, period: Period) -> _Outcome | None:
    """Not comparable when a data break lies after the basis, up to ``period``."""
    crossed = [p for p in indicator.breaks if basis.period < p <= period]
    if not crossed:
        return None
    at = max(crossed)
    facts = meta.BreakFacts(
        indicator.style,
        basis.value,
        basis.period.label_text(),
        at.label_text(),
        indicator.breaks[at],
        indicator.breaks_en.get(at),
    )
    return _Outcome(Colour.NOT_COMPARABLE, None, meta.not_comparable_text(facts), basis)


def _movement(indicator: IndicatorInput, period: Period, value: Decimal | None) -> _Outcome:
    if _off_cycle(indicator, period, value):
        return _off_cycle_outcome(indicator, period)
    if value is None:
        return _Outcome(Colour.GREY, None, _grey(indicator, period))
    basis = _previous(indicator, period)
    if basis is None:
        return _Outcome(Colour.FIRST, None, txt.first_text(indicator.style, value))
    broken = _break_between(indicator, basis, period)
    if broken is not None:
        return broken
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
    if _off_cycle(indicator, period, value):
        return _off_cycle_outcome(indicator, period)
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
    broken = _break_between(indicator, basis, period)
    if broken is not None:
        return broken
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
    if _off_cycle(indicator, period, value):
        return _ProgressOutcome(Progress.OFF_CYCLE, _off_cycle_outcome(indicator, period).text)
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


def _due_label(due: Period) -> Text:
    """ "2010" for a target by the end of a year, else the half-year's label."""
    return Text(da=str(due.year), en=str(due.year)) if due.half == 2 else due.label_text()


def _target_outcome(
    indicator: IndicatorInput, period: Period, value: Decimal | None
) -> tuple[str | None, Text | None]:
    """At or after the target period the target was met or missed; before it, nothing."""
    criterion = indicator.criterion
    if criterion is None or value is None or period < criterion.target_period:
        return None, None
    goal = indicator.rounded(criterion.target_value)
    met = indicator.direction * (value - goal) >= 0
    due = _due_label(criterion.target_period)
    text = meta.target_outcome_text(indicator.style, due, value, goal, met)
    return ("met" if met else "missed"), text


def indicator_status(
    indicator: IndicatorInput, period: Period, params: MethodParameters = DEFAULT_PARAMETERS
) -> IndicatorStatus:
    value = _value(indicator, period)
    movement = _movement(indicator, period, value)
    since = _since_baseline(indicator, period, value)
    progress = _progress(indicator, period, value, movement.colour, params)
    outcome, outcome_text = _target_outcome(indicator, period, value)
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
        due=movement.colour != Colour.OFF_CYCLE,
        target_outcome=outcome,
        target_text=outcome_text,
    )
