"""The overview table as a spreadsheet, and importing one into a draft.

The file layout follows the overview table's columns (focus area, goal, success
criterion, indicator, data source, owning administration, baseline) with the details a
version needs beside each (codes, units, targets, decisions), so an exported file
imported again gives an identical version. One row per indicator and success
criterion: an indicator with two criteria takes two rows that repeat the indicator; a
criterion without an indicator belongs to the goal; a goal without either takes a row of
its own. Focus areas are referred to by code or name and must exist in the draft.

An import replaces the goals, indicators and success criteria of the draft with the
file's, all or nothing: every problem of every row is listed by row and column and
nothing is written if there is one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import delete, select

from barometer import units, validation
from barometer.bilingual import language
from barometer.errors import ImportProblem, ImportRejected
from barometer.models import CatalogueVersion, FocusArea, Goal, Indicator, SuccessCriterion
from barometer.services import catalogue as svc
from core import audit
from core.errors import N_
from core.extensions import db
from core.models import User

# (key, Danish header, English header, width). The first seven are the overview's order.
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("focus_area", "Indsatsområde", "Focus area", 18),
    ("goal_code", "Målkode", "Goal code", 10),
    ("goal", "Mål", "Goal", 40),
    ("goal_en", "Mål (engelsk)", "Goal (English)", 30),
    ("criterion_code", "Succeskriteriekode", "Success criterion code", 14),
    ("success_criterion", "Succeskriterium", "Success criterion", 40),
    ("target_value", "Målværdi", "Target value", 10),
    ("target_period", "Målperiode", "Target period", 10),
    ("decision_reference", "Beslutning", "Decision", 16),
    ("decision_date", "Beslutningsdato", "Decision date", 12),
    ("indicator_code", "Indikatorkode", "Indicator code", 12),
    ("indicator", "Indikator", "Indicator", 45),
    ("indicator_en", "Indikator (engelsk)", "Indicator (English)", 30),
    ("kind", "Type", "Kind", 12),
    ("definition", "Definition", "Definition", 30),
    ("unit", "Enhed", "Unit", 14),
    ("decimals", "Decimaler", "Decimals", 8),
    ("direction", "Ønsket retning", "Desired direction", 10),
    ("min_change", "Mindste betydende ændring", "Minimum meaningful change", 10),
    ("data_source", "Datakilde", "Data source", 30),
    ("owner", "Ansvarlig forvaltning", "Owning administration", 12),
    ("baseline_value", "Udgangspunkt", "Baseline", 10),
    ("baseline_period", "Udgangspunktets periode", "Baseline period", 10),
    ("notes", "Bemærkninger", "Notes", 30),
    ("goal_illustrative", "Illustrativt mål", "Illustrative goal", 8),
    ("illustrative", "Illustrativ indikator", "Illustrative indicator", 8),
    ("criterion_illustrative", "Illustrativt succeskriterium", "Illustrative criterion", 8),
)
KEYS = tuple(c[0] for c in COLUMNS)
REQUIRED_COLUMNS = ("focus_area", "goal_code", "goal", "indicator_code", "indicator")

KIND_WORDS = {
    "effect": "effect", "effekt": "effect", "effektindikator": "effect",
    "activity": "activity", "aktivitet": "activity", "aktivitetsindikator": "activity",
    "benchmark": "benchmark", "sammenligningstal": "benchmark",
}  # fmt: skip
DIRECTION_WORDS = {
    "up": 1, "op": 1, "+1": 1, "1": 1, "higher": 1, "højere": 1, "højere er bedre": 1,
    "down": -1, "ned": -1, "-1": -1, "lower": -1, "lavere": -1, "lavere er bedre": -1,
}  # fmt: skip
TRUE_WORDS = {"1", "true", "yes", "ja", "x", "sand"}
FALSE_WORDS = {"", "0", "false", "no", "nej", "falsk"}


def header(key: str, locale: str) -> str:
    for k, da, en, _ in COLUMNS:
        if k == key:
            return da if language(locale) == "da" else en
    return key


# -- export ------------------------------------------------------------------------------


def _bool(value: bool, locale: str) -> str:
    if language(locale) == "da":
        return "ja" if value else "nej"
    return "yes" if value else "no"


def _dec(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _date_value(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def export_rows(snapshot: Mapping[str, Any], locale: str) -> list[dict[str, Any]]:
    """The version as rows of plain values keyed by column."""
    rows: list[dict[str, Any]] = []
    for area in snapshot["focus_areas"]:
        for goal in area["goals"]:
            base = {
                "focus_area": area["code"],
                "goal_code": goal["code"],
                "goal": goal["text_da"],
                "goal_en": goal["text_en"] or "",
                "goal_illustrative": _bool(goal["illustrative"], locale),
            }
            for c in goal["success_criteria"]:
                rows.append(base | _criterion_cells(c, locale))
            for ind in goal["indicators"]:
                cells = base | _indicator_cells(ind, locale)
                for c in ind["success_criteria"] or [None]:
                    rows.append(cells | (_criterion_cells(c, locale) if c else {}))
            if not goal["success_criteria"] and not goal["indicators"]:
                rows.append(base)
    return [{key: row.get(key, "") for key in KEYS} for row in rows]


def _criterion_cells(c: Mapping[str, Any], locale: str) -> dict[str, Any]:
    return {
        "criterion_code": c["code"],
        "success_criterion": c["text"],
        "target_value": _dec(c["target_value"]),
        "target_period": c["target_period"] or "",
        "decision_reference": c["decision_reference"] or "",
        "decision_date": _date_value(c["decision_date"]),
        "criterion_illustrative": _bool(c["illustrative"], locale),
    }


def _indicator_cells(ind: Mapping[str, Any], locale: str) -> dict[str, Any]:
    return {
        "indicator_code": ind["code"],
        "indicator": ind["name_da"],
        "indicator_en": ind["name_en"] or "",
        "kind": ind["kind"],
        "definition": ind["definition"],
        "unit": ind["unit"],
        "decimals": ind["decimals"],
        "direction": "up" if ind["direction"] == 1 else "down",
        "min_change": _dec(ind["min_change"]),
        "data_source": ind["data_source"],
        "owner": ind["owner"],
        "baseline_value": _dec(ind["baseline_value"]),
        "baseline_period": ind["baseline_period"] or "",
        "notes": ind["notes"],
        "illustrative": _bool(ind["illustrative"], locale),
    }


def export_xlsx(snapshot: Mapping[str, Any], locale: str, title: str) -> bytes:
    """One sheet, the header frozen, sensible column widths, dates as dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([header(key, locale) for key in KEYS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in export_rows(snapshot, locale):
        sheet.append([row[key] if row[key] is not None else None for key in KEYS])
    for index, (_, _, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading files -------------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]
    decimal_comma: bool | None  # None: either, decided per value (spreadsheets)


def read_xlsx(data: bytes) -> Table:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportRejected(
            [ImportProblem(0, "", N_("The file is not a readable XLSX workbook."))]
        ) from None
    sheet = book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    if not rows:
        return Table([], [], None)
    return Table([str(h or "").strip() for h in rows[0]], rows[1:], None)


def read_csv(data: bytes) -> Table:
    """A CSV as Danish spreadsheets write it (``;`` and decimal comma) or with ``,`` and a
    decimal point; UTF-8 with or without a byte-order mark."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([ImportProblem(0, "", N_("The file is not UTF-8 text."))]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return Table([], [], delimiter == ";")
    return Table([h.strip() for h in rows[0]], rows[1:], delimiter == ";")


def read_table(filename: str, data: bytes) -> Table:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return read_csv(data)
    raise ImportRejected([ImportProblem(0, "", N_("Choose an .xlsx or .csv file."))])


# -- parsing values ----------------------------------------------------------------------------


class BadValue(Exception):
    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message, self.params = message, params


_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_decimal(value: Any, decimal_comma: bool | None) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(N_("%(value)s is not a number."), value=value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if decimal_comma is None:
        decimal_comma = "," in text and "." not in text
    if decimal_comma:
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS_DOT.match(text):
            text = text.replace(".", "")
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise BadValue(N_("%(value)s is not a number."), value=value) from None
    if not result.is_finite():
        raise BadValue(N_("%(value)s is not a number."), value=value)
    return result


def parse_int(value: Any, decimal_comma: bool | None) -> int | None:
    number = parse_decimal(value, decimal_comma)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise BadValue(N_("%(value)s is not a whole number."), value=value)
    return int(number)


def parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise BadValue(N_("%(value)s is not a date; write e.g. 14.12.2006."), value=value)


def _word(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value or "").strip().casefold())


def parse_choice(value: Any, words: Mapping[str, Any], message: str) -> Any:
    text = _word(value)
    if text not in words:
        raise BadValue(message, value=value)
    return words[text]


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _word(value)
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise BadValue(N_("%(value)s is not yes or no."), value=value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
    data: svc.CriterionData


@dataclass
class _Indicator:
    data: svc.IndicatorData
    row: int
    criteria: list[_Criterion] = field(default_factory=list)


@dataclass
class _Goal:
    area: FocusArea
    data: svc.GoalData
    criteria: list[_Criterion] = field(default_factory=list)
    indicators: list[_Indicator] = field(default_factory=list)


@dataclass
class Plan:
    """What the file describes, checked; ``problems`` empty means it can be written."""

    goals: dict[str, _Goal] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0


class _RowReader:
    def __init__(
        self,
        plan: Plan,
        number: int,
        values: Mapping[str, Any],
        table: Table,
        labels: Mapping[str, str],
    ) -> None:
        self.plan, self.number, self.values, self.table, self.labels = (
            plan,
            number,
            values,
            table,
            labels,
        )
        self.ok = True

    def problem(self, key: str, message: str, **params: object) -> None:
        self.ok = False
        self.plan.problems.append(
            ImportProblem(self.number, self.labels.get(key, key), message, **params)
        )

    def text(self, key: str) -> str:
        return _text(self.values.get(key))

    def parse(self, key: str, parser: Any, *args: Any) -> Any:
        try:
            return parser(self.values.get(key), *args)
        except BadValue as err:
            self.problem(key, err.message, **err.params)
            return None

    def report(
        self, level: str, problems: Iterable[validation.Problem], skip: set[str] | None = None
    ) -> None:
        """Add the rule problems, except in columns whose value could not be read at all."""
        for p in problems:
            key = _FIELD_COLUMNS[level].get(p.field, p.field)
            if self.labels.get(key, key) not in (skip or set()):
                self.problem(key, p.message, **p.params)


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
                lookup[_word(key)] = area
    return lookup


def plan_import(version: CatalogueVersion, table: Table) -> Plan:
    """Read and check every row; nothing is written here."""
    plan = Plan()
    index = {_word(label): key for key, da, en, _ in COLUMNS for label in (key, da, en)}
    keys: list[str | None] = []
    labels: dict[str, str] = {}
    for position, name in enumerate(table.headers, start=1):
        key = index.get(_word(name))
        keys.append(key)
        if key is None and name:
            plan.problems.append(ImportProblem(1, name, N_("Unknown column %(name)s."), name=name))
        elif key is not None:
            labels[key] = f"{get_column_letter(position)} ({name})"
    for key in REQUIRED_COLUMNS:
        if key not in labels:
            plan.problems.append(
                ImportProblem(
                    1,
                    header(key, "da"),
                    N_("The column %(name)s is missing."),
                    name=f"{header(key, 'da')} / {header(key, 'en')}",
                )
            )
    if plan.problems:
        return plan
    areas = _area_lookup(version)
    owners = set(svc.administrations())
    indicators: dict[str, _Indicator] = {}
    criteria_codes: set[str] = set()
    for number, raw in enumerate(table.rows, start=2):
        values = {k: v for k, v in zip(keys, raw, strict=False) if k is not None}
        if all(_text(v) == "" for v in values.values()):
            continue
        plan.rows += 1
        reader = _RowReader(plan, number, values, table, labels)
        _read_row(reader, plan, areas, owners, indicators, criteria_codes)
    if not plan.rows and not plan.problems:
        plan.problems.append(ImportProblem(0, "", N_("The file has no rows.")))
    return plan


def _read_row(
    r: _RowReader,
    plan: Plan,
    areas: Mapping[str, FocusArea],
    owners: set[str],
    indicators: dict[str, _Indicator],
    criteria_codes: set[str],
) -> None:
    area = areas.get(_word(r.text("focus_area")))
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


def _read_goal(r: _RowReader, plan: Plan, area: FocusArea | None) -> _Goal | None:
    code = r.text("goal_code")
    existing = plan.goals.get(code.casefold()) if code else None
    illustrative = r.parse("goal_illustrative", parse_bool) or False
    data = svc.GoalData(code, r.text("goal"), r.text("goal_en") or None, illustrative)
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
    r.report("goal", problems)
    if problems or area is None:
        return None
    goal = _Goal(area, data)
    plan.goals[code.casefold()] = goal
    return goal


def _read_indicator(
    r: _RowReader, indicators: dict[str, _Indicator], owners: set[str]
) -> _Indicator | None:
    code, name = r.text("indicator_code"), r.text("indicator")
    if not code and not name:
        return None
    comma = r.table.decimal_comma
    seen = len(r.plan.problems)
    kind = r.parse("kind", parse_choice, KIND_WORDS, N_("%(value)s is not a kind of indicator."))
    unit = r.parse("unit", parse_choice, units.WORDS, N_("%(value)s is not a known unit."))
    direction = r.parse(
        "direction",
        parse_choice,
        DIRECTION_WORDS,
        N_("%(value)s is not a direction; write up or down."),
    )
    decimals = r.parse("decimals", parse_int, comma)
    data = svc.IndicatorData(
        code=code, name_da=name, name_en=r.text("indicator_en") or None,
        kind=kind or "", unit=unit or "", decimals=decimals if decimals is not None else -1,
        direction=direction or 0, owner_code=r.text("owner"),
        definition=r.text("definition"), data_source=r.text("data_source"),
        min_change=r.parse("min_change", parse_decimal, comma),
        baseline_value=r.parse("baseline_value", parse_decimal, comma),
        baseline_period=r.text("baseline_period") or None, notes=r.text("notes"),
        illustrative=r.parse("illustrative", parse_bool) or False,
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
    parse_failed = {p.column for p in r.plan.problems[seen:]}
    problems = validation.indicator_problems(
        code=code, taken_codes=(), name_da=data.name_da, name_en=data.name_en, kind=data.kind,
        unit=data.unit, decimals=decimals, direction=direction, owner_code=data.owner_code,
        administrations=owners, data_source=data.data_source, min_change=data.min_change,
        baseline_value=data.baseline_value, baseline_period=data.baseline_period,
    )  # fmt: skip
    r.report("indicator", problems, skip=parse_failed)
    if problems or parse_failed:
        return None
    indicator = _Indicator(data, r.number)
    indicators[code.casefold()] = indicator
    return indicator


def _read_criterion(r: _RowReader, taken: set[str], baseline: str | None) -> _Criterion | None:
    comma = r.table.decimal_comma
    data = svc.CriterionData(
        code=r.text("criterion_code"),
        text=r.text("success_criterion"),
        target_value=r.parse("target_value", parse_decimal, comma),
        target_period=r.text("target_period") or None,
        decision_reference=r.text("decision_reference") or None,
        decision_date=r.parse("decision_date", parse_date),
        illustrative=r.parse("criterion_illustrative", parse_bool) or False,
    )
    problems = validation.criterion_problems(
        code=data.code, taken_codes=taken, text=data.text, target_value=data.target_value,
        target_period=data.target_period, decision_reference=data.decision_reference,
        baseline_period=baseline,
    )  # fmt: skip
    r.report("criterion", problems)
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
    """Replace the draft's goals, indicators and success criteria with the file's."""
    svc.ensure_editable(version)
    plan = plan_import(version, table)
    if plan.problems:
        raise ImportRejected(plan.problems)
    for model in (SuccessCriterion, Indicator, Goal):
        db.session.execute(delete(model).where(model.version_id == version.id))
    db.session.expire_all()
    for goal_plan in plan.goals.values():
        goal = svc.add_goal(goal_plan.area, goal_plan.data, actor=actor, now=now)
        for c in goal_plan.criteria:
            svc.add_criterion(goal, c.data, actor=actor, now=now)
        for ind_plan in goal_plan.indicators:
            indicator = svc.add_indicator(goal, ind_plan.data, actor=actor, now=now)
            for c in ind_plan.criteria:
                svc.add_criterion(indicator, c.data, actor=actor, now=now)
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
    svc.ensure_editable(version)
    return import_table(
        version, read_table(filename, data), actor=actor, now=now, filename=filename
    )


def problems_as_text(problems: Sequence[ImportProblem]) -> list[str]:
    return [f"{p.row}: {p.column}: {p.text()}" for p in problems]
