"""E-mail subscriptions without an account: double opt-in over real SMTP, unsubscription
(also one-click), bad links and bad input that change nothing, and the rate limit."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.clock import utcnow
from core.extensions import db
from core.mail import send_due_emails
from core.models import AuditEvent, OutboundEmail, Subscriber, Topic
from core.services import subscriptions
from tests.conftest import SmtpSink
from tests.web import csrf_token, post, text_of

ADDRESS = "Læser@Example.dk"
NORMALISED = "læser@example.dk"
LINK = re.compile(r"https?://\S+/subscriptions/(?:confirm|unsubscribe)/\S+")


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _token(email: str, topics: tuple[str, ...], locale: str, at: datetime) -> str:
    wanted = subscriptions.SubscriptionRequest(email, frozenset(Topic(t) for t in topics), locale)
    return subscriptions.confirm_token(wanted, at)


def _state() -> tuple[int, int, int]:
    return _count(Subscriber), _count(OutboundEmail), _count(AuditEvent)


def _subscribe(client: FlaskClient, **data: Any) -> Any:
    form = {"email": ADDRESS, "topics": ["editions"], "language": "en"} | data
    return post(client, "/subscriptions/", form)


def _delivered(sink: SmtpSink) -> list[Any]:
    send_due_emails(utcnow())
    return sink.messages()


def _link(message: Any) -> str:
    text = message.get_body(("plain",)).get_content()
    found = LINK.search(text)
    assert found, text
    return urlsplit(found.group(0)).path


def test_the_form_is_shown_in_both_languages(client: FlaskClient) -> None:
    assert "Abonnér på nyheder" in text_of(client.get("/subscriptions/"))
    post(client, "/language", {"locale": "en", "next": "/"})
    page = text_of(client.get("/subscriptions/?topic=hearings"))
    assert "Subscribe to news by e-mail" in page
    assert 'value="hearings" checked' in page


def test_double_opt_in_subscribes_only_after_the_link_is_used(
    client: FlaskClient, db: Any, smtp_sink: SmtpSink
) -> None:
    answer = _subscribe(client)
    assert answer.status_code == 302 and answer.location.endswith("/subscriptions/sent")
    assert _count(Subscriber) == 0
    [message] = _delivered(smtp_sink)
    assert smtp_sink.envelopes[0].rcpt_tos == [NORMALISED]
    assert message["Content-Language"] == "en"
    assert "Confirm your subscription" in str(message["Subject"])
    assert message["List-Unsubscribe"] is None  # nothing to unsubscribe from yet
    confirm = _link(message)
    page = client.get(confirm)
    assert page.status_code == 200 and NORMALISED in text_of(page)
    assert _count(Subscriber) == 0  # a GET (a mail scanner) confirms nothing
    done = client.post(confirm, data={"csrf_token": csrf_token(client)})
    assert done.status_code == 200
    [subscriber] = db.session.scalars(select(Subscriber)).all()
    assert (subscriber.email, subscriber.locale) == (NORMALISED, "en")
    assert subscriber.editions and not subscriber.hearings
    assert subscriber.confirmed_at is not None


def test_a_repeated_request_answers_the_same_and_tells_only_the_address(
    client: FlaskClient, db: Any
) -> None:
    first = _subscribe(client)
    token = _token(NORMALISED, ("editions",), "en", utcnow())
    subscriptions.confirm(token, now=utcnow())
    db.session.commit()
    again = _subscribe(client, email="andre@example.dk")
    known = _subscribe(client, email=ADDRESS)
    assert first.status_code == again.status_code == known.status_code == 302
    assert first.location == again.location == known.location
    sent = text_of(client.get(known.location))
    assert NORMALISED not in sent and "andre@example.dk" not in sent


def test_a_forged_or_changed_confirmation_link_is_refused_and_changes_nothing(
    client: FlaskClient, db: Any
) -> None:
    token = _token(NORMALISED, ("editions",), "da", utcnow())
    before = _state()
    for bad in ("nonsense", token[:-2] + ("AA" if not token.endswith("AA") else "BB")):
        page = client.get(f"/subscriptions/confirm/{bad}")
        assert page.status_code == 400
        assert "Linket er ikke gyldigt" in text_of(page)
        answer = post(client, f"/subscriptions/confirm/{bad}")
        assert answer.status_code == 400
    assert _state() == before


def test_an_expired_confirmation_link_says_so_and_changes_nothing(
    client: FlaskClient, db: Any
) -> None:
    old = utcnow() - timedelta(hours=49)
    token = _token(NORMALISED, ("hearings",), "da", old)
    before = _state()
    answer = post(client, f"/subscriptions/confirm/{token}")
    assert answer.status_code == 400
    assert "Linket er udløbet" in text_of(answer)
    assert _state() == before


def test_confirming_without_a_csrf_token_is_refused(client: FlaskClient, db: Any) -> None:
    token = _token(NORMALISED, ("hearings",), "da", utcnow())
    assert client.post(f"/subscriptions/confirm/{token}").status_code == 400
    assert _count(Subscriber) == 0


def _confirmed(db: Any, email: str = NORMALISED) -> Subscriber:
    token = _token(
        email,
        (
            "editions",
            "hearings",
        ),
        "da",
        utcnow(),
    )
    subscriber = subscriptions.confirm(token, now=utcnow())
    db.session.commit()
    return subscriber


def test_unsubscribing_shows_a_page_on_get_and_deletes_the_address_on_post(
    client: FlaskClient, db: Any
) -> None:
    subscriber = _confirmed(db)
    path = f"/subscriptions/unsubscribe/{subscriptions.unsubscribe_token(subscriber)}"
    page = client.get(path)
    assert page.status_code == 200 and NORMALISED in text_of(page)
    assert _count(Subscriber) == 1
    done = client.post(path, data={})
    assert done.status_code == 200 and "Du er afmeldt" in text_of(done)
    assert _count(Subscriber) == 0
    again = client.post(path, data={})
    assert again.status_code == 200 and "Du abonnerer ikke" in text_of(again)


def test_one_click_unsubscription_from_a_mail_program_works(client: FlaskClient, db: Any) -> None:
    subscriber = _confirmed(db)
    path = f"/subscriptions/unsubscribe/{subscriptions.unsubscribe_token(subscriber)}"
    answer = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert _count(Subscriber) == 0
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions == ["subscription.confirmed", "subscription.ended"]


def test_a_forged_unsubscribe_link_is_refused_and_changes_nothing(
    client: FlaskClient, db: Any
) -> None:
    subscriber = _confirmed(db)
    other = subscriptions._serializer("another-salt").dumps({"s": subscriber.id, "e": NORMALISED})
    before = _state()
    for bad in ("nonsense", other):
        assert client.get(f"/subscriptions/unsubscribe/{bad}").status_code == 400
        answer = client.post(f"/subscriptions/unsubscribe/{bad}", data={})
        assert answer.status_code == 400 and "Linket er ikke gyldigt" in text_of(answer)
    assert _state() == before


def test_bad_input_gets_a_clear_message_and_sends_nothing(client: FlaskClient, db: Any) -> None:
    before = _state()
    cases: tuple[tuple[dict[str, Any], str], ...] = (
        ({"email": ""}, "E-mail"),
        ({"email": "ikke-en-adresse"}, "E-mail"),
        ({"email": "a@" + "x" * 260 + ".dk"}, "E-mail"),
        ({"topics": []}, "Vælg, hvad du vil have besked om."),
        ({"topics": ["everything"]}, "Fortæl mig om"),
        ({"language": "fr"}, "Sprog i e-mails"),
    )
    for data, text in cases:
        answer = _subscribe(client, **data)
        assert answer.status_code == 400, data
        assert text in text_of(answer), data
    assert client.post("/subscriptions/", data={"email": ADDRESS}).status_code == 400
    assert _state() == before


def test_the_subscribe_form_is_rate_limited_per_network_address(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    configured(SUBSCRIBE_LIMIT_PER_ADDRESS="2 per hour")
    assert _subscribe(client, email="a@example.dk").status_code == 302
    assert _subscribe(client, email="b@example.dk").status_code == 302
    sent = _count(OutboundEmail)
    assert _subscribe(client, email="c@example.dk").status_code == 429
    assert _count(OutboundEmail) == sent == 2


def test_one_address_gets_at_most_one_confirmation_mail_an_hour(
    client: FlaskClient, db: Any
) -> None:
    for _ in range(3):
        assert _subscribe(client).status_code == 302
    assert _count(OutboundEmail) == 1
