"""The mail outbox: queued in the caller's transaction, sent once over real SMTP."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import func, select

from core.extensions import db as _db
from core.mail import (
    EmailStatus,
    OutboundEmail,
    queue_email,
    queue_templated_email,
    send_due_emails,
)
from core.mail_sending import backoff
from core.models import User
from tests.conftest import NOW, SmtpSink, free_port
from tests.core.test_jobs import work_off_queue
from tests.factories import make_user

needs_postgresql = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="row locks and concurrent transactions are tested on PostgreSQL only",
)

SUBJECT = "Påmindelse: høring om Ærø – svar senest fredag"
TEXT = "Kære Søren Ærø\n\nBlåbærgrød med fløde, æøå ÆØÅ.\n"
HTML = "<p>Kære Søren Ærø</p><p>Blåbærgrød med fløde, æøå ÆØÅ.</p>"


def queue_one(**overrides: Any) -> OutboundEmail | None:
    values: dict[str, Any] = {
        "to": "soren@example.dk",
        "subject": SUBJECT,
        "text": TEXT,
        "html": HTML,
        "locale": "da",
        "now": NOW,
        "to_name": "Søren Ærø",
    } | overrides
    return queue_email(
        values.pop("to"), values.pop("subject"), values.pop("text"), values.pop("html"), **values
    )


def outbox() -> list[OutboundEmail]:
    _db.session.expire_all()
    return list(_db.session.scalars(select(OutboundEmail).order_by(OutboundEmail.id)))


def count_outbox() -> int:
    return _db.session.scalar(select(func.count()).select_from(OutboundEmail)) or 0


class RefusingHandler:
    """An SMTP server that answers "451 try later" to the first ``refuse`` messages."""

    def __init__(self, refuse: int) -> None:
        self.refuse = refuse
        self.accepted: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        self.accepted.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def refusing_smtp(app: Flask, configured: Any) -> Iterator[RefusingHandler]:
    from aiosmtpd.controller import Controller

    handler = RefusingHandler(refuse=1)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    configured(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield handler
    controller.stop()


@pytest.fixture
def closed_port(app: Flask, configured: Any) -> None:
    configured(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())


def test_a_queued_message_is_delivered_once_with_utf8_headers_and_both_parts(
    db: Any, smtp_sink: SmtpSink
) -> None:
    email = queue_one()
    assert email is not None
    db.session.commit()

    first = send_due_emails(NOW)
    second = send_due_emails(NOW + timedelta(hours=1))

    assert (first.sent, second.sent) == (1, 0)
    [message] = smtp_sink.messages()
    assert message["Subject"] == SUBJECT
    assert message["To"].addresses[0].display_name == "Søren Ærø"
    assert message["To"].addresses[0].addr_spec == "soren@example.dk"
    assert message["From"] == "Integrationsbarometret <noreply@example.dk>"
    assert message["Content-Language"] == "da"
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == TEXT
    assert message.get_body(("html",)).get_content().strip() == HTML
    [stored] = outbox()
    assert message["Message-ID"] == stored.message_id
    assert (stored.status, stored.attempts, stored.sent_at) == (EmailStatus.SENT, 1, NOW)
    assert stored.next_attempt_at is None


def test_a_recipient_address_with_danish_letters_is_delivered(db: Any, smtp_sink: SmtpSink) -> None:
    queue_one(to="søren@ærø.dk")
    db.session.commit()
    assert send_due_emails(NOW).sent == 1
    assert smtp_sink.envelopes[0].rcpt_tos == ["søren@ærø.dk"]


def test_a_message_is_not_sent_before_it_is_due(db: Any, smtp_sink: SmtpSink) -> None:
    queue_one(now=NOW)
    db.session.commit()
    assert send_due_emails(NOW - timedelta(seconds=1)).sent == 0
    assert smtp_sink.messages() == []


def test_the_recipients_language_chooses_the_language_of_a_templated_mail(
    db: Any, smtp_sink: SmtpSink
) -> None:
    danish = make_user("dansk@example.dk", name="Åse Ørsted", locale="da")
    english = make_user("english@example.dk", name="Emma Hill", locale="en")
    with force_locale("en"):  # the sender's own language does not matter
        queue_templated_email(danish, "test_message", {}, now=NOW, related=danish)
    queue_templated_email(english, "test_message", {}, now=NOW)
    db.session.commit()
    send_due_emails(NOW)

    by_address = {m["To"].addresses[0].addr_spec: m for m in smtp_sink.messages()}
    da, en = by_address["dansk@example.dk"], by_address["english@example.dk"]
    assert da["Subject"] == "Testbesked fra integrationsbarometret"
    assert en["Subject"] == "Test message from the integration barometer"
    da_text, da_html = (da.get_body((kind,)).get_content() for kind in ("plain", "html"))
    assert da_text.startswith("Kære Åse Ørsted")
    assert "Danske bogstaver: æ, ø, å, Æ, Ø, Å." in da_text
    assert "Du kan ikke svare på denne besked." in da_text
    assert '<html lang="da">' in da_html and "Kære Åse Ørsted" in da_html
    assert "<title>Testbesked fra integrationsbarometret</title>" in da_html
    assert not any(tag in da_html for tag in ("<img", "<link", "<script", "src=", "url("))
    en_text = en.get_body(("plain",)).get_content()
    assert en_text.startswith("Dear Emma Hill,") and "Danish letters" in en_text
    assert '<html lang="en">' in en.get_body(("html",)).get_content()
    stored = {e.to_address: e for e in outbox()}
    assert stored["dansk@example.dk"].locale == "da"
    assert (stored["dansk@example.dk"].related_type, stored["dansk@example.dk"].related_id) == (
        "User",
        str(danish.id),
    )


def test_a_templated_mail_to_a_bare_address_uses_the_given_or_default_language(
    db: Any,
) -> None:
    default = queue_templated_email("a@example.dk", "test_message", {}, now=NOW)
    chosen = queue_templated_email("b@example.dk", "test_message", {}, now=NOW, locale="en")
    assert default is not None and chosen is not None
    assert default.subject == "Testbesked fra integrationsbarometret"
    assert default.body_text.startswith("Goddag")
    assert chosen.subject == "Test message from the integration barometer"


def test_a_dedup_key_prevents_a_second_message(db: Any) -> None:
    key = "reminder:hearing 3:body 5:7 days"
    assert queue_one(dedup_key=key) is not None
    assert queue_one(dedup_key=key) is None  # same transaction
    db.session.commit()
    assert queue_one(dedup_key=key) is None  # a later one
    assert queue_one(dedup_key="reminder:hearing 3:body 5:1 day") is not None
    db.session.commit()
    assert count_outbox() == 2


def test_an_smtp_server_that_cannot_be_reached_leaves_the_message_queued_with_a_back_off(
    app: Flask, db: Any, closed_port: None
) -> None:
    queue_one()
    queue_one(to="other@example.dk")
    db.session.commit()

    report = send_due_emails(NOW)

    # The first failure stops the batch: the rest would fail the same way.
    assert (report.sent, report.deferred, report.failed) == (0, 1, 0)
    first, second = outbox()
    assert (first.status, first.attempts) == (EmailStatus.QUEUED, 1)
    assert first.next_attempt_at == NOW + timedelta(minutes=1)
    assert first.last_error and "refused" in first.last_error.lower()
    assert (second.status, second.attempts, second.next_attempt_at) == (EmailStatus.QUEUED, 0, NOW)


def test_a_deferred_message_is_sent_exactly_once_when_the_server_is_back(
    app: Flask, db: Any, configured: Any, smtp_sink: SmtpSink
) -> None:
    sink_port = app.config["MAIL_PORT"]
    configured(MAIL_PORT=free_port())
    queue_one()
    db.session.commit()
    send_due_emails(NOW)
    [email] = outbox()
    retry_at = email.next_attempt_at
    assert retry_at == NOW + timedelta(minutes=1)

    configured(MAIL_PORT=sink_port)
    assert send_due_emails(retry_at - timedelta(seconds=1)).sent == 0
    assert send_due_emails(retry_at).sent == 1
    assert send_due_emails(retry_at + timedelta(hours=1)).sent == 0

    assert len(smtp_sink.messages()) == 1
    [email] = outbox()
    assert (email.status, email.attempts, email.sent_at) == (EmailStatus.SENT, 2, retry_at)


def test_a_451_answer_defers_that_message_and_the_batch_goes_on(
    db: Any, refusing_smtp: RefusingHandler
) -> None:
    queue_one(to="first@example.dk")
    queue_one(to="second@example.dk")
    db.session.commit()

    report = send_due_emails(NOW)

    assert (report.sent, report.deferred) == (1, 1)
    first, second = outbox()
    assert first.status == EmailStatus.QUEUED and "451" in (first.last_error or "")
    assert second.status == EmailStatus.SENT
    assert send_due_emails(NOW + timedelta(minutes=1)).sent == 1
    assert [e.rcpt_tos for e in refusing_smtp.accepted] == [
        ["second@example.dk"],
        ["first@example.dk"],
    ]


def test_after_the_maximum_number_of_attempts_the_message_is_failed(
    db: Any, configured: Any, closed_port: None
) -> None:
    configured(MAIL_MAX_ATTEMPTS=3)
    queue_one()
    db.session.commit()
    now = NOW
    reports = []
    for _ in range(4):
        reports.append(send_due_emails(now))
        now += timedelta(days=1)

    assert [(r.deferred, r.failed) for r in reports] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    [email] = outbox()
    assert (email.status, email.attempts, email.next_attempt_at) == (EmailStatus.FAILED, 3, None)
    assert email.last_error


def test_the_back_off_grows_five_fold_and_is_capped() -> None:
    minutes = [backoff(n) / timedelta(minutes=1) for n in range(1, 8)]
    assert minutes == [1, 5, 25, 125, 360, 360, 360]


def test_a_rolled_back_transaction_leaves_no_message_and_sends_nothing(
    db: Any, configured: Any, smtp_sink: SmtpSink
) -> None:
    configured(MAIL_SEND_AFTER_COMMIT=True)
    make_user()
    queue_one()
    db.session.rollback()
    make_user()
    db.session.commit()  # a later commit must not run the dropped send job
    assert count_outbox() == 0
    assert smtp_sink.messages() == []


def test_a_message_queued_as_the_first_write_of_a_transaction_goes_with_its_rollback(
    db: Any,
) -> None:
    db.session.commit()
    queue_one()
    db.session.rollback()
    assert count_outbox() == 0


@pytest.mark.parametrize("address", ["", "no-at-sign", "@example.dk", "a@", "a b@example.dk"])
def test_queue_email_refuses_what_is_not_an_address(db: Any, address: str) -> None:
    with pytest.raises(ValueError, match="Not an e-mail address"):
        queue_one(to=address)


def test_after_the_commit_one_send_job_delivers_the_queued_mail(
    db: Any, configured: Any, smtp_sink: SmtpSink
) -> None:
    configured(MAIL_SEND_AFTER_COMMIT=True)
    queue_one(to="one@example.dk")
    queue_one(to="two@example.dk")
    assert smtp_sink.messages() == []
    db.session.commit()
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp_sink.messages()) == [
        "one@example.dk",
        "two@example.dk",
    ]
    assert {e.status for e in outbox()} == {EmailStatus.SENT}


def test_send_due_emails_refuses_to_commit_someone_elses_unfinished_work(db: Any) -> None:
    make_user()
    with pytest.raises(RuntimeError, match="commit or roll back"):
        send_due_emails(NOW)


def test_the_mail_send_command_run_twice_sends_once(
    app: Flask, db: Any, smtp_sink: SmtpSink
) -> None:
    queue_one()
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["mail", "send"])
    second = runner.invoke(args=["mail", "send"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "Sent 1," in first.output and "Sent 0," in second.output
    assert len(smtp_sink.messages()) == 1


def test_the_mail_list_command_shows_the_outbox_by_status(
    app: Flask, db: Any, smtp_sink: SmtpSink
) -> None:
    queue_one(to="sent@example.dk")
    db.session.commit()
    send_due_emails(NOW)
    queue_one(to="waiting@example.dk", subject="Venter på afsendelse")
    db.session.commit()
    runner = app.test_cli_runner()
    everything = runner.invoke(args=["mail", "list"]).output
    queued = runner.invoke(args=["mail", "list", "--status", "queued"]).output
    assert "sent@example.dk" in everything and "waiting@example.dk" in everything
    assert "Venter på afsendelse" in queued and "sent@example.dk" not in queued


def test_the_mail_test_command_queues_a_test_message(app: Flask, db: Any) -> None:
    result = app.test_cli_runner().invoke(args=["mail", "test", "ops@example.dk"])
    assert result.exit_code == 0, result.output
    [email] = outbox()
    assert email.to_address == "ops@example.dk"
    assert email.subject == "Testbesked fra integrationsbarometret"


@pytest.mark.redis
def test_with_redis_the_send_job_runs_on_a_worker_and_delivers_the_mail(
    app: Flask,
    db: Any,
    configured: Any,
    redis_jobs: Any,
    smtp_sink: SmtpSink,
) -> None:
    configured(MAIL_SEND_AFTER_COMMIT=True)
    queue_one()
    db.session.commit()
    assert smtp_sink.messages() == []  # waiting in Redis

    work_off_queue(app)

    [message] = smtp_sink.messages()
    assert message["Subject"] == SUBJECT
    assert [e.status for e in outbox()] == [EmailStatus.SENT]


# --- PostgreSQL only: real concurrency ---------------------------------------------


@pytest.mark.postgresql
@needs_postgresql
def test_two_senders_at_once_send_each_message_exactly_once(
    app: Flask, db: Any, smtp_sink: SmtpSink
) -> None:
    for n in range(30):
        queue_one(to=f"member{n}@example.dk")
    db.session.commit()
    start = threading.Barrier(2)
    reports: list[Any] = []

    def sender() -> None:
        with app.app_context():
            start.wait(timeout=10)
            reports.append(send_due_emails(NOW))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(r.sent for r in reports) == 30
    messages: list[EmailMessage] = smtp_sink.messages()
    assert len(messages) == 30
    assert len({m["Message-ID"] for m in messages}) == 30
    assert {(e.status, e.attempts) for e in outbox()} == {(EmailStatus.SENT, 1)}


@pytest.mark.postgresql
@needs_postgresql
def test_the_unique_dedup_key_stops_a_concurrent_duplicate_and_keeps_the_callers_work(
    app: Flask, db: Any
) -> None:
    key = "receipt:response 9"
    queue_one(dedup_key=key)  # flushed, not committed: holds the key
    outcome: list[Any] = []

    def other_transaction() -> None:
        with app.app_context():
            make_user("other@example.dk")
            outcome.append(queue_one(dedup_key=key))  # waits for our commit, then loses
            _db.session.commit()

    thread = threading.Thread(target=other_transaction)
    thread.start()
    wait_until_a_transaction_waits_for_a_lock()
    db.session.commit()
    thread.join(timeout=30)

    assert outcome == [None]
    assert count_outbox() == 1
    assert _db.session.scalar(select(func.count()).select_from(User)) == 1


def wait_until_a_transaction_waits_for_a_lock() -> None:
    query = _db.text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 10
    with _db.engine.connect() as conn:
        while not conn.execute(query).scalar():
            assert time.monotonic() < deadline, "the other transaction never blocked"
            conn.rollback()
