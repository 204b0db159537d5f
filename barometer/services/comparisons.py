"""Comparison series of indicators: import from a Statistics Denmark table, list, delete,
and the plain form an edition's snapshot and the charts use.

A comparison series is context, never judged: nothing here gives it a status, and the
reading and its roll-ups never read these tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from barometer import comparison_sheet as sheet
from barometer.models import ComparisonKind, ComparisonSeries, ComparisonValue
from barometer.period import Period
from core import audit
from core.extensions import db
from core.models import User
from core.spreadsheets import SheetLimits

KIND_ORDER = {ComparisonKind.NATIONAL: 0, ComparisonKind.GROUP: 1, ComparisonKind.MUNICIPALITY: 2}


def kind_of(name: str) -> ComparisonKind:
    """ "Hele landet" is the national level, a name of several municipalities a group."""
    folded = name.casefold()
    if folded in sheet.NATIONAL_NAMES:
        return ComparisonKind.NATIONAL
    if "kommuner" in folded or "municipalities" in folded:
        return ComparisonKind.GROUP
    return ComparisonKind.MUNICIPALITY


def series_of(codes: Iterable[str]) -> dict[str, list[ComparisonSeries]]:
    """The comparison series of each code with their values (two statements in all)."""
    wanted = sorted(set(codes))
    result: dict[str, list[ComparisonSeries]] = {code: [] for code in wanted}
    if not wanted:
        return result
    rows = db.session.scalars(
        select(ComparisonSeries)
        .where(ComparisonSeries.indicator_code.in_(wanted))
        .options(selectinload(ComparisonSeries.values))
        .order_by(ComparisonSeries.name_da)
    )
    for row in rows:
        result[row.indicator_code].append(row)
    for found in result.values():
        found.sort(key=lambda s: (KIND_ORDER.get(ComparisonKind(s.kind), 3), s.name_da))
    return result


def import_file(
    indicator_code: str,
    filename: str,
    data: bytes,
    *,
    actor: User | None,
    now: datetime,
    source: str = "",
    illustrative: bool = False,
) -> list[ComparisonSeries]:
    """Import every series of the file, all or nothing (ImportRejected before anything is
    written); a series of the same name is replaced with the file's values."""
    parsed = sheet.parse_file(filename, data, SheetLimits.from_config(current_app.config))
    existing = {s.name_da.casefold(): s for s in series_of([indicator_code])[indicator_code]}
    saved = []
    for found in parsed:
        row = existing.get(found.name.casefold())
        if row is None:
            row = ComparisonSeries(indicator_code=indicator_code, name_da=found.name,
                                   name_en=sheet.english_name(found.name))  # fmt: skip
            db.session.add(row)
        row.kind, row.source, row.illustrative = kind_of(found.name), source, illustrative
        row.imported_at, row.imported_by = now, actor
        row.values.clear()
        db.session.flush()  # the old values go before the new ones of the same periods
        row.values = [
            ComparisonValue(period_code=p, value=v) for p, v in sorted(found.values.items())
        ]
        saved.append(row)
    db.session.flush()
    for row in saved:
        audit.record(actor, "comparison_series.imported", row, now=now,
                     summary=f"{indicator_code}: {row.name_da} ({filename})",
                     changes={"values": {"old": None, "new": len(row.values)}})  # fmt: skip
    return saved


def delete_series(
    series_id: int, indicator_code: str, *, actor: User | None, now: datetime
) -> bool:
    """Delete one series of the indicator; False if there is no such series."""
    row = db.session.get(ComparisonSeries, series_id)
    if row is None or row.indicator_code != indicator_code:
        return False
    audit.record(actor, "comparison_series.deleted", row, now=now,
                 summary=f"{indicator_code}: {row.name_da}")  # fmt: skip
    db.session.delete(row)
    db.session.flush()
    return True


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def plain(rows: Iterable[ComparisonSeries], up_to: Period | None = None) -> list[dict[str, Any]]:
    """The series as plain JSON values (decimals as strings), values up to ``up_to``."""
    return [
        {
            "name_da": row.name_da,
            "name_en": row.name_en or row.name_da,
            "kind": str(row.kind),
            "source": row.source,
            "illustrative": row.illustrative,
            "values": [
                {"period": v.period_code, "value": _num(v.value)}
                for v in row.values
                if up_to is None or Period.parse(v.period_code) <= up_to
            ],
        }
        for row in rows
    ]


def snapshot_part(codes: Iterable[str], up_to: Period) -> dict[str, list[dict[str, Any]]]:
    """What an edition keeps: per indicator code with series, the series up to its period."""
    found = series_of(codes)
    return {code: plain(rows, up_to) for code, rows in found.items() if rows}
