"""Open data per indicator: tidy rows from published snapshots (plain dicts in and out).

One row per indicator, period, dimension and category, with the columns of :data:`COLUMNS`.
The total of an indicator has an empty dimension and category. :func:`indicator_rows` is
the one place that lists an edition's rows of an indicator: breakdowns (a dimension and a
category) and comparison series are added there as more rows of the same shape, and every
table, page and API response built on it gains them.

:func:`latest_rows` merges the published editions, newest first: each period's rows come
from the newest edition that has the indicator and that period, so the table holds every
published period of the indicator as most recently published, with the edition that
published it. Drafts never reach this module: it only reads published snapshots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from barometer.editions.snapshot import indicators_of

COLUMNS = (
    ("indicator", "string", "Code of the indicator, stable across catalogue versions"),
    ("period", "string", "The half-year of the value, e.g. 2008-H1"),
    (
        "dimension",
        "string",
        "The breakdown dimension; empty for the total; 'comparison' for a comparison series",
    ),
    (
        "category",
        "string",
        "The category of the dimension (the series' name for a comparison); empty for the total",
    ),
    ("value", "number", "The measured value; empty when none was published"),
    ("unit", "string", "The unit of the value"),
    (
        "status",
        "string",
        "Movement against the previous value: green, yellow, red, grey, first, off_cycle, "
        "not_comparable; benchmark for a benchmark and comparison for a comparison series "
        "(never coloured); for a category: empty, or suppressed (no number, see note)",
    ),
    ("note", "string", "Why a value is missing, or a remark on it (Danish)"),
    ("edition", "integer", "The published edition the row comes from"),
)
NAMES = tuple(name for name, _, _ in COLUMNS)
# The dimension (and status) of a comparison series' rows: a reference, never a breakdown.
COMPARISON = "comparison"

Row = dict[str, Any]
Snapshot = Mapping[str, Any]


def find_indicator(snapshot: Snapshot, code: str) -> dict[str, Any] | None:
    """The indicator ``code`` of the edition's catalogue, with its focus area and goal."""
    return next((i for i in indicators_of(snapshot) if i["code"] == code), None)


def total_rows(snapshot: Snapshot, indicator: Mapping[str, Any]) -> list[Row]:
    """The indicator's total: one row per period of the edition."""
    edition = snapshot["edition"]["id"]
    return [
        {
            "indicator": indicator["code"],
            "period": row["period"],
            "dimension": "",
            "category": "",
            "value": row["value"],
            "unit": indicator["unit"],
            "status": row["movement"],
            "note": row["note"] or "",
            "edition": edition,
        }
        for row in snapshot["values"].get(indicator["code"], [])
    ]


def comparison_rows(snapshot: Snapshot, indicator: Mapping[str, Any]) -> list[Row]:
    """The indicator's comparison series as the edition froze them: one row per series and
    period, dimension ``comparison``, the series' name as category, never a status colour."""
    edition = snapshot["edition"]["id"]
    return [
        {
            "indicator": indicator["code"],
            "period": value["period"],
            "dimension": COMPARISON,
            "category": series["name_da"],
            "value": value["value"],
            "unit": indicator["unit"],
            "status": COMPARISON,
            "note": series.get("source") or "",
            "edition": edition,
        }
        for series in snapshot.get("comparisons", {}).get(indicator["code"], [])
        for value in series["values"]
    ]


def breakdown_rows(snapshot: Snapshot, indicator: Mapping[str, Any]) -> list[Row]:
    """The indicator's values per category as the edition froze them: dimension and
    category by code; a suppressed value has no number, status ``suppressed`` and its
    reason as the note (never zero)."""
    edition = snapshot["edition"]["id"]
    return [
        {
            "indicator": indicator["code"],
            "period": point["period"],
            "dimension": point["dimension"],
            "category": point["category"],
            "value": point["value"],
            "unit": indicator["unit"],
            "status": "suppressed" if point["suppressed"] else "",
            "note": point["reason"],
            "edition": edition,
        }
        for point in snapshot.get("breakdowns", {}).get(indicator["code"], [])
    ]


def indicator_rows(snapshot: Snapshot, indicator: Mapping[str, Any]) -> list[Row]:
    """Every row an edition publishes for one indicator: its total, its values per category,
    then its comparison series (editions published before these existed have none)."""
    return (
        total_rows(snapshot, indicator)
        + breakdown_rows(snapshot, indicator)
        + comparison_rows(snapshot, indicator)
    )


def edition_rows(snapshot: Snapshot) -> list[Row]:
    """The tidy rows of every indicator of one edition (the data package's table)."""
    return [row for ind in indicators_of(snapshot) for row in indicator_rows(snapshot, ind)]


def latest_rows(snapshots: Iterable[Snapshot], code: str) -> list[Row]:
    """Every published period of ``code``, each from the newest edition that has it.

    ``snapshots``: the published editions, newest first (a correction before what it
    corrects). Rows in period order, within a period in the edition's own order.
    """
    by_period: dict[str, list[Row]] = {}
    for snapshot in snapshots:
        indicator = find_indicator(snapshot, code)
        if indicator is None:
            continue
        fresh: dict[str, list[Row]] = {}
        for row in indicator_rows(snapshot, indicator):
            if row["period"] not in by_period:
                fresh.setdefault(row["period"], []).append(row)
        by_period.update(fresh)
    return [row for period in sorted(by_period) for row in by_period[period]]


def dimensions(rows: Iterable[Row]) -> list[str]:
    """The breakdown dimensions among ``rows``, in the order they first appear."""
    found = (r["dimension"] for r in rows if r["dimension"] and r["dimension"] != COMPARISON)
    return list(dict.fromkeys(found))


def latest_total(rows: Iterable[Row]) -> Row | None:
    """The total's row of the latest period that has a value (None: no value yet)."""
    totals = [r for r in rows if not r["dimension"] and r["value"] is not None]
    return totals[-1] if totals else None
