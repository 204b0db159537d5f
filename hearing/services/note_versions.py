"""Asking for a new stored version of the hearing note.

Every change to the consolidation (started, groups merged or split, a recommendation or
summary saved, the note finalised) calls :func:`request_note` in the same transaction. It
sets the hearing's :class:`HearingNoteJob` to ``queued`` and starts a job record
(``hearing.note``, :mod:`core.background`) whose work is
``hearing.services.note_render.render_note``, run after the commit (on RQ, or in-process
without ``REDIS_URL``) and followed on the job page. A request while one is queued
already only notes who asked and when: the queued job renders the consolidation as it is
when it runs, so quick edits in a row make one render. The job itself decides whether
anything changed (see ``hearing.services.note_render``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core import audit
from core.extensions import db
from core.models import User
from hearing.models import Hearing
from hearing.models.consolidation import HearingNoteJob, NoteJobState

RENDER_JOB = "hearing.services.note_render.render_note"


def request_note(hearing: Hearing, *, actor: User | None, now: datetime) -> HearingNoteJob:
    """Queue a render of the note after this commit, unless one is queued already."""
    job = db.session.scalar(
        select(HearingNoteJob).where(HearingNoteJob.hearing_id == hearing.id).with_for_update()
    )
    enqueue = job is None or job.state != NoteJobState.QUEUED
    if job is None:
        job = HearingNoteJob(hearing_id=hearing.id, attempt=0)
        db.session.add(job)
    job.state = NoteJobState.QUEUED
    job.stage = None
    job.pages = None
    job.error = None
    job.finished_at = None
    job.requested_at = now
    job.requested_by_id = actor.id if actor else None
    db.session.flush()
    if enqueue:  # the render, followed as a job record (core.background)
        from hearing.services import hearing_jobs

        hearing_jobs.start_note(hearing, actor=actor, now=now)
    return job


def regenerate_note(hearing: Hearing, *, actor: User, now: datetime) -> HearingNoteJob:
    """The secretariat asks for the note to be generated again (after a failure, or when no
    version is stored): queued as :func:`request_note` does, and audited."""
    job = request_note(hearing, actor=actor, now=now)
    audit.record(actor, "hearing.note_requested", hearing, now=now, summary=hearing.reference)
    return job
