"""The pages of the secretariat's corrections: shorten, reopen, cancel (or delete a draft),
and send the note and the decision to all parties. Each confirms first, keeps what was typed
with every problem named, and answers 409 with the state in the wrong state."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from core.extensions import db as _db
from hearing.models import Hearing
from hearing.services.decision import record_decision
from hearing.workflow import HearingState
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import FUTURE, make_hearing, secretariat
from tests.hearing.response_factories import filled, open_hearing
from tests.hearing.test_decision_services import _data, _prepared
from tests.web import login, post, text_of


def _reloaded(hearing_id: int) -> Hearing:
    _db.session.expire_all()
    found = _db.session.get(Hearing, hearing_id)
    assert found is not None
    return found


def test_the_deadline_is_shortened_through_its_page(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    login(client, "sek@example.dk")
    dashboard = text_of(client.get(f"/hearings/{hearing.id}"))
    assert "Fremryk fristen" in dashboard and "Aflys høringen" in dashboard
    url = f"/hearings/{hearing.id}/shorten"
    assert "Nuværende frist" in text_of(client.get(url))
    refused = post(client, url, {"until_date": "2099-03-01", "reason": ""})
    assert refused.status_code == 400
    text = text_of(refused)
    assert "Den nye frist skal ligge før den nuværende" in text
    assert "Angiv begrundelsen for den kortere frist." in text
    typed = post(client, url, {"until_date": "2099-03-01", "reason": "Mødet er flyttet"})
    assert "Mødet er flyttet</textarea>" in text_of(typed)
    done = post(
        client,
        url,
        {"until_date": "2099-01-15", "reason": "Mødet er flyttet"},
        follow_redirects=True,
    )
    assert "Fristen er fremrykket" in text_of(done)
    assert _reloaded(hearing.id).deadline < FUTURE


def test_a_closed_hearing_is_reopened_and_an_open_one_is_refused_with_its_state(
    client: FlaskClient, db: Any
) -> None:
    closed = open_hearing()  # its deadline (2007) has passed by the server's clock
    still_open = open_hearing(deadline=FUTURE, reference="BIU 12/2099")
    commit()
    login(client, "sek@example.dk")
    refused = client.get(f"/hearings/{still_open.id}/reopen")
    assert refused.status_code == 409
    assert "Ikke muligt i høringens nuværende fase" in text_of(refused)
    url = f"/hearings/{closed.id}/reopen"
    assert client.get(url).status_code == 200
    done = post(
        client,
        url,
        {"until_date": "2099-03-01", "reason": "Et svar gik tabt"},
        follow_redirects=True,
    )
    assert "Høringen er genåbnet" in text_of(done)
    assert _reloaded(closed.id).state == HearingState.OPEN


def test_a_cancelled_hearing_says_so_and_refuses_answers(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE)
    filled(hearing, "BUU")
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing.id}/cancel"
    assert "Ja, aflys høringen" in text_of(client.get(url))
    refused = post(client, url, {"reason": ""})
    assert refused.status_code == 400
    assert "Angiv begrundelsen for at aflyse høringen." in text_of(refused)
    assert "Sæt flueben for at bekræfte aflysningen." in text_of(refused)
    assert _reloaded(hearing.id).state == HearingState.OPEN
    done = post(
        client, url, {"reason": "Politikken trækkes", "confirm": "y"}, follow_redirects=True
    )
    assert "Høringen er aflyst" in text_of(done)
    assert _reloaded(hearing.id).state == HearingState.CANCELLED
    public = text_of(client.get(f"/hearings/public/{hearing.id}"))
    assert "Aflyst" in public and "Politikken trækkes" in public
    assert client.get(f"/hearings/{hearing.id}/cancel").status_code == 409
    assert client.get(f"/hearings/public/{hearing.id}/responses").status_code == 404
    body_id = next(c.body_id for c in hearing.consultees if c.body.code == "BUU")
    post(client, "/logout")
    login(client, "buu@example.dk")
    answer = post(
        client,
        f"/hearings/{hearing.id}/bodies/{body_id}/response/submit",
        {},
        follow_redirects=True,
    )
    assert "Høringen blev aflyst den" in text_of(answer)
    mine = text_of(client.get("/hearings/mine"))
    assert "høringen er aflyst" in mine and "fristen er overskredet" not in mine
    own_page = text_of(client.get(f"/hearings/{hearing.id}"))
    assert "Politikken trækkes" in own_page
    assert _reloaded(hearing.id).state == HearingState.CANCELLED


def test_a_draft_hearing_is_deleted_after_confirmation(client: FlaskClient, db: Any) -> None:
    hearing_id = make_hearing().id
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing_id}/cancel"
    page = text_of(client.get(url))
    assert "Slet høringskladden" in page and "kan ikke fortrydes" in page
    done = post(client, url, {}, follow_redirects=True)
    assert "er slettet" in text_of(done)
    _db.session.expire_all()
    assert _db.session.get(Hearing, hearing_id) is None


def test_the_note_and_decision_are_sent_once_and_again_only_on_purpose(
    client: FlaskClient, db: Any
) -> None:
    hearing, groups = _prepared()
    hearing_id = hearing.id
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing_id}/send-to-parties"
    refused = client.get(url)
    assert refused.status_code == 409  # still in consolidation
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    assert "Send notat og beslutning til alle parter" in text_of(
        client.get(f"/hearings/{hearing_id}")
    )
    first = text_of(client.get(url))
    assert "allerede sendt" not in first
    assert post(client, url, {}).status_code == 302
    second = text_of(client.get(url))
    assert "Notat og beslutning blev allerede sendt den" in second
    decision_page = text_of(client.get(f"/hearings/{hearing_id}/decision"))
    assert "Sendt til alle parter" in decision_page and "af " in decision_page
    again = post(client, url, {})
    assert again.status_code == 400
    assert "sæt flueben for at sende dem igen" in text_of(again)
    assert post(client, url, {"again": "y"}).status_code == 302


def test_the_state_button_sends_cancelling_and_reopening_to_their_pages(
    client: FlaskClient, db: Any
) -> None:
    hearing = open_hearing()  # closed by the server's clock
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing.id}/state"
    cancel = post(client, url, {"target": "cancelled"})
    assert cancel.status_code == 302 and cancel.location.endswith(f"/{hearing.id}/cancel")
    reopen = post(client, url, {"target": "open"})
    assert reopen.status_code == 302 and reopen.location.endswith(f"/{hearing.id}/reopen")
    assert _reloaded(hearing.id).cancelled_at is None  # nothing happens before the page


def test_the_pages_speak_english_to_who_chose_it(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(deadline=FUTURE)
    commit()
    login(client, "sek@example.dk")
    post(client, "/language", {"locale": "en", "next": "/"})
    page = text_of(client.get(f"/hearings/{hearing.id}/cancel"))
    assert "Yes, cancel the hearing. This cannot be undone." in page and "Aflys" not in page
    refused = text_of(post(client, f"/hearings/{hearing.id}/shorten", {"until_date": "2099-03-01"}))
    assert "The new deadline must be earlier than the present one" in refused
    assert "Give the reason for the shorter deadline." in refused
