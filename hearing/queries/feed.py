"""The news of public hearings for the Atom feed: opened, deadline changed, decided,
cancelled, read from the audit log of hearings the public may see now."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import String, cast, select

from core.extensions import db
from core.feeds import MAX_ENTRIES, Entry
from core.i18n import datetime_with_zone
from core.models import AuditEvent
from core.routing import external_url
from hearing.models import Hearing
from hearing.workflow import HearingState

FEED_ACTIONS = (
    "hearing.open",
    "hearing.deadline_shortened",
    "hearing.reopened",
    "hearing.decided",
    "hearing.cancelled",
)


def public_events(limit: int = MAX_ENTRIES) -> list[tuple[AuditEvent, Hearing]]:
    """The latest events of hearings that are public and issued, newest first."""
    rows = db.session.execute(
        select(AuditEvent, Hearing)
        .join(Hearing, AuditEvent.object_id == cast(Hearing.id, String))
        .where(
            AuditEvent.object_type == "Hearing",
            AuditEvent.action.in_(FEED_ACTIONS),
            Hearing.is_public.is_(True),
            Hearing.state != HearingState.DRAFT,
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return [(event, hearing) for event, hearing in rows]


def _new_deadline(event: AuditEvent, hearing: Hearing) -> datetime:
    value: Any = (event.changes.get("deadline") or {}).get("new")
    return datetime.fromisoformat(value) if isinstance(value, str) else hearing.deadline


def _texts(event: AuditEvent, hearing: Hearing, lang: str) -> tuple[str, str]:
    name = f"{hearing.reference} – {hearing.title}"
    if event.action == "hearing.open":
        return _("New hearing: %(name)s", name=name), _(
            "%(body)s has opened a public hearing. Deadline: %(deadline)s.",
            body=hearing.issuing_body.name(lang),
            deadline=datetime_with_zone(hearing.deadline),
        )
    if event.action == "hearing.decided":
        return _("Decided: %(name)s", name=name), _("The hearing has been decided.")
    if event.action == "hearing.cancelled":
        return _("Cancelled: %(name)s", name=name), hearing.cancellation_reason or ""
    deadline = datetime_with_zone(_new_deadline(event, hearing))
    return _("New deadline: %(name)s", name=name), _(
        "The deadline is now %(deadline)s.", deadline=deadline
    )


def entries(lang: str) -> list[Entry]:
    found = []
    with force_locale(lang):
        for event, hearing in public_events():
            page = external_url("hearing.public_show", hearing_id=hearing.id)
            title, summary = _texts(event, hearing, lang)
            found.append(Entry(f"{page}#event-{event.id}", title, page, event.occurred_at, summary))
    return found
