"""The read side of the stored hearing note: its versions, its renderer's state and the
status the secretariat sees while a new version is generated."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.clock import ensure_utc, utcnow
from core.extensions import db
from core.i18n import datetime_with_zone
from hearing.models import Hearing
from hearing.models.consolidation import HearingNote, HearingNoteJob, NoteJobStage, NoteJobState
from hearing.queries.consolidation import latest_note

ACTIVE = (NoteJobState.QUEUED, NoteJobState.RENDERING)


def is_abandoned(job: HearingNoteJob) -> bool:
    """Whether the job has been "rendering" for longer than ``JOBS_TIMEOUT``: its run was
    killed (RQ would have ended a live one), so the secretariat may generate the note again."""
    if job.state != NoteJobState.RENDERING or job.started_at is None:
        return False
    limit = timedelta(seconds=int(current_app.config["JOBS_TIMEOUT"]))
    return ensure_utc(job.started_at) < utcnow() - limit


def job_of(hearing: Hearing) -> HearingNoteJob | None:
    return db.session.scalar(select(HearingNoteJob).where(HearingNoteJob.hearing_id == hearing.id))


def stored_versions(hearing: Hearing) -> list[HearingNote]:
    """Every version whose full PDF is stored, newest first."""
    return list(
        db.session.scalars(
            select(HearingNote)
            .where(HearingNote.hearing_id == hearing.id, HearingNote.full_stored_name.is_not(None))
            .order_by(HearingNote.number.desc())
        )
    )


def stored_version(hearing: Hearing, number: int) -> HearingNote | None:
    return db.session.scalar(
        select(HearingNote).where(
            HearingNote.hearing_id == hearing.id,
            HearingNote.number == number,
            HearingNote.full_stored_name.is_not(None),
        )
    )


def current_note(
    hearing: Hearing, note: HearingNote | None, job: HearingNoteJob | None
) -> HearingNote | None:
    """The latest version if its stored PDF says what the consolidation says now.

    A final note cannot change any more; a draft version is current when the renderer has
    finished since the last change (a change queues it again).
    """
    if note is None or not note.full_stored_name:
        return None
    if note.finalised:
        return note
    return note if job is not None and job.state == NoteJobState.DONE else None


def _stage_message(job: HearingNoteJob) -> str:
    if job.stage == NoteJobStage.LAYOUT:
        return _("Generating the hearing note: laying out the pages.")
    if job.stage == NoteJobStage.WRITING:
        return _("Generating the hearing note: writing %(pages)s pages.", pages=job.pages or 0)
    if job.stage == NoteJobStage.PUBLIC:
        return _("Generating the hearing note: writing the public version.")
    return _("Generating the hearing note: collecting the content.")


def status(hearing: Hearing) -> dict[str, Any]:
    """The note's status as plain values: for the page, the workspace and the JSON endpoint."""
    note = latest_note(hearing)
    job = job_of(hearing)
    current = current_note(hearing, note, job)
    state = str(job.state) if job is not None else "none"
    abandoned = job is not None and is_abandoned(job)
    if abandoned:
        state = str(NoteJobState.FAILED)
    if job is not None and job.state == NoteJobState.QUEUED:
        message = _("A new version of the hearing note is waiting to be generated.")
    elif job is not None and job.state == NoteJobState.RENDERING and not abandoned:
        message = _stage_message(job)
    elif job is not None and (job.state == NoteJobState.FAILED or abandoned):
        message = _(
            "The hearing note could not be generated. Try again; if it fails again, "
            "contact the system administrator."
        )
    elif current is not None:
        message = _(
            "Version %(number)s of the hearing note (%(time)s) is ready.",
            number=current.number,
            time=datetime_with_zone(current.generated_at),
        )
    else:
        message = _("The hearing note has not been generated yet.")
    version = None
    if note is not None:
        version = {
            "number": note.number,
            "generated_at": note.generated_at.isoformat(),
            "generated_at_text": datetime_with_zone(note.generated_at),
            "finalised": note.finalised,
            "stored": bool(note.full_stored_name),
            "label": _("Version %(number)s as PDF", number=note.number),
            "pdf_url": (
                url_for("hearing.note_version_pdf", hearing_id=hearing.id, number=note.number)
                if note.full_stored_name
                else None
            ),
        }
    return {
        "state": state,
        "stage": str(job.stage) if job is not None and job.stage else None,
        "pages": job.pages if job is not None else None,
        "active": job is not None and job.state in ACTIVE and not abandoned,
        "current": current is not None,
        "retry": job is None
        or abandoned
        or job.state == NoteJobState.FAILED
        or (current is None and job.state == NoteJobState.DONE),
        "message": message,
        "version": version,
        "status_url": url_for("hearing.note_status", hearing_id=hearing.id),
    }
