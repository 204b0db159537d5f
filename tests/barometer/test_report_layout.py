"""The demo's report reads as a publication: the summary fits its page, and a goal's
heading is never left at the foot of a page without its first indicator."""

from __future__ import annotations

import io
from typing import Any

from flask.testing import FlaskClient
from pypdf import PdfReader

from barometer.editions.public_site import latest_published_id
from barometer.models import Edition
from tests.barometer.factories import NOW
from tests.demo_cache import load_demo_once


def test_the_demo_report_keeps_goal_headings_with_their_first_indicator(
    client: FlaskClient, db: Any
) -> None:
    load_demo_once(NOW)
    db.session.commit()
    edition = db.session.get(Edition, latest_published_id())
    response = client.get(f"/barometer/editions/{edition.id}/report.pdf")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages]
    summary = next(i for i, text in enumerate(pages) if text.startswith("Resumé "))
    assert "Hvad har flyttet sig" in pages[summary]
    assert pages[summary + 1].startswith("Hele barometeret")  # the summary is one page
    checked = 0
    for area in edition.snapshot["catalogue"]["focus_areas"]:
        for goal in area["goals"]:
            if not goal["indicators"]:
                continue
            at = next(i for i, text in enumerate(pages) if f"{goal['code']} " in text)
            first = goal["indicators"][0]["code"]
            assert f"{first} " in pages[at], f"{goal['code']} on page {at + 1} without {first}"
            checked += 1
    assert checked >= 10
    # The method starts its own page and keeps the edition's hash with it (the hash was
    # once left alone on the report's last page).
    method = next(i for i, text in enumerate(pages) if text.startswith("Metode "))
    assert "Udgavens SHA-256" in pages[method] and str(edition.sha256) in pages[method]
