"""Personal data: the purge that runs from cron, and scrubbing erased values (docs/privacy.md).

``flask --app app privacy purge`` calls :func:`purge`, which runs every registered step in
order (each package registers its own in ``init_app``: core the inactive accounts, hearing
the hearings past their retention date). Every step is idempotent: it only touches what is
due and not yet done, so running the command twice, or from two crons, changes nothing
the second time. Two runs at the same moment are serialised (:func:`_hold_purge_lock`): the
second waits for the first to commit and then finds nothing due.

Erased values are never written anywhere else: the audit entry of a purge or an erasure
says what happened and to which object, and the entries written before are scrubbed of
the values (:func:`scrub_audit`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select, text, update

from core.extensions import db
from core.mail_models import EmailStatus, OutboundEmail
from core.models import AuditEvent

PurgeStep = Callable[[datetime], dict[str, int]]
ERASED = "[slettet]"
_KEY = "privacy_purge_steps"
_LOCK_KEY = 0x5052_4956  # "PRIV": the purge's PostgreSQL advisory lock


def register_step(app: Flask, order: int, name: str, step: PurgeStep) -> None:
    """Add a step to ``app``'s ``privacy purge``."""
    app.extensions.setdefault(_KEY, []).append((order, name, step))


def _hold_purge_lock() -> None:
    """Take the purge's lock for the rest of the transaction, before anything is read.

    PostgreSQL: a transaction-level advisory lock. SQLite: the database's write lock, taken
    now by a statement that changes nothing rather than at the first change, by which time
    the run would have read as due what another run is purging.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    else:
        db.session.execute(text("UPDATE users SET id = id WHERE 1 = 0"))


def purge(now: datetime) -> dict[str, dict[str, int]]:
    """Run every registered step in order; return what each did (counts, no values).

    The caller commits; the lock taken first holds until then.
    """
    _hold_purge_lock()
    steps = sorted(current_app.extensions.get(_KEY, []), key=lambda s: (s[0], s[1]))
    return {name: step(now) for _, name, step in steps}


# -- scrubbing ------------------------------------------------------------------------------


def _scrub_text(text: str, values: Iterable[str], replacement: str) -> str:
    for value in values:
        if value:
            text = text.replace(value, replacement)
    return text


def _scrub_json(value: Any, values: tuple[str, ...], replacement: str) -> Any:
    if isinstance(value, str):
        return _scrub_text(value, values, replacement)
    if isinstance(value, list):
        return [_scrub_json(v, values, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, values, replacement) for k, v in value.items()}
    return value


def _variants(values: Iterable[str]) -> tuple[str, ...]:
    """Each value as typed and lower-cased, longest first (a name inside an address)."""
    found = {v for value in values if value and value.strip() for v in (value, value.lower())}
    return tuple(sorted(found, key=len, reverse=True))


def scrub_audit(values: Iterable[str], replacement: str = ERASED) -> int:
    """Replace ``values`` wherever the audit log holds them; return the entries changed.

    The audit log is append-only for everything else: this is the one way an entry
    changes, by a statement past the ORM guard, so that erased data does not live on.
    """
    wanted = _variants(values)
    if not wanted:
        return 0
    changed = 0
    rows = db.session.execute(
        select(AuditEvent.id, AuditEvent.actor_label, AuditEvent.summary, AuditEvent.changes)
    )
    for ident, label, summary, changes in rows.all():
        new_label = _scrub_text(label or "", wanted, replacement)
        new_summary = _scrub_text(summary or "", wanted, replacement)
        new_changes = _scrub_json(changes or {}, wanted, replacement)
        if (new_label, new_summary, new_changes) != (label, summary, changes or {}):
            db.session.execute(
                update(AuditEvent)
                .where(AuditEvent.id == ident)
                .values(actor_label=new_label[:254], summary=new_summary, changes=new_changes)
                .execution_options(synchronize_session=False)
            )
            changed += 1
    if changed:
        db.session.expire_all()
    return changed


def erase_outbox(*conditions: Any) -> int:
    """Blank the recipient and text of the outbox messages matching ``conditions``.

    The subject (a hearing's reference and title, never a person) and the delivery facts
    stay; a message still waiting is given up, as it has nobody to go to any more.
    """
    emails = db.session.scalars(select(OutboundEmail).where(*conditions)).all()
    for email in emails:
        if email.status == EmailStatus.QUEUED:
            email.status = EmailStatus.FAILED
            email.next_attempt_at = None
        email.to_address = ""
        email.to_name = ""
        email.body_text = ""
        email.body_html = None
        email.last_error = None
    db.session.flush()
    return len(emails)
