"""Subscribers to new editions are told when one is published: confirmed addresses only,
each in its language, with its unsubscribe link in the text and the List-Unsubscribe
header, delivered over real SMTP; the header's one-click POST unsubscribes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from sqlalchemy import select

from core.mail import send_due_emails
from core.models import Subscriber, Topic
from core.services import subscriptions
from tests.barometer.edition_factories import PUBLISHED_AT, make_draft, make_periods, publish
from tests.conftest import SmtpSink
from tests.factories import commit


def subscribe(email: str, topics: tuple[Topic, ...], locale: str) -> Subscriber:
    wanted = subscriptions.SubscriptionRequest(email, frozenset(topics), locale)
    return subscriptions.confirm(
        subscriptions.confirm_token(wanted, PUBLISHED_AT), now=PUBLISHED_AT
    )


def _by_address(sink: SmtpSink) -> dict[str, Any]:
    commit()
    send_due_emails(PUBLISHED_AT)
    return {str(m["To"]): m for m in sink.messages()}


def test_a_published_edition_is_told_to_confirmed_subscribers_in_their_language(
    db: Any, smtp_sink: SmtpSink
) -> None:
    make_periods()
    subscribe("reader@example.dk", (Topic.EDITIONS,), "en")
    subscribe("laeser@example.dk", (Topic.EDITIONS, Topic.HEARINGS), "da")
    subscribe("hearings-only@example.dk", (Topic.HEARINGS,), "da")
    subscriptions.request_subscription(
        "unconfirmed@example.dk", ["editions"], "da", now=PUBLISHED_AT
    )
    commit()
    send_due_emails(PUBLISHED_AT)
    smtp_sink.envelopes.clear()  # the confirmation mail to the unconfirmed address
    edition = make_draft()
    edition.title_en = "Integration barometer 2007, second half"
    publish(edition)
    mail = _by_address(smtp_sink)
    assert sorted(mail) == ["laeser@example.dk", "reader@example.dk"]
    english, danish = mail["reader@example.dk"], mail["laeser@example.dk"]
    assert str(english["Subject"]).startswith("New edition of the integration barometer: ")
    assert "second half" in str(english["Subject"])
    assert str(danish["Subject"]).startswith("Ny udgave af integrationsbarometeret: ")
    for message in (english, danish):
        link = str(message["List-Unsubscribe"]).strip("<>")
        assert "/subscriptions/unsubscribe/" in link
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.get_body(("plain",)).get_content()
        assert link in message.get_body(("html",)).get_content()
    assert (
        f"/barometer/editions/{edition.id}/?lang=en" in english.get_body(("plain",)).get_content()
    )


def test_the_one_click_link_of_a_notice_unsubscribes(
    db: Any, client: FlaskClient, smtp_sink: SmtpSink
) -> None:
    make_periods()
    subscribe("reader@example.dk", (Topic.EDITIONS,), "en")
    publish(make_draft())
    message = _by_address(smtp_sink)["reader@example.dk"]
    path = urlsplit(str(message["List-Unsubscribe"]).strip("<>")).path
    answer = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert db.session.scalars(select(Subscriber)).all() == []


def test_nothing_is_queued_for_an_edition_when_nobody_subscribed(db: Any) -> None:
    make_periods()
    subscriptions.request_subscription("someone@example.dk", ["editions"], "da", now=PUBLISHED_AT)
    publish(make_draft())
    from core.models import OutboundEmail

    assert [e.to_address for e in db.session.scalars(select(OutboundEmail))] == [
        "someone@example.dk"
    ]
    assert "Bekræft" in db.session.scalars(select(OutboundEmail.subject)).one()
