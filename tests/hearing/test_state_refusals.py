"""An action refused because of the state a hearing or response is in says so (409, or back
to the response with the reason), not "Du har ikke adgang"; real permission refusals stay
403."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from core.extensions import db as _db
from hearing.models.responses import Response
from hearing.services.decision import record_decision
from hearing.workflow import ResponseState
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import FUTURE, secretariat
from tests.hearing.response_factories import consultee, open_hearing, submitted
from tests.hearing.test_decision_services import _data, _prepared
from tests.web import login, post, text_of

NO_ACCESS = "Du har ikke adgang"


def _state_page(response: Any, *expected: str) -> str:
    text = text_of(response)
    assert response.status_code == 409, text[:500]
    assert NO_ACCESS not in text and "Ikke muligt i høringens nuværende fase" in text
    for part in expected:
        assert part in text
    return text


def test_amending_just_after_the_deadline_says_the_deadline_passed(
    client: FlaskClient, db: Any
) -> None:
    hearing = open_hearing()  # its deadline (2007) has passed by the server's clock
    submitted(hearing, "BUU")
    commit()
    login(client, "buu@example.dk")
    base = f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response"
    for action in ("/amend", "/withdraw"):
        answer = post(client, base + action, {})
        assert answer.status_code == 302 and answer.location.endswith(base)
        page = text_of(client.get(answer.location))
        assert NO_ACCESS not in page
        assert "Fristen for BUU udløb 1. februar 2007 kl. 23.59" in page
    _db.session.expire_all()
    assert _db.session.query(Response).one().state == ResponseState.SUBMITTED


def test_a_body_that_is_not_on_the_list_still_has_no_access(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing()
    submitted(hearing, "BUU")
    commit()
    login(client, "oeu@example.dk")
    base = f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response"
    assert post(client, base + "/amend", {}).status_code == 403


def test_editing_an_issued_hearing_says_it_was_issued(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    login(client, "sek@example.dk")
    for path in ("/edit", "/list", "/annexes", "/issue"):
        _state_page(
            client.get(f"/hearings/{hearing.id}{path}"),
            "Høringen er åben for høringssvar indtil 1. februar 2099",
        )
    page = _state_page(client.get(f"/hearings/{hearing.id}/edit"))
    assert "forlænge en parts frist" in page


def test_the_consolidation_of_an_open_hearing_says_it_is_open(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    login(client, "sek@example.dk")
    _state_page(
        client.get(f"/hearings/{hearing.id}/consolidation"),
        "Høringen er åben for høringssvar",
        "kan starte, når høringen er afsluttet",
    )
    _state_page(client.get(f"/hearings/{hearing.id}/decision"), "høringsnotatet er endeligt")
    assert post(client, f"/hearings/{hearing.id}/consolidation/finalise").status_code == 409


def test_a_member_still_has_no_access_to_the_secretariat_pages(
    client: FlaskClient, db: Any
) -> None:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    login(client, "buu@example.dk")
    for path in ("/edit", "/consolidation", "/decision", "/responses/register"):
        assert client.get(f"/hearings/{hearing.id}{path}").status_code == 403


def test_registering_on_a_decided_hearing_says_it_is_decided(client: FlaskClient, db: Any) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    login(client, "sek@example.dk")
    page = _state_page(
        client.get(f"/hearings/{hearing.id}/responses/register"),
        "Udvalgets beslutning om høringen er registreret.",
        "kan ikke længere registreres",
    )
    assert f"/hearings/{hearing.id}/decision" in page  # the way to the decision
    workspace_change = post(client, f"/hearings/{hearing.id}/consolidation/finalise")
    _state_page(workspace_change, "beslutningssiden viser")
