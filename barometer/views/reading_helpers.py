"""Template helpers of the reading: status words and symbols, charts for plain values.

Colour is never shown alone: every status carries a symbol and a word. Charts come from
:mod:`barometer.charts` (server-side SVG with a text alternative).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from barometer import charts, units
from barometer.reading_values import IndicatorInfo, IndicatorLine
from barometer.status import RollUp

COLOUR_LABELS = {
    "green": _l("Green"),
    "yellow": _l("Yellow"),
    "red": _l("Red"),
    "grey": _l("Grey"),
    "first": _l("No colour"),
    "not_assessable": _l("Not assessable"),
}
MOVEMENT_LABELS = {
    "green": _l("right direction"),
    "yellow": _l("unchanged"),
    "red": _l("wrong direction"),
    "grey": _l("no data"),
    "first": _l("first measurement"),
}
PROGRESS_LABELS = {
    "on_track": _l("On track"),
    "too_slow": _l("Progress, too slow"),
    "limited": _l("Limited progress"),
    "moving_away": _l("Moving away"),
    "target_met": _l("Target met"),
    "met_but_slipping": _l("Target met, but slipping"),
    "no_ratio": _l("No ratio yet"),
    "no_data": _l("No data"),
    "no_criterion": _l("No success criterion"),
}
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def colour_label(colour: str) -> str:
    return str(COLOUR_LABELS.get(str(colour), colour))


def movement_label(colour: str) -> str:
    return str(MOVEMENT_LABELS.get(str(colour), colour))


def progress_label(progress: str) -> str:
    return str(PROGRESS_LABELS.get(str(progress), progress))


def status_symbol(colour: str) -> str:
    return charts.status_badge_symbol(str(colour))


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
        colour=str(line.status.movement),
        decimals=info.decimals,
        unit_suffix=units.suffix(info.unit, locale),
    )


def history_chart(
    info: IndicatorInfo, points: Sequence[tuple[str, Decimal | None, str]], locale: str
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
    )


GLOBALS = {
    "reading_colour_label": colour_label,
    "reading_movement_label": movement_label,
    "reading_progress_label": progress_label,
    "reading_symbol": status_symbol,
    "reading_gauge": rollup_gauge,
    "reading_sparkline": line_sparkline,
}
