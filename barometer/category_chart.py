"""The chart of one breakdown of an indicator: the total, one line per chosen category, and
the comparison series.

Drawn with the parts of :mod:`barometer.charts` and under the same rules (presentation
attributes only, deterministic, ``role="img"`` named by its title). The total is the
indicator's own line; each category is a ``<path class="chart-category">`` of its own
colour **and** marker shape (so no category is told by colour alone), broken where a value
is missing or suppressed (never drawn as zero); comparison series are the neutral grey
dashed lines of the trend chart. Nothing here has a status colour: the status is the
total's (:mod:`barometer.breakdown_gap`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup

from barometer import chart_data as data
from barometer import svg
from barometer.chart_data import ComparisonLine, SeriesPoint, nice_ticks
from barometer.charts import (
    COMPARISON_DASHES,
    comparison_path,
    heading,
    legend,
    series_line,
    x_axis,
    y_axis,
)
from barometer.svg import PALETTE

# Each at least 6:1 on white and apart from the total's dark blue.
COLOURS = ("#a34700", "#0f6e63", "#8f2d56", "#5b3f99", "#7a5c00", "#c2185b")
MARKERS = ("square", "triangle", "diamond", "circle", "triangle-down", "cross")
_ROW = 18
_WORDS = {
    "total": ("I alt", "Total"),
    "by": ("{title} efter {dimension}", "{title} by {dimension}"),
    "from_to": ("{name}: {first} ({first_label}) til {last} ({last_label})",
                "{name}: {first} ({first_label}) to {last} ({last_label})"),
    "none": ("{name}: ingen værdi", "{name}: no value"),
}  # fmt: skip


def _word(key: str, locale: str) -> str:
    return _WORDS[key][0 if locale.startswith("da") else 1]


def marker(
    shape: str,
    x: float,
    y: float,
    colour: str,
    tip: str | None = None,
    cls: str = "chart-category-marker",
) -> str:
    """A category's marker: a filled shape with a white edge, 7 units across."""
    r = 3.5
    outline = {"fill": colour, "stroke": PALETTE["white"], "stroke-width": 1}
    if shape == "circle":
        attrs: dict[str, object] = {"cx": svg.n(x), "cy": svg.n(y), "r": r, **outline}
        name = "circle"
    else:
        corners = {
            "square": [(-r, -r), (r, -r), (r, r), (-r, r)],
            "triangle": [(0, -r - 1), (r + 1, r), (-r - 1, r)],
            "triangle-down": [(0, r + 1), (r + 1, -r), (-r - 1, -r)],
            "diamond": [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)],
            "cross": [(-r, -1.5), (-1.5, -1.5), (-1.5, -r), (1.5, -r), (1.5, -1.5), (r, -1.5),
                      (r, 1.5), (1.5, 1.5), (1.5, r), (-1.5, r), (-1.5, 1.5), (-r, 1.5)],
        }[shape]  # fmt: skip
        points = " ".join(f"{svg.n(x + dx)},{svg.n(y + dy)}" for dx, dy in corners)
        attrs, name = {"points": points, **outline}, "polygon"
    attrs = {"class": cls, **attrs}
    if tip is None:
        return svg.tag(name, attrs)
    return f"<{name}{svg.attributes(attrs)}>{svg.tag('title', {}, tip)}</{name}>"


def _category_path(
    frame: svg.Frame, values: Sequence[Decimal | None], colour: str, name: str
) -> str:
    """One path through a category's values, lifted where a value is missing."""
    moves, pen_down = [], False
    for coord in frame.coords(values):
        if coord is None:
            pen_down = False
            continue
        moves.append(f"{'L' if pen_down else 'M'}{svg.n(coord[0])} {svg.n(coord[1])}")
        pen_down = True
    attrs = {"class": "chart-category", "d": " ".join(moves) or "M0 0", "fill": "none",
             "stroke": colour, "stroke-width": 2.5}  # fmt: skip
    return f"<path{svg.attributes(attrs)}>{svg.tag('title', {}, name)}</path>"


def _legend_rows(
    top: float, names: Sequence[str], total: str, width: int
) -> tuple[list[str], float]:
    """The total's sample, then each category's line with its marker."""
    parts, y = [], top
    rows = [(total, PALETTE["line"], None), *(
        (name, COLOURS[i % len(COLOURS)], MARKERS[i % len(MARKERS)]) for i, name in enumerate(names)
    )]  # fmt: skip
    for text, colour, shape in rows:
        parts.append(svg.line(0, y - 4, 24, y - 4, "chart-legend-sample", stroke=colour,
                              stroke_width=2.5))  # fmt: skip
        if shape is not None:
            parts.append(marker(shape, 12, y - 4, colour, cls="chart-legend-sample"))
        for row in svg.wrap(text, width - 30, svg.MIN_FONT):
            parts.append(svg.text(30, y, row, "chart-category-label", fill=PALETTE["ink"]))
            y += _ROW
    return parts, y


def _summary(name: str, points: Sequence[SeriesPoint], values: Sequence[Decimal | None],
             fmt: data.Fmt) -> str:  # fmt: skip
    known = [(p, v) for p, v in zip(points, values, strict=True) if v is not None]
    if not known:
        return _word("none", fmt.locale).format(name=name)
    (first_p, first), (last_p, last) = known[0], known[-1]
    return _word("from_to", fmt.locale).format(
        name=name, first=fmt(first), first_label=first_p.label, last=fmt(last),
        last_label=last_p.label,
    )  # fmt: skip


def category_chart(
    points: Sequence[SeriesPoint],
    categories: Sequence[ComparisonLine],
    *,
    dimension: str,
    id_prefix: str,
    locale: str,
    title: str,
    unit_suffix: str = "",
    decimals: int = 1,
    direction: int = 1,
    joined: bool = False,
    comparisons: Sequence[ComparisonLine] = (),
    width: int = 360,
    height: int = 200,
) -> Markup:
    """``points``: the total per period (the x axis); ``categories``: the chosen categories'
    values by period code, in the dimension's order; ``comparisons``: grey dashed lines."""
    fmt, words = data.Fmt(locale, decimals, unit_suffix), data.words_in(locale)
    chart_title = _word("by", locale).format(title=title, dimension=dimension.lower())
    aligned = [c.aligned(points) for c in categories]
    compared = [c.aligned(points) for c in comparisons]
    values = [p.value for p in points if p.value is not None]
    values += [v for row in (*aligned, *compared) for v in row if v is not None]
    ticks = nice_ticks(min(values or [Decimal(0)]), max(values or [Decimal(0)]))
    labels = [fmt(t, data.step_decimals(ticks)) for t in ticks]
    note = ("↑ " + words["up"]) if direction == 1 else ("↓ " + words["down"])
    parts, y = heading(chart_title, note, width)
    total = _word("total", locale)
    rows, y = _legend_rows(y, [c.name for c in categories], total, width)
    items = [(f"comparison-{i % len(COMPARISON_DASHES)}", words["comparison"].format(name=c.name))
             for i, c in enumerate(comparisons)]  # fmt: skip
    more, y = legend(y, items, width)
    left = max(36.0, svg.text_width(max(labels, key=len), svg.MIN_FONT) + 12)
    frame = svg.Frame(left, y + 4, width - 12, y + 4 + height, ticks[0], ticks[-1])
    summaries = [_summary(total, points, [p.value for p in points], fmt)]
    summaries += [
        _summary(c.name, points, row, fmt) for c, row in zip(categories, aligned, strict=True)
    ]
    summaries += [
        _summary(c.name, points, row, fmt) for c, row in zip(comparisons, compared, strict=True)
    ]
    alt = f"{chart_title}: " + ", ".join([total, *(c.name for c in categories)])
    desc = data.sentences([chart_title, *summaries, words["up" if direction == 1 else "down"]])
    out = [svg.open_svg("trend", id_prefix, (width, int(frame.bottom + 30)), (alt, desc))]
    out += parts + rows + more + y_axis(frame, ticks, labels) + x_axis(frame, points)
    for index, row in enumerate(compared):
        out.append(comparison_path(frame, row, index, comparisons[index].name))
    out += series_line(frame, points, fmt, joined)
    for index, (category, row) in enumerate(zip(categories, aligned, strict=True)):
        colour, shape = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]
        out.append(_category_path(frame, row, colour, category.name))
        for point, coord, value in zip(points, frame.coords(row), row, strict=True):
            if coord is not None and value is not None:
                tip = f"{category.name}, {point.label}: {fmt(value)}"
                out.append(marker(shape, coord[0], coord[1], colour, tip))
    return Markup("".join([*out, "</svg>"]))  # noqa: S704 - every piece is escaped
