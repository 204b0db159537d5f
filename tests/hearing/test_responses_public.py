"""Registered and late responses, confidentiality in every public output (page, PDF, API),
receipts by e-mail over SMTP, and unique receipts under concurrent submissions."""

from __future__ import annotations

import io
import json
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient
from sqlalchemy import select

from core.errors import ValidationFailed
from core.extensions import db as _db
from core.mail import send_due_emails
from hearing import canonical
from hearing.models.responses import ResponseVersion
from hearing.queries.responses import current_submitted_versions
from hearing.services import draft_attachments as attachments_svc
from hearing.services import draft_proposals as proposals_svc
from hearing.services import frozen_versions as frozen_svc
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_registration as registration_svc
from hearing.services import response_versions as versions
from hearing.services.transitions import close_if_expired
from hearing.workflow import HearingState
from tests.conftest import SmtpSink
from tests.factories import PDF, commit
from tests.hearing.factories import DEADLINE, NOW, secretariat
from tests.hearing.response_factories import (
    AFTER,
    consultee,
    criterion,
    member,
    open_hearing,
    response,
    second_member,
    submitted,
)
from tests.pdf_structure import assert_tagged_pdf

SECRETS = ("HEMMELIG-KOMMENTAR", "HEMMELIGT-FORSLAG", "hemmeligt-bilag.pdf", "HEMMELIGT-SVAR")
SEVEN_WEEKS_LATE = DEADLINE + timedelta(weeks=7)


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _registration(**overrides: Any) -> registration_svc.RegistrationData:
    values: dict[str, Any] = {
        "channel": "letter",
        "received_at": SEVEN_WEEKS_LATE,
        "scan": PDF,
        "scan_filename": "kfu-brev.pdf",
        "general_remarks": "Udvalget behandlede sagen på sit møde i marts.",
        "accepted_reason": "Udvalget kunne først behandle sagen på mødet i marts.",
        "assessments": (drafts_svc.AssessmentData("A1-M1", "partly", "Kultur mangler"),),
        "proposals": (criterion(text="Flere i foreningslivet"),),
    }
    values.update(overrides)
    return registration_svc.RegistrationData(**values)


def test_a_late_response_is_registered_marked_late_with_its_reason_and_counts(db: Any) -> None:
    hearing = open_hearing()
    close_if_expired(hearing, now=AFTER)
    version = registration_svc.register_response(
        consultee(hearing, "BUU"),
        _registration(),
        actor=secretariat(),
        now=SEVEN_WEEKS_LATE + timedelta(days=1),
        folder=_folder(),
        max_bytes=10**6,
    )
    assert version.late and version.accepted_reason.startswith("Udvalget kunne")
    assert version.channel == "letter" and version.registered_by == secretariat()
    assert version.submitted_at == SEVEN_WEEKS_LATE
    assert [a.original_name for a in version.attachments] == ["kfu-brev.pdf"]
    assert [p.text for p in version.proposals] == ["Flere i foreningslivet"]
    assert current_submitted_versions(hearing) == [version]
    from hearing.response_content import canonical_text

    assert canonical_text(frozen_svc.version_content(version)) == version.canonical_json
    assert frozen_svc.verify_version(version)
    assert '"late":true' in version.canonical_json


def test_a_late_registration_without_a_reason_is_refused(db: Any) -> None:
    hearing = open_hearing()
    with pytest.raises(ValidationFailed):
        registration_svc.register_response(
            consultee(hearing, "BUU"),
            _registration(accepted_reason=""),
            actor=secretariat(),
            now=SEVEN_WEEKS_LATE,
            folder=_folder(),
            max_bytes=10**6,
        )
    assert _db.session.scalar(select(ResponseVersion)) is None


def test_a_registration_in_time_is_not_late_and_a_future_one_is_refused(db: Any) -> None:
    hearing = open_hearing()
    version = registration_svc.register_response(
        consultee(hearing, "IR"),
        _registration(received_at=DEADLINE, accepted_reason="ignoreres"),
        actor=secretariat(),
        now=NOW + timedelta(days=30),
        folder=_folder(),
        max_bytes=10**6,
    )
    assert not version.late and version.accepted_reason is None
    with pytest.raises(ValidationFailed):
        registration_svc.register_response(
            consultee(hearing, "BUU"),
            _registration(received_at=NOW + timedelta(days=1)),
            actor=secretariat(),
            now=NOW,
            folder=_folder(),
            max_bytes=10**6,
        )


def test_the_secretariat_registers_through_the_page(client: FlaskClient, db: Any) -> None:
    from tests.web import login, post

    hearing = open_hearing()
    commit()
    login(client, "sek@example.dk")
    form = client.get(f"/hearings/{hearing.id}/responses/register")
    assert form.status_code == 200
    answer = post(
        client,
        f"/hearings/{hearing.id}/responses/register",
        {
            "body_id": str(consultee(hearing, "BUU").body_id),
            "channel": "email",
            "received_date": "2007-03-22",
            "received_time": "10:00",
            "scan": (io.BytesIO(PDF), "svar.pdf"),
            "accepted_reason": "Udvalget mødtes først i marts.",
            "g0_assessment": "covers",
            "general_remarks": "Svar modtaget pr. e-mail.",
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)[:3000]
    version = _db.session.scalar(select(ResponseVersion))
    assert version is not None and version.late and version.channel == "email"
    page = client.get(f"/hearings/{hearing.id}/responses").get_data(as_text=True)
    assert version.receipt_number in page and "for sent" in page


# -- confidentiality ----------------------------------------


@pytest.fixture
def closed(db: Any) -> Any:
    """A closed public hearing: BUU with confidential parts, IR confidential as a whole,
    ØU registered late, KFU never answered; BUU's first version superseded."""
    hearing = open_hearing(codes=("ØU", "BUU", "IR", "KFU"))
    buu = response(hearing, "BUU")
    user = member("BUU")
    first = submitted(hearing, "BUU")
    versions.amend_response(buu, actor=user, now=NOW)
    data = drafts_svc.DraftData(
        general_remarks="Offentlig bemærkning",
        assessments=(
            drafts_svc.AssessmentData("A1-M1", "covers", "Offentlig kommentar"),
            drafts_svc.AssessmentData("A1-M2", "partly", "HEMMELIG-KOMMENTAR", True, "Persondata"),
        ),
    )
    drafts_svc.save_draft(buu, data, actor=user, now=NOW, expected_version=buu.edit_version)
    proposals_svc.add_proposal(
        buu,
        criterion(text="HEMMELIGT-FORSLAG", confidential=True, confidential_reason="Forhandling"),
        actor=user,
        now=NOW,
    )
    attachments_svc.add_attachment(
        buu,
        PDF,
        "hemmeligt-bilag.pdf",
        confidential=True,
        confidential_reason="Intern",
        folder=_folder(),
        max_bytes=10**6,
        actor=user,
        now=NOW,
    )
    attachments_svc.add_attachment(
        buu, PDF, "offentligt-bilag.pdf", folder=_folder(), max_bytes=10**6, actor=user, now=NOW
    )
    second = versions.submit_response(buu, actor=user, now=NOW, expected_version=buu.edit_version)
    ir = response(hearing, "IR")
    drafts_svc.save_draft(
        ir,
        drafts_svc.DraftData(
            "HEMMELIGT-SVAR",
            True,
            "Rådets interne drøftelse",
            (drafts_svc.AssessmentData("A1-M1", "not_covered", "HEMMELIGT-SVAR"),),
        ),
        actor=member("IR"),
        now=NOW,
        expected_version=ir.edit_version,
    )
    versions.submit_response(ir, actor=member("IR"), now=NOW, expected_version=ir.edit_version)
    close_if_expired(hearing, now=AFTER)
    registration_svc.register_response(
        consultee(hearing, "ØU"),
        _registration(),
        actor=secretariat(),
        now=SEVEN_WEEKS_LATE,
        folder=_folder(),
        max_bytes=10**6,
    )
    commit()
    assert hearing.state == HearingState.CLOSED
    return {"hearing": hearing, "first": first, "second": second}


def test_confidential_parts_are_absent_from_the_public_page(
    client: FlaskClient, closed: Any
) -> None:
    hearing = closed["hearing"]
    page = client.get(f"/hearings/public/{hearing.id}/responses").get_data(as_text=True)
    assert "Offentlig kommentar" in page and "offentligt-bilag.pdf" in page
    assert "Svaret er fortroligt" in page
    assert "Udvalget kunne først behandle sagen" in page  # the late reason is public
    assert "KFU" in page  # listed as not answered
    for secret in (*SECRETS, "Persondata", "Forhandling", "Rådets interne"):
        assert secret not in page, secret
    assert closed["first"].receipt_number not in page  # superseded versions stay out


def test_confidential_parts_are_absent_from_the_public_pdf(
    client: FlaskClient, closed: Any
) -> None:
    from pypdf import PdfReader

    answer = client.get(f"/hearings/public/{closed['hearing'].id}/responses.pdf")
    assert answer.status_code == 200
    assert_tagged_pdf(answer.data, lang="da")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.data)).pages)
    assert "Offentlig kommentar" in text
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_api_lists_public_parts_with_a_verifiable_hash(
    client: FlaskClient, closed: Any
) -> None:
    import hashlib

    answer = client.get(f"/api/v1/hearings/{closed['hearing'].id}/responses")
    assert answer.status_code == 200 and answer.headers["Access-Control-Allow-Origin"] == "*"
    raw = answer.get_data(as_text=True)
    for secret in (*SECRETS, "Persondata", "Forhandling"):
        assert secret not in raw, secret
    items = {r["body_code"]: r for r in answer.json["responses"]}
    assert set(items) == {"BUU", "IR", "ØU"}
    for item in items.values():
        assert hashlib.sha256(item["canonical"].encode("utf-8")).hexdigest() == item["sha256"]
    buu = items["BUU"]
    assert buu["version_number"] == 2 and buu["withheld_parts"] == 3
    assert [c["goal"] for c in buu["coverage"]] == ["A1-M1", "A2-M1"]  # A1-M2 is confidential
    assert [a["name"] for a in buu["attachments"]] == ["offentligt-bilag.pdf"]
    assert items["ØU"]["late"] is True and items["IR"]["coverage"] == []
    canonical = json.loads(buu["canonical"])
    assert canonical["coverage"][1] == {
        "goal": "A1-M2",
        "confidential": True,
        "digest": canonical["coverage"][1]["digest"],
    }


def test_a_hearing_that_is_not_public_has_no_public_responses(client: FlaskClient, db: Any) -> None:
    hearing = open_hearing(public=False)
    submitted(hearing)
    close_if_expired(hearing, now=AFTER)
    commit()
    assert client.get(f"/hearings/public/{hearing.id}/responses").status_code == 404
    assert client.get(f"/api/v1/hearings/{hearing.id}/responses").status_code == 404


def test_a_confidential_attachment_cannot_be_downloaded_publicly(
    client: FlaskClient, closed: Any
) -> None:
    version = closed["second"]
    hearing = closed["hearing"]
    by_name = {a.original_name: a for a in version.attachments}
    url = f"/hearings/public/{hearing.id}/responses/{version.id}/attachments/"
    assert client.get(url + str(by_name["offentligt-bilag.pdf"].id)).status_code == 200
    assert client.get(url + str(by_name["hemmeligt-bilag.pdf"].id)).status_code == 404
    first = closed["first"]
    assert (
        client.get(f"/hearings/public/{hearing.id}/responses/{first.id}/attachments/1").status_code
        == 404
    )


# -- receipts by e-mail ----------------------------------------


def test_every_member_gets_the_receipt_over_smtp(db: Any, smtp_sink: SmtpSink) -> None:
    hearing = open_hearing()
    english = second_member(hearing, "BUU")
    english.locale = "en"
    version = submitted(hearing)
    commit()
    send_due_emails(NOW)
    received = {
        str(m["To"]).split("<")[-1].rstrip(">"): m
        for m in smtp_sink.messages()
        if version.receipt_number in str(m["Subject"])
    }
    assert sorted(received) == ["buu2@example.dk", "buu@example.dk"]
    danish = received["buu@example.dk"]
    text = danish.get_body(("plain",)).get_content()
    assert version.receipt_number in str(danish["Subject"]) and "Kvittering" in str(
        danish["Subject"]
    )
    assert version.sha256 in text and "10. januar 2007" in text
    assert "/versions/1" in text
    english_text = received["buu2@example.dk"].get_body(("plain",)).get_content()
    assert "has submitted its response" in english_text


# -- concurrency ----------------------------------------


def test_receipts_are_unique_under_concurrent_submissions(app: Flask, db: Any) -> None:
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("row locks and concurrent transactions are tested on PostgreSQL only")
    hearing = open_hearing(codes=("ØU", "BUU", "IR", "KFU"))
    ids = {code: consultee(hearing, code).id for code in ("ØU", "BUU", "IR", "KFU")}
    for code in ids:
        response(hearing, code)
    commit()
    from core.models import User
    from hearing.models import Consultee

    sek_id = secretariat().id
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def register(consultee_id: int) -> None:
        with app.app_context():
            try:
                c = _db.session.get(Consultee, consultee_id)
                actor = _db.session.get(User, sek_id)
                barrier.wait(5)
                registration_svc.register_response(
                    c,
                    _registration(received_at=NOW, accepted_reason=""),
                    actor=actor,
                    now=NOW + timedelta(days=1),
                    folder=_folder(),
                    max_bytes=10**6,
                )
                _db.session.commit()
            except BaseException as exc:
                errors.append(exc)
                _db.session.rollback()
            finally:
                _db.session.remove()

    # Two threads per body at once: the row lock serialises each body's sequence.
    threads = [
        threading.Thread(target=register, args=(cid,)) for cid in ids.values() for _ in (1, 2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    _db.session.expire_all()
    numbers = list(_db.session.scalars(select(ResponseVersion.receipt_number)))
    assert len(numbers) == 8 and len(set(numbers)) == 8
    for code in ("ØU", "BUU", "IR", "KFU"):
        mine = [n for n in numbers if f"-{canonical.receipt_code('x', code)[2:]}-" in n]
        assert sorted(n[-1] for n in mine) == ["1", "2"], (code, numbers)
    current = current_submitted_versions(hearing)
    assert sorted(v.number for v in current) == [2, 2, 2, 2]
