"""The states a body's answer is shown in: a withdrawn answer is "withdrawn", not a draft;
a body that has not answered by its deadline "has not answered", not "late"."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from hearing.queries import hearings as queries
from hearing.queries.responses import my_hearings
from hearing.services import response_versions as versions_svc
from tests.factories import commit
from tests.hearing.factories import NOW
from tests.hearing.response_factories import (
    AFTER,
    filled,
    member,
    open_hearing,
    response,
    submitted,
)
from tests.web import login, text_of


def _states(hearing: Any, now: Any) -> dict[str, str]:
    return {r.consultee.body.code: str(r.state) for r in queries.consultee_rows(hearing, now)}


def test_a_withdrawn_answer_is_shown_as_withdrawn(db: Any) -> None:
    hearing = open_hearing(codes=("ØU", "BUU", "IR"))
    submitted(hearing, "BUU")
    versions_svc.withdraw_response(response(hearing, "BUU"), actor=member("BUU"), now=NOW)
    assert _states(hearing, NOW)["BUU"] == "withdrawn"
    assert _states(hearing, AFTER)["BUU"] == "withdrawn"


def test_a_body_that_did_not_answer_by_its_deadline_has_not_answered(db: Any) -> None:
    hearing = open_hearing(codes=("ØU", "BUU", "IR"))
    filled(hearing, "BUU")  # a draft, never submitted
    submitted(hearing, "IR")
    assert _states(hearing, NOW) == {"BUU": "draft", "IR": "submitted", "ØU": "not_started"}
    assert _states(hearing, AFTER) == {
        "BUU": "not_answered",
        "IR": "submitted",
        "ØU": "not_answered",
    }
    rows = {r.consultee.body.code: r.state for r in my_hearings(member("BUU"), AFTER)}
    assert rows == {"BUU": "not_answered"}


def test_the_dashboard_says_withdrawn_and_not_answered(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(codes=("ØU", "BUU", "IR"))  # its deadline has passed by now
    submitted(hearing, "BUU")
    versions_svc.withdraw_response(response(hearing, "BUU"), actor=member("BUU"), now=NOW)
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}"))
    assert "Trukket tilbage" in page and "Har ikke svaret" in page
    assert "Forsinket" not in page
