"""The read side of the reading: catalogue rows + measurements -> ``compute_reading``.

A reading is computed for a measurement period against a catalogue version (by default
the latest approved one). Everything is loaded in a constant number of queries - the
version, its focus areas, goals, indicators (with owners), success criteria, the
periods and the measurements of the version's codes - and turned into plain, frozen
values (:mod:`barometer.reading_values`), so templates never touch the database.
:func:`load_reading` returns a :class:`ReadingPage`; its ``reading`` is
:class:`barometer.status.Reading`, whose ``to_dict()`` an edition can freeze together with
``catalogue_dict()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

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
from barometer.reading_values import (
    AreaInfo,
    Catalogue,
    CriterionInfo,
    GoalInfo,
    HistoryRow,
    IndicatorInfo,
    ReadingPage,
    Value,
    compute,
    indicator_input,
)
from barometer.status import DEFAULT_PARAMETERS, MethodParameters, indicator_status
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
        frequency=ind.frequency or "half_yearly",
        measured_half=ind.measured_half,
        data_breaks=ind.data_breaks or "",
        limitations=ind.limitations or "",
        contact=ind.contact or "",
        last_updated=ind.last_updated,
    )


# -- measurements --------------------------------------------------------------------------


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


# -- the reading page ----------------------------------------------------------------------


def period_codes() -> list[str]:
    return list(db.session.scalars(select(MeasurementPeriod.code).order_by(MeasurementPeriod.code)))


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
