"""Personal data of a hearing: its retention date and the purge (docs/privacy.md).

A decided or cancelled hearing keeps personal data until its retention date: the day the
secretariat set, else ``HEARING_RETENTION_DAYS`` after the decision (the committee's
meeting, or the day the hearing was decided or cancelled). From that day the purge
(``flask --app app privacy purge``) erases what identifies a person in the hearing:

* the contact person's name and e-mail address in the letter;
* the scanned letters and e-mails the secretariat registered (they carry the sender's
  signature and address): the files go, their name, size and SHA-256 stay, as the
  response's hashed text names them;
* the archive packages stored for the hearing by its jobs (they hold the letter and the
  scans as they were);
* the recipient and text of every message of the outbox about the hearing or its
  responses (each went to a person);
* these values wherever the audit log holds them.

The bodies' responses stay as they were: their canonical text holds the hearing, the
body, the receipt number, the times and what the body answered, never who pressed the
button (``hearing.response_content``), so every receipt and hash still verifies. Who
submitted or registered is a link to the account, which goes by the rules of accounts.
The purge is recorded on the hearing (``personal_data_purged_at``) and in the audit log,
without the erased values. A purged hearing is never purged again.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import event, or_, select

from core import audit, uploads
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.job_models import Job
from core.mail_models import OutboundEmail
from core.models import User
from core.services import privacy
from hearing import workflow
from hearing.errors import FieldInvalid
from hearing.models import Hearing
from hearing.models.consolidation import Decision
from hearing.models.responses import Channel, Response, ResponseAttachment, ResponseVersion
from hearing.response_fields import REASON_MAX, clean_text
from hearing.workflow import HearingState

CONCLUDED = (HearingState.DECIDED, HearingState.ARCHIVED, HearingState.CANCELLED)


def _concluded_on(hearing: Hearing) -> date | None:
    if hearing.state not in CONCLUDED:
        return None
    decision = db.session.scalar(select(Decision).where(Decision.hearing_id == hearing.id))
    if decision is not None:
        return decision.meeting_date
    instant = hearing.decided_at or hearing.cancelled_at
    return workflow.to_local(instant).date() if instant is not None else None


def retention_date(hearing: Hearing, days: int | None = None) -> date | None:
    """The day the hearing's personal data goes; None while the hearing runs (no end yet)."""
    if hearing.retention_until is not None:
        return hearing.retention_until
    concluded = _concluded_on(hearing)
    if concluded is None:
        return None
    if days is None:
        days = int(current_app.config["HEARING_RETENTION_DAYS"])
    return concluded + timedelta(days=days)


def is_due(hearing: Hearing, now: datetime) -> bool:
    day = retention_date(hearing)
    return (
        hearing.personal_data_purged_at is None
        and day is not None
        and hearing.state in CONCLUDED
        and day <= workflow.to_local(now).date()
    )


def set_retention(
    hearing: Hearing, day: date | None, reason: str, *, actor: User, now: datetime
) -> Hearing:
    """Set (or, with None, reset to the default) the day the hearing's personal data goes.

    The reason is required and kept in the audit log with the old and new day.
    """
    if hearing.personal_data_purged_at is not None:
        raise ValidationFailed(N_("The personal data of this hearing has already been erased."))
    why = clean_text(reason, REASON_MAX)
    if not why:
        raise FieldInvalid("reason", N_("Give the reason for the retention date."))
    if day is not None and day < workflow.to_local(now).date():
        raise FieldInvalid("retention_until", N_("The retention date cannot be in the past."))
    old = hearing.retention_until
    if old == day:
        return hearing
    hearing.retention_until = day
    db.session.flush()
    audit.record(
        actor,
        "hearing.retention_set",
        hearing,
        now=now,
        summary=why,
        changes={"retention_until": {"old": audit._jsonable(old), "new": audit._jsonable(day)}},
    )
    return hearing


def _scans(hearing: Hearing) -> list[ResponseAttachment]:
    registered = (
        select(ResponseVersion.id)
        .join(Response, Response.id == ResponseVersion.response_id)
        .where(Response.hearing_id == hearing.id, ResponseVersion.channel != Channel.SYSTEM)
    )
    return list(
        db.session.scalars(
            select(ResponseAttachment).where(ResponseAttachment.version_id.in_(registered))
        )
    )


def _remove_unshared(stored_names: set[str], scan_ids: set[int], folder: Path) -> int:
    """Remove the scans no other row refers to, once the purge is committed."""
    doomed = [
        stored
        for stored in sorted(stored_names)
        if (folder / stored).exists()
        and db.session.scalar(
            select(ResponseAttachment.id).where(
                ResponseAttachment.stored_name == stored, ResponseAttachment.id.not_in(scan_ids)
            )
        )
        is None
    ]
    if doomed:

        @event.listens_for(db.session(), "after_commit", once=True)
        def _remove_files(session: object) -> None:
            for stored in doomed:
                uploads.remove_stored(stored, folder=folder)

    return len(doomed)


def _remove_packages(hearing: Hearing) -> int:
    """Remove the archive packages the hearing's jobs stored, once the purge is committed
    (a package made after the purge has neither the contact nor the scans)."""
    from hearing.services import hearing_jobs

    jobs = select(Job.id).where(
        Job.kind == hearing_jobs.ARCHIVE,
        Job.subject_type == "Hearing",
        Job.subject_id == hearing.id,
    )
    doomed = [p for p in map(hearing_jobs.archive_path, db.session.scalars(jobs)) if p.exists()]
    if doomed:

        @event.listens_for(db.session(), "after_commit", once=True)
        def _remove_files(session: object) -> None:
            for path in doomed:
                path.unlink(missing_ok=True)

    return len(doomed)


def _outbox_of(hearing: Hearing) -> int:
    versions = (
        select(ResponseVersion.id)
        .join(Response, Response.id == ResponseVersion.response_id)
        .where(Response.hearing_id == hearing.id)
    )
    version_ids = [str(v) for v in db.session.scalars(versions)]
    return privacy.erase_outbox(
        or_(
            (OutboundEmail.related_type == "Hearing")
            & (OutboundEmail.related_id == str(hearing.id)),
            (OutboundEmail.related_type == "ResponseVersion")
            & OutboundEmail.related_id.in_(version_ids),
        ),
        OutboundEmail.to_address != "",
    )


def purge_hearing(hearing: Hearing, *, now: datetime, folder: Path) -> dict[str, int]:
    """Erase what identifies a person in ``hearing`` (see the module docstring)."""
    if hearing.personal_data_purged_at is not None:
        return {"files": 0, "emails": 0, "audit_entries": 0}
    erased = (hearing.contact_name, hearing.contact_email)
    hearing.contact_name = ""
    hearing.contact_email = ""
    scans = _scans(hearing)
    files = _remove_unshared({a.stored_name for a in scans}, {a.id for a in scans}, folder)
    packages = _remove_packages(hearing)
    emails = _outbox_of(hearing)
    hearing.personal_data_purged_at = now
    db.session.flush()
    entries = privacy.scrub_audit(erased)
    audit.record(
        None,
        "hearing.personal_data_purged",
        hearing,
        now=now,
        summary=hearing.reference,
        changes={
            "scans_removed": files,
            "archive_packages_removed": packages,
            "emails_erased": emails,
        },
    )
    return {"files": files + packages, "emails": emails, "audit_entries": entries}


def purge_due_hearings(now: datetime) -> dict[str, int]:
    """The purge step of ``hearing``: every concluded hearing past its retention date."""
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    candidates = db.session.scalars(
        select(Hearing)
        .where(Hearing.personal_data_purged_at.is_(None), Hearing.state.in_(CONCLUDED))
        .order_by(Hearing.id)
    )
    totals = {"hearings": 0, "files": 0, "emails": 0}
    for hearing in list(candidates):
        if not is_due(hearing, now):
            continue
        counts = purge_hearing(hearing, now=now, folder=folder)
        totals["hearings"] += 1
        totals["files"] += counts["files"]
        totals["emails"] += counts["emails"]
    return totals


def erase_contact(user: User, email: str, name: str, now: datetime) -> None:
    """Erasing an account also erases it as the contact person of any hearing."""
    for hearing in db.session.scalars(
        select(Hearing).where(or_(Hearing.contact_email == email, Hearing.contact_name == name))
    ):
        if hearing.contact_email == email:
            hearing.contact_email = ""
        if hearing.contact_name == name:
            hearing.contact_name = ""
    db.session.flush()


def export_for(user: User) -> dict[str, list[dict[str, object]]]:
    """What ``hearing`` holds about ``user``, for the account's export."""
    versions = db.session.scalars(
        select(ResponseVersion)
        .where(
            or_(
                ResponseVersion.submitted_by_id == user.id,
                ResponseVersion.registered_by_id == user.id,
                ResponseVersion.withdrawn_by_id == user.id,
            )
        )
        .order_by(ResponseVersion.id)
    )
    hearings = db.session.scalars(
        select(Hearing)
        .where(
            or_(
                Hearing.signatory_id == user.id,
                Hearing.created_by_id == user.id,
                Hearing.issued_by_id == user.id,
                Hearing.contact_email == user.email,
            )
        )
        .order_by(Hearing.id)
    )
    return {
        "responses": [
            {
                "receipt_number": v.receipt_number,
                "submitted_by_you": v.submitted_by_id == user.id,
                "registered_by_you": v.registered_by_id == user.id,
                "withdrawn_by_you": v.withdrawn_by_id == user.id,
                "submitted_at": v.submitted_at.isoformat(),
            }
            for v in versions
        ],
        "hearings": [
            {
                "reference": h.reference,
                "signatory": h.signatory_id == user.id,
                "created_by_you": h.created_by_id == user.id,
                "issued_by_you": h.issued_by_id == user.id,
                "contact": h.contact_email == user.email,
                "contact_name": h.contact_name if h.contact_email == user.email else None,
            }
            for h in hearings
        ],
    }
