"""The Atom feed of published editions: valid Atom, in Danish or English (``?lang=en``),
never a draft; the public pages link to it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from barometer.services import editions as svc
from tests.atom import XML_LANG, parse, summaries, titles
from tests.barometer.edition_factories import PUBLISHED_AT, make_draft, make_periods, publish
from tests.factories import commit
from tests.web import text_of


def test_the_feed_is_atom_with_the_published_editions_only(client: FlaskClient, db: Any) -> None:
    make_periods()
    published = publish(make_draft("2007-H1"))
    draft = make_draft("2007-H2")
    draft.title_da = "Kladde der ikke må ses"
    commit()
    answer = client.get("/barometer/feed.atom")
    assert answer.status_code == 200
    assert answer.content_type.startswith("application/atom+xml")
    feed = parse(answer.data)
    assert feed.get(XML_LANG) == "da"
    assert titles(feed) == [published.title_da]
    assert "Kladde der ikke må ses" not in text_of(answer)
    assert f"/barometer/editions/{draft.id}/" not in text_of(answer)


def test_the_english_feed_uses_the_english_titles_and_pages(client: FlaskClient, db: Any) -> None:
    make_periods()
    edition = make_draft()
    edition.title_en = "Integration barometer, second half of 2007"
    publish(edition)
    commit()
    feed = parse(client.get("/barometer/feed.atom?lang=en").data)
    assert feed.get(XML_LANG) == "en"
    assert titles(feed) == ["Integration barometer, second half of 2007"]
    assert text_of(client.get("/barometer/feed.atom?lang=en")).count("?lang=en") >= 2
    assert client.get("/barometer/feed.atom?lang=xx").status_code == 400


def test_a_correction_is_news_with_its_reason(client: FlaskClient, db: Any) -> None:
    make_periods()
    original = publish(make_draft())
    correction = svc.create_correction(
        original, "Et tal for 2007-H2 var forkert", actor=None, now=PUBLISHED_AT
    )
    publish(correction, at=PUBLISHED_AT + timedelta(days=1))
    commit()
    feed = parse(client.get("/barometer/feed.atom").data)
    assert titles(feed)[0].startswith("Rettelse: ")
    assert summaries(feed)[0] == "Et tal for 2007-H2 var forkert"


def test_the_public_pages_link_to_the_feed_and_the_subscription(
    client: FlaskClient, db: Any
) -> None:
    make_periods()
    edition = publish(make_draft())
    commit()
    for path in ("/barometer/", f"/barometer/editions/{edition.id}/?lang=en", "/"):
        page = text_of(client.get(path))
        assert 'type="application/atom+xml"' in page, path
        assert "/barometer/feed.atom" in page, path
    english = text_of(client.get("/barometer/editions/?lang=en"))
    assert 'href="/barometer/feed.atom?lang=en"' in english
    assert "/subscriptions/?topic=editions" in english
