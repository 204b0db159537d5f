"""E-mail through an outbox.

Services queue mail with :func:`queue_email` or :func:`queue_templated_email` in the
transaction of the action that causes it, so mail exists if and only if the action was
committed. After the commit a send job goes out through ``core.jobs``;
``flask mail send`` (cron) catches up on anything a lost job or a down SMTP server left
behind. :func:`send_due_emails` lives in ``core.mail_sending``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid, parseaddr
from typing import Any

from flask import current_app
from flask_babel import force_locale
from jinja2 import Template, TemplateNotFound
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import jobs, mail_attachments
from core.clock import utcnow
from core.extensions import db
from core.mail_models import EmailStatus, OutboundEmail
from core.mail_sending import SendReport, send_due_emails
from core.models import User
from core.routing import external_url

__all__ = [
    "EmailStatus",
    "OutboundEmail",
    "RenderedEmail",
    "SendReport",
    "queue_email",
    "queue_templated_email",
    "render_email",
    "send_due_emails",
    "send_pending_job",
]

SUBJECT_MAX = 255


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def queue_email(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    *,
    locale: str,
    now: datetime,
    to_name: str = "",
    dedup_key: str | None = None,
    related: Any = None,
    attachments: Sequence[str] = (),
    unsubscribe_url: str | None = None,
) -> OutboundEmail | None:
    """Add a message to the outbox in the caller's transaction (flushed, not committed).

    Returns None, and adds nothing, when a message with the same ``dedup_key`` exists.
    ``related`` is the object the message is about (anything with an ``id``) or a
    ``(type, id)`` pair, kept for tracing. ``attachments`` are references to files made
    when the message is sent (``core.mail_attachments``). ``unsubscribe_url`` becomes the
    List-Unsubscribe header.
    """
    to = to.strip()
    local, _, domain = to.partition("@")
    if not local or not domain or "@" in domain or any(c.isspace() for c in to):
        raise ValueError(f"Not an e-mail address: {to!r}")
    if dedup_key is not None and _dedup_key_taken(dedup_key):
        return None
    related_type, related_id = _related(related)
    email = OutboundEmail(
        created_at=now,
        to_address=to,
        to_name=to_name.strip(),
        subject=" ".join(subject.split())[:SUBJECT_MAX],
        body_text=text,
        body_html=html,
        locale=locale,
        message_id=make_msgid(domain=_sender_domain()),
        status=EmailStatus.QUEUED,
        attempts=0,
        next_attempt_at=now,
        dedup_key=dedup_key,
        related_type=related_type,
        related_id=related_id,
        attachments=mail_attachments.join(attachments),
        list_unsubscribe=unsubscribe_url,
    )
    if not _add_unless_duplicate(email):
        return None
    if current_app.config.get("MAIL_SEND_AFTER_COMMIT", True):
        jobs.enqueue_once(send_pending_job)
    return email


def queue_templated_email(
    user_or_address: User | str,
    template_base: str,
    context: dict[str, Any],
    *,
    now: datetime,
    locale: str | None = None,
    dedup_key: str | None = None,
    related: Any = None,
    attachments: Sequence[str] = (),
    unsubscribe_url: str | None = None,
) -> OutboundEmail | None:
    """Render ``templates/email/<template_base>.txt`` (and ``.html``) and queue it.

    The message is written in the recipient's language: a user's own ``locale``, else
    ``locale``, else the default language.
    """
    if isinstance(user_or_address, User):
        address, name = user_or_address.email, user_or_address.name
        language = user_or_address.locale
    else:
        address, name = user_or_address, ""
        language = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    values = {"recipient_name": name, "unsubscribe_url": unsubscribe_url, **context}
    rendered = render_email(template_base, values, locale=language)
    return queue_email(
        address,
        rendered.subject,
        rendered.text,
        rendered.html,
        locale=language,
        now=now,
        to_name=name,
        dedup_key=dedup_key,
        related=related,
        attachments=attachments,
        unsubscribe_url=unsubscribe_url,
    )


def render_email(template_base: str, context: dict[str, Any], *, locale: str) -> RenderedEmail:
    """The subject (block ``subject`` of the .txt template), plain text and HTML."""
    env = current_app.jinja_env
    values = {**_common_context(locale), **context}
    with force_locale(locale):
        text_template = env.get_template(f"email/{template_base}.txt")
        values["subject"] = " ".join(_render_block(text_template, "subject", values).split())
        text = text_template.render(values)
        try:
            html: str | None = env.get_template(f"email/{template_base}.html").render(values)
        except TemplateNotFound:
            html = None
    return RenderedEmail(values["subject"], text.strip() + "\n", html)


def send_pending_job() -> dict[str, int]:
    """The background job: send what is due now."""
    return send_due_emails(utcnow()).as_dict()


def _common_context(locale: str) -> dict[str, Any]:
    config = current_app.config
    return {
        "locale": locale,
        "recipient_name": "",
        "unsubscribe_url": None,
        "municipality_name": config["MUNICIPALITY_NAME"],
        "base_url": config["PUBLIC_BASE_URL"].rstrip("/"),
        "external_url": external_url,
    }


def _render_block(template: Template, name: str, values: dict[str, Any]) -> str:
    block = template.blocks.get(name)
    if block is None:
        raise LookupError(f"The e-mail template {template.name} has no {{% block {name} %}}.")
    return "".join(block(template.new_context(values)))


def _add_unless_duplicate(email: OutboundEmail) -> bool:
    """Add and flush; False if a concurrent transaction committed the same dedup key.

    The unique constraint is the last guard. On PostgreSQL a savepoint keeps the
    caller's work when it trips. SQLite gets no savepoint: pysqlite commits when the
    first statement of a transaction is a SAVEPOINT that is then released, and SQLite
    serialises writers, so a racing duplicate fails the caller's transaction instead.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.add(email)
        db.session.flush()
        return True
    try:
        with db.session.begin_nested():
            db.session.add(email)
    except IntegrityError:
        if email.dedup_key is None:
            raise
        return False
    return True


def _dedup_key_taken(dedup_key: str) -> bool:
    found = db.session.scalar(
        select(OutboundEmail.id).where(OutboundEmail.dedup_key == dedup_key).limit(1)
    )
    return found is not None


def _related(related: Any) -> tuple[str | None, str | None]:
    if related is None:
        return None, None
    if isinstance(related, tuple):
        kind, ident = related
        return str(kind), str(ident)
    if getattr(related, "id", None) is None:
        db.session.flush()
    return type(related).__name__, str(related.id)


def _sender_domain() -> str:
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return address.rpartition("@")[2] or "localhost"
