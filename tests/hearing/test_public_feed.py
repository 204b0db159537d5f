"""The Atom feed of public hearings: valid Atom, in the language asked for, with the news
of hearings the public may see (opened, deadline changed, decided, cancelled) and never a
draft or a hearing that is not public."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient

from hearing import workflow
from hearing.services import course_changes
from hearing.services.decision import record_decision
from tests.atom import ATOM, XML_LANG, parse, summaries, titles
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import NOW, make_hearing, secretariat
from tests.hearing.response_factories import open_hearing
from tests.hearing.test_decision_services import _data, _prepared
from tests.web import text_of


def test_the_feed_is_atom_and_holds_only_what_the_public_may_see(
    client: FlaskClient, db: Any
) -> None:
    public = open_hearing(public=True, title="Offentlig høring om sprogcentre")
    hidden = open_hearing(public=False, title="Lukket høring om mentorer", reference="BIU 1/2007")
    draft = make_hearing(title="Kladde om boliger", is_public=True, reference="BIU 2/2007")
    commit()
    answer = client.get("/hearings/public/feed.atom?lang=da")
    assert answer.status_code == 200
    assert answer.content_type.startswith("application/atom+xml")
    feed = parse(answer.data)
    assert feed.get(XML_LANG) == "da"
    assert titles(feed) == [f"Ny høring: {public.reference} – {public.title}"]
    body = text_of(answer)
    for other in (hidden, draft):
        assert other.title not in body and other.reference not in body


def test_the_feed_is_written_in_the_language_asked_for(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(public=True)
    commit()
    feed = parse(client.get("/hearings/public/feed.atom?lang=en").data)
    assert titles(feed) == [f"New hearing: {hearing.reference} – {hearing.title}"]
    assert feed.findtext(f"{ATOM}title").startswith("Public hearings – ")
    assert client.get("/hearings/public/feed.atom?lang=fr").status_code == 400


def test_a_changed_deadline_and_a_cancellation_are_news(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(public=True)
    new = workflow.deadline_from_local(date(2007, 1, 25))
    course_changes.shorten_deadline(
        hearing, new, "Byrådet mødes tidligere", actor=secretariat(), now=NOW
    )
    course_changes.cancel_hearing(
        hearing, "Forslaget er trukket tilbage", actor=secretariat(), now=NOW + timedelta(hours=1)
    )
    commit()
    feed = parse(client.get("/hearings/public/feed.atom?lang=en").data)
    name = f"{hearing.reference} – {hearing.title}"
    assert titles(feed) == [f"Cancelled: {name}", f"New deadline: {name}", f"New hearing: {name}"]
    texts = summaries(feed)
    assert texts[0] == "Forslaget er trukket tilbage"
    assert "25 January 2007" in texts[1]


def test_an_empty_feed_is_still_valid_atom(client: FlaskClient, db: Any) -> None:
    feed = parse(client.get("/hearings/public/feed.atom").data)
    assert titles(feed) == []


def test_the_public_pages_link_to_the_feed(client: FlaskClient, db: Any) -> None:
    page = text_of(client.get("/hearings/public/"))
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert "/hearings/public/feed.atom?lang=da" in page
    assert "/subscriptions/?topic=hearings" in page


def test_a_decision_is_news_and_a_hearing_that_is_not_public_stays_out(
    client: FlaskClient, db: Any
) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    answer = client.get("/hearings/public/feed.atom?lang=en")
    feed = parse(answer.data)
    name = f"{hearing.reference} – {hearing.title}"
    assert titles(feed)[0] == f"Decided: {name}"
    assert summaries(feed)[0] == "The hearing has been decided."
    # ØU's confidential criterion and its reason are in no entry.
    for secret in ("Ledigheden halveres", "Drøftes i lukket møde"):
        assert secret not in text_of(answer)
    hearing.is_public = False
    commit()
    feed = parse(client.get("/hearings/public/feed.atom?lang=en").data)
    assert titles(feed) == []
