"""The open-data files of a publication are stored by a job after the commit: the
publication itself makes none; until the job has stored them, a request makes the same
bytes from the snapshot; the job's page shows its progress, a failure and the retry; with
Redis the files wait for the RQ worker while the public site already serves them."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.editions import open_data
from barometer.editions import public_responses as pages
from barometer.models import Edition, EditionFile
from barometer.services import edition_jobs
from barometer.services import editions as svc
from core import background
from core.extensions import db as _db
from core.job_models import Job, JobState
from tests.barometer.edition_factories import NOW, make_draft, make_periods, publish
from tests.factories import commit, make_secretariat
from tests.web import login, post, text_of


def _jobs(kind: str = edition_jobs.OPEN_DATA) -> list[Job]:
    _db.session.expire_all()
    return list(_db.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id)))


def _stored(edition_id: int) -> dict[str, bytes]:
    _db.session.expire_all()
    rows = _db.session.scalars(select(EditionFile).where(EditionFile.edition_id == edition_id))
    return {row.name: row.content for row in rows if row.name in open_data.NAMES}


def _verify_package(files: dict[str, bytes]) -> None:
    """The data package's sizes and hashes are those of the files beside it."""
    package = json.loads(files[open_data.PACKAGE_NAME])
    for resource in package["resources"]:
        data = files[resource["path"]]
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_publishing_stores_no_file_and_its_job_stores_them_all_after_the_commit(
    db: Any,
) -> None:
    make_periods()
    edition = publish(make_draft())
    # When publish() returns, the job waits for the commit: the open-data builder has not
    # run in the publication's transaction (no row, whatever the timing).
    assert _db.session.scalar(select(EditionFile)) is None
    [job] = _db.session.scalars(select(Job).where(Job.kind == edition_jobs.OPEN_DATA))
    assert job.state == JobState.QUEUED and job.subject_id == edition.id
    commit()  # run in-process once the commit has handed its connection back

    [job] = _jobs()
    assert job.state == JobState.FINISHED and job.progress == 100 and job.error is None
    assert [part["name"] for part in job.parts or []] == list(open_data.NAMES)
    assert (job.result_endpoint, job.result_values) == (
        "barometer.public_edition", {"edition_id": edition.id},
    )  # fmt: skip
    files = _stored(edition.id)
    assert set(files) == set(open_data.NAMES)
    snapshot = json.loads(_db.session.get(Edition, edition.id).canonical_json)
    assert files == {name: data for name, _, data in open_data.documents(snapshot, edition.id)}
    assert files[open_data.JSON_NAME].decode() == edition.canonical_json
    _verify_package(files)


def test_a_file_asked_for_before_the_job_ran_has_the_bytes_the_job_stores(db: Any) -> None:
    make_periods()
    edition = publish(make_draft())
    before = {name: pages.open_data_file(edition.id, name) for name in open_data.NAMES}
    assert _db.session.scalar(select(EditionFile)) is None  # made, not stored
    commit()
    after = {name: pages.open_data_file(edition.id, name) for name in open_data.NAMES}
    assert _stored(edition.id) == {name: entry.body for name, entry in after.items() if entry}
    for name in open_data.NAMES:
        first, second = before[name], after[name]
        assert first is not None and second is not None
        assert (first.body, first.etag, first.content_type) == (
            second.body, second.etag, second.content_type,
        )  # fmt: skip
    assert pages.open_data_file(edition.id + 1, open_data.CSV_NAME) is None  # no edition


def test_a_failed_open_data_job_shows_its_error_and_a_retry_stores_the_files(
    client: FlaskClient, db: Any
) -> None:
    make_periods()
    make_secretariat()
    draft = make_draft()
    commit()
    background.start(
        svc.OPEN_DATA_JOB,
        {"edition_id": draft.id},
        subject=("Edition", draft.id),
        label=draft.title_da,
        actor=None,
        now=NOW,
    )  # not published: it fails
    commit()
    [job] = _jobs()
    assert job.state == JobState.FAILED and job.finished_at is not None
    assert job.error and "NotFound" in job.error
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/jobs/{job.id}"))
    assert "Udgavens åbne data (CSV, JSON, datapakke)" in page
    assert "Jobbet mislykkedes" in page and "NotFound" in page and "Prøv igen" in page

    publish(_db.session.get(Edition, draft.id))  # the cause is gone
    commit()
    again = post(client, f"/jobs/{job.id}/retry")
    assert again.status_code == 303
    first = next(j for j in _jobs() if j.id == job.id)
    assert first.state == JobState.FINISHED and first.error is None and first.attempt == 2
    assert set(_stored(draft.id)) == set(open_data.NAMES)
    shown = text_of(client.get(f"/jobs/{job.id}"))
    assert "Andre job på samme emne" in shown  # the publication's own open-data job
    assert f'href="/barometer/editions/{draft.id}/"' in shown


def _publish_through_the_page(client: FlaskClient) -> tuple[int, Any]:
    created = post(client, "/barometer/editions/new", {"period": "2007-H2", "version": "1"})
    draft_id = int(created.headers["Location"].split("/")[-2])
    page = text_of(client.get(f"/barometer/editions/{draft_id}/publish"))
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page)
    assert fingerprint
    done = post(client, f"/barometer/editions/{draft_id}/publish",
                {"fingerprint": fingerprint.group(1), "acknowledged": "y"})  # fmt: skip
    return draft_id, done


def test_without_a_report_the_publisher_lands_on_the_edition_and_the_job_is_listed(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    edition_id, done = _publish_through_the_page(client)
    [job] = _jobs()
    assert done.status_code == 302 and done.location == f"/barometer/editions/{edition_id}/"
    assert f'href="/jobs/{job.id}"' in client.get("/jobs/").get_data(as_text=True)
    shown = text_of(client.get(f"/jobs/{job.id}"))
    assert "Udgavens åbne data (CSV, JSON, datapakke)" in shown and "Færdig" in shown
    assert "Tid pr. del" in shown and "datapackage.json" in shown
    assert f'href="/barometer/editions/{edition_id}/"' in shown


@pytest.mark.redis
def test_with_redis_the_files_wait_for_the_worker_and_the_site_serves_them_meanwhile(
    app: Flask, client: FlaskClient, db: Any, configured: Any, redis_jobs: Any
) -> None:
    from rq import SimpleWorker

    from core import jobs

    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    edition_id, done = _publish_through_the_page(client)
    [job] = _jobs()
    assert done.location == f"/barometer/editions/{edition_id}/"
    assert job.state == JobState.QUEUED
    assert _stored(edition_id) == {}  # the request answered without making them
    assert "I kø" in text_of(client.get(f"/jobs/{job.id}"))
    base = f"/barometer/editions/{edition_id}/"
    early = {name: client.get(base + name) for name in open_data.NAMES}
    assert {r.status_code for r in early.values()} == {200}
    assert _stored(edition_id) == {}  # served, still not stored

    SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app)).work(burst=True)

    [job] = _jobs()
    assert job.state == JobState.FINISHED and job.progress == 100
    files = _stored(edition_id)
    late = {name: client.get(base + name) for name in open_data.NAMES}
    for name in open_data.NAMES:
        assert early[name].data == files[name] == late[name].data
        assert early[name].headers["ETag"] == late[name].headers["ETag"]
    _verify_package(files)


def test_an_edition_stored_before_the_tidy_file_existed_still_has_none(
    client: FlaskClient, db: Any
) -> None:
    make_periods()
    edition = publish(make_draft())
    # Stored as a publication before indicator-data.csv existed stored them: no tidy file,
    # and a data package that does not list it.
    files = {n: d for n, _, d in open_data.documents(edition.snapshot, edition.id)}
    del files[open_data.TIDY_CSV_NAME]
    files[open_data.PACKAGE_NAME] = open_data.datapackage(edition.snapshot, files)
    for name, data in files.items():
        svc.store_file(edition, name, open_data.CONTENT_TYPES[name], data, now=NOW)
    commit()  # the job finds the data package stored: nothing left to do
    [job] = _jobs()
    assert job.state == JobState.FINISHED and not job.parts
    assert _stored(edition.id) == files
    base = f"/barometer/editions/{edition.id}/"
    assert client.get(base + open_data.TIDY_CSV_NAME).status_code == 404
    assert client.get(base + open_data.CSV_NAME).data == files[open_data.CSV_NAME]
