"""The staff reading's chart of an indicator with its comparison series, and the table
of what it shows (for the page and the downloads)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from barometer import chart_files
from barometer.editions.presenter import ComparisonView, comparison_views
from barometer.period import Period
from barometer.reading_charts import history_chart
from barometer.reading_values import IndicatorInfo
from barometer.services import comparisons as svc
from barometer.status_text import Style


def comparisons_of(info: IndicatorInfo, up_to: Period, locale: str) -> tuple[ComparisonView, ...]:
    rows = svc.plain(svc.series_of([info.code])[info.code], up_to)
    return comparison_views(rows, Style(info.unit, info.decimals, info.direction), locale)


def staff_chart(
    info: IndicatorInfo, rows: list[Any], period: Period, locale: str
) -> tuple[Markup, tuple[ComparisonView, ...], chart_files.ChartTable]:
    """The reading's chart of an indicator with its comparison series, and its table."""
    comparisons = comparisons_of(info, period, locale)
    points = [(str(r.period), r.value.value if r.value else None, r.period.label(locale))
              for r in rows]  # fmt: skip
    chart = history_chart(info, points, locale, [c.line() for c in comparisons])
    word = "Værdi" if locale == "da" else "Value"
    table = chart_files.ChartTable(
        info.name(locale), word, [c.name for c in comparisons],
        [(code, label, value, [c.values.get(code) for c in comparisons])
         for code, value, label in points],
    )  # fmt: skip
    return chart, comparisons, table
