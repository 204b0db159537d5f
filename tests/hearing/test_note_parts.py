"""The hearing note for many bodies: rendered in parts (the body of the note, then the annex
a few bodies at a time), each part timed on the job, joined into one tagged PDF: every
part's text in one structure tree, the annex's bookmarks under the note's."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from flask import Flask
from sqlalchemy import select

from core.extensions import db as _db
from core.job_models import Job, JobState
from hearing.models.consolidation import HearingNoteJob
from hearing.services.note_versions import request_note
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, consolidating_hearing
from tests.hearing.factories import secretariat
from tests.pdf_structure import assert_tagged_pdf, structure_texts


def _text(data: bytes) -> str:
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext (poppler-utils) is missing"
    done = subprocess.run([tool, "-", "-"], input=data, capture_output=True, check=True)  # noqa: S603
    return " ".join(done.stdout.decode("utf-8").split())


@pytest.fixture
def parted_note(app: Flask, db: Any, configured: Any) -> tuple[Job, bytes]:
    configured(NOTE_PARTS_MIN_BODIES=2, NOTE_PART_BODIES=2)
    hearing = consolidating_hearing()
    commit()
    request_note(hearing, actor=secretariat(), now=LATER)
    commit()  # rendered in-process after the commit
    _db.session.expire_all()
    job = _db.session.scalar(select(Job).where(Job.kind == "hearing.note"))
    state = _db.session.scalar(
        select(HearingNoteJob).where(HearingNoteJob.hearing_id == hearing.id)
    )
    assert job is not None and state is not None and state.note is not None, job and job.error
    data = (Path(app.config["UPLOAD_FOLDER"]) / state.note.full_stored_name).read_bytes()
    return job, data


def test_a_note_for_many_bodies_is_joined_from_timed_parts_with_all_their_text(
    parted_note: tuple[Job, bytes],
) -> None:
    job, data = parted_note
    assert job.state == JobState.FINISHED
    names = [part["name"] for part in job.parts or []]
    # Four answering bodies, two a part: the body of the note and two parts of the annex.
    assert names == ["body", "annex BUU-IR", "annex TMU-ØU"]
    assert all(part["seconds"] > 0 for part in job.parts or [])
    text = _text(data)
    assert "Høringsnotat" in text and "Bilag: de offentlige høringssvar" in text
    for code in ("BUU", "IR", "TMU", "ØU"):
        assert f"{code} –" in text, code  # each body's response in the annex
    assert text.count("Bilag: de offentlige høringssvar") == 1
    # One tagged document: every page's content is in the one structure tree (or an artifact).
    assert_tagged_pdf(data, lang="da")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert all("/StructParents" in page.obj for page in pdf.pages)
        with pdf.open_outline() as outline:
            [note] = outline.root  # the annex's bookmarks sit under the note's title
            [annex] = [item for item in note.children if item.title.startswith("Bilag")]
            bodies = [str(item.title).split(" –")[0] for item in annex.children]
    assert bodies == ["BUU", "IR", "TMU", "ØU"]
    # A screen reader reaches every part's text through the structure tree, in order.
    structure = " ".join(structure_texts(data))
    positions = [structure.index(f"{code} – ") for code in ("BUU", "IR", "TMU", "ØU")]
    assert positions == sorted(positions)
    assert structure.index("Høringsnotat") < positions[0]
    # The annex's footer names the body on the page; the parts cannot count each other's pages.
    assert "Bilag: BUU –" in text and "Bilag: TMU –" in text


@pytest.mark.redis
def test_on_rq_the_parts_are_offered_to_other_workers_and_one_worker_renders_them_all(
    app: Flask, db: Any, configured: Any, redis_jobs: Any
) -> None:
    from rq import SimpleWorker

    from core import jobs

    configured(NOTE_PARTS_MIN_BODIES=2, NOTE_PART_BODIES=2)
    hearing = consolidating_hearing()
    commit()
    request_note(hearing, actor=secretariat(), now=LATER)
    commit()
    assert jobs.queue(app).count == 1
    # One worker: the note's job queues a job per part, renders every part itself (it claims
    # each first), and the part jobs that run after it find their part taken.
    SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app)).work(burst=True)
    _db.session.expire_all()
    job = _db.session.scalar(select(Job).where(Job.kind == "hearing.note"))
    assert job is not None and job.state == JobState.FINISHED, job and job.error
    assert [part["name"] for part in job.parts or []] == ["body", "annex BUU-IR", "annex TMU-ØU"]
    assert jobs.queue(app).count == 0
    assert not any((Path(app.config["STORAGE_DIR"]) / "note-parts").glob("*/*"))
