"""The reading's charts for plain values: gauges, sparklines and history charts, each with
an id that is stable from one rendering to the next (published editions hash their pages).

The pages, the edition presenter and the report take their charts from here; the SVG
itself comes from :mod:`barometer.charts` (server-side, with a text alternative).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup

from barometer import charts, units
from barometer.reading_values import IndicatorInfo, IndicatorLine
from barometer.status import RollUp

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def chart_id(*parts: object) -> str:
    return "c-" + "-".join(_UNSAFE.sub("_", str(p)) for p in parts)


def rollup_gauge(rollup: RollUp, key: str, label: str, locale: str) -> Markup:
    return charts.gauge(
        rollup.score,
        str(rollup.colour),
        id_prefix=chart_id("gauge", key),
        locale=locale,
        label=label,
        caption=rollup.coverage_text.get(locale),
    )


def line_sparkline(line: IndicatorLine, locale: str) -> Markup:
    info = line.info
    return charts.sparkline(
        [v for _, v in line.history],
        id_prefix=chart_id("spark", info.code),
        locale=locale,
        label=info.name(locale),
        colour=None if info.kind == "benchmark" else str(line.status.movement),  # no colour
        decimals=info.decimals,
        unit_suffix=units.suffix(info.unit, locale),
        joined=info.frequency != "half_yearly",  # an annual series has no gaps off its cycle
    )


def history_chart(
    info: IndicatorInfo,
    points: Sequence[tuple[str, Decimal | None, str]],
    locale: str,
    comparisons: Sequence[charts.ComparisonLine] = (),
) -> Markup:
    criterion = info.criterion
    return charts.trend_chart(
        [charts.SeriesPoint(code, value, label) for code, value, label in points],
        id_prefix=chart_id("trend", info.code),
        locale=locale,
        title=info.name(locale),
        unit_suffix=units.suffix(info.unit, locale),
        decimals=info.decimals,
        target=criterion.target_value if criterion else None,
        baseline=info.baseline_value,
        direction=info.direction,
        path=path_periods(info.baseline_period, criterion.target_period if criterion else None),
        joined=info.frequency != "half_yearly",
        comparisons=comparisons,
    )


def path_periods(baseline: str | None, target: object) -> tuple[str, str] | None:
    """The periods the straight path runs between, when both are known."""
    return (str(baseline), str(target)) if baseline and target else None


GLOBALS = {"reading_gauge": rollup_gauge, "reading_sparkline": line_sparkline}
