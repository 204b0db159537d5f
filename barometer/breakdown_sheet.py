"""Category values in tidy layout: checking entries, reading a file, writing the template.

One row per indicator, period, dimension and category (the tidy layout). Files are XLSX or
CSV, ``;``-separated with a decimal comma (the Danish dialect) or ``,``-separated with a
decimal point, read through :mod:`barometer.value_sheet` as the measurements are; headers
may be Danish or English. A value may be left empty when the row is *suppressed* (a
discretion rule, with the reason, e.g. "færre end 5") or missing with the reason why. Every
problem is named by row and column, and :func:`plan_category_entries` checks all rows before
anything is written, so an import is all or nothing. Pure: plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barometer.errors import ImportProblem
from barometer.measurement_import import IndicatorSpec, not_the_owner, value_problems
from barometer.period import Period
from barometer.value_sheet import Cells, Column, Layout, Template, indicator_cells, read_entries
from core.errors import N_
from core.spreadsheets import DEFAULT_LIMITS, SheetLimits

MAX_REASON = 300

COLUMNS: tuple[Column, ...] = (
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
REQUIRED = ("period", "code", "dimension", "category", "value")
LAYOUT = Layout(COLUMNS, REQUIRED)
KEYS = LAYOUT.keys
header = LAYOUT.header


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
            problems.append(not_the_owner(e.row, e.code, spec))
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


def _filled(texts: Mapping[str, str]) -> bool:
    return any(texts.get(k) for k in ("value", "suppressed", "reason"))


def _entry(cells: Cells) -> CategoryEntry:
    value = cells.decimal("value")
    suppressed = cells.flag("suppressed")
    return CategoryEntry(
        cells.required("code", N_("The indicator code is missing.")),
        cells.required("dimension", N_("The dimension is missing.")),
        cells.required("category", N_("The category is missing.")),
        value,
        suppressed,
        cells.text("reason"),
        cells.number,
    )


def parse_file(
    filename: str, data: bytes, period: Period, limits: SheetLimits = DEFAULT_LIMITS
) -> tuple[list[CategoryEntry], list[ImportProblem]]:
    """The entries of a file and the problems of its cells; raises ImportRejected for an
    unreadable, empty or too large file, or one without the required columns."""
    table, index = LAYOUT.open(filename, data, limits)
    entries, problems, _skipped = read_entries(table, index, period, _filled, _entry)
    return entries, problems


@dataclass(frozen=True)
class TemplateRow:
    spec: IndicatorSpec
    dimension: str
    category: str
    category_name: str


def _cells(row: TemplateRow, period: Period, locale: str) -> dict[str, Any]:
    return {
        **indicator_cells(row.spec, period, locale),
        "dimension": row.dimension,
        "category": row.category,
        "category_name": row.category_name,
    }


TEMPLATE = Template(LAYOUT, _cells)
template_xlsx = TEMPLATE.xlsx
template_csv = TEMPLATE.csv  # ``;`` and a decimal comma in Danish, ``,`` and a point in English
