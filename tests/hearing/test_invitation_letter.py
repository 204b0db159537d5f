"""The invitation carries the hearing letter as a PDF, in the member's language, as issued."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from flask import Flask
from pypdf import PdfReader

from core.extensions import db as _db
from core.mail import send_due_emails
from hearing.services import extensions, transitions
from hearing.services import hearings as svc
from tests.conftest import SmtpSink
from tests.factories import commit, make_member
from tests.hearing.factories import DEADLINE, NOW, body, make_hearing, secretariat


def _pdf_text(data: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def _file_of(message: Any, content_type: str) -> tuple[str, Any]:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == content_type]
    assert len(parts) == 1, [p.get_content_type() for p in message.iter_attachments()]
    return parts[0].get_filename(), parts[0].get_content()


def _letter_of(message: Any) -> tuple[str, bytes]:
    return _file_of(message, "application/pdf")  # type: ignore[no-any-return]


def _calendar_of(message: Any) -> tuple[str, str]:
    name, content = _file_of(message, "text/calendar")
    return name, content.replace("\r\n ", "")


def test_each_member_gets_the_letter_as_issued_in_their_language(
    db: Any, smtp_sink: SmtpSink
) -> None:
    hearing = make_hearing(codes=("BUU", "IR"))
    make_member(body("BUU"), email="birgitte@example.dk")
    make_member(body("BUU"), email="bent@example.dk")
    english = make_member(body("IR"), email="iqbal@example.dk")
    english.locale = "en"
    transitions.issue_hearing(hearing, actor=secretariat(), now=NOW)
    commit()
    send_due_emails(NOW)
    by_address = {str(m["To"]).split("<")[-1].rstrip(">"): m for m in smtp_sink.messages()}
    assert sorted(by_address) == ["bent@example.dk", "birgitte@example.dk", "iqbal@example.dk"]

    name, data = _letter_of(by_address["birgitte@example.dk"])
    assert name == "hoeringsbrev-BIU-227-2006.pdf"
    text = _pdf_text(data)
    assert "integrationspolitik" in text
    assert "1. februar 2007" in text  # the deadline, Danish style
    assert "UDKAST" not in text.upper().replace(" ", "")  # an issued letter is no preview
    # The same file for every Danish recipient: made once per language, as issued.
    assert _letter_of(by_address["bent@example.dk"])[1] == data
    # The text and HTML bodies are still there beside it.
    danish = by_address["birgitte@example.dk"]
    assert danish.get_body(("plain",)) is not None and danish.get_body(("html",)) is not None

    # The body's deadline as a calendar file, in the member's language.
    name, calendar = _calendar_of(danish)
    assert name == "frist-BIU-227-2006-BUU.ics"
    assert "DTSTART:20070201T225959Z" in calendar and "Frist for høringssvar fra BUU" in calendar

    name, data = _letter_of(by_address["iqbal@example.dk"])
    assert name == "hearing-letter-BIU-227-2006.pdf"
    assert "1 February 2007" in _pdf_text(data)
    assert "Deadline for the response of IR" in _calendar_of(by_address["iqbal@example.dk"])[1]


def test_an_extension_notice_carries_the_new_deadline(db: Any, smtp_sink: SmtpSink) -> None:
    hearing = make_hearing(codes=("BUU",))
    make_member(body("BUU"), email="birgitte@example.dk")
    transitions.issue_hearing(hearing, actor=secretariat(), now=NOW)
    commit()
    send_due_emails(NOW)
    smtp_sink.envelopes.clear()
    (consultee,) = hearing.consultees
    until = DEADLINE + timedelta(days=7)
    extensions.extend_deadline(consultee, until, "Møde i udvalget", actor=secretariat(), now=NOW)
    commit()
    send_due_emails(NOW)
    (message,) = smtp_sink.messages()
    assert "DTSTART:20070208T225959Z" in _calendar_of(message)[1]
    assert not [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]


def test_a_file_that_cannot_be_made_now_is_tried_again_later(
    app: Flask, db: Any, smtp_sink: SmtpSink
) -> None:
    from core import mail_attachments
    from core.mail import EmailStatus, OutboundEmail, queue_email

    calls: list[str] = []

    def failing(key: str, locale: str) -> mail_attachments.Attachment:
        calls.append(key)
        if len(calls) == 1:
            raise OSError("the document store is not reachable")
        return mail_attachments.Attachment("bilag.txt", "text/plain", b"Bilag")

    mail_attachments.register(app, "test_file", failing)
    try:
        email = queue_email(
            "birgitte@example.dk", "Emne", "Tekst", locale="da", now=NOW,
            attachments=[mail_attachments.reference("test_file", 1)],
        )  # fmt: skip
        commit()
        report = send_due_emails(NOW)
        assert (report.sent, report.deferred) == (0, 1)
        assert smtp_sink.messages() == []
        stored = _db.session.get(OutboundEmail, email.id)
        assert stored.status == EmailStatus.QUEUED and "not reachable" in stored.last_error
        later = stored.next_attempt_at
        assert send_due_emails(later).sent == 1
        (message,) = smtp_sink.messages()
        assert _file_of(message, "text/plain")[0] == "bilag.txt"
    finally:
        app.extensions[mail_attachments.EXTENSION_KEY].pop("test_file")


def test_a_body_added_after_issue_gets_the_letter_too(db: Any, smtp_sink: SmtpSink) -> None:
    hearing = make_hearing(codes=("BUU",))
    make_member(body("BUU"), email="birgitte@example.dk")
    transitions.issue_hearing(hearing, actor=secretariat(), now=NOW)
    commit()
    send_due_emails(NOW)
    smtp_sink.envelopes.clear()
    make_member(body("KFU"), email="karen@example.dk")
    svc.add_consultee(hearing, body("KFU").id, actor=secretariat(), now=NOW)
    commit()
    send_due_emails(NOW)
    (message,) = smtp_sink.messages()
    assert "karen@example.dk" in str(message["To"])
    assert _letter_of(message)[0] == "hoeringsbrev-BIU-227-2006.pdf"
