"""The read side of the reading: catalogue rows + measurements -> ``compute_reading``.

A reading is computed for a measurement period against a catalogue version (by default
the latest approved one). Everything is loaded in a constant number of queries - the
version, its focus areas, goals, indicators (with owners), success criteria, the
periods and the measurements of the version's codes - and turned into plain, frozen
values, so templates never touch the database. :func:`load_reading` returns a
:class:`ReadingPage`; its ``reading`` is :class:`barometer.status.Reading`, whose
``to_dict()`` an edition can freeze together with ``catalogue_dict()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from barometer.measurement_import import IndicatorSpec
from barometer.models import (
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    Measurement,
    MeasurementPeriod,
    SuccessCriterion,
    VersionStatus,
)
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
    indicator_status,
)
from core.extensions import db
from core.models import Body


def latest_approved_version() -> CatalogueVersion | None:
    """The approved version with the highest number (the catalogue in force)."""
    return db.session.scalar(
        select(CatalogueVersion)
        .where(CatalogueVersion.status == VersionStatus.APPROVED)
        .order_by(CatalogueVersion.number.desc())
        .limit(1)
    )


def readable_versions() -> list[CatalogueVersion]:
    """The versions that were in force (approved, or approved and then superseded): those a
    reading may be computed against. A consulted draft replaced without approval never was."""
    return list(
        db.session.scalars(
            select(CatalogueVersion)
            .where(
                CatalogueVersion.status != VersionStatus.DRAFT,
                CatalogueVersion.approved_at.is_not(None),
            )
            .order_by(CatalogueVersion.number.desc())
        )
    )


# -- plain values --------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInfo:
    code: str
    text: str
    target_value: Decimal | None
    target_period: str | None
    decision_reference: str | None


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

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da

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
        return self.text_en if locale == "en" and self.text_en else self.text_da


@dataclass(frozen=True)
class AreaInfo:
    code: str
    number: int
    name_da: str
    name_en: str | None
    goals: tuple[GoalInfo, ...]

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da


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


def load_catalogue(version: CatalogueVersion) -> Catalogue:
    """The version's tree in four queries, whatever its size."""
    vid = version.id
    areas = db.session.execute(
        select(FocusArea.id, FocusArea.code, FocusArea.number, FocusArea.name_da, FocusArea.name_en)
        .where(FocusArea.version_id == vid)
        .order_by(FocusArea.number, FocusArea.id)
    ).all()
    goals = db.session.execute(
        select(Goal.id, Goal.focus_area_id, Goal.code, Goal.text_da, Goal.text_en)
        .where(Goal.version_id == vid)
        .order_by(Goal.position, Goal.id)
    ).all()
    indicators = db.session.execute(
        select(Indicator, Body.code, Body.name_da, Body.name_en)
        .join(Body, Indicator.owner_id == Body.id)
        .where(Indicator.version_id == vid)
        .order_by(Indicator.position, Indicator.id)
    ).all()
    criteria: dict[tuple[str, int], list[CriterionInfo]] = defaultdict(list)
    for c in db.session.scalars(
        select(SuccessCriterion)
        .where(SuccessCriterion.version_id == vid)
        .order_by(SuccessCriterion.position, SuccessCriterion.id)
    ):
        key = ("indicator", c.indicator_id) if c.indicator_id else ("goal", c.goal_id or 0)
        criteria[key].append(
            CriterionInfo(c.code, c.text, c.target_value, c.target_period, c.decision_reference)
        )
    goal_codes = {g.id: g.code for g in goals}
    by_goal: dict[int, list[IndicatorInfo]] = defaultdict(list)
    for ind, owner_code, owner_da, owner_en in indicators:
        by_goal[ind.goal_id].append(
            _indicator_info(ind, owner_code, owner_da, owner_en, goal_codes.get(ind.goal_id, ""),
                            tuple(criteria[("indicator", ind.id)]))
        )  # fmt: skip
    by_area: dict[int, list[GoalInfo]] = defaultdict(list)
    for g in goals:
        by_area[g.focus_area_id].append(
            GoalInfo(g.code, g.text_da, g.text_en, tuple(criteria[("goal", g.id)]),
                     tuple(by_goal[g.id]))
        )  # fmt: skip
    return Catalogue(
        version.id,
        version.number,
        version.label,
        str(version.status),
        tuple(
            AreaInfo(a.code, a.number, a.name_da, a.name_en, tuple(by_area[a.id])) for a in areas
        ),
    )


def _indicator_info(
    ind: Indicator,
    owner_code: str,
    owner_da: str,
    owner_en: str,
    goal_code: str,
    criteria: tuple[CriterionInfo, ...],
) -> IndicatorInfo:
    return IndicatorInfo(
        code=ind.code,
        name_da=ind.name_da,
        name_en=ind.name_en,
        definition=ind.definition or "",
        kind=str(ind.kind),
        unit=str(ind.unit),
        decimals=ind.decimals,
        direction=ind.direction,
        min_change=ind.min_change,
        data_source=ind.data_source or "",
        owner_id=ind.owner_id,
        owner_code=owner_code,
        owner_name_da=owner_da,
        owner_name_en=owner_en,
        baseline_value=ind.baseline_value,
        baseline_period=ind.baseline_period,
        illustrative=ind.illustrative,
        goal_code=goal_code,
        criteria=criteria,
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


def load_values(
    codes: Iterable[str] | None, up_to: Period | None = None
) -> dict[str, dict[Period, Value]]:
    """Measurements per code and period (one query); only periods up to ``up_to``."""
    query = select(
        Measurement.indicator_code,
        MeasurementPeriod.code,
        Measurement.value,
        Measurement.note,
        Measurement.provisional,
        Measurement.source,
        Measurement.lock_version,
    ).join(MeasurementPeriod, Measurement.period_id == MeasurementPeriod.id)
    if codes is not None:
        query = query.where(Measurement.indicator_code.in_(list(codes)))
    if up_to is not None:
        # Period codes sort as text in time order ("2007-H1" < "2007-H2" < "2008-H1").
        query = query.where(MeasurementPeriod.code <= str(up_to))
    result: dict[str, dict[Period, Value]] = defaultdict(dict)
    for code, period_code, value, note, provisional, source, lock in db.session.execute(query):
        period = Period.parse(period_code)
        result[code][period] = Value(period, value, note or "", provisional, source or "", lock)
    return result


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


def period_codes() -> list[str]:
    return list(db.session.scalars(select(MeasurementPeriod.code).order_by(MeasurementPeriod.code)))


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


def load_reading(
    period: Period,
    version: CatalogueVersion,
    params: MethodParameters = DEFAULT_PARAMETERS,
) -> ReadingPage:
    catalogue = load_catalogue(version)
    values = load_values([i.code for i in catalogue.indicators()], up_to=period)
    periods = [Period.parse(c) for c in period_codes()]
    return compute(catalogue, values, period, periods, params)


# -- one indicator -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    period: Period
    value: Value | None
    status: IndicatorStatus


def indicator_history(
    info: IndicatorInfo, periods: Sequence[Period], params: MethodParameters = DEFAULT_PARAMETERS
) -> list[HistoryRow]:
    """The indicator's status in every period, oldest first (one query)."""
    values = load_values([info.code]).get(info.code, {})
    data = indicator_input(info, values)
    return [HistoryRow(p, values.get(p), indicator_status(data, p, params)) for p in periods]


def missing_counts(
    specs: Mapping[str, IndicatorSpec], owner_ids: set[int] | None
) -> dict[str, tuple[int, int]]:
    """Per period code: (indicators with a measurement, indicators in all) for the owners."""
    codes = [c for c, s in specs.items() if owner_ids is None or s.owner_id in owner_ids]
    counts = dict(
        db.session.execute(
            select(MeasurementPeriod.code, func.count(Measurement.id))
            .join(Measurement, Measurement.period_id == MeasurementPeriod.id)
            .where(Measurement.indicator_code.in_(codes))
            .group_by(MeasurementPeriod.code)
        ).all()
    )
    return {code: (int(counts.get(code, 0)), len(codes)) for code in period_codes()}
