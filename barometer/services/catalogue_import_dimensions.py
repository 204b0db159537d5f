"""The breakdown dimensions of a catalogue spreadsheet (:mod:`barometer.catalogue_sheet`):
its second sheet *Opdelinger* (*Breakdowns*) and the column *Opdelinger* of its first.

- A workbook **with** the sheet: the sheet's dimensions replace the draft's, in the sheet's
  order, and the column may name only them.
- A file **without** it (a CSV, or a workbook from before the sheet): the draft's
  dimensions stay as they are, and the column may name only them.
- Without the column, each indicator keeps the dimensions its code had in the draft (those
  still there); with it, the column decides (empty: none).

:func:`plan_dimensions` and :func:`read_choice` check and write nothing; every problem is
named by sheet, row and column. :func:`write_dimensions` writes through
:mod:`barometer.services.breakdowns`, so each change is checked and audited as by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from barometer import validation
from barometer.catalogue_sheet import BREAKDOWN_COLUMNS, BREAKDOWN_REQUIRED, BREAKDOWN_SHEET
from barometer.errors import ImportProblem
from barometer.models import CatalogueVersion, Indicator
from barometer.services import breakdowns
from barometer.services.breakdowns import CategoryData, DimensionData
from barometer.sheet_rows import RowReader, map_columns
from core.errors import N_
from core.models import User
from core.spreadsheets import Table, cell_text, parse_bool

_DIMENSION_FIELDS = {"code": "dimension_code", "name_da": "dimension", "name_en": "dimension_en"}
_CATEGORY_FIELDS = {"code": "category_code", "name_da": "category", "name_en": "category_en"}


@dataclass
class DimensionPlan:
    """``given``: the file has the sheet, and ``dimensions`` replace the draft's."""

    given: bool
    dimensions: list[DimensionData]
    sheet: str = ""
    # Every dimension code the column may name (case folded) -> the code as written; None
    # when the sheet's columns are wrong (the column is then not checked against it).
    known: dict[str, str] | None = field(default_factory=dict)


@dataclass
class _Dimension:
    head: tuple[str, str | None, bool]  # Danish name, English name, illustrative
    code: str
    row: int
    categories: list[CategoryData] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # category code (folded) -> row


def plan_dimensions(
    table: Table, draft: Mapping[str, str], problems: list[ImportProblem]
) -> DimensionPlan:
    """The file's dimensions, checked; ``draft``: the draft's codes (folded -> as written)."""
    sheet = table.sheet(BREAKDOWN_SHEET)
    if sheet is None:
        return DimensionPlan(False, [], known=dict(draft))
    seen = len(problems)
    columns = map_columns(sheet, BREAKDOWN_COLUMNS, BREAKDOWN_REQUIRED, problems, sheet.title)
    if len(problems) > seen:
        return DimensionPlan(True, [], sheet.title, None)
    found: dict[str, _Dimension] = {}
    # Every code on the sheet, even of a dimension with problems: those are reported on
    # the sheet, not again on each indicator that chooses the dimension.
    codes: dict[str, str] = {}
    for number, raw in sheet.numbered_rows():
        values = columns.values(raw)
        if all(cell_text(v) == "" for v in values.values()):
            continue
        r = RowReader(problems, number, values, sheet, columns.labels, sheet.title)
        codes.setdefault(r.text("dimension_code").casefold(), r.text("dimension_code"))
        _read_row(r, found)
    dimensions = [
        DimensionData(d.code, d.head[0], d.head[1], tuple(d.categories), d.head[2])
        for d in found.values()
    ]
    return DimensionPlan(True, dimensions, sheet.title, codes)


def _read_row(r: RowReader, found: dict[str, _Dimension]) -> None:
    code = r.text("dimension_code")
    head = (
        r.text("dimension"),
        r.text("dimension_en") or None,
        r.parse("dimension_illustrative", parse_bool) or False,
    )
    dimension = found.get(code.casefold()) if code else None
    if dimension is None:
        problems = validation.check_code(code, ())
        problems += validation.check_required(head[0], "name_da", 200)
        problems += validation.check_optional(head[1], "name_en", 200)
        r.report(_DIMENSION_FIELDS, problems)
        if not problems:
            dimension = found[code.casefold()] = _Dimension(head, code, r.number)
    elif dimension.head != head:
        r.problem(
            "dimension",
            N_("The dimension %(code)s is described otherwise in row %(first)s: give its "
               "names the same way on each of its rows."),
            code=code, first=dimension.row,
        )  # fmt: skip
    _read_category(r, dimension)


def _read_category(r: RowReader, dimension: _Dimension | None) -> None:
    code, name, name_en = r.text("category_code"), r.text("category"), r.text("category_en")
    first = dimension.rows.get(code.casefold()) if dimension and code else None
    if dimension is not None and first is not None:
        r.problem(
            "category_code",
            N_("The category code %(code)s is used twice in the dimension %(dimension)s "
               "(first in row %(first)s)."),
            code=code, dimension=dimension.code, first=first,
        )  # fmt: skip
        return
    problems = validation.check_code(code, ())
    problems += validation.check_required(name, "name_da", 200)
    problems += validation.check_optional(name_en, "name_en", 200)
    r.report(_CATEGORY_FIELDS, problems)
    if dimension is None or problems:
        return
    if len(dimension.categories) == breakdowns.MAX_CATEGORIES:
        r.problem("category_code", N_("At most %(max)s categories."), max=breakdowns.MAX_CATEGORIES)
        return
    dimension.rows[code.casefold()] = r.number
    dimension.categories.append(CategoryData(code, name, name_en or None))


def read_choice(r: RowReader, plan: DimensionPlan) -> list[str]:
    """The dimension codes in the row's column *Opdelinger* ("herkomst; koen"; a comma
    separates them too), as the dimensions write them."""
    codes: list[str] = []
    for part in re.split(r"[;,]", r.text("breakdowns")):
        if not part.strip() or plan.known is None:
            continue
        code = plan.known.get(part.strip().casefold())
        if code is None and plan.given:
            r.problem(
                "breakdowns",
                N_("%(code)s is not a dimension on the sheet %(name)s."),
                code=part.strip(),
                name=plan.sheet,
            )
        elif code is None:
            r.problem(
                "breakdowns",
                N_("%(code)s is not a breakdown dimension of the draft."),
                code=part.strip(),
            )
        elif code not in codes:
            codes.append(code)
    return codes


def write_dimensions(
    version: CatalogueVersion,
    plan: DimensionPlan,
    choices: Mapping[Indicator, list[str]],
    *,
    actor: User | None,
    now: datetime,
) -> None:
    """The file's dimensions (when it has the sheet), then each indicator's choice."""
    if plan.given:
        breakdowns.replace_dimensions(version, plan.dimensions, actor=actor, now=now)
    present = {d.code for d in breakdowns.version_dimensions(version.id)}
    for indicator, codes in choices.items():
        wanted = [c for c in codes if c in present]
        if wanted:
            breakdowns.set_indicator_dimensions(indicator, wanted, actor=actor, now=now)
