"""The report PDF of an edition: cover, contents, a one-page summary (the plain summary,
the overall gauge and what moved since the previous edition), the whole barometer, a
section per focus area with its gauge, charts and assessment, and an annex table of every
indicator with the method.

Rendered by :mod:`core.pdf` from the edition's snapshot (plain values, the same SVG
charts as the public page) and the previous published edition's snapshot, once, and
stored; requests serve the stored file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, has_request_context

from barometer.editions.presenter import edition_view
from barometer.what_moved import what_moved
from core.extensions import db
from core.pdf import render_pdf, render_pdf_html

TEMPLATE = "barometer/pdf/report.html"


def filename(lang: str) -> str:
    return f"report-{lang}.pdf"


def previous_snapshot(snapshot: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The snapshot of the latest published edition of an earlier period that no other
    edition corrects (None: this is the first)."""
    from barometer.editions.public_site import published_list
    from barometer.models import Edition

    listed = published_list()  # newest period first
    corrected = {e.corrects_edition_id for e in listed}
    for entry in listed:
        if entry.period_code < snapshot["period"] and entry.id not in corrected:
            edition = db.session.get(Edition, entry.id)
            return None if edition is None else edition.snapshot
    return None


def context(
    snapshot: Mapping[str, Any],
    lang: str,
    sha256: str | None = None,
    previous: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    from barometer import method_text
    from barometer.editions.snapshot import canonical_json, sha256_hex

    published = snapshot["edition"].get("published")
    if sha256 is None and published:  # a frozen snapshot's hash is that of its canonical form
        sha256 = sha256_hex(canonical_json(snapshot))
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    return {
        "view": edition_view(snapshot, lang, sha256=sha256),
        "moved": what_moved(snapshot, previous),
        "published": bool(published),
        "method_text": method_text,
        "method_url": f"{base}/barometer/metode" + ("?lang=en" if lang == "en" else ""),
        "data_url": f"{base}/barometer/editions/{snapshot['edition']['id']}/data.json",
    }


def _full_context(snapshot: Mapping[str, Any], lang: str) -> dict[str, Any]:
    return context(snapshot, lang, previous=previous_snapshot(snapshot))


def render_report(snapshot: Mapping[str, Any], lang: str) -> bytes:
    if has_request_context():
        return render_pdf(TEMPLATE, _full_context(snapshot, lang), lang=lang)
    # A background job or a CLI command: the templates' context processors need a request.
    with current_app.test_request_context("/"):
        return render_pdf(TEMPLATE, _full_context(snapshot, lang), lang=lang)


def report_html(snapshot: Mapping[str, Any], lang: str) -> str:
    return render_pdf_html(TEMPLATE, _full_context(snapshot, lang), lang=lang)
