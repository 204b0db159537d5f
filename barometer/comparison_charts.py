"""The staff reading's charts of an indicator: its history with its comparison series, and
the table of what it shows (for the page and the downloads); and one chart per breakdown
dimension, drawn by :mod:`barometer.category_chart` from the staff's current category values
(not an edition's)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from barometer import chart_files, units
from barometer.breakdown_reading import DimensionView
from barometer.category_chart import category_chart
from barometer.chart_data import ComparisonLine, SeriesPoint
from barometer.editions.presenter import ComparisonView, comparison_views
from barometer.period import Period
from barometer.reading_charts import chart_id, history_chart
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


def staff_category_charts(
    info: IndicatorInfo,
    rows: list[Any],
    views: list[DimensionView],
    comparisons: tuple[ComparisonView, ...],
    locale: str,
) -> dict[str, Markup]:
    """Per dimension code, the chart of the total, every category and the comparison
    series over the reading's periods (no query: everything is already loaded)."""
    points = [SeriesPoint(str(r.period), r.value.value if r.value else None,
                          r.period.label(locale)) for r in rows]  # fmt: skip
    lines = [c.line() for c in comparisons]
    charts = {}
    for view in views:
        d = view.dimension
        categories = [
            ComparisonLine(c.name(locale), {period: p.value for period, p in
                                            view.series.get(c.code, {}).items()
                                            if p.value is not None})
            for c in d.categories
        ]  # fmt: skip
        charts[d.code] = category_chart(
            points, categories, dimension=d.name(locale),
            id_prefix=chart_id("categories", info.code, d.code), locale=locale,
            title=info.name(locale), unit_suffix=units.suffix(info.unit, locale),
            decimals=info.decimals, direction=info.direction,
            joined=info.frequency != "half_yearly", comparisons=lines,
        )  # fmt: skip
    return charts
