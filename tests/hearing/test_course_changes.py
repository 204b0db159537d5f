"""Shortening, reopening and cancelling a hearing, and deleting a draft: the services, their
audit entries and the notices delivered to a real SMTP sink."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from barometer.services import version_lock
from core.errors import TransitionNotAllowed, ValidationFailed
from core.extensions import db as _db
from core.mail import send_due_emails
from core.models import AuditEvent
from hearing import workflow
from hearing.errors import FieldsInvalid
from hearing.models import Hearing
from hearing.services import course_changes, extensions, transitions
from hearing.workflow import AnswerRefusal, HearingState
from tests.conftest import SmtpSink
from tests.factories import commit
from tests.hearing.factories import DEADLINE, NOW, make_hearing, secretariat
from tests.hearing.response_factories import consultee, filled, member, open_hearing, response

SOONER = DEADLINE - timedelta(days=10)
CLOSED = DEADLINE + timedelta(hours=1)


def _texts(sink: SmtpSink, now: Any) -> dict[str, list[str]]:
    commit()
    send_due_emails(now)
    by_address: dict[str, list[str]] = {}
    for message in sink.messages():
        address = str(message["To"]).split("<")[-1].rstrip(">")
        text = str(message["Subject"]) + "\n" + message.get_body(("plain",)).get_content()
        by_address.setdefault(address, []).append(text)
    return by_address


def _audit(action: str) -> list[AuditEvent]:
    return list(_db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# -- shortening ------------------------------------------------------------------------------


def test_shortening_moves_the_deadline_and_tells_every_body(db: Any, smtp_sink: SmtpSink) -> None:
    hearing = open_hearing(codes=("ØU", "BUU"))
    later = DEADLINE + timedelta(days=14)
    extensions.extend_deadline(
        consultee(hearing, "BUU"), later, "Udvalgsmøde", actor=secretariat(), now=NOW
    )
    course_changes.shorten_deadline(
        hearing, SOONER, "Udvalget mødes tidligere", actor=secretariat(), now=NOW
    )
    assert hearing.deadline == SOONER
    # An extension was promised to that body: it keeps it.
    assert consultee(hearing, "BUU").effective_deadline == later
    [entry] = _audit("hearing.deadline_shortened")
    assert entry.changes["reason"]["new"] == "Udvalget mødes tidligere"
    mail = _texts(smtp_sink, NOW)
    oeu = next(t for t in mail["oeu@example.dk"] if "fremrykket" in t)
    assert "Begrundelse: Udvalget mødes tidligere" in oeu and "22. januar 2007" in oeu
    buu = next(t for t in mail["buu@example.dk"] if "fremrykket" in t)
    assert "beholder sin egen forlængede frist" in buu and "15. februar 2007" in buu


def test_a_refused_shortening_names_every_problem_and_changes_nothing(db: Any) -> None:
    hearing = open_hearing()
    with pytest.raises(FieldsInvalid) as refused:
        course_changes.shorten_deadline(
            hearing, DEADLINE + timedelta(days=1), " ", actor=secretariat(), now=NOW
        )
    assert {p.field for p in refused.value.problems} == {"reason", "until_date"}
    with pytest.raises(ValidationFailed):
        course_changes.shorten_deadline(
            hearing, NOW - timedelta(minutes=1), "Grund", actor=secretariat(), now=NOW
        )
    assert hearing.deadline == DEADLINE and not _audit("hearing.deadline_shortened")


def test_a_closed_hearing_cannot_be_shortened(db: Any) -> None:
    hearing = open_hearing()
    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    with pytest.raises(ValidationFailed):
        course_changes.shorten_deadline(
            hearing, CLOSED + timedelta(days=1), "Grund", actor=secretariat(), now=CLOSED
        )


# -- reopening -------------------------------------------------------------------------------


def test_reopening_opens_a_closed_hearing_until_the_new_deadline(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing = open_hearing(codes=("ØU", "BUU", "IR"))
    extended = DEADLINE + timedelta(days=2)
    extensions.extend_deadline(consultee(hearing, "BUU"), extended, "Møde", actor=None, now=NOW)
    reopened = CLOSED + timedelta(days=5)
    transitions.close_hearing(hearing, actor=None, now=reopened)
    new = DEADLINE + timedelta(days=20)
    course_changes.reopen_hearing(
        hearing, new, "Et svar gik tabt", actor=secretariat(), now=reopened
    )
    assert hearing.state == HearingState.OPEN and hearing.closed_at is None
    assert hearing.deadline == new
    # Every extension had passed; the new deadline is every body's.
    assert consultee(hearing, "BUU").extension_until is None
    assert consultee(hearing, "BUU").effective_deadline == new
    assert consultee(hearing, "BUU").accepts_answers(reopened)
    [entry] = _audit("hearing.reopened")
    assert entry.changes["extensions_ended"]["new"] == ["BUU"]
    mail = _texts(smtp_sink, reopened)
    for address in ("oeu@example.dk", "buu@example.dk", "ir@example.dk"):
        assert any("genåbnet" in t and "Et svar gik tabt" in t for t in mail[address])


def test_a_refused_reopening_names_every_problem(db: Any) -> None:
    hearing = open_hearing()
    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    with pytest.raises(FieldsInvalid) as refused:
        course_changes.reopen_hearing(hearing, NOW, "", actor=secretariat(), now=CLOSED)
    assert {p.field for p in refused.value.problems} == {"reason", "until_date"}
    assert hearing.state == HearingState.CLOSED


def test_an_open_hearing_is_not_reopened(db: Any) -> None:
    hearing = open_hearing()
    with pytest.raises(TransitionNotAllowed):
        course_changes.reopen_hearing(
            hearing, DEADLINE + timedelta(days=9), "Grund", actor=secretariat(), now=NOW
        )


# -- cancelling ------------------------------------------------------------------------------


def test_cancelling_an_open_hearing_refuses_answers_and_keeps_drafts(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing = open_hearing(codes=("ØU", "BUU"))
    kept = filled(hearing, "BUU")
    assert version_lock.is_locked(hearing.version)
    course_changes.cancel_hearing(hearing, "Politikken trækkes", actor=secretariat(), now=NOW)
    assert hearing.state == HearingState.CANCELLED
    assert hearing.cancelled_at == NOW and hearing.cancellation_reason == "Politikken trækkes"
    assert not version_lock.is_locked(hearing.version)
    _db.session.expire_all()
    assert response(hearing, "BUU").id == kept.id and kept.general_remarks  # the draft stays
    refusal = workflow.answer_refusal(hearing.state, hearing.deadline, None, NOW)
    assert refusal is AnswerRefusal.HEARING_NOT_OPEN
    assert _audit("hearing.cancelled")[0].changes["state"] == {
        "old": "open",
        "new": "cancelled",
    }
    mail = _texts(smtp_sink, NOW)
    for address in ("oeu@example.dk", "buu@example.dk"):
        assert any("aflyst" in t and "Politikken trækkes" in t for t in mail[address])


def test_a_hearing_in_consolidation_cannot_be_cancelled(db: Any) -> None:
    from tests.hearing.consolidation_factories import consolidating_hearing

    hearing = consolidating_hearing()
    with pytest.raises(TransitionNotAllowed):
        course_changes.cancel_hearing(hearing, "Grund", actor=secretariat(), now=CLOSED)
    assert hearing.state == HearingState.CONSOLIDATION


def test_cancelling_needs_a_reason(db: Any) -> None:
    hearing = open_hearing()
    with pytest.raises(ValidationFailed):
        course_changes.cancel_hearing(hearing, "  ", actor=secretariat(), now=NOW)
    assert hearing.state == HearingState.OPEN


def test_a_draft_hearing_is_deleted_and_an_issued_one_is_not(db: Any, tmp_path: Any) -> None:
    hearing = make_hearing()
    hearing_id = hearing.id
    reference = course_changes.delete_draft(hearing, folder=tmp_path, actor=secretariat(), now=NOW)
    commit()
    assert _db.session.get(Hearing, hearing_id) is None
    assert _audit("hearing.deleted")[0].summary.startswith(reference)
    issued = open_hearing()
    with pytest.raises(ValidationFailed):
        course_changes.delete_draft(issued, folder=tmp_path, actor=secretariat(), now=NOW)


def test_a_member_who_reads_english_gets_the_notices_in_english(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing = open_hearing(codes=("ØU", "BUU"))
    member("BUU").locale = "en"
    course_changes.shorten_deadline(hearing, SOONER, "Meeting moved", actor=None, now=NOW)
    course_changes.cancel_hearing(hearing, "Policy withdrawn", actor=None, now=NOW)
    mail = _texts(smtp_sink, NOW)
    english = "\n".join(mail["buu@example.dk"])
    assert "Hearing BIU 227/2006: the deadline has been moved earlier" in english
    assert "Hearing BIU 227/2006 has been cancelled" in english
    assert "Reason: Policy withdrawn" in english and "Begrundelse" not in english
    assert "Høring BIU 227/2006 er aflyst" in "\n".join(mail["oeu@example.dk"])
