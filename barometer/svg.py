"""SVG drawing primitives for the barometer's charts: escaped tags, text and lines in the
chart font, the opening ``<svg>`` with its title and description, the plot frame that maps
values to coordinates, and polylines broken at missing values.

Everything is a presentation attribute (no ``style``, no scripts), numbers are written with
at most two decimals, and nothing random or time-dependent is emitted: see
:mod:`barometer.charts`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import escape

FONT = "DejaVu Sans, IBM Plex Sans, Arial, sans-serif"
# No text smaller than this: a chart is never drawn narrower than its own width (the
# stylesheet's min-width), so 12 units are at least 12 px on a phone.
MIN_FONT = 12
# Average advance of a DejaVu Sans character as a share of the font size (bold is wider).
CHAR_WIDTH, BOLD_CHAR_WIDTH = 0.6, 0.66
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


XY = tuple[float, float]
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def n(number: float) -> str:
    """A coordinate with at most two decimals and never "-0"."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def attributes(attrs: Mapping[str, object]) -> str:
    return "".join(f' {key}="{escape(str(value))}"' for key, value in attrs.items())


def tag(name: str, attrs: Mapping[str, object], content: str | None = None) -> str:
    if content is None:
        return f"<{name}{attributes(attrs)}/>"
    return f"<{name}{attributes(attrs)}>{escape(content)}</{name}>"


def text(x: float, y: float, content: str, cls: str, **attrs: object) -> str:
    base: dict[str, object] = {"x": n(x), "y": n(y), "class": cls, "font-family": FONT,
                               "font-size": MIN_FONT, "fill": PALETTE["ink"]}  # fmt: skip
    base.update({key.replace("_", "-"): value for key, value in attrs.items()})
    return tag("text", base, content)


def text_width(content: str, font_size: float, *, bold: bool = False) -> float:
    """An estimate of the drawn width, generous so that nothing is clipped."""
    return len(content) * font_size * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)


def wrap(content: str, width: float, font_size: float, *, bold: bool = False) -> list[str]:
    """Lines of ``content`` that each fit in ``width``, broken between words (a word longer
    than a line is broken inside it)."""
    per_char = font_size * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)
    return textwrap.wrap(content, max(1, int(width // per_char))) or [""]


def line(x1: float, y1: float, x2: float, y2: float, cls: str, **attrs: object) -> str:
    base: dict[str, object] = {"class": cls, "x1": n(x1), "y1": n(y1), "x2": n(x2)}
    base["y2"] = n(y2)
    base.update({key.replace("_", "-"): value for key, value in attrs.items()})
    return tag("line", base)


def open_svg(kind: str, id_prefix: str, size: tuple[int, int], texts: tuple[str, str]) -> str:
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
        "aria-labelledby": title_id,
        "aria-describedby": desc_id,
        "width": width,
        "height": height,
        "viewBox": f"0 0 {width} {height}",
    }
    title, desc = texts
    return (
        f"<svg{attributes(attrs)}>"
        + tag("title", {"id": title_id}, title)
        + tag("desc", {"id": desc_id}, desc)
    )


@dataclass(frozen=True)
class Frame:
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

    def coords(self, values: Sequence[Decimal | None]) -> list[XY | None]:
        count = len(values)
        return [None if v is None else (self.x(i, count), self.y(v)) for i, v in enumerate(values)]


def polylines(
    coords: Sequence[XY | None], cls: str, stroke: str, width: float, *, joined: bool = False
) -> list[str]:
    """One polyline per run of known values: a None breaks the line, unless ``joined`` (an
    annual series, whose empty half-years are not gaps)."""
    runs: list[list[str]] = [[]]
    for coord in coords:
        if coord is None:
            if not joined:
                runs.append([])
        else:
            runs[-1].append(f"{n(coord[0])},{n(coord[1])}")
    return [
        tag("polyline", {"class": cls, "points": " ".join(run), "fill": "none", "stroke": stroke,
                          "stroke-width": width, "stroke-linejoin": "round",
                          "stroke-linecap": "round"})
        for run in runs
        if len(run) > 1
    ]  # fmt: skip
