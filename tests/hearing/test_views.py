"""Hearing pages through the test client with CSRF on: permissions, forms, bad input."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db as _db
from core.models import AuditEvent, BodyKind
from hearing.models import Consultee, Hearing
from hearing.workflow import HearingState
from tests.barometer.factories import make_draft_with_content
from tests.factories import commit, make_member, make_user
from tests.hearing.factories import (
    DEADLINE,
    FUTURE,
    body,
    make_hearing,
    make_issued,
    secretariat,
)
from tests.web import login, post, text_of


def _count(model: Any) -> int:
    return int(_db.session.scalar(select(func.count()).select_from(model)) or 0)


def _form(vid: int, **overrides: str) -> dict[str, str]:
    values = {
        "reference": "BIU 1/2007",
        "title": "Høring over kataloget",
        "issuing_body_id": str(body("BIU").id),
        "version_id": str(vid),
        "letter_text": "Kære udvalg\n\nVi beder om jeres **bemærkninger**.",
        "questions-0-text": "Dækker indikatorerne målene?",
        "questions-0-kind": "coverage",
        "questions-1-text": "Mangler der succeskriterier?",
        "questions-1-kind": "proposals",
        "reply_body_id": str(body("LS", BodyKind.SECRETARIAT).id),
        "contact_name": "Søren Sekretær",
        "contact_email": "sek@example.dk",
        "signatory_id": str(secretariat().id),
        "signatory_title": "Kontorchef",
        "deadline_date": "2027-02-01",
        "deadline_time": "",
        "is_public": "y",
    }
    values.update(overrides)
    return values


@pytest.fixture
def staff(client: FlaskClient, db: Any) -> FlaskClient:
    secretariat()
    body("BIU")
    body("LS", BodyKind.SECRETARIAT)
    commit()
    login(client, "sek@example.dk")
    return client


def test_the_new_hearing_form_is_pre_filled_with_the_two_standard_questions(
    staff: FlaskClient,
) -> None:
    make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    commit()
    page = text_of(staff.get("/hearings/new"))
    assert "oversigtsskemaet" in page and "kolonne 2" in page
    assert 'value="coverage" selected' in page or 'selected value="coverage"' in page


def test_the_secretariat_creates_a_draft_hearing(staff: FlaskClient) -> None:
    version = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    commit()
    response = post(staff, "/hearings/new", _form(version.id))
    assert response.status_code == 302, text_of(response)[:2000]
    hearing = _db.session.scalar(select(Hearing))
    assert hearing is not None and hearing.reference == "BIU 1/2007"
    assert [q.text for q in hearing.questions] == [
        "Dækker indikatorerne målene?",
        "Mangler der succeskriterier?",
    ]
    # A date alone is the end of that day in Copenhagen.
    assert hearing.deadline.isoformat() == "2027-02-01T22:59:59.999999+00:00"


@pytest.mark.parametrize(
    "overrides",
    [
        {"reference": ""},
        {"reference": "x" * 51},
        {"deadline_time": "25:00"},
        {"deadline_date": "2027-03-28", "deadline_time": "02:30"},  # the spring-forward gap
        {"deadline_date": "not a date"},
        {"questions-0-text": "", "questions-1-text": ""},
        {"version_id": "999999"},
        {"contact_email": "not-an-address"},
    ],
    ids=["empty", "too-long", "bad-time", "gap", "bad-date", "no-question", "no-version", "mail"],
)
def test_bad_input_is_refused_with_400_and_nothing_is_written(
    staff: FlaskClient, overrides: dict[str, str]
) -> None:
    version = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    commit()
    before = (_count(Hearing), _count(AuditEvent))
    response = post(staff, "/hearings/new", _form(version.id, **overrides))
    assert response.status_code == 400
    assert 'id="error-summary"' in text_of(response) or "alert-error" in text_of(response)
    assert (_count(Hearing), _count(AuditEvent)) == before


def test_a_duplicate_reference_is_refused_and_nothing_is_written(staff: FlaskClient) -> None:
    hearing = make_hearing()
    commit()
    before = (_count(Hearing), _count(AuditEvent))
    response = post(staff, "/hearings/new", _form(hearing.version_id, reference="biu 227/2006"))
    assert response.status_code == 400
    assert (_count(Hearing), _count(AuditEvent)) == before


def test_a_missing_csrf_token_is_refused(staff: FlaskClient) -> None:
    version = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    commit()
    response = staff.post("/hearings/new", data=_form(version.id))
    assert response.status_code == 400
    assert _count(Hearing) == 0


def test_only_the_secretariat_creates_and_issues(client: FlaskClient, db: Any) -> None:
    hearing = make_hearing()
    member = make_member(hearing.consultees[0].body, email="m@example.dk")
    commit()
    assert client.get("/hearings/new").status_code == 302  # anonymous: log in first
    login(client, member.email)
    assert client.get("/hearings/new").status_code == 403
    assert post(client, "/hearings/new", {}).status_code == 403
    assert client.get(f"/hearings/{hearing.id}/issue").status_code == 403
    assert post(client, f"/hearings/{hearing.id}/issue").status_code == 403
    assert _db.session.get(Hearing, hearing.id).state == HearingState.DRAFT


def test_consultees_see_only_issued_hearings_they_are_on_and_public_ones(
    client: FlaskClient, db: Any
) -> None:
    ours = make_issued(codes=("BUU",), reference="A 1/2007", is_public=False, deadline=FUTURE)
    other = make_issued(codes=("KFU",), reference="B 2/2007", is_public=False, deadline=FUTURE)
    public = make_issued(codes=("KFU",), reference="C 3/2007", deadline=FUTURE)
    draft = make_hearing(codes=("BUU",), reference="D 4/2007", is_public=True)
    member = make_member(body("BUU"), email="member.buu@example.dk")
    commit()
    login(client, member.email)
    listing = text_of(client.get("/hearings/"))
    assert "A 1/2007" in listing and "C 3/2007" in listing
    assert "B 2/2007" not in listing and "D 4/2007" not in listing
    assert client.get(f"/hearings/{ours.id}").status_code == 200
    assert client.get(f"/hearings/{other.id}").status_code == 403
    assert client.get(f"/hearings/{draft.id}").status_code == 403
    assert client.get(f"/hearings/{public.id}/letter").status_code == 403  # staff view
    assert client.get(f"/hearings/public/{public.id}").status_code == 200


def test_the_public_page_needs_no_log_in_and_hides_drafts_and_non_public(
    client: FlaskClient, db: Any
) -> None:
    public = make_issued(reference="P 1/2007")
    closed = make_issued(reference="N 2/2007", is_public=False)
    draft = make_hearing(reference="D 3/2007")
    commit()
    page = client.get(f"/hearings/public/{public.id}")
    assert page.status_code == 200
    text = text_of(page)
    assert "P 1/2007" in text and "Dækker indikatorerne indsatsen" in text
    assert "Borgerrepræsentationen har vedtaget en <strong>integrationspolitik</strong>" in text
    assert client.get(f"/hearings/public/{closed.id}").status_code == 404
    assert client.get(f"/hearings/public/{draft.id}").status_code == 404
    assert "P 1/2007" in text_of(client.get("/hearings/public/"))


def test_the_issue_page_lists_who_will_be_notified_and_issuing_opens_the_hearing(
    staff: FlaskClient,
) -> None:
    hearing = make_hearing(codes=("BUU", "IR"), deadline=FUTURE)
    make_member(body("BUU"), email="birgitte@example.dk")
    make_user("inactive@example.dk", role=None)
    commit()
    page = text_of(staff.get(f"/hearings/{hearing.id}/issue"))
    assert "birgitte@example.dk" in page
    response = post(staff, f"/hearings/{hearing.id}/issue")
    assert response.status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Hearing, hearing.id).state == HearingState.OPEN


def test_the_dashboard_shows_each_body_and_the_time_left(staff: FlaskClient) -> None:
    hearing = make_issued(codes=("BUU", "IR"), deadline=FUTURE)
    commit()
    page = text_of(staff.get(f"/hearings/{hearing.id}"))
    assert "BUU" in page and "IR" in page
    assert "kl. 23.59" in page and "CET" not in page  # a Danish time needs no zone


def test_an_extension_through_the_form(staff: FlaskClient) -> None:
    hearing = make_issued(codes=("BUU",), deadline=FUTURE)
    consultee = hearing.consultees[0]
    commit()
    url = f"/hearings/{hearing.id}/consultees/{consultee.id}/extend"
    bad = post(staff, url, {"until_date": "2000-01-01", "reason": "Møde"})
    assert bad.status_code in (400, 409)
    response = post(staff, url, {"until_date": "2099-02-08", "reason": "Udvalget holder møde"})
    assert response.status_code == 302
    _db.session.expire_all()
    extended = _db.session.get(Consultee, consultee.id)
    assert extended.extension_reason == "Udvalget holder møde"


def test_an_expired_open_hearing_shows_as_closed_and_loading_saves_nothing(
    staff: FlaskClient,
) -> None:
    hearing = make_issued(
        codes=("BUU",), deadline=DEADLINE - timedelta(days=3650), now=DEADLINE - timedelta(3700)
    )
    commit()
    page = staff.get(f"/hearings/{hearing.id}")
    assert page.status_code == 200 and "Lukket" in text_of(page)
    _db.session.expire_all()
    assert _db.session.get(Hearing, hearing.id).state == HearingState.OPEN  # reading never writes


def test_the_letter_page_shows_the_questions_deadline_and_annexes(staff: FlaskClient) -> None:
    hearing = make_hearing()
    commit()
    page = text_of(staff.get(f"/hearings/{hearing.id}/letter"))
    assert "Dækker indikatorerne indsatsen" in page and "Bør der tilføjes" in page
    assert "1. februar 2007 kl. 23.59" in page
    assert "Bilag 1" in page
