"""The read side of breakdowns: a version's dimensions and the category values, as plain
values, in a constant number of queries whatever the number of categories.

:mod:`barometer.services.breakdowns` holds the writes and the public accessor
``indicator_breakdown_series``; the snapshot of a version (:func:`barometer.queries.
version_snapshot`) and the reading page read through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from barometer.models import (
    BreakdownDimension,
    CategoryValue,
    Indicator,
    IndicatorBreakdown,
    MeasurementPeriod,
)
from core.extensions import db


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name_da: str
    name_en: str | None

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da


@dataclass(frozen=True)
class DimensionInfo:
    code: str
    name_da: str
    name_en: str | None
    illustrative: bool
    categories: tuple[CategoryInfo, ...]

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da

    def category(self, code: str) -> CategoryInfo | None:
        return next((c for c in self.categories if c.code == code), None)


@dataclass(frozen=True)
class SeriesPoint:
    period: str
    dimension: str
    dimension_name_da: str
    dimension_name_en: str | None
    category: str
    category_name_da: str
    category_name_en: str | None
    value: Decimal | None
    suppressed: bool
    reason: str


def categories_text(dimension: BreakdownDimension) -> str:
    return "; ".join(
        f"{c.code} = {c.name_da}" + (f" ({c.name_en})" if c.name_en else "")
        for c in dimension.categories
    )


def dimension_fields(dimension: BreakdownDimension) -> dict[str, Any]:
    return {
        "code": dimension.code,
        "name_da": dimension.name_da,
        "name_en": dimension.name_en,
        "illustrative": dimension.illustrative,
        "categories": categories_text(dimension),
    }


def version_dimensions(version_id: int) -> list[BreakdownDimension]:
    return list(
        db.session.scalars(
            select(BreakdownDimension)
            .where(BreakdownDimension.version_id == version_id)
            .options(selectinload(BreakdownDimension.categories))
            .order_by(BreakdownDimension.position, BreakdownDimension.code)
        )
    )


def _info(d: BreakdownDimension) -> DimensionInfo:
    return DimensionInfo(
        d.code,
        d.name_da,
        d.name_en,
        d.illustrative,
        tuple(CategoryInfo(c.code, c.name_da, c.name_en) for c in d.categories),
    )


def version_breakdowns(
    version_id: int, indicator_codes: Sequence[str] | None = None
) -> dict[str, list[DimensionInfo]]:
    """Per indicator code of the version, the dimensions chosen for it (3 queries)."""
    infos = {d.id: _info(d) for d in version_dimensions(version_id)}
    query = (
        select(Indicator.code, IndicatorBreakdown.dimension_id)
        .join(Indicator, Indicator.id == IndicatorBreakdown.indicator_id)
        .where(IndicatorBreakdown.version_id == version_id)
    )
    if indicator_codes is not None:
        query = query.where(Indicator.code.in_(list(indicator_codes)))
    out: dict[str, list[DimensionInfo]] = {}
    order = list(infos)
    for code, dim_id in sorted(db.session.execute(query), key=lambda r: order.index(r[1])):
        out.setdefault(code, []).append(infos[dim_id])
    return out


def snapshot_breakdowns(version_id: int) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The version's dimensions as plain dicts (the categories as one text and, under
    ``category_list``, one by one) and, per indicator code, its dimensions' codes as one
    text ("herkomst, koen"): what the snapshot, the diff and the spreadsheet read."""
    dimensions = [
        dimension_fields(d)
        # The categories one by one too, for the spreadsheet (the diff compares the text).
        | {"category_list": [{"code": c.code, "name_da": c.name_da, "name_en": c.name_en}
                             for c in d.categories]}
        for d in version_dimensions(version_id)
    ]  # fmt: skip
    chosen = {
        code: ", ".join(d.code for d in dims)
        for code, dims in version_breakdowns(version_id).items()
    }
    return dimensions, chosen


def category_values(
    codes: Sequence[str], period_ids: Sequence[int] | None = None
) -> list[tuple[CategoryValue, str]]:
    """The registered category values of the codes, with their period's code (1 query)."""
    query = (
        select(CategoryValue, MeasurementPeriod.code)
        .join(MeasurementPeriod, MeasurementPeriod.id == CategoryValue.period_id)
        .where(CategoryValue.indicator_code.in_(list(codes)))
        .order_by(MeasurementPeriod.code)
    )
    if period_ids is not None:
        query = query.where(CategoryValue.period_id.in_(list(period_ids)))
    return [(row, code) for row, code in db.session.execute(query)]


def edition_part(
    version_id: int, codes: Sequence[str], up_to: str
) -> dict[str, list[dict[str, Any]]]:
    """What an edition freezes of the breakdowns (2 + 1 queries): per indicator code with
    values, each category value up to period ``up_to`` in the version's dimensions, as
    plain JSON values, ordered by period, then the dimension's and the category's order."""
    chosen = version_breakdowns(version_id, codes)
    order = {
        (code, d.code, c.code): (i, j, d, c)
        for code, dimensions in chosen.items()
        for i, d in enumerate(dimensions)
        for j, c in enumerate(d.categories)
    }
    found: list[tuple[tuple[str, int, int], str, dict[str, Any]]] = []
    for row, period in category_values(list(chosen)) if chosen else []:
        key = (row.indicator_code, row.dimension_code, row.category_code)
        if key not in order or period > up_to:
            continue  # a category this version does not have, or a later period
        i, j, d, c = order[key]
        point = {
            "period": period,
            "dimension": d.code,
            "dimension_name": {"da": d.name_da, "en": d.name_en or d.name_da},
            "category": c.code,
            "category_name": {"da": c.name_da, "en": c.name_en or c.name_da},
            "value": None if row.value is None else format(row.value.normalize(), "f"),
            "suppressed": row.suppressed,
            "reason": row.reason or "",
        }
        found.append(((period, i, j), row.indicator_code, point))
    out: dict[str, list[dict[str, Any]]] = {}
    for _, code, point in sorted(found, key=lambda item: item[0]):
        out.setdefault(code, []).append(point)
    return out
