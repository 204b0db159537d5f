"""Staff pages in English mark Danish-only texts too (issue 13): a policy's name, a version's
label, a focus area's, goal's or indicator's name without an English version, and a
hearing's title (hearings are written in Danish) are shown with lang="da" and "kun på dansk /
only in Danish", like the public pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from tests.barometer.reading_factories import add_values, make_period, make_reading_catalogue
from tests.factories import make_secretariat
from tests.web import login, post, text_of


def marked(text: str) -> str:
    return f'<span lang="da">{text}</span> <span class="app-only-danish">'


def english_staff(client: FlaskClient) -> None:
    login(client, "sek@example.dk")
    post(client, "/language", {"locale": "en", "next": "/"})


def test_staff_pages_in_english_mark_the_danish_only_names(client: FlaskClient, db: Any) -> None:
    version = make_reading_catalogue()
    add_values(make_period("2007-H1"), {"A1-M1-I1": Decimal("46.4"), "A1-M1-C": Decimal(120)})
    make_secretariat()
    db.session.commit()
    english_staff(client)
    label, policy = "Koncept for integrationsbarometer", "Integrationspolitik 2007-2010"
    indicator, goal = "Antal deltagere i aktiviteten", "Mål 1.1: flere i arbejde"

    reading = text_of(client.get("/barometer/reading/2007-H1"))
    assert 'lang="en"' in reading[:300]
    for text in (label, indicator, goal):
        assert marked(text) in reading, text
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-C"))
    assert f'<h1><span class="app-code">A1-M1-C</span> {marked(indicator)}' in page
    entry = text_of(client.get("/barometer/measurements/2007-H1/"))
    assert marked(indicator) in entry
    shown = text_of(client.get(f"/barometer/catalogue/versions/{version.number}"))
    for text in (label, policy, indicator, goal):
        assert marked(text) in shown, text
    for path in ("/barometer/catalogue/", "/barometer/catalogue/in-force/"):
        listed = text_of(client.get(path))
        assert marked(label) in listed and marked(policy) in listed, path
    # Danish pages show the same texts unmarked.
    post(client, "/language", {"locale": "da", "next": "/"})
    danish = text_of(client.get("/barometer/reading/2007-H1"))
    assert indicator in danish and "kun på dansk" not in danish


def test_a_hearing_title_on_an_english_page_is_marked_danish(client: FlaskClient, db: Any) -> None:
    from tests.hearing.factories import make_issued

    hearing = make_issued()
    number, hearing_id = hearing.version.number, hearing.id
    db.session.commit()
    english_staff(client)
    title = "Høring over koncept og oversigtsskema"
    locked = text_of(client.get(f"/barometer/catalogue/versions/{number}"))
    assert marked(f"BIU 227/2006: {title}") in locked
    for path in (f"/hearings/{hearing_id}", "/hearings/", f"/hearings/public/{hearing_id}"):
        assert marked(title) in text_of(client.get(path)), path
    # The hearing's page names the consulted version by its (Danish) label too.
    assert marked("Koncept for integrationsbarometer") in text_of(
        client.get(f"/hearings/{hearing_id}")
    )
    post(client, "/language", {"locale": "da", "next": "/"})
    assert "kun på dansk" not in text_of(client.get(f"/hearings/{hearing_id}"))
