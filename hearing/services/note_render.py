"""Background job: render and store a version of the hearing note (it can be hundreds of
pages for a large hearing).

``render_note(hearing_id)`` claims the hearing's :class:`HearingNoteJob` (``queued`` or
``failed`` -> ``rendering``, ``attempt`` + 1; a job that finds nothing to claim stops), then
renders the consolidation as it is now:

* a draft note: the note's values are hashed without their number and time; equal to the
  latest stored version's hash -> no new version. Otherwise the full PDF (with the
  confidential parts) is stored and a new numbered :class:`HearingNote` recorded, with the
  time and the user who asked for it.
* the final note (recorded by ``finalise_note``): its full PDF and, for a public hearing,
  its public PDF (no confidential part) are stored on that version.

Each PDF is stored with its Word document (.docx, :mod:`hearing.word_note`), made from the
same values, so a version's .docx says what its PDF says and never changes afterwards.

The stage (collecting the content, laying out the pages, writing N pages, the public
version) is committed as it goes, so the status page can show it. Every update names the
attempt it belongs to: a change while rendering queues the job again, and the older run's
updates then change nothing. A failure marks the job ``failed`` (with the error, for the
log) and is raised again, so RQ retries it; the secretariat can retry it too.
Idempotent: a run with nothing to claim, or nothing changed, writes nothing new.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import and_, or_, select, update

from core import uploads
from core.background import Result, Run, TryAgainLater
from core.clock import utcnow
from core.errors import N_
from core.extensions import db
from core.models import User
from core.pdf import document_to_pdf, html_to_document, render_pdf, render_pdf_html
from hearing import permissions, word_note
from hearing.models import Hearing
from hearing.models.consolidation import HearingNote, HearingNoteJob, NoteJobStage, NoteJobState
from hearing.queries.consolidation import latest_note
from hearing.queries.note_content import (
    NOTE_TEMPLATE,
    content_digest,
    note_context,
    with_labels,
    with_version,
)
from hearing.services import note_parts
from hearing.services.consolidation import new_note_version
from hearing.workflow import HearingState

MAX_NOTE_BYTES = 500 * 1024 * 1024
LANG = "da"  # the stored note is the Danish document the committee receives


# How far a stage has come, for the job's progress bar.
STAGE_PROGRESS = {
    NoteJobStage.CONTENT: 10,
    NoteJobStage.LAYOUT: 30,
    NoteJobStage.WRITING: 70,
    NoteJobStage.PUBLIC: 85,
}
STAGE_STEPS = {
    NoteJobStage.CONTENT: N_("Collecting the content"),
    NoteJobStage.LAYOUT: N_("Laying out the pages"),
    NoteJobStage.WRITING: N_("Writing the pages"),
    NoteJobStage.PUBLIC: N_("The public version"),
}


def render_note(hearing_id: int, *, run: Run | None = None) -> Result | None:
    """The job of the hearing's note (its :class:`~core.job_models.Job` passes ``run``)."""
    attempt = _claim(hearing_id)
    if attempt is None:
        return None
    try:
        _stage(hearing_id, attempt, run, NoteJobStage.CONTENT)
        note_id = _render(hearing_id, attempt, run)
    except Exception as err:
        db.session.rollback()
        error = f"{type(err).__name__}: {err}"
        _update(hearing_id, attempt, state=NoteJobState.FAILED, error=error)
        raise
    _update(hearing_id, attempt, state=NoteJobState.DONE, note_id=note_id)
    return Result("hearing.note", {"hearing_id": hearing_id})


def _job_row(hearing_id: int) -> Any:
    return HearingNoteJob.hearing_id == hearing_id


class NoteStillRendering(TryAgainLater):
    """Another run holds the hearing's note job and may still be alive. Raised so that RQ
    tries this run again later; by then the other run has ended, or is found dead."""


def _stale_before() -> datetime:
    """A run that started before this has outlived ``JOBS_TIMEOUT`` (RQ would have ended
    it): it was killed (out of memory, the machine restarted) and its job may be taken."""
    return utcnow() - timedelta(seconds=int(current_app.config["JOBS_TIMEOUT"]))


def _claim(hearing_id: int) -> int | None:
    """Take the job: queued, failed, or left "rendering" by a run that was killed."""
    claimable = or_(
        HearingNoteJob.state.in_([NoteJobState.QUEUED, NoteJobState.FAILED]),
        and_(
            HearingNoteJob.state == NoteJobState.RENDERING,
            HearingNoteJob.started_at < _stale_before(),
        ),
    )
    result = db.session.execute(
        update(HearingNoteJob)
        .where(_job_row(hearing_id), claimable)
        .values(
            state=NoteJobState.RENDERING,
            stage=NoteJobStage.CONTENT,
            pages=None,
            error=None,
            started_at=utcnow(),
            finished_at=None,
            attempt=HearingNoteJob.attempt + 1,
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        state = db.session.scalar(select(HearingNoteJob.state).where(_job_row(hearing_id)))
        db.session.rollback()
        if state == NoteJobState.RENDERING:
            raise NoteStillRendering(f"The note of hearing {hearing_id} is being rendered.")
        return None
    attempt = db.session.scalar(select(HearingNoteJob.attempt).where(_job_row(hearing_id)))
    db.session.commit()
    return attempt


def _update(hearing_id: int, attempt: int, **values: Any) -> None:
    """Change this run's row (nothing if a newer request or run has taken it over)."""
    if values.get("state") in (NoteJobState.DONE, NoteJobState.FAILED):
        values.update(stage=None, finished_at=utcnow())
    if "error" in values:
        values["error"] = str(values["error"])[:2000]
    db.session.execute(
        update(HearingNoteJob)
        .where(
            _job_row(hearing_id),
            HearingNoteJob.attempt == attempt,
            HearingNoteJob.state == NoteJobState.RENDERING,
        )
        .values(**values)
    )
    db.session.commit()


def _stage(
    hearing_id: int, attempt: int, run: Run | None, stage: NoteJobStage, **values: Any
) -> None:
    _update(hearing_id, attempt, stage=stage, **values)
    if run is not None:
        run.progress(STAGE_PROGRESS[stage], STAGE_STEPS[stage])


def _pdf(
    values: dict[str, Any], hearing_id: int, attempt: int, run: Run | None
) -> tuple[bytes, int]:
    """The PDF and its page count, with the stages committed as it goes."""
    if note_parts.in_parts(values):
        _stage(hearing_id, attempt, run, NoteJobStage.LAYOUT)
        data, pages = note_parts.render(values, lang=LANG, run=run)
        _update(hearing_id, attempt, stage=NoteJobStage.WRITING, pages=pages)
        return data, pages
    html = render_pdf_html(NOTE_TEMPLATE, with_labels(values), lang=LANG)
    _stage(hearing_id, attempt, run, NoteJobStage.LAYOUT)
    document = html_to_document(html)
    pages = len(document.pages)
    _stage(hearing_id, attempt, run, NoteJobStage.WRITING, pages=pages)
    return document_to_pdf(document), pages


def _store(data: bytes, hearing_id: int, number: int, suffix: str = "") -> uploads.StoredFile:
    return uploads.store_pdf(
        data,
        f"hoeringsnotat-{hearing_id}-{number}{suffix}.pdf",
        folder=Path(current_app.config["UPLOAD_FOLDER"]),
        max_bytes=MAX_NOTE_BYTES,
    )


def _store_docx(data: bytes) -> uploads.StoredFile:
    return uploads.store_generated(data, "docx", folder=Path(current_app.config["UPLOAD_FOLDER"]))


def _render(hearing_id: int, attempt: int, run: Run | None) -> int | None:
    """Store a new version if the note changed; the id of the version that is current."""
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None:
        return None
    latest = latest_note(hearing)
    final = latest is not None and latest.finalised
    public = final and permissions.is_public_hearing(hearing)
    if latest is not None and final:
        if latest.full_stored_name and (latest.stored_name or not public):
            return latest.id
    elif hearing.state != HearingState.CONSOLIDATION:
        return latest.id if latest else None
    # The templates' context processors read the request (the current path, the user).
    with current_app.test_request_context():
        values = note_context(hearing, public=False, locale=LANG)
        digest = content_digest(values)
        if latest is not None and not final and latest.content_sha256 == digest:
            return latest.id  # nothing changed since the latest version
        now = utcnow()
        number = latest.number if final and latest else (latest.number if latest else 0) + 1
        labelled = {
            **values,
            "note_number": number,
            "note_generated_at": latest.generated_at if final and latest else now,
            "note_finalised": final,
        }
        full, pages = _pdf(labelled, hearing_id, attempt, run)
        full_docx = word_note.note_docx(labelled, lang=LANG)
        public_pdf = public_docx = None
        if public:
            _stage(hearing_id, attempt, run, NoteJobStage.PUBLIC)
            public_values = with_version(note_context(hearing, public=True, locale=LANG), latest)
            public_pdf = render_pdf(NOTE_TEMPLATE, with_labels(public_values), lang=LANG)
            public_docx = word_note.note_docx(public_values, lang=LANG)
    stored = [_store(full, hearing_id, number), _store_docx(full_docx)]
    if public_pdf is not None and public_docx is not None:
        stored.append(_store(public_pdf, hearing_id, number, "-offentlig"))
        stored.append(_store_docx(public_docx))
    try:
        note = _record(hearing_id, number, now, final)
        note.full_stored_name, note.full_sha256 = stored[0].stored_name, stored[0].sha256
        note.full_docx_stored_name, note.full_docx_sha256 = stored[1].stored_name, stored[1].sha256
        note.content_sha256, note.pages = digest, pages
        if len(stored) > 2:
            note.stored_name, note.sha256 = stored[2].stored_name, stored[2].sha256
            note.docx_stored_name, note.docx_sha256 = stored[3].stored_name, stored[3].sha256
        db.session.commit()
    except Exception:
        db.session.rollback()
        folder = Path(current_app.config["UPLOAD_FOLDER"])
        for item in stored:
            uploads.remove_stored(item.stored_name, folder=folder)
        raise
    return note.id


def _record(hearing_id: int, number: int, now: datetime, final: bool) -> HearingNote:
    hearing = db.session.get(Hearing, hearing_id)
    note = latest_note(hearing) if hearing is not None else None
    if hearing is None or (final and (note is None or note.number != number)):
        raise RuntimeError(f"Hearing note version {number} is gone.")
    if final and note is not None:
        return note
    job = db.session.scalar(select(HearingNoteJob).where(_job_row(hearing_id)))
    actor = db.session.get(User, job.requested_by_id) if job and job.requested_by_id else None
    note = new_note_version(hearing, actor=actor, now=now)
    if note.number != number:  # another run recorded a version meanwhile: render again
        raise RuntimeError(f"Hearing note version {number} was recorded by another run.")
    return note
