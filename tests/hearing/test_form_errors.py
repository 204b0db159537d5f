"""A refused form keeps what was typed, shows each problem beside its field with a summary
at the top linking to the fields, and reports every problem of one submit at once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.factories import commit
from tests.hearing.consolidation_factories import group_by, indicator_hearing
from tests.web import login, post, text_of

NEW_INDICATOR = {
    "changed_code": "A2-M1-I1",  # already used in the version: the catalogue refuses it
    "changed_name_da": "Andel med en uddannelse",
    "changed_name_en": "Share with an education",
    "changed_definition": "Andel af de 30-årige med en uddannelse.",
    "changed_kind": "effect",
    "changed_unit": "percent",
    "changed_decimals": "2",
    "changed_direction": "1",
    "changed_owner_code": "BIF",
    "changed_data_source": "UNI-C",
}


@pytest.fixture
def hearing(db: Any) -> Any:
    found = indicator_hearing()
    commit()
    return found


def _value(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    if found:
        return found.group(1)
    area = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    if area:
        return area.group(1).strip()
    select_ = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert select_, name
    chosen = re.search(r'<option selected value="([^"]*)"', select_.group(1))
    return chosen.group(1) if chosen else ""


def test_a_refused_recommendation_keeps_what_was_typed_and_names_the_field(
    client: FlaskClient, hearing: Any
) -> None:
    login(client, "sek@example.dk")
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    typed = NEW_INDICATOR | {
        "outcome": "accept_with_changes",
        "administration_comment": "Forvaltningen foreslår en ny indikator.",
        "reasoning": "Målet mangler en indikator for uddannelse.",
        "revision": "0",
    }
    response = post(
        client,
        f"/hearings/{hearing.id}/consolidation/groups/{group.id}/recommendation",
        {f"g{group.id}-{k}": v for k, v in typed.items()},
    )
    assert response.status_code == 400
    page = text_of(response)
    for name, value in typed.items():
        if name != "revision":
            assert _value(page, f"g{group.id}-{name}") == value, name
    # the error stands beside the code field, and a summary in the group links to it
    field_error = re.search(rf'id="g{group.id}-changed_code-error">(.*?)</span>\s*</?', page, re.S)
    assert field_error and "A2-M1-I1" in field_error.group(1)
    section = page[page.index(f'id="group-{group.id}"') :]
    section = section[: section.index("</section>")]
    assert f'href="#g{group.id}-changed_code"' in section
    # the browser comes back to the group, not to the top of the page
    assert f'recommendation#group-{group.id}"' in section


def _field_error(page: str, field_id: str) -> str:
    found = re.search(
        rf'id="{re.escape(field_id)}-error">(?:<span[^>]*>[^<]*</span>)?([^<]*)</span>', page
    )
    return found.group(1) if found else ""


def test_a_proposal_with_several_problems_names_them_all_at_once(
    db: Any, client: FlaskClient
) -> None:
    from tests.hearing.factories import FUTURE
    from tests.hearing.response_factories import consultee, open_hearing, response

    hearing = open_hearing(deadline=FUTURE)
    response(hearing, "BUU")
    commit()
    login(client, "buu@example.dk")
    url = (
        f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}"
        "/response/proposals/new?kind=add_success_criterion"
    )
    answer = post(
        client,
        url,
        {
            "kind": "add_success_criterion",
            "target_goal_code": "A1-M1",
            "text": "",  # no criterion
            "target_value": "mange",  # not a number
            "target_period": "2010-Q3",  # not a period
            "decision_reference": "",  # no political decision
            "justification": "Vedtaget i politikken.",
        },
    )
    assert answer.status_code == 400
    page = text_of(answer)
    assert "succeskriteriet" in _field_error(page, "text")
    assert "tal" in _field_error(page, "target_value")
    assert "2010-H2" in _field_error(page, "target_period")
    assert "politiske beslutning" in _field_error(page, "decision_reference")
    summary = page[page.index('id="error-summary"') :]
    for name in ("text", "target_value", "target_period", "decision_reference"):
        assert f'href="#{name}"' in summary, name
    assert _value(page, "target_value") == "mange"


def test_a_registration_with_several_problems_names_them_all_at_once(
    db: Any, client: FlaskClient
) -> None:
    import io

    from tests.factories import PDF
    from tests.hearing.consolidation_factories import answered_hearing
    from tests.hearing.response_factories import consultee

    hearing = answered_hearing()
    commit()
    login(client, "sek@example.dk")
    answer = post(
        client,
        f"/hearings/{hearing.id}/responses/register",
        {
            "body_id": str(consultee(hearing, "KFU").body_id),
            "channel": "letter",
            "received_date": "2007-03-22",  # after the deadline
            "received_time": "10:00",
            "scan": (io.BytesIO(PDF), "kfu-brev.pdf"),
            "accepted_reason": "",  # late, but no reason it was accepted
            "p0-kind": "add_success_criterion",
            "p0-target_goal_code": "A1-M2",
            "p0-text": "Flere unge indvandrere i foreningslivet",
            "p0-target_value": "mange",  # not a number
            "p0-target_period": "i 2010",  # not a period
            "p0-decision_reference": "KFU 160/2007",
            "p0-justification": "Besluttet på udvalgets møde i marts.",
            "action": "register",
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    page = text_of(answer)
    assert "efter fristen" in _field_error(page, "accepted_reason")
    assert "Skriv målværdien som et tal" in page
    assert "Skriv måltidspunktet som et år" in page


def test_an_extension_with_several_problems_names_them_all_at_once(
    db: Any, client: FlaskClient
) -> None:
    from tests.hearing.factories import FUTURE, make_issued

    hearing = make_issued(codes=("BUU",), deadline=FUTURE)
    consultee = hearing.consultees[0]
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{hearing.id}/consultees/{consultee.id}/extend"
    page = text_of(client.get(url))
    assert "offentlig" in page  # the form warns that the reason is published
    answer = post(client, url, {"until_date": "2000-01-01", "reason": ""})
    assert answer.status_code == 400
    page = text_of(answer)
    assert _field_error(page, "until_date")
    assert "begrundelse" in _field_error(page, "reason").lower()
    assert _value(page, "until_date") == "2000-01-01"


def test_the_pre_issue_checks_name_every_problem_at_once(db: Any, client: FlaskClient) -> None:
    from tests.hearing.factories import DEADLINE, make_hearing

    hearing = make_hearing(codes=(), letter_text="", deadline=DEADLINE)  # passed long ago
    commit()
    login(client, "sek@example.dk")
    expected = ("Vælg først mindst én part", "Skriv brevet, før", "Fristen er allerede udløbet")
    page = text_of(client.get(f"/hearings/{hearing.id}/issue"))
    for text in expected:  # listed before anyone presses the button
        assert text in page, text
    answer = post(client, f"/hearings/{hearing.id}/issue", {})
    page = text_of(client.get(answer.location))
    for text in expected:
        assert page.count(text) >= 1, text


def test_a_decision_with_several_problems_names_them_all_at_once(
    db: Any, client: FlaskClient
) -> None:
    from hearing.queries.consolidation import groups_of
    from hearing.services import consolidation as svc
    from tests.hearing.consolidation_factories import LATER, consolidating_hearing, recommend
    from tests.hearing.factories import body, secretariat

    hearing = consolidating_hearing()
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    commit()
    login(client, "sek@example.dk")
    recs = [g.recommendation.id for g in groups_of(hearing)]
    form = {
        "deciding_body_id": str(body("BIU").id),
        "meeting_date": "2099-03-01",  # in the future
        "case_reference": "",  # missing
        f"r{recs[0]}-result": "rejected",  # the other recommendations have no outcome
    }
    answer = post(client, f"/hearings/{hearing.id}/decision", form)
    assert answer.status_code == 400
    page = text_of(answer)
    assert "fremtiden" in _field_error(page, "meeting_date")
    assert _field_error(page, "case_reference")
    assert not _field_error(page, f"r{recs[0]}-result")
    for rec_id in recs[1:]:
        assert _field_error(page, f"r{rec_id}-result"), rec_id
        assert f'href="#r{rec_id}-result"' in page
    assert '<option value="rejected" selected>' in page


def test_the_invitation_leads_a_member_to_the_bodys_own_deadline_and_the_answer_button(
    db: Any, client: FlaskClient
) -> None:
    from sqlalchemy import select

    from core.extensions import db as _db
    from core.mail import OutboundEmail
    from hearing.services import extensions
    from tests.hearing.factories import FUTURE, NOW, make_issued, secretariat
    from tests.hearing.response_factories import consultee

    hearing = make_issued(codes=("BUU", "IR"), deadline=FUTURE, now=NOW)
    buu = consultee(hearing, "BUU")
    extensions.extend_deadline(
        buu, FUTURE.replace(month=3), "Udvalget holder møde", actor=secretariat(), now=NOW
    )
    commit()
    mail = _db.session.scalars(select(OutboundEmail)).all()
    answer_url = f"/hearings/{hearing.id}/bodies/{buu.body_id}/response"
    invitation = next(m for m in mail if "buu" in m.to_address and "Besvar" in m.body_text)
    assert answer_url in invitation.body_text

    login(client, "buu@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}"))
    assert f'href="{answer_url}"' in page and "Besvar høringen" in page
    assert "1. marts 2099" in page  # the body's own, extended deadline
