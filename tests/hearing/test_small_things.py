"""Smaller things people trip over: a passed deadline refused when saved, the reply body
defaulting to the secretariat, a confirmation before what cannot be undone."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.factories import commit
from tests.hearing.factories import body, secretariat
from tests.pdf_structure import assert_tagged_pdf
from tests.web import login, post, text_of


def _form(vid: int, **overrides: str) -> dict[str, str]:
    from core.models import BodyKind

    return {
        "reference": "BIU 9/2007",
        "title": "Høring over kataloget",
        "issuing_body_id": str(body("BIU").id),
        "version_id": str(vid),
        "letter_text": "Kære udvalg",
        "questions-0-text": "Dækker indikatorerne målene?",
        "questions-0-kind": "coverage",
        "reply_body_id": str(body("LS", BodyKind.SECRETARIAT).id),
        "signatory_id": str(secretariat().id),
        "deadline_date": "2000-02-01",  # passed long ago
        "deadline_time": "",
    } | overrides


def test_a_deadline_already_passed_is_refused_when_the_hearing_is_saved(
    db: Any, client: FlaskClient
) -> None:
    from hearing.models import Hearing
    from tests.barometer.factories import make_draft_with_content, make_policy

    version = make_draft_with_content(make_policy("Politik med frist"), areas=1)
    _form(version.id)  # makes the bodies and the secretariat's user
    commit()
    login(client, "sek@example.dk")
    answer = post(client, "/hearings/new", _form(version.id))
    assert answer.status_code == 400
    page = text_of(answer)
    assert 'id="deadline_date-error"' in page and "Fristen er allerede udløbet" in page
    from core.extensions import db as _db

    assert _db.session.query(Hearing).count() == 0


def test_a_new_hearing_sends_responses_to_the_secretariat_by_default(
    db: Any, client: FlaskClient
) -> None:
    from core.models import BodyKind

    body("ØU")  # a committee that sorts before the secretariat
    secretariat_body = body("LS", BodyKind.SECRETARIAT)
    secretariat()
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get("/hearings/new"))
    select = page[page.index('name="reply_body_id"') :]
    select = select[: select.index("</select>")]
    assert f'<option selected value="{secretariat_body.id}">' in select


def test_finalising_the_note_asks_first(db: Any, client: FlaskClient) -> None:
    from tests.hearing.consolidation_factories import consolidating_hearing

    hearing = consolidating_hearing()
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/consolidation"))
    at = page.index("/consolidation/finalise")
    assert "data-confirm=" in page[at : at + 300]


def test_archiving_asks_first(db: Any, client: FlaskClient) -> None:
    from hearing.services.decision import record_decision
    from tests.hearing.consolidation_factories import LATER
    from tests.hearing.test_decision_services import _data, _prepared

    decided, groups = _prepared()
    record_decision(decided, _data(groups), actor=secretariat(), now=LATER)
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{decided.id}"))
    archive = page[page.index('value="archived"') - 600 : page.index('value="archived"')]
    assert "data-confirm=" in archive


def test_the_preview_pdf_of_a_draft_letter_is_marked_as_a_draft(
    db: Any, client: FlaskClient
) -> None:
    import io

    from pypdf import PdfReader

    from tests.hearing.factories import make_hearing, make_issued

    draft = make_hearing(reference="BIU 10/2007")
    commit()
    login(client, "sek@example.dk")

    def text(hearing_id: int) -> str:
        data = client.get(f"/hearings/{hearing_id}/letter.pdf").get_data()
        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)

    assert "UDKAST" in text(draft.id)
    assert_tagged_pdf(client.get(f"/hearings/{draft.id}/letter.pdf").get_data(), lang="da")
    from tests.barometer.factories import make_draft_with_content, make_policy

    version = make_draft_with_content(make_policy("Politik uden udkast"), areas=1)
    issued = make_issued(version, codes=("BUU",), reference="BIU 11/2007")
    commit()
    assert "UDKAST" not in text(issued.id)


def test_the_response_form_folds_a_finished_focus_area_and_shows_the_progress(
    db: Any, client: FlaskClient
) -> None:
    import re

    from hearing.services import response_drafts as drafts_svc
    from tests.hearing.factories import FUTURE, NOW
    from tests.hearing.response_factories import consultee, draft, member, open_hearing, response

    hearing = open_hearing(deadline=FUTURE)
    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r,
        draft(A1_M1="covers", A1_M2="partly"),  # area A1 done, A2 not begun
        actor=member("BUU"),
        now=NOW,
        expected_version=r.edit_version,
    )
    commit()
    login(client, "buu@example.dk")
    page = text_of(
        client.get(f"/hearings/{hearing.id}/bodies/{consultee(hearing, 'BUU').body_id}/response")
    )
    folded = re.search(r'<details class="response-area" id="area-A1"( open)?>', page)
    unfolded = re.search(r'<details class="response-area" id="area-A2"( open)?>', page)
    assert folded and not folded.group(1)
    assert unfolded and unfolded.group(1)
    assert "2 af 2 mål vurderet" in page and "0 af 2 mål vurderet" in page
    assert 'href="#area-A2"' in page


def test_my_hearings_puts_the_deadline_and_the_response_first_and_stacks_on_a_phone(
    db: Any, client: FlaskClient
) -> None:
    from tests.hearing.factories import FUTURE
    from tests.hearing.response_factories import open_hearing

    open_hearing(deadline=FUTURE)
    commit()
    login(client, "buu@example.dk")
    page = text_of(client.get("/hearings/mine"))
    head = page[page.index("<thead>") : page.index("</thead>")]
    assert head.index("Frist") < head.index(">Part<") and head.index("Høringssvar") < head.index(
        ">Part<"
    )
    assert "app-stack-table" in page and 'data-label="Frist"' in page


def test_approving_a_draft_made_by_a_decision_starts_from_that_decision(
    db: Any, client: FlaskClient
) -> None:
    from hearing.services.decision import record_decision
    from tests.hearing.consolidation_factories import LATER
    from tests.hearing.test_decision_services import _data, _prepared

    hearing, groups = _prepared()
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    login(client, "sek@example.dk")
    page = text_of(
        client.get(f"/barometer/catalogue/versions/{decision.draft_version.number}/approve")
    )
    assert 'name="decision_text" required type="text" value="BIU 45/2007"' in page
    assert 'name="decision_date" required type="date" value="2007-03-01"' in page
