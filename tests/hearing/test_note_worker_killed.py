"""A worker killed in the middle of rendering the hearing note: RQ retries the job, no half
file is recorded or served, and the retry renders the note whole.

A real RQ worker (``flask --app app jobs worker``) runs in its own process on the test
database and Redis; when the job's stage says the PDF is being laid out or written, the
work horse that renders it is killed with SIGKILL, as the kernel's out-of-memory killer
would.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import func, select

from core.extensions import db as _db
from core.uploads import STORED_NAME
from hearing.models import Hearing
from hearing.models.consolidation import HearingNote, HearingNoteJob, NoteJobStage, NoteJobState
from hearing.queries.note import status as note_status
from hearing.services.note_render import NoteStillRendering, render_note
from hearing.services.note_versions import request_note
from tests.factories import commit
from tests.faults import files_in
from tests.hearing.consolidation_factories import (
    LATER,
    consolidating_hearing,
    group_by,
    recommend,
)
from tests.workers import start_worker

MID_RENDER = (NoteJobStage.LAYOUT, NoteJobStage.WRITING, NoteJobStage.PUBLIC)


def _job(hearing_id: int) -> HearingNoteJob:
    _db.session.rollback()
    _db.session.expire_all()
    found = _db.session.scalar(
        select(HearingNoteJob).where(HearingNoteJob.hearing_id == hearing_id)
    )
    assert found is not None
    return found


def _notes(hearing_id: int) -> int:
    query = (
        select(func.count()).select_from(HearingNote).where(HearingNote.hearing_id == hearing_id)
    )
    return int(_db.session.scalar(query) or 0)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.redis
def test_a_worker_killed_mid_render_is_retried_and_no_half_file_is_served(
    app: Flask, db: Any, redis_jobs: Any, configured: Any
) -> None:
    from rq import Queue
    from rq.registry import ScheduledJobRegistry

    configured(JOBS_MODE="inline")
    hearing = consolidating_hearing()
    commit()
    hearing_id = hearing.id
    request_note(hearing, actor=None, now=LATER)
    commit()  # version 1 of the note, rendered in-process after the commit
    assert _job(hearing_id).state == NoteJobState.DONE
    notes_before = _notes(hearing_id)
    folder = Path(app.config["UPLOAD_FOLDER"])
    files_before = files_in(folder)

    configured(JOBS_MODE="rq")
    recommend(hearing, group_by(hearing, "BUU", "add_success_criterion", "A1-M1"), "accept")
    request_note(hearing, actor=None, now=LATER)
    commit()  # the changed note is queued to be rendered on RQ
    queue = Queue(app.config["JOBS_QUEUE"], connection=redis_jobs)
    assert queue.count == 1
    [job_id] = queue.job_ids

    worker = start_worker(app)
    try:
        deadline = time.monotonic() + 60
        killed = None
        while time.monotonic() < deadline and killed is None:
            job = _job(hearing_id)
            if job.state == NoteJobState.RENDERING and job.stage in MID_RENDER:
                for horse in _children(worker.pid):
                    os.kill(horse, signal.SIGKILL)
                    killed = horse
            elif job.state == NoteJobState.DONE:
                pytest.fail("The render finished before it could be killed.")
            time.sleep(0.005)
        assert killed is not None, "the render never started"
        # RQ saw its work horse die and scheduled the job again (with the retry's delay).
        registry = ScheduledJobRegistry(queue=queue)
        for _ in range(200):
            if job_id in registry.get_job_ids():
                break
            time.sleep(0.05)
        assert job_id in registry.get_job_ids()
    finally:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()  # report the hang without leaving a process behind
            worker.wait(30)
            raise

    # Nothing half done is recorded or served: the job is left "rendering", no version was
    # recorded, and no file under a stored name was added (a temporary file may be).
    job = _job(hearing_id)
    assert job.state == NoteJobState.RENDERING
    assert _notes(hearing_id) == notes_before
    added = files_in(folder) - files_before
    assert not {name for name in added if STORED_NAME.match(name)}

    # While the run might be alive the page says the note is being generated; once it is
    # older than JOBS_TIMEOUT, that it could not be, with the button to generate it again.
    hearing_row = _db.session.get(Hearing, hearing_id)
    with app.test_request_context("/"):
        assert note_status(hearing_row)["active"] is True
        configured(JOBS_TIMEOUT=0)
        shown = note_status(hearing_row)
        assert shown["active"] is False and shown["retry"] is True and shown["state"] == "failed"

    # The retry RQ scheduled: while the killed run might still be alive it waits ...
    configured(JOBS_MODE="inline", JOBS_TIMEOUT=3600)
    with pytest.raises(NoteStillRendering):
        render_note(hearing_id)
    # ... and once the run is older than JOBS_TIMEOUT, it takes the job over.
    configured(JOBS_TIMEOUT=0)
    render_note(hearing_id)
    job = _job(hearing_id)
    assert job.state == NoteJobState.DONE and job.note_id is not None
    assert _notes(hearing_id) == notes_before + 1
    note = _db.session.get(HearingNote, job.note_id)
    assert note is not None and note.full_stored_name
    data = (folder / note.full_stored_name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == note.full_sha256
    assert len(PdfReader(io.BytesIO(data)).pages) == note.pages
