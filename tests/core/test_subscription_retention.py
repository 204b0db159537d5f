"""Subscribers under the retention rules (docs/privacy.md, "Subscribers"): the outbox's
copies of confirmation mails and notices lose the address when the reader unsubscribes,
and for everyone after ``SUBSCRIPTION_MAIL_RETENTION_DAYS`` through ``privacy purge``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from core.clock import utcnow
from core.extensions import db
from core.mail import send_due_emails
from core.models import OutboundEmail, Topic
from core.services import privacy, subscriptions
from tests.conftest import SmtpSink
from tests.privacy_search import find_everywhere

READER = "læser@example.dk"
OTHER = "nabo@example.dk"


def _subscribe(email: str) -> Any:
    now = utcnow()
    wanted = subscriptions.SubscriptionRequest(email, frozenset({Topic.EDITIONS}), "da")
    subscriptions.request_subscription(email, ["editions"], "da", now=now)
    subscriber = subscriptions.confirm(subscriptions.confirm_token(wanted, now), now=now)
    db.session.commit()
    return subscriber


def _addresses() -> list[str]:
    return list(db.session.scalars(select(OutboundEmail.to_address).order_by(OutboundEmail.id)))


def test_unsubscribing_blanks_the_outbox_copies_to_that_address_only(db: Any) -> None:
    reader = _subscribe(READER)
    _subscribe(OTHER)
    assert sorted(_addresses()) == sorted([READER, OTHER])
    assert subscriptions.unsubscribe(subscriptions.unsubscribe_token(reader), now=utcnow())
    db.session.commit()
    assert sorted(_addresses()) == ["", OTHER]
    assert not find_everywhere([READER])


def test_the_purge_blanks_old_subscription_mail_and_is_idempotent(
    db: Any, app: Any, smtp_sink: SmtpSink
) -> None:
    _subscribe(READER)
    send_due_emails(utcnow())
    assert len(smtp_sink.messages()) == 1
    days = app.config["SUBSCRIPTION_MAIL_RETENTION_DAYS"]
    early = privacy.purge(utcnow() + timedelta(days=days - 1))
    assert early["subscriptions"] == {"subscription_mails_blanked": 0}
    assert _addresses() == [READER]
    due = privacy.purge(utcnow() + timedelta(days=days + 1))
    db.session.commit()
    assert due["subscriptions"] == {"subscription_mails_blanked": 1}
    assert _addresses() == [""]
    again = privacy.purge(utcnow() + timedelta(days=days + 2))
    assert again["subscriptions"] == {"subscription_mails_blanked": 0}
