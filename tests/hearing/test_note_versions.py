"""Stored versions of the hearing note, the job that renders them and its status.

Jobs run in-process after each commit here (no REDIS_URL); one test queues them on a real
Redis to show that quick edits in a row make one render.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from pypdf import PdfReader
from sqlalchemy import func, select

from core.i18n import datetime_with_zone
from core.models import User
from hearing.models.consolidation import HearingNote, HearingNoteJob
from hearing.queries.consolidation import groups_of, latest_note
from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing, recommend
from tests.web import login, post, text_of

CONFIDENTIAL = "Ledigheden halveres inden 2010"


def _pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _summary(client: FlaskClient, hearing: Any, text: str, revision: int) -> Any:
    return post(
        client,
        f"/hearings/{hearing.id}/consolidation/summaries/A1",
        {"sA1-text": text, "sA1-revision": str(revision)},
    )


def _versions(hearing: Any) -> int:
    from core.extensions import db

    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(HearingNote).where(HearingNote.hearing_id == hearing.id)
    )


def _job(hearing: Any) -> HearingNoteJob:
    from core.extensions import db

    db.session.expire_all()
    job = db.session.scalar(select(HearingNoteJob).where(HearingNoteJob.hearing_id == hearing.id))
    assert job is not None
    return job


@pytest.fixture
def hearing(db: Any) -> Any:
    found = consolidating_hearing()
    commit()
    return found


@pytest.fixture
def sek(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "sek@example.dk")
    return client


def test_each_change_stores_a_new_numbered_version_with_its_time_and_author(
    sek: FlaskClient, hearing: Any, db: Any
) -> None:
    assert latest_note(hearing) is None
    assert _summary(sek, hearing, "Udvalgene ønsker mål for ledigheden.", 0).status_code == 302

    first = latest_note(hearing)
    assert first is not None and first.number == 1 and not first.finalised
    assert first.full_stored_name and first.full_sha256 and first.content_sha256
    assert first.stored_name is None  # the public PDF is made for the final note only
    assert first.generated_by is not None and first.generated_by.email == "sek@example.dk"
    assert first.pages and first.pages >= 1
    job = _job(hearing)
    assert job.state == "done" and job.note_id == first.id and job.attempt == 1

    recommend_url = f"/hearings/{hearing.id}/consolidation/groups/{groups_of(hearing)[0].id}"
    group = groups_of(hearing)[0]
    response = post(
        sek,
        f"{recommend_url}/recommendation",
        {
            f"g{group.id}-outcome": "reject",
            f"g{group.id}-reasoning": "Forvaltningen er uenig.",
            f"g{group.id}-administration_comment": "",
            f"g{group.id}-revision": "0",
        },
    )
    assert response.status_code == 302
    second = latest_note(hearing)
    assert second is not None and second.number == 2
    assert second.content_sha256 != first.content_sha256
    assert second.generated_at >= first.generated_at

    old = sek.get(f"/hearings/{hearing.id}/note/versions/1.pdf")
    assert old.status_code == 200 and "Høringsnotat, version 1" in _pdf_text(old.data)
    new = sek.get(f"/hearings/{hearing.id}/note.pdf")
    assert new.status_code == 200 and new.mimetype == "application/pdf"
    text = _pdf_text(new.data)
    assert "Høringsnotat, version 2" in text and "Forvaltningen er uenig." in text
    assert CONFIDENTIAL in text  # the secretariat's PDF has every part
    assert sek.get(f"/hearings/{hearing.id}/note/versions/3.pdf").status_code == 404


def test_a_save_that_changes_nothing_makes_no_new_version(sek: FlaskClient, hearing: Any) -> None:
    _summary(sek, hearing, "Udvalgene ønsker mål for ledigheden.", 0)
    assert _versions(hearing) == 1
    # The same text saved again: the summary's revision moves, the note's content does not.
    assert _summary(sek, hearing, "Udvalgene ønsker mål for ledigheden.", 1).status_code == 302
    assert _versions(hearing) == 1
    job = _job(hearing)
    assert job.state == "done" and job.attempt == 2 and job.note_id == latest_note(hearing).id
    assert sek.get(f"/hearings/{hearing.id}/note.pdf").status_code == 200


def test_the_page_and_the_pdf_show_the_version_number_and_its_danish_time(
    app: Flask, sek: FlaskClient, hearing: Any
) -> None:
    _summary(sek, hearing, "Udvalgene ønsker mål for ledigheden.", 0)
    note = latest_note(hearing)
    assert note is not None
    with app.test_request_context(), force_locale("da"):
        when = datetime_with_zone(note.generated_at)  # e.g. "25. november 2026 kl. 02.10"
    assert " kl. " in when and not when.endswith(("CET", "CEST"))  # a Danish time, no zone

    page = text_of(sek.get(f"/hearings/{hearing.id}/note"))
    assert f"Høringsnotat, version 1, {when}" in page
    assert f"Version 1 af høringsnotatet ({when}) er klar." in page
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert "js/note-status.js" in page

    text = _pdf_text(sek.get(f"/hearings/{hearing.id}/note.pdf").data)
    assert f"Høringsnotat, version 1, {when}" in text
    workspace = text_of(sek.get(f"/hearings/{hearing.id}/consolidation"))
    assert f"Version 1 af høringsnotatet ({when}) er klar." in workspace


def test_the_status_endpoint_gives_the_state_and_version_to_the_secretariat_only(
    client: FlaskClient, hearing: Any
) -> None:
    path = f"/hearings/{hearing.id}/note/status"
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login(client, "buu@example.dk")
    assert client.get(path).status_code == 403
    post(client, "/logout")

    login(client, "sek@example.dk")
    before = client.get(path)
    assert before.status_code == 200 and before.headers["Cache-Control"] == "no-store"
    assert before.json is not None
    assert before.json["state"] == "none" and before.json["version"] is None
    assert before.json["retry"] is True and before.json["active"] is False
    assert before.json["message"] == "Høringsnotatet er ikke dannet endnu."

    _summary(client, hearing, "Udvalgene ønsker mål for ledigheden.", 0)
    after = client.get(path).json
    assert after is not None
    assert after["state"] == "done" and after["current"] is True and after["retry"] is False
    assert after["version"]["number"] == 1 and after["version"]["finalised"] is False
    assert after["version"]["pdf_url"] == f"/hearings/{hearing.id}/note/versions/1.pdf"
    assert after["message"].startswith("Version 1 af høringsnotatet (")


def test_a_failing_render_marks_the_job_failed_and_a_retry_stores_the_version(
    sek: FlaskClient, hearing: Any, configured: Any, tmp_path: Path, caplog: Any
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    configured(UPLOAD_FOLDER=str(blocker / "uploads"))  # cannot be created: a real failure

    assert _summary(sek, hearing, "Udvalgene ønsker mål for ledigheden.", 0).status_code == 302
    job = _job(hearing)
    assert job.state == "failed" and job.error and "NotADirectoryError" in job.error
    assert _versions(hearing) == 0  # no version without its stored PDF
    assert "Background job hearing.services.note_render.render_note failed." in caplog.text
    status = sek.get(f"/hearings/{hearing.id}/note/status").json
    assert status is not None and status["state"] == "failed" and status["retry"] is True
    assert status["message"].startswith("Høringsnotatet kunne ikke dannes.")
    pending = sek.get(f"/hearings/{hearing.id}/note.pdf")
    assert pending.status_code == 202 and "Høringsnotatet kunne ikke dannes." in text_of(pending)
    assert "Dan høringsnotatet" in text_of(pending)  # the retry button

    configured(UPLOAD_FOLDER=str(tmp_path / "uploads"))
    retried = post(sek, f"/hearings/{hearing.id}/note/render", {"back": "note"})
    assert retried.status_code == 302
    assert retried.headers["Location"].endswith(f"/hearings/{hearing.id}/note")
    job = _job(hearing)
    assert job.state == "done" and job.error is None and job.attempt == 2
    note = latest_note(hearing)
    assert note is not None and note.number == 1 and note.full_stored_name
    assert (tmp_path / "uploads" / note.full_stored_name).is_file()
    assert sek.get(f"/hearings/{hearing.id}/note.pdf").status_code == 200


def test_retrying_needs_the_secretariat_and_a_csrf_token(client: FlaskClient, hearing: Any) -> None:
    path = f"/hearings/{hearing.id}/note/render"
    login(client, "buu@example.dk")
    assert post(client, path).status_code == 403
    post(client, "/logout")
    login(client, "sek@example.dk")
    assert client.post(path, data={}).status_code == 400
    assert _versions(hearing) == 0


def test_finalising_stores_the_full_and_the_public_pdf_of_the_final_version(
    sek: FlaskClient, hearing: Any
) -> None:
    for group in groups_of(hearing):
        recommend(hearing, group, "reject")
    commit()
    assert post(sek, f"/hearings/{hearing.id}/consolidation/finalise").status_code == 302
    note = latest_note(hearing)
    assert note is not None and note.finalised and note.number == 1
    assert note.full_stored_name and note.stored_name and note.sha256 != note.full_sha256
    full = _pdf_text(sek.get(f"/hearings/{hearing.id}/note.pdf").data)
    public = _pdf_text(sek.get(f"/hearings/public/{hearing.id}/note.pdf").data)
    assert "Høringsnotat, version 1" in full and "(endeligt)" in full and CONFIDENTIAL in full
    assert "Høringsnotat, version 1" in public and CONFIDENTIAL not in public


@pytest.mark.redis
def test_quick_edits_in_a_row_queue_one_render_that_sees_them_all(
    app: Flask, sek: FlaskClient, hearing: Any, redis_jobs: Any
) -> None:
    from rq import SimpleWorker

    from core import jobs

    for revision, text in enumerate(("Første udkast.", "Andet udkast.", "Tredje udkast.")):
        assert _summary(sek, hearing, text, revision).status_code == 302
    assert jobs.queue(app).count == 1  # the first edit queued the job; the others joined it
    assert _job(hearing).state == "queued"
    status = sek.get(f"/hearings/{hearing.id}/note/status").json
    assert status is not None and status["active"] is True and status["current"] is False
    assert status["message"] == "En ny version af høringsnotatet venter på at blive dannet."
    assert sek.get(f"/hearings/{hearing.id}/note.pdf").status_code == 202

    SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app)).work(burst=True)

    assert _versions(hearing) == 1
    job = _job(hearing)
    assert job.state == "done" and job.attempt == 1
    text = _pdf_text(sek.get(f"/hearings/{hearing.id}/note.pdf").data)
    assert "Tredje udkast." in text and "Første udkast." not in text


@pytest.mark.redis
def test_a_change_while_rendering_queues_the_job_again(
    app: Flask, hearing: Any, db: Any, redis_jobs: Any
) -> None:
    """The overtaken run's updates change nothing; the next run renders the newer state."""
    from rq import SimpleWorker

    from core import jobs
    from hearing.services.note_render import _claim, _update
    from hearing.services.note_versions import request_note

    user = db.session.scalar(select(User).where(User.email == "sek@example.dk"))
    request_note(hearing, actor=user, now=hearing.deadline)
    db.session.commit()
    attempt = _claim(hearing.id)  # a worker starts rendering...
    assert attempt == 1 and _job(hearing).state == "rendering"
    request_note(hearing, actor=user, now=hearing.deadline)  # ...a change comes in
    db.session.commit()
    assert _job(hearing).state == "queued" and jobs.queue(app).count == 2
    _update(hearing.id, attempt, state="done")  # the overtaken run ends: no effect
    assert _job(hearing).state == "queued"

    SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app)).work(burst=True)
    job = _job(hearing)
    assert job.state == "done" and job.attempt == 2 and _versions(hearing) == 1
