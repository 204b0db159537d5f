"""Server-side SVG charts for pages and PDFs: trend line, sparkline and roll-up gauge.

The same SVG goes into HTML pages under a strict Content-Security-Policy and into
WeasyPrint PDFs, so it has no ``style`` attributes, no ``<style>`` and no scripts: colours
and fonts are presentation attributes (correct without any stylesheet) and the
``chart-*`` classes in ``static/css/app.css`` only add layout and forced-colours support.
Only basic SVG 1.1 is used (rect, line, polyline, path with non-zero-radius arcs,
circle, text, g, title, desc). Each chart is ``role="img"`` labelled by its own
``<title>`` and ``<desc>``; ids come from ``id_prefix``. Output is deterministic, since
published editions hash it: no random ids, no timestamps, fixed number formatting.

Status is never told by colour alone: the gauge prints its colour word and tables use
:func:`status_badge_symbol` next to the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from markupsafe import Markup, escape

from barometer.bilingual import format_number, language
from barometer.period import Period

__all__ = [
    "PALETTE",
    "SeriesPoint",
    "gauge",
    "nice_ticks",
    "sparkline",
    "status_badge_symbol",
    "trend_chart",
]

FONT = "DejaVu Sans, IBM Plex Sans, Arial, sans-serif"
# Contrast on white: every text colour >= 4.5:1, every stroke >= 3:1. The amber area
# fill is light and so always outlined in the dark amber.
PALETTE: Mapping[str, str] = {
    "green": "#1b7a3d",
    "yellow": "#8a6100",
    "yellow_fill": "#f2c94c",
    "red": "#b3261e",
    "grey": "#6b6b6b",
    "ink": "#1a1a1a",
    "muted": "#595959",
    "line": "#1f4e79",
    "grid": "#d9d9d9",
    "white": "#ffffff",
}
_SYMBOLS = {"green": "▲", "yellow": "●", "red": "▼", "grey": "–", "first": "○"}
_SYMBOLS["not_assessable"] = "–"
_XY = tuple[float, float]
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_HEX = re.compile(r"#[0-9a-fA-F]{6}\Z")

# Interface words, (Danish, English); {placeholders} are filled in by the charts.
_WORDS: dict[str, tuple[str, str]] = {
    "green": ("Grøn", "Green"),
    "yellow": ("Gul", "Yellow"),
    "red": ("Rød", "Red"),
    "not_assessable": ("Kan ikke vurderes", "Not assessable"),
    "first": ("Første måling ({label}): {value}", "First measurement ({label}): {value}"),
    "latest": ("Seneste måling ({label}): {value}", "Latest measurement ({label}): {value}"),
    "lowest": ("Laveste værdi: {value} ({label})", "Lowest value: {value} ({label})"),
    "highest": ("Højeste værdi: {value} ({label})", "Highest value: {value} ({label})"),
    "target": ("Mål", "Target"),
    "baseline": ("Udgangspunkt", "Baseline"),
    "up": ("Højere er bedre", "Higher is better"),
    "down": ("Lavere er bedre", "Lower is better"),
    "missing": ("Ingen værdi for {labels}", "No value for {labels}"),
    "none": ("Ingen målinger", "No measurements"),
    "no_data": ("ingen data", "no data"),
    "span": ("{n} målinger, fra {first} til {last}", "{n} measurements, from {first} to {last}"),
    "score": (
        "Score {score} på en skala fra -1 til +1",
        "Score {score} on a scale from -1 to +1",
    ),
}


@dataclass(frozen=True)
class SeriesPoint:
    period: str  # "2007-H1"
    value: Decimal | None
    label: str  # "1. halvår 2007"


# ---------------------------------------------------------------- SVG building blocks


def _n(number: float) -> str:
    """A coordinate with at most two decimals and never "-0"."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(attrs: Mapping[str, object]) -> str:
    return "".join(f' {key}="{escape(str(value))}"' for key, value in attrs.items())


def _tag(name: str, attrs: Mapping[str, object], content: str | None = None) -> str:
    if content is None:
        return f"<{name}{_attrs(attrs)}/>"
    return f"<{name}{_attrs(attrs)}>{escape(content)}</{name}>"


def _text(x: float, y: float, content: str, cls: str, **attrs: object) -> str:
    base: dict[str, object] = {"x": _n(x), "y": _n(y), "class": cls, "font-family": FONT,
                               "font-size": 11, "fill": PALETTE["ink"]}  # fmt: skip
    base.update({key.replace("_", "-"): value for key, value in attrs.items()})
    return _tag("text", base, content)


def _line(x1: float, y1: float, x2: float, y2: float, cls: str, **attrs: object) -> str:
    base: dict[str, object] = {"class": cls, "x1": _n(x1), "y1": _n(y1), "x2": _n(x2)}
    base["y2"] = _n(y2)
    base.update({key.replace("_", "-"): value for key, value in attrs.items()})
    return _tag("line", base)


def _svg(kind: str, id_prefix: str, size: tuple[int, int], texts: tuple[str, str]) -> str:
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix must be a letter then letters, digits, - or _: {id_prefix!r}")
    width, height = size
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "class": f"chart chart-{kind}",
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "width": width,
        "height": height,
        "viewBox": f"0 0 {width} {height}",
    }
    title, desc = texts
    return (
        f"<svg{_attrs(attrs)}>"
        + _tag("title", {"id": title_id}, title)
        + _tag("desc", {"id": desc_id}, desc)
    )


def _words(locale: str) -> dict[str, str]:
    index = ("da", "en").index(language(locale))
    return {key: pair[index] for key, pair in _WORDS.items()}


def _sentences(parts: Sequence[str]) -> str:
    return " ".join(part if part.endswith(".") else part + "." for part in parts if part)


# ---------------------------------------------------------------- scales


def _nice_step(raw: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 x 10^n that is at least ``raw`` (> 0)."""
    magnitude = Decimal(1).scaleb(raw.adjusted())
    for factor in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def nice_ticks(lo: Decimal, hi: Decimal, count: int = 5) -> list[Decimal]:
    """Evenly spaced ticks at a 'nice' step that cover [lo, hi]; 4-6 of them for count 5."""
    if count < 2:
        raise ValueError("count must be at least 2")
    lo, hi = min(lo, hi), max(lo, hi)
    if lo == hi:  # widen a flat series so it sits mid-axis
        pad = abs(lo) / 10 if lo else Decimal(1)
        lo, hi = lo - pad, hi + pad
    step = _nice_step((hi - lo) / (count - 1))
    first = (lo / step).to_integral_value(rounding=ROUND_FLOOR)
    last = (hi / step).to_integral_value(rounding=ROUND_CEILING)
    return [_tidy((first + i) * step) for i in range(int(last - first) + 1)]


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without exponent notation ("1E+1") or a negative zero."""
    plain = value.normalize()
    exponent = plain.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        plain = plain.quantize(Decimal(1))
    return abs(plain) if plain == 0 else plain


def _step_decimals(ticks: Sequence[Decimal]) -> int:
    exponents = [t.normalize().as_tuple().exponent for t in ticks if t]
    return max([0, *(-e for e in exponents if isinstance(e, int))])


def _short_label(period: str) -> str:
    try:
        parsed = Period.parse(period)
    except ValueError:
        return period
    return parsed.short_label()


# ---------------------------------------------------------------- trend chart


@dataclass(frozen=True)
class _Frame:
    left: float
    top: float
    right: float
    bottom: float
    lo: Decimal
    hi: Decimal
    edge_to_edge: bool = False  # sparklines use the full width; charts centre each period

    def y(self, value: Decimal) -> float:
        share = float((value - self.lo) / (self.hi - self.lo))
        return self.bottom - share * (self.bottom - self.top)

    def x(self, index: int, count: int) -> float:
        if self.edge_to_edge and count > 1:
            return self.left + (self.right - self.left) * index / (count - 1)
        return self.left + (self.right - self.left) * (index + 0.5) / count

    def coords(self, values: Sequence[Decimal | None]) -> list[_XY | None]:
        count = len(values)
        return [None if v is None else (self.x(i, count), self.y(v)) for i, v in enumerate(values)]


def _y_axis(frame: _Frame, ticks: Sequence[Decimal], labels: Sequence[str]) -> list[str]:
    parts = []
    for tick, label in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        parts.append(_line(frame.left, y, frame.right, y, "chart-grid", stroke=PALETTE["grid"]))
        parts.append(_text(frame.left - 6, y + 4, label, "chart-tick-label", text_anchor="end"))
    return parts


def _x_axis(frame: _Frame, points: Sequence[SeriesPoint]) -> list[str]:
    count = len(points)
    if not count:
        return []
    labels = [_short_label(p.period) for p in points]
    needed = 6.2 * max(len(label) for label in labels) + 8  # font-size 10
    every = max(1, math.ceil(needed / ((frame.right - frame.left) / count)))
    return [
        _text(frame.x(i, count), frame.bottom + 16, label, "chart-x-label", font_size=10,
              text_anchor="middle")
        for i, label in enumerate(labels)
        if (count - 1 - i) % every == 0
    ]  # fmt: skip


def _polylines(coords: Sequence[_XY | None], cls: str, stroke: str, width: float) -> list[str]:
    """One polyline per run of known values: a None breaks the line."""
    runs: list[list[str]] = [[]]
    for coord in coords:
        if coord is None:
            runs.append([])
        else:
            runs[-1].append(f"{_n(coord[0])},{_n(coord[1])}")
    return [
        _tag("polyline", {"class": cls, "points": " ".join(run), "fill": "none", "stroke": stroke,
                          "stroke-width": width, "stroke-linejoin": "round",
                          "stroke-linecap": "round"})
        for run in runs
        if len(run) > 1
    ]  # fmt: skip


def _series(frame: _Frame, points: Sequence[SeriesPoint], fmt: _Fmt) -> list[str]:
    coords = frame.coords([p.value for p in points])
    dots = []
    for point, coord in zip(points, coords, strict=True):
        if coord is None or point.value is None:
            continue
        dot = {"class": "chart-dot", "cx": _n(coord[0]), "cy": _n(coord[1]), "r": 3.5}
        dot |= {"fill": PALETTE["line"], "stroke": PALETTE["white"], "stroke-width": 1}
        tip = _tag("title", {}, f"{point.label}: {fmt(point.value)}")
        dots.append(f"<circle{_attrs(dot)}>{tip}</circle>")
    return _polylines(coords, "chart-line", PALETTE["line"], 2.5) + dots


_REFERENCE_STYLES = {  # kind: (stroke, dash pattern, label fill)
    "target": (PALETTE["ink"], "6 4", PALETTE["ink"]),
    "baseline": (PALETTE["grey"], "2 3", PALETTE["muted"]),
}


def _reference(frame: _Frame, value: Decimal, kind: str) -> str:
    """A dashed target or dotted baseline line across the plot; the legend labels it."""
    stroke, dash, _ = _REFERENCE_STYLES[kind]
    y = frame.y(value)
    return _line(frame.left, y, frame.right, y, f"chart-{kind}", stroke=stroke,
                 stroke_width=1.5, stroke_dasharray=dash)  # fmt: skip


def _legend(right: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    """Right-aligned (kind, text) entries, each after a sample of its line, so that the
    labels never collide with the data. Widths are estimated (DejaVu Sans, 11px)."""
    parts, x = [], right
    for kind, text in reversed(items):
        stroke, dash, fill = _REFERENCE_STYLES[kind]
        parts.append(_text(x, y, text, f"chart-{kind}-label", text_anchor="end", fill=fill))
        x -= 6.4 * len(text) + 6
        parts.append(_line(x - 20, y - 4, x, y - 4, f"chart-legend-sample chart-legend-{kind}",
                           stroke=stroke, stroke_width=1.5, stroke_dasharray=dash))  # fmt: skip
        x -= 20 + 16
    return parts


@dataclass(frozen=True)
class _Fmt:
    """Formats values in the locale, with the indicator's decimals and unit suffix."""

    locale: str
    decimals: int
    suffix: str

    def __post_init__(self) -> None:
        if self.decimals < 0:
            raise ValueError("decimals must not be negative")

    def __call__(self, value: Decimal, decimals: int | None = None) -> str:
        shown = self.decimals if decimals is None else decimals
        return format_number(value, shown, language(self.locale)) + self.suffix


@dataclass(frozen=True)
class _Refs:
    target: Decimal | None
    target_label: str
    baseline: Decimal | None
    direction: int


def _trend_desc(title: str, points: Sequence[SeriesPoint], fmt: _Fmt, refs: _Refs) -> str:
    words = _words(fmt.locale)
    known = [p for p in points if p.value is not None]
    parts = [title]
    if known:
        first, last = known[0], known[-1]
        low = min(known, key=lambda p: p.value or 0)  # the first of equal lows
        high = max(known, key=lambda p: p.value or 0)
        for key, p in (("first", first), ("latest", last), ("lowest", low), ("highest", high)):
            parts.append(words[key].format(label=p.label, value=fmt(p.value or Decimal(0))))
    else:
        parts.append(words["none"])
    if refs.target is not None:
        parts.append(f"{refs.target_label}: {fmt(refs.target)}")
    if refs.baseline is not None:
        parts.append(f"{words['baseline']}: {fmt(refs.baseline)}")
    parts.append(words["up" if refs.direction == 1 else "down"])
    missing = [p.label for p in points if p.value is None]
    if missing and known:
        parts.append(words["missing"].format(labels=", ".join(missing)))
    return _sentences(parts)


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
    width: int = 640,
    height: int = 280,
) -> Markup:
    """A line through the values per period; None breaks the line.

    The target is a dashed line, the baseline a dotted one, each explained in a legend
    above the plot: "<target_label or Mål/Target>: <value>", "Udgangspunkt/Baseline: <value>".
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    fmt, words = _Fmt(locale, decimals, unit_suffix), _words(locale)
    refs = _Refs(target, target_label or words["target"], baseline, direction)
    values = [p.value for p in points if p.value is not None]
    extent = [*values, *(v for v in (target, baseline) if v is not None)] or [Decimal(0)]
    ticks = nice_ticks(min(extent), max(extent))
    labels = [fmt(t, _step_decimals(ticks)) for t in ticks]
    left = max(36.0, 6.6 * max(len(label) for label in labels) + 12)
    frame = _Frame(left, 46, width - 12, height - 26, ticks[0], ticks[-1])
    desc = _trend_desc(title, points, fmt, refs)
    parts = [_svg("trend", id_prefix, (width, height), (title, desc))]
    parts.append(_text(0, 18, title, "chart-title", font_size=14, font_weight="bold"))
    note = ("↑ " + words["up"]) if direction == 1 else ("↓ " + words["down"])
    parts.append(_text(0, 34, note, "chart-note", fill=PALETTE["muted"]))
    parts += _y_axis(frame, ticks, labels) + _x_axis(frame, points)
    legend = []
    if baseline is not None:
        parts.append(_reference(frame, baseline, "baseline"))
        legend.append(("baseline", f"{words['baseline']}: {fmt(baseline)}"))
    if target is not None:
        parts.append(_reference(frame, target, "target"))
        legend.append(("target", f"{refs.target_label}: {fmt(target)}"))
    parts += _legend(frame.right, 34, legend)
    parts += _series(frame, points, fmt)
    return Markup("".join([*parts, "</svg>"]))  # noqa: S704 - every piece is escaped


# ---------------------------------------------------------------- sparkline


def _stroke_colour(colour: str | None) -> str:
    if colour is None:
        return PALETTE["line"]
    if colour in PALETTE:
        return PALETTE[colour]
    if colour in ("first", "not_assessable"):
        return PALETTE["grey"]
    if _HEX.match(colour):
        return colour
    raise ValueError(f"Unknown chart colour {colour!r}: use a status colour or #rrggbb")


def sparkline(
    values: Sequence[Decimal | None],
    *,
    id_prefix: str,
    locale: str,
    label: str,
    width: int = 120,
    height: int = 28,
    colour: str | None = None,
    decimals: int = 1,
    unit_suffix: str = "",
) -> Markup:
    """A compact line (None breaks it), the last value emphasised with a dot.

    ``colour`` is a status colour name ("green", "yellow", ...) or "#rrggbb".
    """
    fmt, words, stroke = _Fmt(locale, decimals, unit_suffix), _words(locale), _stroke_colour(colour)
    known = [v for v in values if v is not None]
    last = fmt(known[-1]) if known else words["no_data"]
    span = words["span"].format(n=len(known), first=fmt(known[0]), last=last) if known else ""
    desc = _sentences([label, span or words["none"]])
    parts = [_svg("sparkline", id_prefix, (width, height), (f"{label}: {last}", desc))]
    if known:
        lo, hi = min(known), max(known)
        if lo == hi:
            lo, hi = lo - 1, hi + 1
        frame = _Frame(3.5, 3.5, width - 3.5, height - 3.5, lo, hi, edge_to_edge=True)
        coords = frame.coords(values)
        parts += _polylines(coords, "chart-spark-line", stroke, 1.5)
        x, y = next(c for c in reversed(coords) if c is not None)
        dot = {"class": "chart-spark-last", "cx": _n(x), "cy": _n(y), "r": 2.5, "fill": stroke}
        parts.append(_tag("circle", dot))
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
        f"M{_n(x0)} {_n(y0)} A{_n(outer)} {_n(outer)} 0 0 1 {_n(x1)} {_n(y1)} "
        f"L{_n(x2)} {_n(y2)} A{_n(inner)} {_n(inner)} 0 0 0 {_n(x3)} {_n(y3)} Z"
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
        parts.append(_tag("path", attrs))
    middle = (outer + inner) / 2
    for text, x in (("−1", cx - middle), ("+1", cx + middle)):
        parts.append(_text(x, cy + 11, text, "chart-gauge-scale", font_size=9,
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
    words, lang = _words(locale), language(locale)
    needle = None if colour == "not_assessable" else score
    word = words["not_assessable" if needle is None else colour]
    details = [f"{label}: {word}"]
    if needle is not None:
        details.append(words["score"].format(score=format_number(needle, 2, lang)))
    outer = max(10.0, min(width / 2 - 8, height - 48))
    cx, cy = width / 2, 6 + outer
    parts = [_svg("gauge", id_prefix, (width, height), (label, _sentences([*details, caption])))]
    parts += _gauge_dial(cx, cy, outer)
    if needle is not None:
        x, y = _polar(cx, cy, outer - 4, max(-1.0, min(1.0, float(needle))))
        parts.append(_line(cx, cy, x, y, "chart-gauge-needle", stroke=PALETTE["ink"],
                           stroke_width=3, stroke_linecap="round"))  # fmt: skip
        hub = {"class": "chart-gauge-hub", "cx": _n(cx), "cy": _n(cy), "r": 5}
        parts.append(_tag("circle", hub | {"fill": PALETTE["ink"]}))
    fill = PALETTE["grey" if needle is None else colour]
    parts.append(_text(cx, cy + 25, word, "chart-gauge-word", font_size=13, font_weight="bold",
                       text_anchor="middle", fill=fill))  # fmt: skip
    parts.append(_text(cx, cy + 38, caption, "chart-gauge-caption", font_size=10,
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
