"""Subscribers under the retention rules (docs/privacy.md, "Subscribers").

A subscriber's row goes when the reader unsubscribes. What stays behind is the outbox's
copy of each message: the confirmation mail of a request (also one never confirmed) and
every notice. Those copies lose their address and text:

- at once, for the address that unsubscribes (:func:`forget_address`);
- after ``SUBSCRIPTION_MAIL_RETENTION_DAYS`` for everyone else, by the ``privacy purge``
  step :func:`purge_subscription_mail` (idempotent: a copy already blanked is skipped).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, or_

from core.mail_models import EmailStatus, OutboundEmail
from core.services import privacy

CONFIRM_PREFIX = "subscription-confirm:"
NOTICE_PREFIX = "notice:"


def _subscription_mail() -> ColumnElement[bool]:
    return or_(
        OutboundEmail.dedup_key.like(f"{CONFIRM_PREFIX}%"),
        OutboundEmail.dedup_key.like(f"{NOTICE_PREFIX}%"),
    )


def forget_address(email: str) -> int:
    """Blank every subscription message to ``email``; those still waiting are given up."""
    return privacy.erase_outbox(
        _subscription_mail(), OutboundEmail.to_address == email, OutboundEmail.to_address != ""
    )


def purge_subscription_mail(now: datetime) -> dict[str, int]:
    """Blank the subscription messages older than the retention period; counts only."""
    days = int(current_app.config["SUBSCRIPTION_MAIL_RETENTION_DAYS"])
    erased = privacy.erase_outbox(
        _subscription_mail(),
        OutboundEmail.created_at < now - timedelta(days=days),
        OutboundEmail.to_address != "",
        OutboundEmail.status != EmailStatus.QUEUED,
    )
    return {"subscription_mails_blanked": erased}
