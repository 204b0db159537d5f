"""The PDF attachments of a body's draft: upload, confidentiality, removal. A file is
stored before its row and removed again when the row is not written; a removed file goes
once the removal is committed and no submitted version keeps it."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, func, select

from core import audit, uploads
from core.errors import N_, NotFound
from core.extensions import db
from core.models import User
from hearing.errors import StaleDraft
from hearing.models.responses import Response, ResponseAttachment
from hearing.response_fields import clean_reason
from hearing.services.response_guard import begin_change, summary, touch


def draft_attachment(response: Response, attachment_id: int) -> ResponseAttachment:
    found = next((a for a in response.attachments if a.id == attachment_id), None)
    if found is None:
        raise NotFound(N_("The attachment does not exist."))
    return found


def add_attachment(
    response: Response,
    data: bytes,
    filename: str,
    *,
    confidential: bool = False,
    confidential_reason: str = "",
    folder: Path,
    max_bytes: int,
    actor: User | None,
    now: datetime,
) -> ResponseAttachment:
    """Check and store a PDF on the draft; nothing is stored when a check fails."""
    begin_change(response, now)
    reason = clean_reason(confidential, confidential_reason)
    stored = uploads.store_pdf(data, filename, folder=folder, max_bytes=max_bytes)
    try:
        attachment = ResponseAttachment(
            position=max((a.position for a in response.attachments), default=0) + 1,
            stored_name=stored.stored_name,
            original_name=stored.original_name,
            size=stored.size,
            sha256=stored.sha256,
            confidential=confidential,
            confidential_reason=reason,
            uploaded_at=now,
            uploaded_by_id=actor.id if actor else None,
        )
        response.attachments.append(attachment)
        old_version = response.edit_version
        touch(response, actor, now)
    except Exception:
        uploads.remove_stored(stored.stored_name, folder=folder)
        raise
    audit.record(
        actor,
        "response.draft_attachment_added",
        response,
        now=now,
        summary=f"{summary(response)}: {stored.original_name}",
        changes={
            "attachment": {"old": None, "new": stored.original_name},
            "edit_version": {"old": old_version, "new": response.edit_version},
        },
    )
    return attachment


def attachment_state(attachment: ResponseAttachment) -> str:
    """A digest of the attachment's confidentiality as a form loaded it (the stale-edit check)."""
    text = f"{'y' if attachment.confidential else ''}\n{attachment.confidential_reason or ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def change_attachment_confidentiality(
    response: Response,
    attachment_id: int,
    *,
    confidential: bool,
    confidential_reason: str = "",
    expected_state: str | None = None,
    actor: User | None,
    now: datetime,
) -> ResponseAttachment:
    """Make an attachment of the draft confidential (with a reason) or public again.

    The rules are those of an upload. ``expected_state`` is the :func:`attachment_state`
    the form was loaded with: when someone else changed it since, nothing is saved.
    """
    begin_change(response, now)
    attachment = draft_attachment(response, attachment_id)
    if expected_state is not None and attachment_state(attachment) != expected_state:
        raise StaleDraft(None, response.edit_version)
    reason = clean_reason(confidential, confidential_reason)
    before = {
        "confidential": attachment.confidential,
        "confidential_reason": attachment.confidential_reason,
    }
    attachment.confidential = bool(confidential)
    attachment.confidential_reason = reason
    changes = audit.diff_fields(
        before,
        {"confidential": attachment.confidential, "confidential_reason": reason},
    )
    if not changes:
        return attachment
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_attachment_changed",
        response,
        now=now,
        summary=f"{summary(response)}: {attachment.original_name}",
        changes=changes | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )
    return attachment


def remove_attachment(
    response: Response, attachment_id: int, *, folder: Path, actor: User | None, now: datetime
) -> None:
    begin_change(response, now)
    attachment = draft_attachment(response, attachment_id)
    stored_name, name = attachment.stored_name, attachment.original_name
    response.attachments.remove(attachment)
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_attachment_removed",
        response,
        now=now,
        summary=f"{summary(response)}: {name}",
        changes={
            "attachment": {"old": name, "new": None},
            "edit_version": {"old": old_version, "new": response.edit_version},
        },
    )
    still_used = db.session.scalar(
        select(func.count())
        .select_from(ResponseAttachment)
        .where(ResponseAttachment.stored_name == stored_name)
    )
    if not still_used:
        # The file goes once the database agrees; a submitted version keeps its copy.
        @event.listens_for(db.session(), "after_commit", once=True)
        def _remove_file(session: object) -> None:
            uploads.remove_stored(stored_name, folder=folder)
