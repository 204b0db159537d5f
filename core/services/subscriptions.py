"""E-mail subscriptions without an account: double opt-in, notices, unsubscription.

A request is not stored: its address, topics and language travel in the signed link of
the confirmation mail, and a :class:`~core.models.Subscriber` row is made only when the
link is used. The page that answers a request says the same whether or not the address
is subscribed already; only the owner of the address learns it, from the mail.

Services flush and never commit. Notices (:func:`notify`) go to confirmed subscribers
only, through the outbox, one message per subscriber in its language, each with its own
unsubscribe link (in the text and as the List-Unsubscribe header).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.mail import queue_templated_email
from core.models import User
from core.routing import external_url
from core.services import subscription_retention
from core.services.accounts import normalise_email
from core.subscription_models import Subscriber, Topic

CONFIRM_SALT = "subscription-confirm"
UNSUBSCRIBE_SALT = "subscription-unsubscribe"
EMAIL_MAX = 254
NOT_VALID = N_("The link is not valid. Copy the whole link from the e-mail.")


class InvalidLink(ValidationFailed):
    """A link that was not made here, was changed, or has expired."""


@dataclass(frozen=True)
class SubscriptionRequest:
    email: str
    topics: frozenset[Topic]
    locale: str


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _valid(email: str, topics: Iterable[str], locale: str) -> SubscriptionRequest:
    address = normalise_email(email)
    local, _, domain = address.partition("@")
    if not local or "." not in domain or len(address) > EMAIL_MAX or " " in address:
        raise ValidationFailed(N_("Enter a valid e-mail address."))
    chosen = frozenset(Topic(t) for t in topics if t in set(Topic))
    if not chosen:
        raise ValidationFailed(N_("Choose what you want to be told about."))
    if locale not in current_app.config["LANGUAGES"]:
        raise ValidationFailed(N_("Choose a language."))
    return SubscriptionRequest(address, chosen, locale)


def confirm_token(request: SubscriptionRequest, now: datetime) -> str:
    """The signed request; it carries its own time, checked against the injectable clock."""
    payload = {
        "e": request.email,
        "t": sorted(request.topics),
        "l": request.locale,
        "at": int(now.timestamp()),
    }
    return str(_serializer(CONFIRM_SALT).dumps(payload))


def read_confirm_token(token: str, now: datetime) -> SubscriptionRequest:
    """The request in a confirmation link, or :class:`InvalidLink`."""
    try:
        payload: Any = _serializer(CONFIRM_SALT).loads(token)
        made = datetime.fromtimestamp(int(payload["at"]), now.tzinfo)
        request = _valid(str(payload["e"]), payload["t"], str(payload["l"]))
    except (BadSignature, KeyError, TypeError, ValueError) as err:
        raise InvalidLink(
            N_("The link is not valid. Copy the whole link from the e-mail.")
        ) from err
    hours = int(current_app.config["SUBSCRIPTION_CONFIRM_HOURS"])
    if now - made > timedelta(hours=hours) or made > now + timedelta(minutes=5):
        raise InvalidLink(
            N_("The link has expired. Subscribe again, and you will get a new link by e-mail.")
        )
    return request


def unsubscribe_token(subscriber: Subscriber) -> str:
    """A link that does not expire: a notice may be read long after it was sent."""
    return str(_serializer(UNSUBSCRIBE_SALT).dumps({"s": subscriber.id, "e": subscriber.email}))


def subscriber_for(token: str) -> Subscriber | None:
    """The subscriber an unsubscribe link names (None: unsubscribed already), or
    :class:`InvalidLink`."""
    try:
        payload: Any = _serializer(UNSUBSCRIBE_SALT).loads(token)
        subscriber_id, email = int(payload["s"]), str(payload["e"])
    except (BadSignature, KeyError, TypeError, ValueError) as err:
        raise InvalidLink(
            N_("The link is not valid. Copy the whole link from the e-mail.")
        ) from err
    subscriber = db.session.get(Subscriber, subscriber_id)
    return subscriber if subscriber is not None and subscriber.email == email else None


def request_subscription(
    email: str, topics: Iterable[str], locale: str, *, now: datetime
) -> SubscriptionRequest:
    """Send the confirmation mail (at most one an hour to an address); store nothing else."""
    request = _valid(email, topics, locale)
    digest = hashlib.sha256(request.email.encode()).hexdigest()[:40]
    queue_templated_email(
        request.email,
        "subscription_confirm",
        {
            "confirm_url": external_url("subscriptions.confirm", token=confirm_token(request, now)),
            "topics": sorted(request.topics),
            "hours": int(current_app.config["SUBSCRIPTION_CONFIRM_HOURS"]),
        },
        locale=request.locale,
        now=now,
        dedup_key=f"subscription-confirm:{digest}:{now:%Y%m%d%H}",
    )
    return request


def confirm(token: str, *, now: datetime) -> Subscriber:
    """Use a confirmation link: the address is subscribed to what it asked, in its language
    (a second confirmation replaces the topics and language of the first)."""
    request = read_confirm_token(token, now)
    subscriber = db.session.scalar(select(Subscriber).where(Subscriber.email == request.email))
    before = audit.snapshot(subscriber, ("hearings", "editions", "locale")) if subscriber else {}
    if subscriber is None:
        subscriber = Subscriber(email=request.email)
        db.session.add(subscriber)
    subscriber.locale = request.locale
    subscriber.hearings = Topic.HEARINGS in request.topics
    subscriber.editions = Topic.EDITIONS in request.topics
    subscriber.confirmed_at = now
    db.session.flush()
    after = audit.snapshot(subscriber, ("hearings", "editions", "locale"))
    audit.record(
        None,
        "subscription.confirmed",
        subscriber,
        now=now,
        changes=audit.diff_fields(before, after),
    )
    return subscriber


def unsubscribe(token: str, *, now: datetime) -> bool:
    """Use an unsubscribe link: the subscriber's row is deleted. False when it was already."""
    subscriber = subscriber_for(token)
    if subscriber is None:
        return False
    _end(subscriber, now=now)
    return True


def _end(subscriber: Subscriber, *, now: datetime) -> None:
    audit.record(None, "subscription.ended", subscriber, now=now)
    subscription_retention.forget_address(subscriber.email)
    db.session.delete(subscriber)
    db.session.flush()


def _of_address(email: str) -> Subscriber | None:
    return db.session.scalar(select(Subscriber).where(Subscriber.email == normalise_email(email)))


def export_for(user: User) -> dict[str, Any] | None:
    """The subscription of the account's address, for the account's export (None: none)."""
    subscriber = _of_address(user.email)
    if subscriber is None:
        return None
    return {
        "topics": sorted(t.value for t in subscriber.topics()),
        "locale": subscriber.locale,
        "confirmed_at": subscriber.confirmed_at.isoformat(),
    }


def erase_for(user: User, email: str, name: str, now: datetime) -> None:
    """Erasing an account also ends the subscription of its address (docs/privacy.md)."""
    subscriber = _of_address(email)
    if subscriber is not None:
        _end(subscriber, now=now)


def notify(
    topic: Topic,
    template_base: str,
    context: dict[str, Any],
    *,
    related: tuple[str, int],
    now: datetime,
) -> int:
    """Queue a notice to every confirmed subscriber of ``topic``; the number queued.

    ``related`` names what the notice is about, e.g. ``("Hearing", 3)``: a subscriber is
    told about it once, however often this is called.
    """
    subscribers = db.session.scalars(
        select(Subscriber).where(getattr(Subscriber, topic.value).is_(True)).order_by(Subscriber.id)
    )
    queued = 0
    for subscriber in subscribers:
        link = external_url("subscriptions.unsubscribe", token=unsubscribe_token(subscriber))
        email = queue_templated_email(
            subscriber.email,
            template_base,
            context,
            locale=subscriber.locale,
            now=now,
            dedup_key=f"notice:{topic.value}:{related[0]}:{related[1]}:{subscriber.id}",
            related=related,
            unsubscribe_url=link,
        )
        queued += email is not None
    return queued
