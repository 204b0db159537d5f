"""Search and filters on the hearing list and on the responses to one hearing: words,
states, years and answers narrow the list; a refused filter says why and shows everything."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

from core.extensions import db as _db
from tests.hearing.consolidation_factories import answered_hearing
from tests.hearing.factories import make_hearing, make_issued
from tests.web import csrf_token, login, text_of

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def hearings(db: Any) -> dict[str, Any]:
    found = {
        "draft": make_hearing(
            reference="BIU 12/2008", title="Høring over ændrede succeskriterier",
            deadline=datetime(2099, 3, 1, 12, tzinfo=CPH),
        ),
        "open": make_issued(
            reference="BIU 227/2006", title="Høring over koncept og oversigtsskema",
            deadline=datetime(2099, 2, 1, 23, 59, tzinfo=CPH),
        ),
    }  # fmt: skip
    _db.session.commit()
    return found


def _rows(page: str) -> list[str]:
    return [ref for ref in ("BIU 12/2008", "BIU 227/2006") if ref in page]


def test_the_secretariat_searches_hearings_by_word_state_and_year(
    client: FlaskClient, hearings: dict[str, Any]
) -> None:
    login(client, "sek@example.dk")
    assert _rows(text_of(client.get("/hearings/"))) == ["BIU 12/2008", "BIU 227/2006"]
    page = text_of(client.get("/hearings/?q=SUCCESKRITERIER"))
    assert _rows(page) == ["BIU 12/2008"]
    assert "Viser 1 af 2 høringer" in page
    assert _rows(text_of(client.get("/hearings/?q=227/2006+koncept"))) == ["BIU 227/2006"]
    assert _rows(text_of(client.get("/hearings/?state=open"))) == ["BIU 227/2006"]
    assert _rows(text_of(client.get("/hearings/?state=draft&year=2099"))) == ["BIU 12/2008"]
    page = text_of(client.get("/hearings/?year=2098"))
    assert _rows(page) == [] and "Ingen høring passer til søgningen." in page


@pytest.mark.parametrize(
    ("query", "message"),
    [("state=bogus", "Ikke et gyldigt valg"), ("year=tyve", "Ikke et gyldigt heltal.")],
)
def test_a_refused_hearing_filter_says_why_and_shows_every_hearing(
    client: FlaskClient, hearings: dict[str, Any], query: str, message: str
) -> None:
    login(client, "sek@example.dk")
    answer = client.get(f"/hearings/?{query}")
    assert answer.status_code == 400
    page = text_of(answer)
    assert message in page
    assert _rows(page) == ["BIU 12/2008", "BIU 227/2006"]


def test_a_member_searches_only_the_hearings_they_may_see(
    client: FlaskClient, hearings: dict[str, Any]
) -> None:
    login(client, "buu@example.dk")
    assert _rows(text_of(client.get("/hearings/?q=BIU"))) == ["BIU 227/2006"]
    assert _rows(text_of(client.get("/hearings/?state=draft"))) == []


def test_the_responses_are_filtered_by_body_and_answer(client: FlaskClient, db: Any) -> None:
    hearing = answered_hearing()
    _db.session.commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing.id}/responses"

    def bodies(query: str) -> list[str]:
        page = text_of(client.get(f"{url}?{query}"))
        return [code for code in ("ØU", "BUU", "IR", "KFU", "TMU") if f"{code} – " in page]

    assert bodies("") == ["ØU", "BUU", "IR", "KFU", "TMU"]
    assert bodies("answer=unanswered") == ["KFU"]
    assert bodies("answer=no_remarks") == ["TMU"]
    assert bodies("answer=answered") == ["ØU", "BUU", "IR", "TMU"]
    assert bodies("q=tmu") == ["TMU"]
    assert bodies("q=buu&answer=unanswered") == []
    page = text_of(client.get(f"{url}?answer=unanswered"))
    assert "Viser 1 af 5 organer" in page
    refused = client.get(f"{url}?answer=everything")
    assert refused.status_code == 400 and "Ikke et gyldigt valg" in text_of(refused)


def test_the_filters_speak_english(client: FlaskClient, hearings: dict[str, Any]) -> None:
    login(client, "sek@example.dk")
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})
    page = text_of(client.get("/hearings/?q=succeskriterier"))
    assert "Showing 1 of 2 hearings" in page
    assert "Deadline in the year" in page
