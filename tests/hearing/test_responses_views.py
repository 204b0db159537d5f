"""Response pages through the test client with CSRF on: the form, stale saves, submitting,
receipts, permissions and IDOR (ids changed in URLs), attachments."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, select

from core.extensions import db as _db
from core.models import AuditEvent
from hearing.models.responses import Proposal, Response, ResponseAttachment, ResponseVersion
from hearing.services import draft_attachments as attachments_svc
from hearing.services import draft_proposals as proposals_svc
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_versions as versions
from hearing.workflow import ResponseState
from tests.factories import PDF, commit
from tests.hearing.factories import FUTURE, NOW
from tests.hearing.response_factories import (
    consultee,
    criterion,
    draft,
    member,
    open_hearing,
    response,
    second_member,
)
from tests.pdf_structure import assert_tagged_pdf
from tests.web import login, post, text_of

_HIDDEN = re.compile(r'<input[^>]*name="(edit_version|base|revision)"[^>]*value="([^"]*)"')


def _count(model: Any) -> int:
    return int(_db.session.scalar(select(func.count()).select_from(model)) or 0)


def _state() -> tuple[int, ...]:
    return tuple(
        _count(m) for m in (ResponseVersion, Proposal, ResponseAttachment, AuditEvent, Response)
    )


def _hidden(page: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page)}


def _url(hearing: Any, code: str, rest: str = "") -> str:
    return f"/hearings/{hearing.id}/bodies/{consultee(hearing, code).body_id}/response{rest}"


@pytest.fixture
def hearing(db: Any) -> Any:
    found = open_hearing(deadline=FUTURE)
    second_member(found, "BUU")
    commit()
    return found


@pytest.fixture
def buu(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "buu@example.dk")
    return client


def _coverage(**values: str) -> dict[str, str]:
    """Form fields by goal index: g0 = A1-M1, g1 = A1-M2, g2 = A2-M1, g3 = A2-M2."""
    return dict(values)


def test_my_hearings_lists_the_hearing_with_deadline_state_and_link(
    buu: FlaskClient, hearing: Any
) -> None:
    page = text_of(buu.get("/hearings/mine"))
    assert hearing.reference in page and "BUU" in page
    assert _url(hearing, "BUU") in page
    assert "kl." in page and "CET" not in page and "CEST" not in page
    assert "Ikke påbegyndt" in page


def test_the_menu_shows_my_hearings_to_members_only(client: FlaskClient, hearing: Any) -> None:
    login(client, "buu@example.dk")
    assert "Mine høringer" in text_of(client.get("/"))
    post(client, "/logout")
    assert client.get("/hearings/mine").status_code in (302, 401, 403)


def test_the_form_shows_goals_by_focus_area_with_indicators_criteria_and_progress(
    buu: FlaskClient, hearing: Any
) -> None:
    page = text_of(buu.get(_url(hearing, "BUU")))
    assert page.index("A1-M1") < page.index("A1-M2") < page.index("A2-M1")
    assert "A1-M1-I1" in page and "Halvering af ledigheden i 2010" in page
    assert "0 af 4 mål vurderet" in page
    assert "Dækker delvist" in page and "Ingen holdning" in page


def test_a_member_saves_the_draft_and_another_member_sees_it(
    buu: FlaskClient, hearing: Any, client: FlaskClient
) -> None:
    page = text_of(buu.get(_url(hearing, "BUU")))
    data = {
        **_hidden(page),
        "g0_assessment": "covers",
        "g0_comment": "Indikatorerne dækker målet.",
        "g2_assessment": "partly",
        "general_remarks": "Generelt fint.",
        "action": "save",
    }
    response = post(buu, _url(hearing, "BUU"), data)
    assert response.status_code == 302, text_of(response)[:3000]
    page = text_of(buu.get(_url(hearing, "BUU")))
    assert "2 af 4 mål vurderet" in page
    post(buu, "/logout")
    login(client, "buu2@example.dk")
    page = text_of(client.get(_url(hearing, "BUU")))
    assert "Indikatorerne dækker målet." in page and "Generelt fint." in page


def test_a_stale_save_is_refused_with_409_and_loses_nothing(buu: FlaskClient, hearing: Any) -> None:
    page = text_of(buu.get(_url(hearing, "BUU")))
    hidden = _hidden(page)
    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r,
        draft(A1_M1="covers"),
        actor=second_member(hearing, "BUU"),
        now=NOW,
        expected_version=r.edit_version,
    )
    commit()
    before = (_state(), drafts_svc.draft_fields(r))
    answer = post(
        buu,
        _url(hearing, "BUU"),
        {
            **hidden,
            "g0_assessment": "not_covered",
            "g0_comment": "Min egen tekst",
            "action": "save",
        },
    )
    assert answer.status_code == 409
    body = text_of(answer)
    assert "Min egen tekst" in body  # the user's text is kept in the field
    assert "Kommentar til A1_M1" in body  # and the other person's text is shown
    _db.session.expire_all()
    assert (_state(), drafts_svc.draft_fields(r)) == before


def test_a_proposal_is_added_through_its_own_form_after_the_text_is_saved(
    buu: FlaskClient, hearing: Any
) -> None:
    page = text_of(buu.get(_url(hearing, "BUU")))
    answer = post(
        buu,
        _url(hearing, "BUU"),
        {
            **_hidden(page),
            "g1_assessment": "covers",
            "action": "add_proposal:add_success_criterion",
        },
    )
    assert (
        answer.status_code == 302 and "proposals/new?kind=add_success_criterion" in answer.location
    )
    assert response(hearing, "BUU").assessments[0].goal_code == "A1-M2"  # the text was saved
    form = text_of(buu.get(answer.location))
    assert "Politisk beslutning" in form
    answer = post(
        buu,
        answer.location,
        {
            "kind": "add_success_criterion",
            "target_goal_code": "A1-M1",
            "text": "Beskæftigelsesfrekvensen hæves",
            "target_value": "55,0",
            "target_period": "2010-H2",
            "decision_reference": "BR 395/06",
            "decision_date": "2006-06-14",
            "justification": "Vedtaget i politikken.",
        },
    )
    assert answer.status_code == 302, text_of(answer)[:3000]
    page = text_of(buu.get(_url(hearing, "BUU")))
    assert "Beskæftigelsesfrekvensen hæves" in page and "BR 395/06" in page


def test_a_proposal_without_its_political_reference_is_refused(
    buu: FlaskClient, hearing: Any
) -> None:
    response(hearing, "BUU")
    commit()
    before = _state()
    answer = post(
        buu,
        _url(hearing, "BUU", "/proposals/new?kind=add_success_criterion"),
        {
            "kind": "add_success_criterion",
            "target_goal_code": "A1-M1",
            "text": "x",
            "justification": "y",
        },
    )
    assert answer.status_code == 400 and "politiske beslutning" in text_of(answer)
    assert _state() == before


def test_submit_gives_a_receipt_page_and_pdf(buu: FlaskClient, hearing: Any) -> None:
    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r, draft(A1_M1="covers"), actor=member("BUU"), now=NOW, expected_version=1
    )
    proposals_svc.add_proposal(r, criterion(), actor=member("BUU"), now=NOW)
    commit()
    confirm = text_of(buu.get(_url(hearing, "BUU", "/submit")))
    answer = post(buu, _url(hearing, "BUU", "/submit"), _hidden(confirm))
    assert answer.status_code == 302, text_of(answer)[:2000]
    assert answer.location.endswith("/versions/1")
    receipt = text_of(buu.get(answer.location))
    version = _db.session.scalar(select(ResponseVersion))
    assert version is not None and version.receipt_number in receipt
    assert version.sha256 in receipt and str(escape(version.canonical_json))[:40] in receipt
    pdf = buu.get(answer.location + "/receipt.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert_tagged_pdf(pdf.data, lang="da")
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert version.receipt_number in text and version.sha256[:16] in text.replace("\n", "")


def test_the_page_says_why_it_is_read_only_after_the_deadline(client: FlaskClient, db: Any) -> None:
    past = open_hearing()  # deadline 1 February 2007: long gone for the server's clock
    commit()
    login(client, "buu@example.dk")
    page = text_of(client.get(_url(past, "BUU")))
    assert "Svaret kan kun læses" in page and "Efter fristen kan intet ændres" in page
    assert 'name="g0_assessment"' not in page
    before = _state()
    answer = post(client, _url(past, "BUU"), {"g0_assessment": "covers", "action": "save"})
    assert answer.status_code == 409
    # The state, not "no access": back to the response with the deadline.
    refused = post(client, _url(past, "BUU", "/submit"), {})
    assert refused.status_code == 302
    assert "Fristen for BUU udløb" in text_of(client.get(refused.location))
    assert _state() == before


def test_submit_at_the_server_clock_a_second_before_and_after(
    buu: FlaskClient, hearing: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from hearing.views import response_common, response_submission

    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r, draft(A1_M1="covers"), actor=member("BUU"), now=NOW, expected_version=1
    )
    commit()
    confirm = _hidden(text_of(buu.get(_url(hearing, "BUU", "/submit"))))
    for module in (response_submission, response_common):
        monkeypatch.setattr(module, "utcnow", lambda: FUTURE + timedelta(seconds=1))
    answer = post(buu, _url(hearing, "BUU", "/submit"), confirm)
    assert answer.status_code == 302 and _count(ResponseVersion) == 0  # back, with the reason
    for module in (response_submission, response_common):
        monkeypatch.setattr(module, "utcnow", lambda: FUTURE - timedelta(seconds=1))
    answer = post(buu, _url(hearing, "BUU", "/submit"), confirm)
    assert answer.status_code == 302 and _count(ResponseVersion) == 1


def test_no_remarks_is_one_action(buu: FlaskClient, hearing: Any) -> None:
    confirm = text_of(buu.get(_url(hearing, "BUU", "/no-remarks")))
    assert "ingen bemærkninger" in confirm
    answer = post(buu, _url(hearing, "BUU", "/no-remarks"), _hidden(confirm))
    assert answer.status_code == 302
    version = _db.session.scalar(select(ResponseVersion))
    assert version is not None and version.no_remarks


def test_amend_and_withdraw_through_the_pages(buu: FlaskClient, hearing: Any) -> None:
    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r, draft(A1_M1="covers"), actor=member("BUU"), now=NOW, expected_version=1
    )
    versions.submit_response(r, actor=member("BUU"), now=NOW, expected_version=r.edit_version)
    commit()
    page = text_of(buu.get(_url(hearing, "BUU")))
    assert "Ændr svaret" in page and "Træk svaret tilbage" in page
    confirm = text_of(buu.get(_url(hearing, "BUU", "/withdraw")))
    assert post(buu, _url(hearing, "BUU", "/withdraw"), _hidden(confirm)).status_code == 302
    _db.session.expire_all()
    assert r.state == ResponseState.WITHDRAWN
    assert post(buu, _url(hearing, "BUU", "/amend"), {}).status_code == 302
    _db.session.expire_all()
    assert r.state == ResponseState.DRAFT


def test_attachments_are_checked_as_annexes_are(
    buu: FlaskClient, hearing: Any, configured: Any
) -> None:
    import io

    configured(UPLOAD_MAX_BYTES=1024)
    page = text_of(buu.get(_url(hearing, "BUU")))
    cases = [
        (b"not a pdf at all", "svar.pdf"),
        (b"%PDF-1.7\n<script>alert(1)</script>\n%%EOF\n", "falsk.pdf"),
        (PDF, "svar.txt"),
        (b"", "tom.pdf"),
        (PDF + b"x" * 2048, "stor.pdf"),
        (PDF, "../../etc/passwd.pdf"),
    ]
    for data, name in cases:
        before = _state()
        answer = post(
            buu,
            _url(hearing, "BUU"),
            {**_hidden(page), "action": "upload", "attachment": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        assert answer.status_code in (400, 409), name
        assert _state() == before, name
    answer = post(
        buu,
        _url(hearing, "BUU"),
        {**_hidden(page), "action": "upload", "attachment": (io.BytesIO(PDF), "bilag.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, text_of(answer)[:2000]
    attachment = _db.session.scalar(select(ResponseAttachment))
    assert attachment is not None and attachment.original_name == "bilag.pdf"
    download = buu.get(_url(hearing, "BUU", f"/attachments/{attachment.id}"))
    assert download.status_code == 200 and download.data == PDF


# -- who sees what: IDOR -------------------------------------------------------------------------


@pytest.fixture
def two_bodies(hearing: Any) -> dict[str, Any]:
    """BUU and IR each have a draft with a proposal and an attachment, and a submitted version."""
    from core.uploads import store_pdf

    ids: dict[str, Any] = {}
    for code in ("BUU", "IR"):
        r = response(hearing, code)
        drafts_svc.save_draft(
            r, draft(A1_M1="covers"), actor=member(code), now=NOW, expected_version=1
        )
        p = proposals_svc.add_proposal(r, criterion(), actor=member(code), now=NOW)
        from pathlib import Path

        from flask import current_app

        a = attachments_svc.add_attachment(
            r,
            PDF,
            f"{code}.pdf",
            folder=Path(current_app.config["UPLOAD_FOLDER"]),
            max_bytes=10**6,
            actor=member(code),
            now=NOW,
        )
        v = versions.submit_response(
            r, actor=member(code), now=NOW, expected_version=r.edit_version
        )
        versions.amend_response(r, actor=member(code), now=NOW)
        ids[code] = {"response": r, "proposal": p.id, "attachment": a.id, "version": v}
    commit()
    del store_pdf
    return ids


def test_a_member_of_another_body_can_neither_read_nor_change_anything(
    client: FlaskClient, hearing: Any, two_bodies: dict[str, Any]
) -> None:
    login(client, "buu@example.dk")
    ir = two_bodies["IR"]
    version = ir["version"]
    own_page = text_of(client.get(_url(hearing, "BUU")))
    before = (_state(), drafts_svc.draft_fields(ir["response"]))
    reads = [
        _url(hearing, "IR"),
        _url(hearing, "IR", f"/proposals/{ir['proposal']}"),
        _url(hearing, "IR", "/proposals/new?kind=other"),
        _url(hearing, "IR", f"/attachments/{ir['attachment']}"),
        _url(hearing, "IR", "/versions/1"),
        _url(hearing, "IR", "/versions/1/receipt.pdf"),
        _url(hearing, "IR", f"/versions/1/attachments/{version.attachments[0].id}"),
        _url(hearing, "IR", "/submit"),
        _url(hearing, "IR", "/withdraw"),
        _url(hearing, "IR", "/versions/99"),
        # the own body's URL with the other body's ids
        _url(hearing, "BUU", f"/proposals/{ir['proposal']}"),
        _url(hearing, "BUU", f"/attachments/{ir['attachment']}"),
        _url(hearing, "BUU", f"/versions/1/attachments/{version.attachments[0].id}"),
        f"/hearings/{hearing.id}/responses",
        f"/hearings/{hearing.id}/responses/register",
    ]
    for url in reads:
        answer = client.get(url)
        assert answer.status_code in (403, 404), url
        assert "IR.pdf" not in text_of(answer) or answer.status_code in (403, 404)
    writes = [
        (_url(hearing, "IR"), {**_hidden(own_page), "g0_assessment": "partly", "action": "save"}),
        (
            _url(hearing, "IR", f"/proposals/{ir['proposal']}"),
            {"kind": "other", "text": "x", "justification": "y"},
        ),
        (_url(hearing, "IR", "/submit"), {"edit_version": "1"}),
        (_url(hearing, "IR", "/withdraw"), {}),
        (_url(hearing, "IR", "/amend"), {}),
        (
            _url(hearing, "BUU"),
            {**_hidden(own_page), "action": f"remove_proposal:{ir['proposal']}"},
        ),
        (
            _url(hearing, "BUU"),
            {**_hidden(own_page), "action": f"remove_attachment:{ir['attachment']}"},
        ),
        (
            _url(hearing, "BUU", f"/proposals/{ir['proposal']}"),
            {"kind": "other", "text": "x", "justification": "y"},
        ),
    ]
    for url, data in writes:
        answer = post(client, url, data)
        assert answer.status_code in (403, 404), (url, answer.status_code)
        _db.session.rollback()
    _db.session.expire_all()
    assert (_state()[:3], drafts_svc.draft_fields(ir["response"])) == (before[0][:3], before[1])


def test_the_secretariat_sees_versions_but_never_a_draft(
    client: FlaskClient, hearing: Any, two_bodies: dict[str, Any]
) -> None:
    login(client, "sek@example.dk")
    assert client.get(_url(hearing, "BUU")).status_code == 403
    assert (
        client.get(
            _url(hearing, "BUU", f"/attachments/{two_bodies['BUU']['attachment']}")
        ).status_code
        == 403
    )
    assert client.get(_url(hearing, "BUU", "/versions/1")).status_code == 200
    page = text_of(client.get(f"/hearings/{hearing.id}/responses"))
    assert two_bodies["BUU"]["version"].receipt_number in page


def test_the_public_sees_no_responses_before_the_hearing_closes(
    client: FlaskClient, hearing: Any, two_bodies: dict[str, Any]
) -> None:
    assert client.get(f"/hearings/public/{hearing.id}/responses").status_code == 404
    assert client.get(f"/api/v1/hearings/{hearing.id}/responses").status_code == 404
    assert client.get(_url(hearing, "BUU", "/versions/1")).status_code in (302, 401)


def test_the_background_save_answers_json_and_refuses_a_stale_save(
    buu: FlaskClient, hearing: Any
) -> None:
    page = text_of(buu.get(_url(hearing, "BUU")))
    hidden = _hidden(page)
    headers = {"X-Autosave": "1", "Accept": "application/json"}
    answer = post(buu, _url(hearing, "BUU"), {**hidden, "g0_assessment": "covers"}, headers=headers)
    assert answer.status_code == 200 and answer.json["ok"] is True
    assert answer.json["edit_version"] == int(hidden["edit_version"]) + 1
    assert "Kladden er gemt" in answer.json["message"]
    stale = post(buu, _url(hearing, "BUU"), {**hidden, "g0_assessment": "partly"}, headers=headers)
    assert stale.status_code == 409 and stale.json["stale"] is True
    _db.session.expire_all()
    assert response(hearing, "BUU").assessments[0].assessment == "covers"
