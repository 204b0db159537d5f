"""The reading as plain values: a catalogue version's tree, its measurements, and the
pure computation of a reading page from them (:func:`compute`, no queries). Frozen values,
so templates and editions never touch the database; :mod:`barometer.reading` loads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from barometer.bilingual import pick
from barometer.frequency import Cycle, Metadata, breaks_by_period
from barometer.measurement_import import IndicatorSpec
from barometer.period import Period
from barometer.status import (
    DEFAULT_PARAMETERS,
    Criterion,
    GroupReading,
    IndicatorInput,
    IndicatorStatus,
    Kind,
    MethodParameters,
    Reading,
    Structure,
    compute_reading,
)

# -- the catalogue -------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInfo:
    code: str
    text: str
    target_value: Decimal | None
    target_period: str | None
    decision_reference: str | None
    text_en: str | None = None

    def shown(self, locale: str = "da") -> str:
        """The text in the page's language (the Danish one marked on an English page)."""
        return pick(self.text, self.text_en, locale)


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name_da: str
    name_en: str | None
    definition: str
    kind: str
    unit: str
    decimals: int
    direction: int
    min_change: Decimal | None
    data_source: str
    owner_id: int
    owner_code: str
    owner_name_da: str
    owner_name_en: str
    baseline_value: Decimal | None
    baseline_period: str | None
    illustrative: bool
    goal_code: str
    criteria: tuple[CriterionInfo, ...] = ()
    frequency: str = "half_yearly"
    measured_half: int | None = None
    data_breaks: str = ""
    limitations: str = ""
    data_breaks_en: str | None = None
    limitations_en: str | None = None
    contact: str = ""
    last_updated: date | None = None
    definition_en: str | None = None
    data_source_en: str | None = None

    @property
    def cycle(self) -> Cycle:
        return Cycle.of(self.frequency, self.measured_half)

    @property
    def breaks(self) -> Mapping[Period, str]:
        return breaks_by_period(self.data_breaks)

    @property
    def breaks_en(self) -> Mapping[Period, str]:
        return breaks_by_period(self.data_breaks_en)

    def metadata(self, period: Period, locale: str = "da") -> Metadata:
        return Metadata.of(vars(self), period, locale)

    def name(self, locale: str = "da") -> str:
        return pick(self.name_da, self.name_en, locale)

    def owner_name(self, locale: str = "da") -> str:
        return self.owner_name_en if locale == "en" and self.owner_name_en else self.owner_name_da

    @property
    def criterion(self) -> Criterion | None:
        """The first success criterion with a target value and period (the one measured)."""
        for c in self.criteria:
            if c.target_value is not None and c.target_period:
                try:
                    return Criterion(c.target_value, Period.parse(c.target_period))
                except ValueError:
                    continue
        return None

    def spec(self) -> IndicatorSpec:
        return IndicatorSpec(
            self.code,
            self.name_da,
            self.name_en,
            self.unit,
            self.decimals,
            self.owner_id,
            self.owner_code,
            self.kind,
        )


@dataclass(frozen=True)
class GoalInfo:
    code: str
    text_da: str
    text_en: str | None
    criteria: tuple[CriterionInfo, ...]
    indicators: tuple[IndicatorInfo, ...]

    def text(self, locale: str = "da") -> str:
        return pick(self.text_da, self.text_en, locale)


@dataclass(frozen=True)
class AreaInfo:
    code: str
    number: int
    name_da: str
    name_en: str | None
    goals: tuple[GoalInfo, ...]

    def name(self, locale: str = "da") -> str:
        return pick(self.name_da, self.name_en, locale)


@dataclass(frozen=True)
class Catalogue:
    """A version's tree as plain values."""

    version_id: int
    number: int
    label: str
    status: str
    areas: tuple[AreaInfo, ...]

    def indicators(self) -> list[IndicatorInfo]:
        return [i for a in self.areas for g in a.goals for i in g.indicators]

    def indicator(self, code: str) -> IndicatorInfo | None:
        return next((i for i in self.indicators() if i.code == code), None)

    def specs(self) -> dict[str, IndicatorSpec]:
        return {i.code: i.spec() for i in self.indicators()}

    def structure(self) -> Structure:
        return Structure(
            [
                (a.code, [(g.code, [i.code for i in g.indicators]) for g in a.goals])
                for a in self.areas
            ]
        )


# -- measurements --------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One measurement as the reading sees it."""

    period: Period
    value: Decimal | None
    note: str
    provisional: bool
    source: str
    lock_version: int
    note_en: str = ""
    source_en: str = ""


def indicator_input(info: IndicatorInfo, values: Mapping[Period, Value]) -> IndicatorInput:
    baseline_period = None
    if info.baseline_period:
        try:
            baseline_period = Period.parse(info.baseline_period)
        except ValueError:
            baseline_period = None
    return IndicatorInput(
        code=info.code,
        kind=Kind(info.kind),
        direction=info.direction,
        decimals=info.decimals,
        unit=info.unit,
        baseline_value=info.baseline_value if baseline_period else None,
        baseline_period=baseline_period if info.baseline_value is not None else None,
        values={p: v.value for p, v in values.items() if v.value is not None},
        missing_reasons={p: v.note for p, v in values.items() if v.value is None and v.note},
        min_change=info.min_change,
        criterion=info.criterion,
        cycle=info.cycle,
        breaks=info.breaks,
        breaks_en=info.breaks_en,
    )


# -- the reading page ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    info: IndicatorInfo
    status: IndicatorStatus
    current: Value | None
    history: tuple[tuple[Period, Decimal | None], ...]  # every period up to the reading's


@dataclass(frozen=True)
class GoalBlock:
    info: GoalInfo
    reading: GroupReading
    lines: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class AreaBlock:
    info: AreaInfo
    reading: GroupReading
    goals: tuple[GoalBlock, ...]


@dataclass(frozen=True)
class ReadingPage:
    period: Period
    catalogue: Catalogue
    reading: Reading
    areas: tuple[AreaBlock, ...]
    periods: tuple[Period, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalogue_version": self.catalogue.number,
            **self.reading.to_dict(),
        }


def compute(
    catalogue: Catalogue,
    values: Mapping[str, Mapping[Period, Value]],
    period: Period,
    periods: Sequence[Period],
    params: MethodParameters = DEFAULT_PARAMETERS,
) -> ReadingPage:
    """The pure part: plain catalogue + values -> the page's values (no queries)."""
    inputs = {i.code: indicator_input(i, values.get(i.code, {})) for i in catalogue.indicators()}
    reading = compute_reading(catalogue.structure(), inputs, period, params)
    shown = tuple(p for p in periods if p <= period)

    def line(info: IndicatorInfo) -> IndicatorLine:
        own = values.get(info.code, {})
        history = tuple((p, own[p].value if p in own else None) for p in shown)
        return IndicatorLine(info, reading.indicators[info.code], own.get(period), history)

    areas = tuple(
        AreaBlock(
            a,
            reading.focus_areas[a.code],
            tuple(
                GoalBlock(g, reading.goals[g.code], tuple(line(i) for i in g.indicators))
                for g in a.goals
            ),
        )
        for a in catalogue.areas
    )
    return ReadingPage(period, catalogue, reading, areas, tuple(periods))


@dataclass(frozen=True)
class HistoryRow:
    period: Period
    value: Value | None
    status: IndicatorStatus
