"""A chart's downloads: its data table as CSV and XLSX, the chart as SVG and PNG.

The table has one row per period: the indicator's value, then one column per comparison
series (never a status). CSV in the reader's dialect (Danish: ``;`` and a decimal comma),
XLSX with a bold, frozen header (:mod:`core.spreadsheets`). The SVG is the chart as the
page shows it, as a standalone document; the PNG is that SVG rasterised by CairoSVG at
twice its size, so it stays sharp in a presentation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barometer.bilingual import language
from core.spreadsheets import write_csv, write_xlsx

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
}
PNG_SCALE = 2
_WORDS = {"period": ("Periode", "Period"), "code": ("Periodekode", "Period code")}


@dataclass(frozen=True)
class ChartTable:
    """What a chart shows, as a table: rows of (period code, label, value, comparisons)."""

    title: str
    value_header: str  # "Værdi (%)"
    comparison_names: Sequence[str]
    rows: Sequence[tuple[str, str, Decimal | None, Sequence[Decimal | None]]]

    def header(self, locale: str) -> list[str]:
        index = ("da", "en").index(language(locale))
        return [_WORDS["code"][index], _WORDS["period"][index], self.value_header,
                *self.comparison_names]  # fmt: skip

    def lines(self) -> list[list[Any]]:
        return [[code, label, value, *others] for code, label, value, others in self.rows]


def table_csv(table: ChartTable, locale: str) -> bytes:
    return write_csv([table.header(locale), *table.lines()], danish=language(locale) == "da")


def table_xlsx(table: ChartTable, locale: str) -> bytes:
    header = table.header(locale)
    widths = [12, 18, 16, *(max(14, len(n) + 2) for n in table.comparison_names)]
    return write_xlsx(table.title, header, table.lines(), widths)


def svg_document(svg: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg) + "\n").encode("utf-8")


def png(svg: str) -> bytes:
    import cairosvg  # a C library underneath: loaded only when a PNG is asked for

    data: bytes = cairosvg.svg2png(bytestring=svg_document(svg), scale=PNG_SCALE)
    return data


def render(fmt: str, table: ChartTable, svg: str, locale: str) -> bytes:
    """The download in ``fmt`` (a key of :data:`FORMATS`)."""
    if fmt == "csv":
        return table_csv(table, locale)
    if fmt == "xlsx":
        return table_xlsx(table, locale)
    if fmt == "svg":
        return svg_document(svg)
    if fmt == "png":
        return png(svg)
    raise ValueError(f"Unknown chart download format {fmt!r}")


def filename(code: str, fmt: str, locale: str, suffix: str = "") -> str:
    stem = "indikator" if language(locale) == "da" else "indicator"
    return f"{stem}-{code}{suffix}.{fmt}"
