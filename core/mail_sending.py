"""Sending the outbox over SMTP, each message exactly once.

:func:`send_due_emails` is the one function in ``core`` that commits, once per message,
by nature: the SMTP hand-over cannot be rolled back, so the row that says "sent" must
be committed right after it. A crash mid-batch then leaves every message either sent
and marked, or still queued; only a crash in the instant between the hand-over and the
commit can send one twice (it keeps its Message-ID, so receivers can spot it).

Two senders never take the same row: PostgreSQL locks the row with
``FOR UPDATE SKIP LOCKED`` for the length of the hand-over; SQLite (no row locks) claims
it with a conditional UPDATE that moves ``next_attempt_at`` a lease ahead, and checks
that it changed exactly one row.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from types import TracebackType
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, Select, select, update

from core.extensions import db
from core.jobs import has_uncommitted_writes
from core.mail_attachments import Attachment, AttachmentCache
from core.mail_models import EmailStatus, OutboundEmail

CLAIM_LEASE = timedelta(minutes=10)  # SQLite: a claimed message waits this long if we die
MAX_BACKOFF = timedelta(hours=6)
ERROR_MAX = 1000

# Errors about one message: the connection stays usable for the next one.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass
class SendReport:
    sent: int = 0
    deferred: int = 0  # failed this time, will be tried again
    failed: int = 0  # gave up after MAIL_MAX_ATTEMPTS

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 5, 25, 125 minutes, then 6 hours."""
    return min(timedelta(minutes=5 ** max(attempts - 1, 0)), MAX_BACKOFF)


def send_due_emails(now: datetime, *, limit: int = 100) -> SendReport:
    """Send up to ``limit`` queued messages whose next attempt is due; commit each."""
    if has_uncommitted_writes(db.session()):
        raise RuntimeError(
            "send_due_emails commits per message; commit or roll back the session first."
        )
    report = SendReport()
    max_attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"])
    files = AttachmentCache()
    with SmtpConnection(current_app.config) as smtp:
        for _ in range(limit):
            email = _claim_next(now)
            if email is None:
                break
            try:
                attached = files.files(email.attachments, email.locale)
            except Exception as err:  # a file that cannot be made now may be made next time
                _record(email, _describe(err), now, max_attempts, report)
                db.session.commit()
                continue
            try:
                message = build_message(email, now, attached)
            except (ValueError, TypeError, MessageError) as err:
                # Retrying cannot mend a message that cannot be written.
                _record(email, _describe(err), now, email.attempts + 1, report)
            else:
                _record(email, smtp.deliver(message), now, max_attempts, report)
            db.session.commit()
            if smtp.broken:
                break  # the server is unreachable; the rest waits for the next run
    return report


def build_message(
    email: OutboundEmail, now: datetime, attachments: Sequence[Attachment] = ()
) -> EmailMessage:
    """Plain text with an HTML alternative, then the files; non-ASCII headers are encoded
    on sending."""
    message = EmailMessage()
    message.set_content(email.body_text, charset="utf-8")  # (clears Content-* headers)
    if email.body_html:
        message.add_alternative(email.body_html, subtype="html", charset="utf-8")
    message["Subject"] = email.subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    # Built from its parts: an address with Danish letters (sent with SMTPUTF8) is valid.
    username, _, domain = email.to_address.rpartition("@")
    message["To"] = Address(display_name=email.to_name, username=username, domain=domain)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = email.message_id
    message["Content-Language"] = email.locale
    message["Auto-Submitted"] = "auto-generated"
    if email.list_unsubscribe:
        message["List-Unsubscribe"] = f"<{email.list_unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    for file in attachments:
        maintype, _, subtype = file.content_type.partition("/")
        if maintype == "text":  # text files are UTF-8 and say so
            message.add_attachment(
                file.data.decode("utf-8"), subtype=subtype, charset="utf-8", filename=file.filename
            )
            continue
        message.add_attachment(
            file.data, maintype=maintype, subtype=subtype, filename=file.filename
        )
    return message


class SmtpConnection:
    """One SMTP connection for a batch, opened on the first message."""

    def __init__(self, config: Any) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None
        self.broken = False

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()

    def deliver(self, message: EmailMessage) -> str | None:
        """Hand the message over; return None on success, else the error text."""
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.send_message(message)
        except MESSAGE_ERRORS as err:
            return _describe(err)
        except (smtplib.SMTPException, OSError) as err:
            self.broken = True
            return _describe(err)
        return None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        connection = smtplib.SMTP(
            config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]
        )
        try:
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            connection.close()
            raise
        return connection


def _describe(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"[:ERROR_MAX]


def _due(now: datetime) -> Select[OutboundEmail]:
    return (
        select(OutboundEmail)
        .where(OutboundEmail.status == EmailStatus.QUEUED, OutboundEmail.next_attempt_at <= now)
        .order_by(OutboundEmail.next_attempt_at, OutboundEmail.id)
        .limit(1)
        .execution_options(populate_existing=True)
    )


def _claim_next(now: datetime) -> OutboundEmail | None:
    if db.session.get_bind().dialect.name == "postgresql":
        # The lock lasts until the commit after the hand-over; other senders skip the row.
        return db.session.scalar(_due(now).with_for_update(skip_locked=True))
    while True:
        email = db.session.scalar(_due(now))
        if email is None:
            return None
        claimed = cast(
            CursorResult[Any],
            db.session.execute(
                update(OutboundEmail)
                .where(
                    OutboundEmail.id == email.id,
                    OutboundEmail.status == EmailStatus.QUEUED,
                    OutboundEmail.next_attempt_at <= now,
                )
                .values(next_attempt_at=now + CLAIM_LEASE)
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        db.session.commit()
        if claimed == 1:
            return email
        # Another sender took it between our read and our update; look again.


def _record(
    email: OutboundEmail, error: str | None, now: datetime, max_attempts: int, report: SendReport
) -> None:
    logger = current_app.logger
    email.attempts += 1
    if error is None:
        email.status, email.sent_at, email.next_attempt_at = EmailStatus.SENT, now, None
        report.sent += 1
        logger.info(
            "Sent e-mail %s (%s) on attempt %s.", email.id, email.message_id, email.attempts
        )
        return
    email.last_error = error
    if email.attempts >= max_attempts:
        email.status, email.next_attempt_at = EmailStatus.FAILED, None
        report.failed += 1
        logger.error("Gave up on e-mail %s after %s attempts: %s", email.id, email.attempts, error)
    else:
        email.next_attempt_at = now + backoff(email.attempts)
        report.deferred += 1
        logger.warning(
            "E-mail %s not sent (attempt %s), next try at %s: %s",
            email.id,
            email.attempts,
            email.next_attempt_at.isoformat(),
            error,
        )
