"""Category values in tidy layout: checking entries, reading a file, writing the template.

One row per indicator, period, dimension and category (the tidy layout). Files are XLSX or
CSV, ``;``-separated with a decimal comma (the Danish dialect) or ``,``-separated with a
decimal point, read by :mod:`core.spreadsheets`; headers may be Danish or English. A value
may be left empty when the row is *suppressed* (a discretion rule, with the reason, e.g.
"færre end 5") or missing with the reason why. Every problem is named by row and column,
and :func:`plan_category_entries` checks all rows before anything is written, so an import
is all or nothing. Pure: plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barometer.errors import ImportProblem, ImportRejected
from barometer.measurement_import import IndicatorSpec, value_problems
from barometer.period import Period
from core.errors import N_
from core.spreadsheets import (
    DEFAULT_LIMITS,
    BadValue,
    SheetLimits,
    Table,
    UnreadableFile,
    cell_text,
    parse_bool,
    parse_decimal,
    read_table,
    write_csv,
    write_xlsx,
)

MAX_REASON = 300

# (key, Danish header, English header, width)
COLUMNS: tuple[tuple[str, str, str, int], ...] = (
    ("period", "Periode", "Period", 10),
    ("code", "Indikatorkode", "Indicator code", 14),
    ("name", "Indikator", "Indicator", 50),
    ("dimension", "Dimension", "Dimension", 14),
    ("category", "Kategori", "Category", 14),
    ("category_name", "Kategorinavn", "Category name", 30),
    ("value", "Værdi", "Value", 12),
    ("suppressed", "Diskretioneret", "Suppressed", 12),
    ("reason", "Begrundelse", "Reason", 30),
)
KEYS = tuple(c[0] for c in COLUMNS)
REQUIRED = ("period", "code", "dimension", "category", "value")
_HEADER_KEYS = {h.casefold(): key for key, da, en, _ in COLUMNS for h in (da, en, key)}


@dataclass(frozen=True)
class CategoryEntry:
    """One category value to save, from a form field or a file row (row 0: the form)."""

    code: str
    dimension: str
    category: str
    value: Decimal | None
    suppressed: bool = False
    reason: str = ""
    row: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return self.code, self.dimension, self.category

    @property
    def empty(self) -> bool:
        return self.value is None and not self.suppressed and not self.reason.strip()


def header(key: str, locale: str) -> str:
    return next((en if locale == "en" else da for k, da, en, _ in COLUMNS if k == key), key)


def entry_problems(
    entry: CategoryEntry, spec: IndicatorSpec
) -> list[tuple[str, str, dict[str, Any]]]:
    """(column, message, params) for each problem of one entry's value and reason."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    if len(entry.reason) > MAX_REASON:
        found.append(("reason", N_("At most %(max)s characters."), {"max": MAX_REASON}))
    if entry.suppressed and entry.value is not None:
        found.append(("value", N_("A suppressed value has no number: leave the value empty."), {}))
    if entry.value is None and not entry.reason.strip():
        if entry.suppressed:
            found.append(
                ("reason", N_("Give the reason for the suppression, e.g. the discretion rule."), {})
            )
        else:
            found.append(("value", N_("Give a value, or a reason saying why there is none."), {}))
    if entry.value is not None:
        found += [("value", m, p) for m, p in value_problems(entry.value, spec.unit, spec.decimals)]
    return found


def plan_category_entries(
    entries: Iterable[CategoryEntry],
    specs: Mapping[str, IndicatorSpec],
    categories: Mapping[str, Mapping[str, Sequence[str]]],
    allowed_owner_ids: Iterable[int] | None = None,
) -> list[ImportProblem]:
    """Every problem of the entries (empty: they may be saved).

    ``categories``: per indicator code, per chosen dimension code, its category codes.
    ``allowed_owner_ids``: the administrations whose values the actor enters (None: all).
    """
    allowed = None if allowed_owner_ids is None else set(allowed_owner_ids)
    problems: list[ImportProblem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for e in entries:
        spec = specs.get(e.code)
        if spec is None:
            problems.append(
                ImportProblem(e.row, "code", N_("Unknown indicator code %(code)s."), code=e.code)
            )
            continue
        if allowed is not None and spec.owner_id not in allowed:
            problems.append(
                ImportProblem(
                    e.row,
                    "code",
                    N_("%(code)s belongs to %(owner)s: only its data contacts enter its values."),
                    code=e.code,
                    owner=spec.owner_code,
                )
            )
            continue
        dimensions = categories.get(e.code, {})
        if e.dimension not in dimensions:
            problems.append(
                ImportProblem(
                    e.row,
                    "dimension",
                    N_("%(code)s has no breakdown by %(dimension)s."),
                    code=e.code,
                    dimension=e.dimension or "–",
                )
            )
            continue
        if e.category not in dimensions[e.dimension]:
            problems.append(
                ImportProblem(
                    e.row,
                    "category",
                    N_("%(dimension)s has no category %(category)s."),
                    dimension=e.dimension,
                    category=e.category or "–",
                )
            )
            continue
        if e.key in seen:
            problems.append(
                ImportProblem(
                    e.row,
                    "category",
                    N_("This category appears more than once (first in row %(first)s)."),
                    first=seen[e.key],
                )
            )
            continue
        seen[e.key] = e.row
        problems += [ImportProblem(e.row, c, m, **p) for c, m, p in entry_problems(e, spec)]
    return problems


# -- the file ------------------------------------------------------------------------------


def _columns(table: Table) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(table.headers):
        key = _HEADER_KEYS.get(str(name or "").strip().casefold())
        if key is not None and key not in index:
            index[key] = i
    missing = [
        ImportProblem(
            1,
            key,
            N_("The column %(name)s is missing."),
            name=f"{header(key, 'da')} / {header(key, 'en')}",
        )
        for key in REQUIRED
        if key not in index
    ]
    if missing:
        raise ImportRejected(missing)
    return index


def _row(
    row: Sequence[Any], number: int, index: Mapping[str, int], table: Table, period: Period
) -> tuple[CategoryEntry | None, list[ImportProblem]]:
    def cell(key: str) -> Any:
        i = index.get(key)
        return row[i] if i is not None and i < len(row) else None

    problems: list[ImportProblem] = []
    found = cell_text(cell("period"))
    if found != str(period):
        problems.append(
            ImportProblem(
                number,
                "period",
                N_("The row is for the period %(found)s, not %(period)s."),
                found=found or "–",
                period=str(period),
            )
        )
    value: Decimal | None = None
    try:
        value = parse_decimal(cell("value"), table.decimal_comma)
    except BadValue as err:
        problems.append(ImportProblem(number, "value", err.message, **err.params))
    suppressed = False
    try:
        suppressed = parse_bool(cell("suppressed"))
    except BadValue as err:
        problems.append(ImportProblem(number, "suppressed", err.message, **err.params))
    for key, message in (
        ("code", N_("The indicator code is missing.")),
        ("dimension", N_("The dimension is missing.")),
        ("category", N_("The category is missing.")),
    ):
        if not cell_text(cell(key)):
            problems.append(ImportProblem(number, key, message))
    entry = CategoryEntry(
        cell_text(cell("code")),
        cell_text(cell("dimension")),
        cell_text(cell("category")),
        value,
        suppressed,
        cell_text(cell("reason")),
        number,
    )
    return (None if problems else entry), problems


def parse_file(
    filename: str, data: bytes, period: Period, limits: SheetLimits = DEFAULT_LIMITS
) -> tuple[list[CategoryEntry], list[ImportProblem]]:
    """The entries of a file and the problems of its cells; raises ImportRejected for an
    unreadable, empty or too large file, or one without the required columns."""
    try:
        table = read_table(filename, data, limits)
    except UnreadableFile as err:
        raise ImportRejected([ImportProblem(0, "", err.message, **err.params)]) from None
    if not table.headers or not any(str(h or "").strip() for h in table.headers):
        raise ImportRejected([ImportProblem(0, "", N_("The file is empty."))])
    index = _columns(table)
    entries: list[CategoryEntry] = []
    problems: list[ImportProblem] = []
    for number, row in table.numbered_rows():
        cells = {k: cell_text(row[i]) if i < len(row) else "" for k, i in index.items()}
        if not any(cells.get(k) for k in ("value", "suppressed", "reason")):
            continue  # a blank line, or a template row left empty
        entry, row_problems = _row(row, number, index, table, period)
        problems += row_problems
        if entry is not None:
            entries.append(entry)
    if not entries and not problems:
        raise ImportRejected([ImportProblem(0, "", N_("The file has no rows with values."))])
    return entries, problems


@dataclass(frozen=True)
class TemplateRow:
    spec: IndicatorSpec
    dimension: str
    category: str
    category_name: str


def template_rows(rows: Sequence[TemplateRow], period: Period, locale: str) -> list[list[Any]]:
    out: list[list[Any]] = [[header(k, locale) for k in KEYS]]
    for r in rows:
        cells = {
            "period": str(period),
            "code": r.spec.code,
            "name": r.spec.name(locale),
            "dimension": r.dimension,
            "category": r.category,
            "category_name": r.category_name,
        }
        out.append([cells.get(k) for k in KEYS])
    return out


def template_xlsx(rows: Sequence[TemplateRow], period: Period, locale: str) -> bytes:
    header_row, *lines = template_rows(rows, period, locale)
    return write_xlsx(str(period), header_row, lines, [c[3] for c in COLUMNS])


def template_csv(rows: Sequence[TemplateRow], period: Period, locale: str) -> bytes:
    """``;``-separated with a decimal comma in Danish, ``,`` and a point in English."""
    return write_csv(template_rows(rows, period, locale), danish=locale != "en")
