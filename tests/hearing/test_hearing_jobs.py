"""Job records of the hearing workflow: the note and the archive package run as jobs with
progress; a failed job shows its error on the job page and is retried from there; one job
goes through the real Redis to an RQ worker."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.extensions import db as _db
from core.job_models import Job, JobState
from hearing.services.note_versions import request_note
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, consolidating_hearing
from tests.hearing.factories import secretariat
from tests.web import login, post, text_of


def _jobs(kind: str) -> list[Job]:
    _db.session.expire_all()
    return list(_db.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id)))


@pytest.fixture
def hearing(db: Any) -> Any:
    hearing = consolidating_hearing()
    commit()
    return hearing


@pytest.fixture
def sek(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "sek@example.dk")
    return client


def test_the_note_render_is_a_job_that_finishes_with_a_link_to_the_note(
    hearing: Any, sek: FlaskClient
) -> None:
    request_note(hearing, actor=secretariat(), now=LATER)
    commit()  # rendered in-process after the commit
    [job] = _jobs("hearing.note")
    assert job.state == JobState.FINISHED and job.progress == 100 and job.error is None
    assert job.subject_type == "Hearing" and job.subject_id == hearing.id
    assert job.started_by_id == secretariat().id and job.seconds is not None
    assert (job.result_endpoint, job.result_values) == ("hearing.note", {"hearing_id": hearing.id})
    page = text_of(sek.get(f"/jobs/{job.id}"))
    assert "Høringsnotat (PDF og Word)" in page and "Færdig" in page
    assert f'href="/hearings/{hearing.id}/note"' in page
    assert "data-job-refresh" not in page  # nothing left to wait for


def test_the_archive_package_is_packed_by_a_job_and_downloaded_from_its_page(
    hearing: Any, sek: FlaskClient
) -> None:
    answer = post(sek, f"/hearings/{hearing.id}/archive")
    [job] = _jobs("hearing.archive")
    assert answer.status_code == 303 and answer.location == f"/jobs/{job.id}"
    assert job.state == JobState.FINISHED
    assert [part["name"] for part in job.parts or []] == ["package"]
    page = text_of(sek.get(answer.location))
    link = f"/hearings/{hearing.id}/archive/jobs/{job.id}.zip"
    assert f'href="{link}"' in page
    package = sek.get(link)
    assert package.status_code == 200 and package.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(package.data)).namelist()
    assert "metadata.json" in names and "metadata.xml" in names
    # A finished job is not run again.
    refused = post(sek, f"/jobs/{job.id}/retry", follow_redirects=True)
    assert "Jobbet er færdigt; et færdigt job køres ikke igen." in text_of(refused)
    [after] = _jobs("hearing.archive")
    assert after.state == JobState.FINISHED and after.attempt == 1


def test_a_failed_job_shows_its_error_on_the_job_page_and_a_retry_succeeds(
    app: Flask, hearing: Any, sek: FlaskClient, configured: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the storage folder should be")
    storage = app.config["STORAGE_DIR"]
    configured(STORAGE_DIR=str(blocker / "storage"))  # cannot be created: a real failure
    post(sek, f"/hearings/{hearing.id}/archive")
    [job] = _jobs("hearing.archive")
    assert job.state == JobState.FAILED and job.finished_at is not None
    assert job.error and "NotADirectoryError" in job.error
    listed = text_of(sek.get("/jobs/?state=failed"))
    assert "Arkivpakke for en høring" in listed and "NotADirectoryError" in listed
    assert "Prøv igen" in listed  # the retry button
    assert "NotADirectoryError" not in text_of(sek.get("/jobs/?state=finished"))
    page = text_of(sek.get(f"/jobs/{job.id}"))
    assert "Jobbet mislykkedes" in page and "NotADirectoryError" in page

    configured(STORAGE_DIR=storage)  # the cause is fixed
    again = post(sek, f"/jobs/{job.id}/retry")
    assert again.status_code == 303
    [job] = _jobs("hearing.archive")
    assert job.state == JobState.FINISHED and job.error is None and job.attempt == 2
    assert "Jobbet blev sat i kø igen." in text_of(sek.get(f"/jobs/{job.id}"))


def test_a_running_job_shows_its_progress_and_refreshes_itself(
    hearing: Any, sek: FlaskClient, client: FlaskClient
) -> None:
    job = Job(
        kind="hearing.note", arguments={"hearing_id": hearing.id}, subject_type="Hearing",
        subject_id=hearing.id, subject_label=hearing.reference, state=JobState.RUNNING,
        progress=70, step="Writing the pages", step_values={}, attempt=1,
        created_at=LATER, started_at=LATER,
    )  # fmt: skip
    _db.session.add(job)
    commit()
    page = text_of(sek.get(f"/jobs/{job.id}"))
    assert '<progress id="job-progress" max="100" value="70"' in page
    assert "Siderne skrives" in page and 'data-job-refresh="2"' in page
    assert 'role="status"' in page
    post(sek, "/language", {"locale": "en", "next": "/"})
    english = text_of(sek.get(f"/jobs/{job.id}"))
    assert "Writing the pages" in english and "Running" in english
    listed = text_of(sek.get("/jobs/"))
    assert 'value="70"' in listed and 'data-job-refresh="2"' in listed
