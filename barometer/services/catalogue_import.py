"""Importing a spreadsheet of the catalogue (:mod:`barometer.catalogue_sheet`) into a draft.

An import replaces the goals, indicators and success criteria of the draft with the
file's, all or nothing: every problem of every row is listed by sheet, row and column and
nothing is written if there is one. Focus areas are referred to by code or name and must
exist in the draft. The breakdown dimensions (the sheet *Opdelinger* and the indicators'
column of that name) are read and written by
:mod:`barometer.services.catalogue_import_dimensions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import delete, select

from barometer import units, validation
from barometer.catalogue_data import CriterionData, GoalData, IndicatorData
from barometer.catalogue_sheet import (
    BREAKDOWN_SHEET,
    COLUMNS,
    DIRECTION_WORDS,
    FREQUENCY_WORDS,
    KIND_WORDS,
    REQUIRED_COLUMNS,
)
from barometer.errors import ImportProblem, ImportRejected
from barometer.models import (
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorBreakdown,
    SuccessCriterion,
)
from barometer.services import breakdowns, catalogue_nodes
from barometer.services import catalogue_import_dimensions as dims
from barometer.services.catalogue_checks import administrations
from barometer.services.catalogue_versions import ensure_editable
from barometer.sheet_rows import RowReader, map_columns
from core import audit
from core.errors import N_
from core.extensions import db
from core.models import User
from core.spreadsheets import (
    SheetLimits,
    Table,
    UnreadableFile,
    cell_text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    read_table,
    word,
)

# -- validating and importing ----------------------------------------------------------------

# Which column a validation problem of each field belongs to.
_FIELD_COLUMNS = {
    "indicator": {
        "code": "indicator_code", "name_da": "indicator", "name_en": "indicator_en",
        "kind": "kind", "unit": "unit", "decimals": "decimals", "direction": "direction",
        "owner": "owner", "min_change": "min_change", "data_source": "data_source",
        "baseline_value": "baseline_value", "baseline_period": "baseline_period",
    },
    "criterion": {
        "code": "criterion_code", "text": "success_criterion", "target_value": "target_value",
        "target_period": "target_period", "decision_reference": "decision_reference",
    },
    "goal": {"code": "goal_code", "text_da": "goal", "text_en": "goal_en"},
}  # fmt: skip


@dataclass
class _Criterion:
    data: CriterionData


@dataclass
class _Indicator:
    data: IndicatorData
    row: int
    criteria: list[_Criterion] = field(default_factory=list)
    dimensions: list[str] | None = None  # None: the file has no column for them


@dataclass
class _Goal:
    area: FocusArea
    data: GoalData
    criteria: list[_Criterion] = field(default_factory=list)
    indicators: list[_Indicator] = field(default_factory=list)


@dataclass
class Plan:
    """What the file describes, checked; ``problems`` empty means it can be written."""

    goals: dict[str, _Goal] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    dimensions: dims.DimensionPlan = field(default_factory=lambda: dims.DimensionPlan(False, []))


def _area_lookup(version: CatalogueVersion) -> dict[str, FocusArea]:
    lookup: dict[str, FocusArea] = {}
    for area in db.session.scalars(select(FocusArea).where(FocusArea.version_id == version.id)):
        for key in (
            area.code,
            area.name_da,
            area.name_en,
            f"{area.number}. {area.name_da}",
            f"{area.number}. {area.name_en}" if area.name_en else None,
        ):
            if key:
                lookup[word(key)] = area
    return lookup


def plan_import(version: CatalogueVersion, table: Table) -> Plan:
    """Read and check every row of both sheets; nothing is written here."""
    plan = Plan()
    columns = map_columns(table, COLUMNS, REQUIRED_COLUMNS, plan.problems, table.title)
    if plan.problems:
        return plan
    draft = {d.code.casefold(): d.code for d in breakdowns.version_dimensions(version.id)}
    plan.dimensions = dims.plan_dimensions(table, draft, plan.problems)
    areas = _area_lookup(version)
    owners = set(administrations())
    indicators: dict[str, _Indicator] = {}
    criteria_codes: set[str] = set()
    for number, raw in table.numbered_rows():
        values = columns.values(raw)
        if all(cell_text(v) == "" for v in values.values()):
            continue
        plan.rows += 1
        reader = RowReader(plan.problems, number, values, table, columns.labels, table.title)
        indicator = _read_row(reader, plan, areas, owners, indicators, criteria_codes)
        if "breakdowns" in columns.present and (reader.text("indicator_code") or indicator):
            _read_choice(reader, plan, indicator)
    if not plan.rows and not plan.problems:
        plan.problems.append(ImportProblem(0, "", N_("The file has no rows.")))
    return plan


def _read_choice(r: RowReader, plan: Plan, indicator: _Indicator | None) -> None:
    codes = dims.read_choice(r, plan.dimensions)
    if indicator is None:
        return
    if indicator.row == r.number:
        indicator.dimensions = codes
    elif indicator.dimensions != codes:
        r.problem(
            "breakdowns",
            N_("The indicator code %(code)s is used twice (first in row %(first)s)."),
            code=indicator.data.code,
            first=indicator.row,
        )


def _read_row(
    r: RowReader,
    plan: Plan,
    areas: Mapping[str, FocusArea],
    owners: set[str],
    indicators: dict[str, _Indicator],
    criteria_codes: set[str],
) -> _Indicator | None:
    area = areas.get(word(r.text("focus_area")))
    if area is None:
        r.problem(
            "focus_area",
            N_("%(value)s is not a focus area of the draft."),
            value=r.text("focus_area") or "–",
        )
    goal = _read_goal(r, plan, area)
    indicator = _read_indicator(r, indicators, owners)  # checked even when the goal is not
    if goal is not None and indicator is not None and indicator.row == r.number:
        goal.indicators.append(indicator)
    if r.text("success_criterion") or r.text("criterion_code"):
        baseline = indicator.data.baseline_period if indicator else None
        criterion = _read_criterion(r, criteria_codes, baseline)
        if criterion is not None and goal is not None:
            has_indicator = r.text("indicator_code") or r.text("indicator")
            (indicator.criteria if has_indicator and indicator else goal.criteria).append(criterion)
    return indicator


def _read_goal(r: RowReader, plan: Plan, area: FocusArea | None) -> _Goal | None:
    code = r.text("goal_code")
    existing = plan.goals.get(code.casefold()) if code else None
    illustrative = r.parse("goal_illustrative", parse_bool) or False
    data = GoalData(code, r.text("goal"), r.text("goal_en") or None, illustrative)
    if existing is not None:
        if r.text("goal") and (existing.data != data or (area and existing.area.id != area.id)):
            r.problem(
                "goal_code",
                N_("The goal code %(code)s is used for two different goals."),
                code=code,
            )
            return None
        return existing
    problems = validation.goal_problems(
        code=code, taken_codes=(), text_da=data.text_da, text_en=data.text_en
    )
    r.report(_FIELD_COLUMNS["goal"], problems)
    if problems or area is None:
        return None
    goal = _Goal(area, data)
    plan.goals[code.casefold()] = goal
    return goal


def _metadata(r: RowReader) -> dict[str, Any]:
    """The indicator's metadata columns (all optional: an older file has none of them)."""
    words = N_("%(value)s is not a frequency; write half-yearly, annual or irregular.")
    return {
        "frequency": r.parse("frequency", parse_choice, FREQUENCY_WORDS, words) or "half_yearly",
        "measured_half": r.parse("measured_half", parse_int, r.table.decimal_comma),
        "data_breaks": r.text("data_breaks"),
        "data_breaks_en": r.text("data_breaks_en") or None,
        "limitations": r.text("limitations"),
        "limitations_en": r.text("limitations_en") or None,
        "contact": r.text("contact"),
        "last_updated": r.parse("last_updated", parse_date),
    }


def _read_indicator(
    r: RowReader, indicators: dict[str, _Indicator], owners: set[str]
) -> _Indicator | None:
    code, name = r.text("indicator_code"), r.text("indicator")
    if not code and not name:
        return None
    comma = r.table.decimal_comma
    seen = len(r.problems)
    kind = r.choice(
        "kind",
        KIND_WORDS,
        N_("%(value)s is not a kind of indicator."),
        N_("Choose effect, activity or benchmark."),
    )
    unit = r.choice(
        "unit", units.WORDS, N_("%(value)s is not a known unit."), N_("Choose the unit.")
    )
    direction = r.choice(
        "direction",
        DIRECTION_WORDS,
        N_("%(value)s is not a direction; write up or down."),
        N_("Choose whether higher or lower is better."),
    )
    decimals = r.parse("decimals", parse_int, comma)
    data = IndicatorData(
        code=code, name_da=name, name_en=r.text("indicator_en") or None,
        kind=kind or "", unit=unit or "", decimals=decimals if decimals is not None else -1,
        direction=direction or 0, owner_code=r.text("owner"),
        definition=r.text("definition"), data_source=r.text("data_source"),
        min_change=r.parse("min_change", parse_decimal, comma),
        baseline_value=r.parse("baseline_value", parse_decimal, comma),
        baseline_period=r.text("baseline_period") or None, notes=r.text("notes"),
        illustrative=r.parse("illustrative", parse_bool) or False, **_metadata(r),
        definition_en=r.text("definition_en") or None,
        data_source_en=r.text("data_source_en") or None,
        notes_en=r.text("notes_en") or None,
    )  # fmt: skip
    existing = indicators.get(code.casefold()) if code else None
    if existing is not None:
        if existing.data != data or not (r.text("success_criterion") or r.text("criterion_code")):
            r.problem(
                "indicator_code",
                N_("The indicator code %(code)s is used twice (first in row %(first)s)."),
                code=code,
                first=existing.row,
            )
            return None
        return existing
    parse_failed = {p.column for p in r.problems[seen:]}
    problems = validation.indicator_problems(
        code=code, taken_codes=(), name_da=data.name_da, name_en=data.name_en, kind=data.kind,
        unit=data.unit, decimals=decimals, direction=direction, owner_code=data.owner_code,
        administrations=owners, data_source=data.data_source, min_change=data.min_change,
        baseline_value=data.baseline_value, baseline_period=data.baseline_period,
    )  # fmt: skip
    problems += validation.metadata_problems(
        frequency=data.frequency, measured_half=data.measured_half,
        data_breaks=data.data_breaks, contact=data.contact, data_breaks_en=data.data_breaks_en,
    )  # fmt: skip
    r.report(_FIELD_COLUMNS["indicator"], problems, skip=parse_failed)
    if problems or parse_failed:
        return None
    indicator = _Indicator(data, r.number)
    indicators[code.casefold()] = indicator
    return indicator


def _read_criterion(r: RowReader, taken: set[str], baseline: str | None) -> _Criterion | None:
    comma = r.table.decimal_comma
    data = CriterionData(
        code=r.text("criterion_code"),
        text=r.text("success_criterion"),
        target_value=r.parse("target_value", parse_decimal, comma),
        target_period=r.text("target_period") or None,
        decision_reference=r.text("decision_reference") or None,
        decision_date=r.parse("decision_date", parse_date),
        illustrative=r.parse("criterion_illustrative", parse_bool) or False,
        text_en=r.text("success_criterion_en") or None,
    )
    problems = validation.criterion_problems(
        code=data.code, taken_codes=taken, text=data.text, target_value=data.target_value,
        target_period=data.target_period, decision_reference=data.decision_reference,
        baseline_period=baseline,
    )  # fmt: skip
    r.report(_FIELD_COLUMNS["criterion"], problems)
    if data.code:
        taken.add(data.code)
    return None if problems else _Criterion(data)


def import_table(
    version: CatalogueVersion,
    table: Table,
    *,
    actor: User | None,
    now: datetime,
    filename: str = "",
) -> Plan:
    """Replace the draft's goals, indicators and success criteria with the file's, and its
    breakdown dimensions with the file's when it has them."""
    ensure_editable(version)
    plan = plan_import(version, table)
    if plan.problems:
        raise ImportRejected(plan.problems)
    kept = {
        code: [d.code for d in ds] for code, ds in breakdowns.version_breakdowns(version.id).items()
    }
    for model in (IndicatorBreakdown, SuccessCriterion, Indicator, Goal):
        db.session.execute(delete(model).where(model.version_id == version.id))
    db.session.expire_all()
    choices: dict[Indicator, list[str]] = {}
    for goal_plan in plan.goals.values():
        goal = catalogue_nodes.add_goal(goal_plan.area, goal_plan.data, actor=actor, now=now)
        for c in goal_plan.criteria:
            catalogue_nodes.add_criterion(goal, c.data, actor=actor, now=now)
        for ind_plan in goal_plan.indicators:
            indicator = catalogue_nodes.add_indicator(goal, ind_plan.data, actor=actor, now=now)
            for c in ind_plan.criteria:
                catalogue_nodes.add_criterion(indicator, c.data, actor=actor, now=now)
            chosen = ind_plan.dimensions
            choices[indicator] = kept.get(indicator.code, []) if chosen is None else chosen
    dims.write_dimensions(version, plan.dimensions, choices, actor=actor, now=now)
    audit.record(
        actor,
        "catalogue.imported",
        version,
        now=now,
        summary=f"{filename}: {plan.rows} rows, {len(plan.goals)} goals",
    )
    return plan


def import_file(
    version: CatalogueVersion, filename: str, data: bytes, *, actor: User | None, now: datetime
) -> Plan:
    ensure_editable(version)
    try:
        table = read_file(filename, data)
    except UnreadableFile as err:
        raise ImportRejected([ImportProblem(0, "", err.message, **err.params)]) from None
    return import_table(version, table, actor=actor, now=now, filename=filename)


def read_file(filename: str, data: bytes) -> Table:
    """The file's first sheet, with its sheet *Opdelinger* (*Breakdowns*) if it has one."""
    limits = SheetLimits.from_config(current_app.config)
    return read_table(filename, data, limits, sheets=BREAKDOWN_SHEET)
