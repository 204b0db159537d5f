"""The mail outbox: every e-mail is a row first, written in the transaction that causes it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.extensions import db
from core.types import UTCDateTime


class EmailStatus(StrEnum):
    QUEUED = "queued"  # waiting for its first or next attempt
    SENT = "sent"
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS


class OutboundEmail(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "outbound_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(5))
    # Kept across retries, so a receiving server can spot a duplicate after a crash
    # between the SMTP hand-over and our commit.
    message_id: Mapped[str] = mapped_column(String(255))
    status: Mapped[EmailStatus] = mapped_column(String(10), default=EmailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # One logical message ("reminder:hearing 3:body 5:7 days") is queued at most once.
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    related_type: Mapped[str | None] = mapped_column(String(80))
    related_id: Mapped[str | None] = mapped_column(String(80))
    # Files made when the message is sent (``core.mail_attachments``), e.g. "hearing_letter:3".
    attachments: Mapped[str | None] = mapped_column(String(400))
    # The link that unsubscribes the recipient (mail to subscribers): sent as the
    # List-Unsubscribe header, with one-click unsubscription (RFC 8058).
    list_unsubscribe: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status"),
        CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_at_iff_sent"),
        CheckConstraint(
            "(status = 'queued') = (next_attempt_at IS NOT NULL)", name="next_attempt_iff_queued"
        ),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_outbound_emails_due", "status", "next_attempt_at"),
        Index("ix_outbound_emails_related", "related_type", "related_id"),
    )

    def __repr__(self) -> str:
        return f"<OutboundEmail {self.id} {self.status}>"
