"""Hearing e-mail through the outbox, delivered to a real SMTP sink on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core.clock import utcnow
from core.extensions import db as _db
from core.mail import EmailStatus, OutboundEmail, send_due_emails
from hearing.models import ReminderSent
from hearing.queries import hearings as queries
from hearing.queries.hearings import ConsulteeState
from hearing.services import extensions, transitions
from hearing.services import hearings as svc
from hearing.services.notifications import send_reminders
from tests.conftest import SmtpSink, free_port
from tests.factories import commit, make_member, make_user
from tests.hearing.factories import DEADLINE, NOW, body, make_hearing, make_issued, secretariat


def _deliver(now: Any = NOW) -> None:
    commit()
    send_due_emails(now)


def _recipients(sink: SmtpSink) -> list[str]:
    return sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in sink.messages())


def test_invitations_reach_every_active_member_in_their_language(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing = make_hearing(codes=("BUU", "IR"))
    make_member(body("BUU"), email="birgitte@example.dk")
    make_user("bo@example.dk", role=None)  # not a member: nothing
    english = make_member(body("IR"), email="iqbal@example.dk")
    english.locale = "en"
    make_member(body("BUU"), email="gone@example.dk").active = False
    transitions.issue_hearing(hearing, actor=secretariat(), now=NOW)
    _deliver()
    assert _recipients(smtp_sink) == ["birgitte@example.dk", "iqbal@example.dk"]
    by_address = {str(m["To"]): m for m in smtp_sink.messages()}
    danish = next(m for to, m in by_address.items() if "birgitte" in to)
    text = danish.get_body(("plain",)).get_content()
    assert "BIU 227/2006" in str(danish["Subject"])
    assert "bliver bedt om et høringssvar" in text
    assert "1. februar 2007 kl. 23.59" in text
    assert f"/hearings/{hearing.id}" in text
    assert danish.get_body(("html",)) is not None
    english_text = next(m for to, m in by_address.items() if "iqbal" in to).get_body(("plain",))
    assert "is asked to respond" in english_text.get_content()


def test_a_rolled_back_issue_queues_nothing(db: Any) -> None:
    hearing = make_hearing(codes=("BUU",))
    make_member(body("BUU"), email="birgitte@example.dk")
    commit()
    transitions.issue_hearing(hearing, actor=secretariat(), now=NOW)
    _db.session.rollback()
    assert _db.session.scalar(select(func.count()).select_from(OutboundEmail)) == 0


def test_reminders_reach_only_bodies_that_have_not_answered(
    db: Any, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    hearing = make_issued(codes=("BUU", "KFU"))
    answered = next(c for c in hearing.consultees if c.body.code == "KFU")
    monkeypatch.setattr(
        queries, "response_states", lambda h: {answered.id: ConsulteeState.SUBMITTED}
    )
    _deliver()
    smtp_sink.envelopes.clear()
    assert send_reminders(DEADLINE - timedelta(days=1)) == 1
    _deliver(DEADLINE - timedelta(days=1))
    assert _recipients(smtp_sink) == ["buu@example.dk"]
    assert "Påmindelse" in str(smtp_sink.messages()[0]["Subject"])


def test_send_reminders_twice_sends_once(app: Flask, db: Any, smtp_sink: SmtpSink) -> None:
    now = utcnow()
    make_issued(codes=("BUU",), deadline=now + timedelta(days=1, hours=1), now=now)
    commit()
    send_due_emails(now)  # the invitation
    smtp_sink.envelopes.clear()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["hearing", "send-reminders"])
    second = runner.invoke(args=["hearing", "send-reminders"])
    assert "1 reminder(s) queued" in first.output, first.output
    assert "0 reminder(s) queued" in second.output
    send_due_emails(utcnow())
    send_due_emails(utcnow())
    assert _recipients(smtp_sink) == ["buu@example.dk"]
    assert _db.session.scalar(select(func.count()).select_from(ReminderSent)) == 1


def test_an_extension_starts_a_new_reminder_schedule(db: Any) -> None:
    hearing = make_issued(codes=("BUU",))
    assert send_reminders(DEADLINE - timedelta(days=1)) == 1
    assert send_reminders(DEADLINE - timedelta(days=1)) == 0
    extensions.extend_deadline(
        hearing.consultees[0],
        DEADLINE + timedelta(days=10),
        "Møde",
        actor=secretariat(),
        now=DEADLINE - timedelta(days=1),
    )
    assert send_reminders(DEADLINE - timedelta(days=1)) == 0  # 11 days left: none due
    assert send_reminders(DEADLINE + timedelta(days=9)) == 1


def test_an_extension_and_a_late_addition_tell_the_body(db: Any, smtp_sink: SmtpSink) -> None:
    hearing = make_issued(codes=("BUU",))
    _deliver()
    smtp_sink.envelopes.clear()
    make_member(body("TMU"), email="tmu@example.dk")
    svc.add_consultee(hearing, body("TMU").id, actor=secretariat(), now=NOW)
    extensions.extend_deadline(
        hearing.consultees[0], DEADLINE + timedelta(days=7), "Mødeplan", actor=None, now=NOW
    )
    _deliver()
    subjects = {m["To"].addresses[0].addr_spec: str(m["Subject"]) for m in smtp_sink.messages()}
    assert "TMU" in subjects["tmu@example.dk"] or "Teknik" in subjects["tmu@example.dk"]
    assert "ny frist" in subjects["buu@example.dk"]
    body_text = (
        next(m for m in smtp_sink.messages() if "buu" in str(m["To"]))
        .get_body(("plain",))
        .get_content()
    )
    assert "Mødeplan" in body_text and "8. februar 2007 kl. 23.59" in body_text


def test_an_smtp_failure_leaves_the_invitation_queued_and_a_later_run_sends_it_once(
    app: Flask, db: Any, smtp_sink: SmtpSink
) -> None:
    make_issued(codes=("BUU",))
    commit()
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    try:
        report = send_due_emails(NOW)
    finally:
        app.config["MAIL_PORT"] = port
    assert report.sent == 0
    email = _db.session.scalar(select(OutboundEmail))
    assert email.status == EmailStatus.QUEUED and email.attempts == 1
    assert smtp_sink.messages() == []
    later = NOW + timedelta(hours=1)
    assert send_due_emails(later).sent == 1
    assert send_due_emails(later + timedelta(hours=1)).sent == 0
    assert _recipients(smtp_sink) == ["buu@example.dk"]
