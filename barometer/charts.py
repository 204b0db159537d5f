"""Server-side SVG charts for pages and PDFs: trend line, sparkline and roll-up gauge.

The same SVG goes into HTML pages under a strict Content-Security-Policy and into
WeasyPrint PDFs, so it has no ``style`` attributes, no ``<style>`` and no scripts: colours
and fonts are presentation attributes (correct without any stylesheet) and the
``chart-*`` classes in ``static/css/app.css`` only add layout and forced-colours support.
Only basic SVG 1.1 is used (rect, line, polyline, path with non-zero-radius arcs,
circle, text, g, title, desc). Each chart is ``role="img"`` named by its own
``<title>`` (the chart's title and a short summary of its data, which WeasyPrint also
makes the PDF figure's alternative text) and described by its ``<desc>``; ids come from
``id_prefix``. Output is deterministic, since
published editions hash it: no random ids, no timestamps, fixed number formatting.

Status is never told by colour alone: the gauge prints its colour word and tables use
:func:`status_badge_symbol` next to the text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup

from barometer import chart_data as data
from barometer import svg
from barometer.bilingual import format_number, language
from barometer.chart_data import ComparisonLine, SeriesPoint, nice_ticks
from barometer.sparkline import sparkline
from barometer.svg import PALETTE

__all__ = [
    "PALETTE",
    "ComparisonLine",
    "SeriesPoint",
    "gauge",
    "nice_ticks",
    "sparkline",
    "status_badge_symbol",
    "trend_chart",
]

_SYMBOLS = {"green": "▲", "yellow": "●", "red": "▼", "grey": "–", "first": "○"}
_SYMBOLS |= {"not_assessable": "–", "off_cycle": "◦", "not_comparable": "≠", "benchmark": "◇"}


def y_axis(frame: svg.Frame, ticks: Sequence[Decimal], labels: Sequence[str]) -> list[str]:
    parts = []
    for tick, label in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        parts.append(svg.line(frame.left, y, frame.right, y, "chart-grid", stroke=PALETTE["grid"]))
        parts.append(svg.text(frame.left - 6, y + 4, label, "chart-tick-label", text_anchor="end"))
    return parts


def x_axis(frame: svg.Frame, points: Sequence[SeriesPoint]) -> list[str]:
    count = len(points)
    if not count:
        return []
    labels = [data.short_label(p.period) for p in points]
    needed = svg.text_width(max(labels, key=len), svg.MIN_FONT) + 8
    every = max(1, math.ceil(needed / ((frame.right - frame.left) / count)))
    return [
        svg.text(frame.x(i, count), frame.bottom + 18, label, "chart-x-label",
                 text_anchor="middle")
        for i, label in enumerate(labels)
        if (count - 1 - i) % every == 0
    ]  # fmt: skip


def series_line(
    frame: svg.Frame, points: Sequence[SeriesPoint], fmt: data.Fmt, joined: bool = False
) -> list[str]:
    coords = frame.coords([p.value for p in points])
    dots = []
    for point, coord in zip(points, coords, strict=True):
        if coord is None or point.value is None:
            continue
        dot = {"class": "chart-dot", "cx": svg.n(coord[0]), "cy": svg.n(coord[1]), "r": 3.5}
        dot |= {"fill": PALETTE["line"], "stroke": PALETTE["white"], "stroke-width": 1}
        tip = svg.tag("title", {}, f"{point.label}: {fmt(point.value)}")
        dots.append(f"<circle{svg.attributes(dot)}>{tip}</circle>")
    return svg.polylines(coords, "chart-line", PALETTE["line"], 2.5, joined=joined) + dots


_REFERENCE_STYLES = {  # kind: (stroke, dash pattern, label fill)
    "target": (PALETTE["ink"], "6 4", PALETTE["ink"]),
    "baseline": (PALETTE["grey"], "2 3", PALETTE["muted"]),
    "path": (PALETTE["ink"], "6 4", PALETTE["ink"]),
}
# Comparison series: neutral grey, never a status colour; told apart by their dashes.
COMPARISON_DASHES = ("8 4", "2 3", "8 3 2 3")
for _i, _dash in enumerate(COMPARISON_DASHES):
    _REFERENCE_STYLES[f"comparison-{_i}"] = (PALETTE["grey"], _dash, PALETTE["muted"])
_ROW = 18  # one line of 12-unit text


def _reference(frame: svg.Frame, value: Decimal, kind: str) -> str:
    """A dashed target or dotted baseline line across the plot; the legend labels it."""
    stroke, dash, _ = _REFERENCE_STYLES[kind]
    y = frame.y(value)
    return svg.line(frame.left, y, frame.right, y, f"chart-{kind}", stroke=stroke,
                 stroke_width=1.5, stroke_dasharray=dash)  # fmt: skip


def _marker(x: float, y: float, cls: str, tip: str | None = None) -> str:
    """The target marked on the plot: a ring, so it differs from the values' dots."""
    attrs = {"class": cls, "cx": svg.n(x), "cy": svg.n(y), "r": 5, "fill": PALETTE["white"],
             "stroke": PALETTE["ink"], "stroke-width": 2}  # fmt: skip
    if tip is None:
        return svg.tag("circle", attrs)
    return f"<circle{svg.attributes(attrs)}>{svg.tag('title', {}, tip)}</circle>"


def legend(
    top: float, items: Sequence[tuple[str, str]], width: float, *, marked: bool = False
) -> tuple[list[str], float]:
    """One row per (kind, text), a sample of its line (or, ``marked``, the target's ring)
    before the text, each text wrapped to the chart's width; returns the parts and the y
    below them."""
    parts, y = [], top
    for kind, text in items:
        stroke, dash, fill = _REFERENCE_STYLES[kind]
        if kind == "target" and marked:
            parts.append(_marker(12, y - 4, "chart-legend-sample chart-legend-target"))
        else:
            parts.append(svg.line(0, y - 4, 24, y - 4, f"chart-legend-sample chart-legend-{kind}",
                               stroke=stroke, stroke_width=1.5, stroke_dasharray=dash))  # fmt: skip
        for row in svg.wrap(text, width - 30, svg.MIN_FONT):
            parts.append(svg.text(30, y, row, f"chart-{kind}-label", fill=fill))
            y += _ROW
    return parts, y


def _path(frame: svg.Frame, count: int, path: data.Path, ends: tuple[Decimal, Decimal]) -> str:
    (x0, x1), (y0, y1) = (frame.x(path.start, count), frame.x(path.end, count)), map(frame.y, ends)
    stroke, dash, _ = _REFERENCE_STYLES["path"]
    return svg.line(x0, y0, x1, y1, "chart-path", stroke=stroke, stroke_width=1.5,
                    stroke_dasharray=dash)  # fmt: skip


def comparison_path(
    frame: svg.Frame, values: Sequence[Decimal | None], index: int, name: str
) -> str:
    """A comparison series as one dashed grey path through its known values."""
    coords = [c for c in frame.coords(values) if c is not None]
    if not coords:
        return ""
    stroke, dash, _ = _REFERENCE_STYLES[f"comparison-{index % len(COMPARISON_DASHES)}"]
    d = " ".join(
        f"{'M' if i == 0 else 'L'}{svg.n(x)} {svg.n(y)}" for i, (x, y) in enumerate(coords)
    )
    attrs = {"class": "chart-comparison", "d": d, "fill": "none", "stroke": stroke,
             "stroke-width": 2, "stroke-dasharray": dash}  # fmt: skip
    return f"<path{svg.attributes(attrs)}>{svg.tag('title', {}, name)}</path>"


def heading(title: str, note: str, width: int) -> tuple[list[str], float]:
    """The title wrapped so that it is never clipped, then the desired direction."""
    parts, y = [], 18.0
    for row in svg.wrap(title, width, 15, bold=True):
        parts.append(svg.text(0, y, row, "chart-title", font_size=15, font_weight="bold"))
        y += 20
    parts.append(svg.text(0, y, note, "chart-note", fill=PALETTE["muted"]))
    return parts, y + _ROW + 4


def trend_chart(
    points: Sequence[SeriesPoint],
    *,
    id_prefix: str,
    locale: str,
    title: str,
    unit_suffix: str = "",
    decimals: int = 1,
    target: Decimal | None = None,
    target_label: str | None = None,
    baseline: Decimal | None = None,
    direction: int = 1,
    path: tuple[str, str] | None = None,
    joined: bool = False,
    comparisons: Sequence[data.ComparisonLine] = (),
    width: int = 360,
    height: int = 180,
) -> Markup:
    """A line through the values per period; None breaks the line unless ``joined``.

    With ``path`` (the baseline's and the target's periods) the straight path from the
    baseline to the target is drawn as a dashed line with the target marked by a ring, the
    axis widened to both periods; without it the target is a dashed line across the plot.
    The baseline is a dotted line. A legend under the title explains each. ``height`` is
    the plot's; ``comparisons`` are drawn as neutral grey dashed lines (never a status
    colour) with a legend entry each. The chart grows with a long (wrapped) title and the
    legend. Every text is
    at least :data:`barometer.svg.MIN_FONT` units and the chart is never drawn narrower
    than ``width``, so text stays readable on a phone.
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    fmt, words = data.Fmt(locale, decimals, unit_suffix), data.words_in(locale)
    refs = data.Refs(target, target_label or words["target"], baseline, direction)
    desc = data.trend_desc(title, points, fmt, refs)
    drawn: data.Path | None = None
    if path is not None and target is not None and baseline is not None:
        points, drawn = data.path_points(points, path[0], path[1], locale)
    values = [p.value for p in points if p.value is not None]
    compared = [line.aligned(points) for line in comparisons]
    values += [v for row in compared for v in row if v is not None]
    extent = [*values, *(v for v in (target, baseline) if v is not None)] or [Decimal(0)]
    ticks = nice_ticks(min(extent), max(extent))
    labels = [fmt(t, data.step_decimals(ticks)) for t in ticks]
    note = ("↑ " + words["up"]) if direction == 1 else ("↓ " + words["down"])
    parts, y = heading(title, note, width)
    items: list[tuple[str, str]] = []
    if baseline is not None:
        items.append(("baseline", f"{words['baseline']}: {fmt(baseline)}"))
    if drawn is not None and target is not None and baseline is not None:
        items.append(("path", words["path"]))
        items.append(("target", f"{refs.target_label} ({drawn.end_label}): {fmt(target)}"))
        desc = data.sentences([desc, words["path_desc"].format(
            baseline=fmt(baseline), baseline_label=drawn.start_label,
            target=fmt(target), target_label=drawn.end_label)])  # fmt: skip
    elif target is not None:
        items.append(("target", f"{refs.target_label}: {fmt(target)}"))
    for index, line in enumerate(comparisons):
        kind = f"comparison-{index % len(COMPARISON_DASHES)}"
        items.append((kind, words["comparison"].format(name=line.name)))
    if comparisons:
        desc = data.sentences([desc, data.comparison_desc(comparisons, points, fmt)])
    legend_parts, y = legend(y, items, width, marked=drawn is not None)
    left = max(36.0, svg.text_width(max(labels, key=len), svg.MIN_FONT) + 12)
    frame = svg.Frame(left, y + 4, width - 12, y + 4 + height, ticks[0], ticks[-1])
    total = int(frame.bottom + 30)
    alt = data.trend_alt(title, points, fmt, target)
    parts = [svg.open_svg("trend", id_prefix, (width, total), (alt, desc)), *parts]
    parts += legend_parts + y_axis(frame, ticks, labels) + x_axis(frame, points)
    if baseline is not None:
        parts.append(_reference(frame, baseline, "baseline"))
    if drawn is not None and target is not None and baseline is not None:
        parts.append(_path(frame, len(points), drawn, (baseline, target)))
        tip = f"{refs.target_label} ({drawn.end_label}): {fmt(target)}"
        parts.append(_marker(frame.x(drawn.end, len(points)), frame.y(target),
                             "chart-target-marker", tip))  # fmt: skip
    elif target is not None:
        parts.append(_reference(frame, target, "target"))
    for index, (line, row) in enumerate(zip(comparisons, compared, strict=True)):
        parts.append(comparison_path(frame, row, index, line.name))
    parts += series_line(frame, points, fmt, joined)
    return Markup("".join([*parts, "</svg>"]))  # noqa: S704 - every piece is escaped


# ---------------------------------------------------------------- gauge


def _polar(cx: float, cy: float, radius: float, score: float) -> tuple[float, float]:
    """The point at ``score`` in [-1, 1] on the half circle: -1 left, 0 top, +1 right."""
    angle = math.pi * (1 - score) / 2
    return cx + radius * math.cos(angle), cy - radius * math.sin(angle)


def _band(
    centre: tuple[float, float], radii: tuple[float, float], scores: tuple[float, float]
) -> str:
    (cx, cy), (outer, inner), (start, end) = centre, radii, scores
    x0, y0 = _polar(cx, cy, outer, start)
    x1, y1 = _polar(cx, cy, outer, end)
    x2, y2 = _polar(cx, cy, inner, end)
    x3, y3 = _polar(cx, cy, inner, start)
    return (
        f"M{svg.n(x0)} {svg.n(y0)} A{svg.n(outer)} {svg.n(outer)} 0 0 1 {svg.n(x1)} {svg.n(y1)} "
        f"L{svg.n(x2)} {svg.n(y2)} A{svg.n(inner)} {svg.n(inner)} 0 0 0 {svg.n(x3)} {svg.n(y3)} Z"
    )


_BANDS = (("red", -1.0, -1 / 3), ("yellow", -1 / 3, 1 / 3), ("green", 1 / 3, 1.0))


def _gauge_dial(cx: float, cy: float, outer: float) -> list[str]:
    inner = outer * 0.72
    parts = []
    for name, start, end in _BANDS:
        fill = PALETTE["yellow_fill" if name == "yellow" else name]
        attrs: dict[str, object] = {"class": f"chart-gauge-band chart-gauge-band-{name}"}
        attrs["fill"] = fill
        attrs |= {"stroke": PALETTE["yellow"] if name == "yellow" else PALETTE["white"]}
        attrs |= {"stroke-width": 1, "d": _band((cx, cy), (outer, inner), (start, end))}
        parts.append(svg.tag("path", attrs))
    middle = (outer + inner) / 2
    for text, x in (("−1", cx - middle), ("+1", cx + middle)):
        parts.append(svg.text(x, cy + 13, text, "chart-gauge-scale",
                           text_anchor="middle", fill=PALETTE["muted"]))  # fmt: skip
    return parts


def gauge(
    score: Decimal | None,
    colour: str,
    *,
    id_prefix: str,
    locale: str,
    label: str,
    caption: str,
    width: int = 200,
    height: int = 120,
) -> Markup:
    """A half-circle gauge from -1 to +1 with the roll-up colour word and coverage caption.

    No needle when the score is None or the colour is "not_assessable".
    """
    if colour not in ("green", "yellow", "red", "not_assessable"):
        raise ValueError(f"Unknown gauge colour {colour!r}")
    words, lang = data.words_in(locale), language(locale)
    needle = None if colour == "not_assessable" else score
    word = words["not_assessable" if needle is None else colour]
    details, alt = [f"{label}: {word}"], f"{label}: {word}"
    if needle is not None:
        details.append(words["score"].format(score=format_number(needle, 2, lang)))
        alt += f", {words['score_word']} {format_number(needle, 2, lang)}"
    alt += f" ({caption})" if caption else ""
    outer = max(10.0, min(width / 2 - 8, height - 48))
    cx, cy = width / 2, 6 + outer
    rows = svg.wrap(caption, width - 8, svg.MIN_FONT)  # a long caption is wrapped, not clipped
    height = max(height, int(cy + 42 + _ROW * (len(rows) - 1) + 8))
    parts = [
        svg.open_svg(
            "gauge", id_prefix, (width, height), (alt, data.sentences([*details, caption]))
        )
    ]
    parts += _gauge_dial(cx, cy, outer)
    if needle is not None:
        x, y = _polar(cx, cy, outer - 4, max(-1.0, min(1.0, float(needle))))
        parts.append(svg.line(cx, cy, x, y, "chart-gauge-needle", stroke=PALETTE["ink"],
                           stroke_width=3, stroke_linecap="round"))  # fmt: skip
        hub = {"class": "chart-gauge-hub", "cx": svg.n(cx), "cy": svg.n(cy), "r": 5}
        parts.append(svg.tag("circle", hub | {"fill": PALETTE["ink"]}))
    fill = PALETTE["grey" if needle is None else colour]
    parts.append(svg.text(cx, cy + 27, word, "chart-gauge-word", font_size=14, font_weight="bold",
                       text_anchor="middle", fill=fill))  # fmt: skip
    for i, row in enumerate(rows):
        parts.append(svg.text(cx, cy + 42 + _ROW * i, row, "chart-gauge-caption",
                              text_anchor="middle", fill=PALETTE["muted"]))  # fmt: skip
    return Markup("".join([*parts, "</svg>"]))  # noqa: S704 - every piece is escaped


def status_badge_symbol(colour: str) -> str:
    """A symbol to print beside a status word in tables, so colour is never the only cue.

    ▲ green (right direction), ● yellow (unchanged), ▼ red (wrong direction), – grey
    (no data) and not assessable, ○ first measurement.
    """
    try:
        return _SYMBOLS[str(colour)]
    except KeyError:
        raise ValueError(f"Unknown status colour {colour!r}") from None
