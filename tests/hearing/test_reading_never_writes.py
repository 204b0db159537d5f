"""Reading never writes: the pages and the API of a hearing whose deadlines have passed show
it closed without flushing or committing anything; `flask hearing close-expired` saves it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from core.extensions import db as _db
from hearing.models import Hearing
from hearing.models.responses import Response
from hearing.workflow import HearingState
from tests.factories import commit
from tests.hearing.factories import DEADLINE, FUTURE, make_issued, secretariat
from tests.hearing.response_factories import consultee, open_hearing
from tests.web import login, post, text_of

LONG_AGO = DEADLINE - timedelta(days=3650)


@pytest.fixture
def writes() -> Iterator[list[str]]:
    """Every flush and commit of any session while the test runs, by event name."""
    seen: list[str] = []

    def on_flush(session: Session, context: Any, instances: Any) -> None:
        seen.append("flush")

    def on_commit(session: Session) -> None:
        seen.append("commit")

    event.listen(Session, "before_flush", on_flush)
    event.listen(Session, "before_commit", on_commit)
    yield seen
    event.remove(Session, "before_flush", on_flush)
    event.remove(Session, "before_commit", on_commit)


@pytest.fixture
def expired(db: Any) -> Hearing:
    """A public hearing issued long ago whose deadline has passed, still saved as open."""
    hearing = make_issued(codes=("BUU",), deadline=LONG_AGO, now=LONG_AGO - timedelta(days=50))
    secretariat()
    commit()
    return hearing


def _stored_state(hearing_id: int) -> HearingState:
    _db.session.expire_all()
    return HearingState(_db.session.get(Hearing, hearing_id).state)


def test_the_staff_pages_of_an_expired_hearing_show_it_closed_and_write_nothing(
    client: FlaskClient, expired: Hearing, writes: list[str]
) -> None:
    login(client, "sek@example.dk")
    writes.clear()
    page = client.get(f"/hearings/{expired.id}")
    assert page.status_code == 200 and "Lukket" in text_of(page)
    for path in ("letter", "letter.pdf"):
        assert client.get(f"/hearings/{expired.id}/{path}").status_code == 200
    assert writes == []
    assert _stored_state(expired.id) == HearingState.OPEN


def test_the_public_pages_of_an_expired_hearing_show_it_closed_and_write_nothing(
    client: FlaskClient, expired: Hearing, writes: list[str]
) -> None:
    writes.clear()
    page = client.get(f"/hearings/public/{expired.id}")
    assert page.status_code == 200 and "Lukket" in text_of(page)
    # The responses of a public hearing become public once it is closed.
    assert client.get(f"/hearings/public/{expired.id}/responses").status_code == 200
    assert writes == []
    assert _stored_state(expired.id) == HearingState.OPEN


def test_the_api_of_an_expired_hearing_shows_it_closed_and_writes_nothing(
    client: FlaskClient, expired: Hearing, writes: list[str]
) -> None:
    writes.clear()
    answer = client.get(f"/api/v1/hearings/{expired.id}")
    assert answer.status_code == 200 and answer.get_json()["state"] == "closed"
    listed = client.get("/api/v1/hearings").get_json()["hearings"]
    assert [h["state"] for h in listed if h["id"] == expired.id] == ["closed"]
    assert client.get(f"/api/v1/hearings/{expired.id}/responses").status_code == 200
    assert writes == []
    assert _stored_state(expired.id) == HearingState.OPEN


def test_close_expired_saves_what_the_pages_showed(
    app: Any, expired: Hearing, writes: list[str]
) -> None:
    result = app.test_cli_runner().invoke(args=["hearing", "close-expired"])
    assert result.exit_code == 0, result.output
    assert "commit" in writes
    assert _stored_state(expired.id) == HearingState.CLOSED


def test_the_next_change_saves_the_closing_with_it(client: FlaskClient, expired: Hearing) -> None:
    login(client, "sek@example.dk")
    answer = post(client, f"/hearings/{expired.id}/consolidation/start", {})
    assert answer.status_code == 302
    assert _stored_state(expired.id) == HearingState.CONSOLIDATION


def _responses() -> int:
    _db.session.expire_all()
    return len(_db.session.scalars(select(Response)).all())


def test_the_response_form_shows_an_empty_draft_and_the_first_save_creates_it(
    client: FlaskClient, db: Any, writes: list[str]
) -> None:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    url = f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response"
    login(client, "buu@example.dk")
    writes.clear()
    for path in ("", "/submit", "/proposals/new?kind=add_success_criterion"):
        assert client.get(url + path).status_code == 200, path
    assert writes == [] and _responses() == 0
    page = text_of(client.get(url))
    edit_version = re.search(r'name="edit_version"[^>]*value="(\d+)"', page)
    assert edit_version is not None
    data = {"edit_version": edit_version.group(1), "general_remarks": "Fint.", "action": "save"}
    assert post(client, url, data).status_code == 302
    assert _responses() == 1
    assert "Fint." in text_of(client.get(url))


def test_the_response_page_of_an_expired_hearing_writes_nothing(
    client: FlaskClient, expired: Hearing, writes: list[str]
) -> None:
    url = f"/hearings/{expired.id}/bodies/{consultee(expired, 'BUU').body_id}/response"
    login(client, "buu@example.dk")
    writes.clear()
    assert client.get(url).status_code == 200
    assert writes == [] and _responses() == 0


def test_a_refused_first_save_stores_no_response_and_shows_the_form_again(
    client: FlaskClient, db: Any
) -> None:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    url = f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response"
    login(client, "buu@example.dk")
    data = {"edit_version": "1", "general_remarks": "Fint.", "action": "upload"}
    answer = post(client, url, data)  # the upload button without a file
    assert answer.status_code == 400 and "Fint." in text_of(answer)
    assert _responses() == 0
