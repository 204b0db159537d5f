"""Subscribers to new hearings are told when a public hearing is opened, never about a
hearing the public may not see, and only confirmed addresses."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.extensions import db
from core.mail import send_due_emails
from core.models import OutboundEmail, Subscriber, Topic
from core.services import subscriptions
from tests.conftest import SmtpSink
from tests.factories import commit
from tests.hearing.factories import NOW
from tests.hearing.response_factories import open_hearing


def subscribe(email: str, topics: tuple[Topic, ...], locale: str) -> Subscriber:
    wanted = subscriptions.SubscriptionRequest(email, frozenset(topics), locale)
    return subscriptions.confirm(subscriptions.confirm_token(wanted, NOW), now=NOW)


def _to(address: str) -> list[OutboundEmail]:
    return list(
        db.session.scalars(select(OutboundEmail).where(OutboundEmail.to_address == address))
    )


def test_opening_a_public_hearing_tells_its_subscribers_over_smtp(
    db: Any, smtp_sink: SmtpSink
) -> None:
    subscribe("reader@example.dk", (Topic.HEARINGS,), "en")
    subscribe("editions-only@example.dk", (Topic.EDITIONS,), "da")
    subscriptions.request_subscription("unconfirmed@example.dk", ["hearings"], "da", now=NOW)
    hearing = open_hearing(public=True)
    assert _to("editions-only@example.dk") == []
    [confirmation] = _to("unconfirmed@example.dk")  # the request's own mail, no notice
    assert confirmation.subject.startswith("Bekræft dit abonnement")
    commit()
    send_due_emails(NOW)
    [message] = [m for m in smtp_sink.messages() if str(m["To"]) == "reader@example.dk"]
    assert str(message["Subject"]) == f"New public hearing: {hearing.title}"
    text = message.get_body(("plain",)).get_content()
    assert f"/hearings/public/{hearing.id}" in text
    assert str(message["List-Unsubscribe"]).strip("<>") in text


def test_a_hearing_that_is_not_public_is_told_to_nobody(db: Any) -> None:
    subscribe("reader@example.dk", (Topic.HEARINGS,), "da")
    open_hearing(public=False)
    assert _to("reader@example.dk") == []


def test_a_public_hearing_is_told_once_in_the_subscribers_language(db: Any) -> None:
    subscribe("laeser@example.dk", (Topic.HEARINGS, Topic.EDITIONS), "da")
    hearing = open_hearing(public=True)
    [email] = _to("laeser@example.dk")
    assert email.locale == "da" and email.subject == f"Ny offentlig høring: {hearing.title}"
    assert email.list_unsubscribe and "/subscriptions/unsubscribe/" in email.list_unsubscribe
    assert (email.related_type, email.related_id) == ("Hearing", str(hearing.id))
