"""The report PDF of an edition: cover, overall reading, a section per focus area with
its gauge, charts and assessment, and an annex table of every indicator.

Rendered by :mod:`core.pdf` from the edition's snapshot (plain values, the same SVG
charts as the public page) once, and stored; requests serve the stored file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, has_request_context

from barometer.editions.presenter import edition_view
from core.pdf import render_pdf, render_pdf_html

TEMPLATE = "barometer/pdf/report.html"


def filename(lang: str) -> str:
    return f"report-{lang}.pdf"


def context(snapshot: Mapping[str, Any], lang: str, sha256: str | None = None) -> dict[str, Any]:
    from barometer import method_text
    from barometer.editions.snapshot import canonical_json, sha256_hex

    published = snapshot["edition"].get("published")
    if sha256 is None and published:  # a frozen snapshot's hash is that of its canonical form
        sha256 = sha256_hex(canonical_json(snapshot))
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    return {
        "view": edition_view(snapshot, lang, sha256=sha256),
        "published": bool(published),
        "method_text": method_text,
        "method_url": f"{base}/barometer/metode" + ("?lang=en" if lang == "en" else ""),
    }


def render_report(snapshot: Mapping[str, Any], lang: str) -> bytes:
    if has_request_context():
        return render_pdf(TEMPLATE, context(snapshot, lang), lang=lang)
    # A background job or a CLI command: the templates' context processors need a request.
    with current_app.test_request_context("/"):
        return render_pdf(TEMPLATE, context(snapshot, lang), lang=lang)


def report_html(snapshot: Mapping[str, Any], lang: str) -> str:
    return render_pdf_html(TEMPLATE, context(snapshot, lang), lang=lang)
