"""The catalogue's PDF documents, rendered by :mod:`core.pdf` from plain values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from barometer.overview import OverviewTable, build_overview
from core.pdf import render_pdf, render_pdf_html

OVERVIEW_TEMPLATE = "barometer/pdf/overview.html"


def overview_context(snapshot: Mapping[str, Any], lang: str) -> dict[str, OverviewTable]:
    return {"table": build_overview(snapshot, lang)}


def overview_pdf(snapshot: Mapping[str, Any], lang: str) -> bytes:
    return render_pdf(OVERVIEW_TEMPLATE, overview_context(snapshot, lang), lang=lang)


def overview_html(snapshot: Mapping[str, Any], lang: str) -> str:
    return render_pdf_html(OVERVIEW_TEMPLATE, overview_context(snapshot, lang), lang=lang)


def overview_filename(number: int, ext: str, lang: str) -> str:
    word = "oversigtsskema" if lang == "da" else "overview-table"
    return f"{word}-version-{number}.{ext}"
