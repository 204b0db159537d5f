"""Retention of a hearing's personal data (docs/privacy.md): the date, the purge before and
after it, idempotence, hashes that still verify, the outbox, and nothing personal left."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import current_app
from flask.testing import FlaskClient
from sqlalchemy import select

from core.models import AuditEvent
from hearing import workflow
from hearing.demo.responses import demo_letter_pdf
from hearing.errors import FieldInvalid
from hearing.models import Hearing
from hearing.models.responses import ResponseVersion
from hearing.services import course_changes
from hearing.services import response_registration as registration_svc
from hearing.services.frozen_versions import verify_version
from hearing.services.retention import purge_due_hearings, retention_date, set_retention
from tests.hearing.factories import NOW, secretariat
from tests.hearing.response_factories import consultee, member, open_hearing, submitted
from tests.privacy_search import find_everywhere, find_in_tables
from tests.web import login, post, text_of

CONTACT = ("Xenia Kontaktsen", "xenia.kontaktsen@example.org")
SIGNER = "Yrsa Underskriversen"
CANCELLED = NOW + timedelta(days=2)
CANCELLED_DAY = workflow.to_local(CANCELLED).date()


def _at(day: date) -> datetime:
    return workflow.deadline_from_local(day, None)


def _hearing() -> Hearing:
    """A cancelled hearing with a response submitted in the system (receipt and notice
    e-mailed) and a letter registered with a signed scan."""
    hearing = open_hearing(contact_name=CONTACT[0], contact_email=CONTACT[1])
    submitted(hearing, "BUU", now=NOW)
    registration_svc.register_response(
        consultee(hearing, "IR"),
        registration_svc.RegistrationData(
            channel="letter",
            received_at=NOW,
            scan=demo_letter_pdf("Høringssvar fra IR", SIGNER),
            scan_filename="ir.pdf",
            general_remarks="Rådet har ingen yderligere bemærkninger.",
        ),
        actor=secretariat(),
        now=NOW,
        folder=Path(current_app.config["UPLOAD_FOLDER"]),
        max_bytes=10**6,
    )
    course_changes.cancel_hearing(
        hearing, "Sagen er bortfaldet.", actor=secretariat(), now=CANCELLED
    )
    return hearing


def _dump(db: Any) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for table in db.metadata.sorted_tables:
        rows += [(table.name, *r) for r in db.session.execute(select(table)).all()]
    return rows


def test_the_date_is_730_days_after_the_end_unless_set(db: Any) -> None:
    hearing = open_hearing()
    assert retention_date(hearing) is None  # still running: no end yet
    course_changes.cancel_hearing(hearing, "Bortfaldet.", actor=secretariat(), now=CANCELLED)
    assert retention_date(hearing) == CANCELLED_DAY + timedelta(days=730)
    assert retention_date(hearing, 30) == CANCELLED_DAY + timedelta(days=30)


def test_nothing_is_purged_before_the_date_and_everything_due_on_it(db: Any) -> None:
    hearing = _hearing()
    db.session.commit()
    due = retention_date(hearing)
    assert due is not None
    before = _dump(db)
    assert purge_due_hearings(_at(due - timedelta(days=1)))["hearings"] == 0
    assert _dump(db) == before
    report = purge_due_hearings(_at(due))
    db.session.commit()
    assert report["hearings"] == 1 and report["files"] == 1 and report["emails"] >= 2
    assert hearing.personal_data_purged_at == _at(due)
    assert (hearing.contact_name, hearing.contact_email) == ("", "")


def test_the_purge_is_idempotent(db: Any) -> None:
    hearing = _hearing()
    db.session.commit()
    due = _at(retention_date(hearing) or date.max)
    purge_due_hearings(due)
    db.session.commit()
    after = _dump(db)
    report = purge_due_hearings(due + timedelta(days=3))
    db.session.commit()
    assert report == {"hearings": 0, "files": 0, "emails": 0}
    assert _dump(db) == after
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "hearing.personal_data_purged")
    ).all()
    assert len(events) == 1


def test_receipts_and_hashes_still_verify_after_the_purge(db: Any) -> None:
    hearing = _hearing()
    db.session.commit()
    versions = db.session.scalars(select(ResponseVersion)).all()
    kept = {v.receipt_number: (v.canonical_json, v.sha256) for v in versions}
    assert len(kept) == 2 and all(verify_version(v) for v in versions)
    purge_due_hearings(_at(retention_date(hearing) or date.max))
    db.session.commit()
    db.session.expire_all()
    versions = db.session.scalars(select(ResponseVersion)).all()
    assert {v.receipt_number: (v.canonical_json, v.sha256) for v in versions} == kept
    assert all(verify_version(v) for v in versions)


def test_nothing_personal_is_left_in_any_table_or_file(db: Any) -> None:
    hearing = _hearing()
    db.session.commit()
    recipients = [member("BUU").email, secretariat().email]
    personal = [*CONTACT, SIGNER]
    found = find_everywhere(personal)
    # The search sees them before: in the hearing, the audit log, the e-mails and the scan.
    assert any(h.startswith("hearings.contact_name") for h in found)
    assert any(h.startswith("audit_events.") for h in found)
    assert any(h.startswith("outbound_emails.") for h in find_in_tables(recipients))
    assert any(SIGNER in h and h.endswith(SIGNER) and ".pdf" in h for h in found)
    purge_due_hearings(_at(retention_date(hearing) or date.max))
    db.session.commit()
    assert find_everywhere(personal) == []
    # The accounts of the people e-mailed stay (they go by the rules of accounts), but no
    # message about the hearing names them any more.
    assert not [h for h in find_in_tables(recipients) if h.startswith("outbound_emails.")]
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hearing.personal_data_purged")
    )
    assert event is not None and event.actor_id is None
    assert event.changes == {
        "scans_removed": 1,
        "archive_packages_removed": 0,
        "emails_erased": event.changes["emails_erased"],
    }


def test_a_date_needs_a_reason_may_not_be_past_and_is_audited(db: Any) -> None:
    hearing = _hearing()
    today = workflow.to_local(CANCELLED).date()
    with pytest.raises(FieldInvalid) as err:
        set_retention(hearing, today + timedelta(days=5), " ", actor=secretariat(), now=CANCELLED)
    assert err.value.field == "reason"
    with pytest.raises(FieldInvalid) as err:
        set_retention(
            hearing, today - timedelta(days=1), "Tidligt", actor=secretariat(), now=CANCELLED
        )
    assert err.value.field == "retention_until"
    assert hearing.retention_until is None
    set_retention(
        hearing, today + timedelta(days=5), "Klagesag", actor=secretariat(), now=CANCELLED
    )
    assert retention_date(hearing) == today + timedelta(days=5)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "hearing.retention_set")
    )
    assert event is not None and event.summary == "Klagesag"
    assert event.changes["retention_until"]["new"] == (today + timedelta(days=5)).isoformat()


def test_the_secretariat_sets_the_date_on_the_hearing_page(db: Any, client: FlaskClient) -> None:
    hearing = _hearing()
    db.session.commit()
    login(client, secretariat().email)
    page = text_of(client.get(f"/hearings/{hearing.id}"))
    default = retention_date(hearing)
    assert default is not None and f"/hearings/{hearing.id}/retention" in page
    path = f"/hearings/{hearing.id}/retention"
    refused = post(client, path, {"retention_until": "2099-01-31", "reason": ""})
    assert refused.status_code == 400 and "Angiv begrundelsen" in text_of(refused)
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).retention_until is None
    saved = post(client, path, {"retention_until": "2099-01-31", "reason": "Klagesag verserer"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Hearing, hearing.id).retention_until == date(2099, 1, 31)
    assert "Personoplysninger slettes 31. januar 2099." in text_of(
        client.get(f"/hearings/{hearing.id}")
    )


def test_the_archive_package_of_a_purged_hearing_leaves_out_the_erased_scans(
    app: Any, db: Any
) -> None:
    from hearing import archive

    hearing = _hearing()
    db.session.commit()
    with app.test_request_context():
        assert "registered_letter" in {d.kind for d in archive.documents(hearing)}
    purge_due_hearings(_at(retention_date(hearing) or date.max))
    db.session.commit()
    with app.test_request_context():
        kinds = [d.kind for d in archive.documents(hearing)]
    assert "registered_letter" not in kinds and kinds.count("response") == 2


def test_a_stored_archive_package_of_the_hearing_goes_with_the_purge(
    app: Any, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.job_models import JobState
    from hearing.services import hearing_jobs

    # Folders of this test's own: the suite's hold other tests' scans of the same letter.
    for key in ("UPLOAD_FOLDER", "STORAGE_DIR"):
        (tmp_path / key).mkdir()
        monkeypatch.setitem(app.config, key, str(tmp_path / key))
    hearing = _hearing()
    job = hearing_jobs.start_archive(hearing, actor=secretariat(), now=CANCELLED)
    db.session.commit()  # packed in-process after the commit
    db.session.expire_all()
    assert job.state == JobState.FINISHED
    package = hearing_jobs.archive_path(job.id)
    # The package holds the letter (naming the contact) and the signed scan, compressed.
    found = [h for h in find_everywhere([*CONTACT, SIGNER]) if h.startswith(package.name)]
    assert {h.split(": ", 1)[1] for h in found} == {*CONTACT, SIGNER}
    purge_due_hearings(_at(retention_date(hearing) or date.max))
    db.session.commit()
    assert find_everywhere([*CONTACT, SIGNER]) == []
    assert not package.exists()
