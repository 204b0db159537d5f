"""The sparkline: a compact line of an indicator's values, the last one emphasised, coloured
by its status (see :mod:`barometer.charts` for the rules every chart follows)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup

from barometer import chart_data as data
from barometer import svg
from barometer.svg import PALETTE

_HEX = re.compile(r"#[0-9a-fA-F]{6}\Z")


def _stroke_colour(colour: str | None) -> str:
    if colour is None:
        return PALETTE["line"]
    if colour in PALETTE:
        return PALETTE[colour]
    if colour in ("first", "not_assessable", "off_cycle", "not_comparable"):
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
    joined: bool = False,
) -> Markup:
    """A compact line (None breaks it unless ``joined``), the last value emphasised.

    ``colour`` is a status colour name ("green", "yellow", ...) or "#rrggbb".
    """
    fmt, words, stroke = (
        data.Fmt(locale, decimals, unit_suffix),
        data.words_in(locale),
        _stroke_colour(colour),
    )
    known = [v for v in values if v is not None]
    last = fmt(known[-1]) if known else words["no_data"]
    span = words["span"].format(n=len(known), first=fmt(known[0]), last=last) if known else ""
    desc = data.sentences([label, span or words["none"]])
    parts = [svg.open_svg("sparkline", id_prefix, (width, height), (f"{label}: {last}", desc))]
    if known:
        lo, hi = min(known), max(known)
        if lo == hi:
            lo, hi = lo - 1, hi + 1
        frame = svg.Frame(3.5, 3.5, width - 3.5, height - 3.5, lo, hi, edge_to_edge=True)
        coords = frame.coords(values)
        parts += svg.polylines(coords, "chart-spark-line", stroke, 1.5, joined=joined)
        x, y = next(c for c in reversed(coords) if c is not None)
        dot = {
            "class": "chart-spark-last",
            "cx": svg.n(x),
            "cy": svg.n(y),
            "r": 2.5,
            "fill": stroke,
        }
        parts.append(svg.tag("circle", dot))
    return Markup("".join([*parts, "</svg>"]))  # noqa: S704 - every piece is escaped
