"""English pages show English content where it exists and mark Danish-only text (issue 13)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from barometer.bilingual import DanishOnly, pick
from barometer.labels import content
from barometer.models import Edition
from tests.barometer.edition_factories import make_periods, make_published
from tests.factories import make_secretariat
from tests.web import csrf_token, login, text_of

MARK = '(<span lang="da">kun på dansk</span> / only in Danish)'


def test_pick_prefers_english_and_marks_the_danish_fallback() -> None:
    assert pick("Beskæftigelse", "Employment", "en") == "Employment"
    shown = pick("Beskæftigelse", None, "en")
    assert shown == "Beskæftigelse" and isinstance(shown, DanishOnly)
    assert not isinstance(pick("Beskæftigelse", None, "da"), DanishOnly)
    assert (
        str(content(shown))
        == f'<span lang="da">Beskæftigelse</span> <span class="app-only-danish">{MARK}</span>'
    )
    assert str(content("Employment")) == "Employment"
    assert str(content(DanishOnly("<b>"))).startswith('<span lang="da">&lt;b&gt;</span>')


@pytest.fixture
def published(db: Any, configured: Any) -> Edition:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    edition = make_published("2007-H2")
    make_secretariat()
    db.session.commit()
    return edition


def test_english_pages_mark_danish_only_texts_with_lang_da(
    client: FlaskClient, published: Edition
) -> None:
    snapshot = published.snapshot
    indicator = snapshot["catalogue"]["focus_areas"][0]["goals"][0]["indicators"][0]
    english = text_of(client.get(f"/barometer/editions/{published.id}/?lang=en"))
    danish = text_of(client.get(f"/barometer/editions/{published.id}/"))
    # The focus area has an English name; the demo-like goal and the assessment have none.
    assert MARK in english and MARK not in danish
    assert re.search(r'<div class="app-markdown" lang="da">', english)
    page = text_of(
        client.get(f"/barometer/editions/{published.id}/indicators/{indicator['code']}?lang=en")
    )
    if indicator.get("definition"):
        assert f'<span lang="da">{indicator["definition"]}</span>' in page


def test_staff_working_in_english_are_sent_to_english_public_pages(
    client: FlaskClient, published: Edition
) -> None:
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/editions/manage"))
    assert f"/barometer/editions/{published.id}/?lang=en" in page
    assert '/barometer/?lang=en"' in page
