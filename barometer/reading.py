"""The read side of the reading: catalogue rows + measurements -> ``compute_reading``.

A reading is computed for a measurement period against a catalogue version (by default
the version in force for the period, :mod:`barometer.queries_in_force`). Everything is
loaded in a constant number of queries - the version, its focus areas, goals, indicators
(with owners), success criteria, the periods and the measurements of the version's codes -
and turned into plain, frozen values (:mod:`barometer.reading_values`), so templates never
touch the database.
:func:`load_reading` returns a :class:`ReadingPage`; its ``reading`` is
:class:`barometer.status.Reading`, whose ``to_dict()`` an edition can freeze together with
``catalogue_dict()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select

from barometer import reading_memory
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
from barometer.queries_in_force import periods_in_force, version_in_force
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
            CriterionInfo(
                c.code, c.text, c.target_value, c.target_period, c.decision_reference, c.text_en
            )
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
        data_breaks_en=ind.data_breaks_en,
        limitations_en=ind.limitations_en,
        contact=ind.contact or "",
        last_updated=ind.last_updated,
        definition_en=ind.definition_en,
        data_source_en=ind.data_source_en,
    )


def catalogue_in_force(period: Period) -> Catalogue | None:
    """The catalogue of the version in force for ``period`` (None: no version for it)."""
    version = version_in_force(period)
    return load_catalogue(version) if version is not None else None


def catalogues_in_force() -> dict[str, Catalogue | None]:
    """Every measurement period's code with the catalogue in force for it (each version
    loaded once)."""
    loaded: dict[int, Catalogue] = {}
    result: dict[str, Catalogue | None] = {}
    for code, found in periods_in_force().items():
        if found is None:
            result[code] = None
            continue
        if found.number not in loaded:
            version = db.session.scalar(
                select(CatalogueVersion).where(CatalogueVersion.number == found.number)
            )
            if version is None:  # pragma: no cover - the rule only names existing versions
                result[code] = None
                continue
            loaded[found.number] = load_catalogue(version)
        result[code] = loaded[found.number]
    return result


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
        Measurement.note_en,
        Measurement.source_en,
    ).join(MeasurementPeriod, Measurement.period_id == MeasurementPeriod.id)
    if codes is not None:
        query = query.where(Measurement.indicator_code.in_(list(codes)))
    if up_to is not None:
        # Period codes sort as text in time order ("2007-H1" < "2007-H2" < "2008-H1").
        query = query.where(MeasurementPeriod.code <= str(up_to))
    result: dict[str, dict[Period, Value]] = defaultdict(dict)
    for (
        code,
        period_code,
        value,
        note,
        provisional,
        source,
        lock,
        note_en,
        source_en,
    ) in db.session.execute(query):
        period = Period.parse(period_code)
        result[code][period] = Value(
            period, value, note or "", provisional, source or "", lock, note_en or "",
            source_en or "",
        )  # fmt: skip
    return result


# -- the reading page ----------------------------------------------------------------------


def period_codes() -> list[str]:
    return list(db.session.scalars(select(MeasurementPeriod.code).order_by(MeasurementPeriod.code)))


def load_reading(
    period: Period,
    version: CatalogueVersion,
    params: MethodParameters = DEFAULT_PARAMETERS,
) -> ReadingPage:
    """The reading of ``period`` on ``version``; kept per process while nothing it is
    computed from changes (:mod:`barometer.reading_memory`)."""

    def make() -> ReadingPage:
        catalogue = load_catalogue(version)
        values = load_values([i.code for i in catalogue.indicators()], up_to=period)
        periods = [Period.parse(c) for c in period_codes()]
        return compute(catalogue, values, period, periods, params)

    return reading_memory.remembered(period, version.id, params, make)


# -- one indicator -------------------------------------------------------------------------


def indicator_history(
    info: IndicatorInfo, periods: Sequence[Period], params: MethodParameters = DEFAULT_PARAMETERS
) -> list[HistoryRow]:
    """The indicator's status in every period, oldest first (one query)."""
    values = load_values([info.code]).get(info.code, {})
    data = indicator_input(info, values)
    return [HistoryRow(p, values.get(p), indicator_status(data, p, params)) for p in periods]


def missing_counts(
    specs_by_period: Mapping[str, Mapping[str, IndicatorSpec]], owner_ids: set[int] | None
) -> dict[str, tuple[int, int]]:
    """Per period code: (indicators with a measurement, indicators in all) for the owners,
    each period counted on its own catalogue (the version in force for it)."""
    wanted = {
        period: [c for c, s in specs.items() if owner_ids is None or s.owner_id in owner_ids]
        for period, specs in specs_by_period.items()
    }
    every_code = sorted({c for codes in wanted.values() for c in codes})
    measured: dict[str, set[str]] = defaultdict(set)
    for period, code in db.session.execute(
        select(MeasurementPeriod.code, Measurement.indicator_code)
        .join(Measurement, Measurement.period_id == MeasurementPeriod.id)
        .where(Measurement.indicator_code.in_(every_code))
    ):
        measured[period].add(code)
    return {
        period: (len(measured[period] & set(codes)), len(codes)) for period, codes in wanted.items()
    }
