"""Job records of the barometer: publishing stores the open data and renders the reports
in jobs the secretariat follows; a measurement import over IMPORT_JOB_ROWS runs as a job
(in-process and on RQ)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.models import Edition, EditionFile, Measurement, MeasurementPeriod
from core.extensions import db as _db
from core.job_models import Job, JobState
from tests.barometer.edition_factories import make_periods
from tests.barometer.factories import administration
from tests.barometer.reading_factories import make_period, make_reading_catalogue
from tests.factories import commit, make_data_contact, make_secretariat
from tests.web import login, post, text_of

ROWS = "\ufeffPeriode;Indikatorkode;Værdi;Begrundelse for rettelse\r\n"


def _jobs(kind: str) -> list[Job]:
    _db.session.expire_all()
    return list(_db.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id)))


def _publish_through_the_pages(client: FlaskClient, configured: Any) -> tuple[int, Any]:
    """The secretariat makes the 2007-H2 edition and publishes it (with its reports)."""
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=True)
    make_periods()
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    created = post(client, "/barometer/editions/new", {"period": "2007-H2", "version": "1"})
    draft_id = int(created.headers["Location"].split("/")[-2])
    page = text_of(client.get(f"/barometer/editions/{draft_id}/publish"))
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page)
    assert fingerprint
    done = post(client, f"/barometer/editions/{draft_id}/publish",
                {"fingerprint": fingerprint.group(1), "acknowledged": "y"})  # fmt: skip
    return draft_id, done


def test_publishing_renders_the_reports_in_a_job_whose_page_links_to_the_edition(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    draft_id, done = _publish_through_the_pages(client, configured)
    [job] = _jobs("edition.report")
    assert done.status_code == 302 and done.location == f"/jobs/{job.id}"
    assert job.state == JobState.FINISHED and job.subject_id == draft_id
    assert [part["name"] for part in job.parts or []] == ["report-da.pdf", "report-en.pdf"]
    names = set(
        db.session.scalars(select(EditionFile.name).where(EditionFile.edition_id == draft_id))
    )
    assert {"report-da.pdf", "report-en.pdf"} <= names
    shown = text_of(client.get(done.location))
    assert "Udgavens rapport (PDF)" in shown and "Tid pr. del" in shown
    [open_data] = _jobs("edition.open_data")  # the publication's other job, linked from here
    assert open_data.state == JobState.FINISHED and open_data.subject_id == draft_id
    assert "Andre job på samme emne" in shown and f'href="/jobs/{open_data.id}"' in shown
    assert f'href="/barometer/editions/{draft_id}/"' in shown
    assert db.session.get(Edition, draft_id).is_published
    # Working in English, the result is the English public page, as when publishing
    # without a report; a staff result (the job list's other links) takes no language.
    post(client, "/language", {"locale": "en"})
    shown = text_of(client.get(done.location))
    assert f'href="/barometer/editions/{draft_id}/?lang=en"' in shown


@pytest.fixture
def contact(client: FlaskClient, db: Any, configured: Any) -> FlaskClient:
    configured(IMPORT_JOB_ROWS=2)
    make_reading_catalogue()
    make_period("2007-H1")
    make_data_contact(administration("BIF"), "bif@example.dk")
    commit()
    login(client, "bif@example.dk")
    return client


def _confirm_large_import(client: FlaskClient) -> Any:
    data = (ROWS + "2007-H1;A1-M1-I1;46,9;\r\n2007-H1;A1-M1-I2;51,2").encode()
    upload = {"file": (io.BytesIO(data), "v.csv")}
    path = "/barometer/measurements/2007-H1/import"
    preview = post(client, path, upload, content_type="multipart/form-data")
    assert preview.status_code == 200, text_of(preview)[:2000]
    token = text_of(preview).split('name="token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    return post(client, "/barometer/measurements/2007-H1/import/confirm", {"token": token})


def _values() -> dict[str, Decimal | None]:
    _db.session.expire_all()
    rows = _db.session.execute(
        select(Measurement.indicator_code, Measurement.value)
        .join(MeasurementPeriod)
        .where(MeasurementPeriod.code == "2007-H1")
    )
    return {str(code): value for code, value in rows}


def test_an_import_over_the_threshold_runs_as_a_job_its_starter_follows(
    contact: FlaskClient,
) -> None:
    answer = _confirm_large_import(contact)
    [job] = _jobs("measurements.import")
    assert answer.status_code == 303 and answer.location == f"/jobs/{job.id}"
    assert job.state == JobState.FINISHED, job.error
    assert _values() == {"A1-M1-I1": Decimal("46.9"), "A1-M1-I2": Decimal("51.2")}
    page = text_of(contact.get(answer.location))  # the data contact started it
    assert "Import af målinger" in page and 'href="/barometer/measurements/2007-H1/"' in page
    assert "Prøv igen" not in page
    assert contact.get("/jobs/").status_code == 403  # the job page is the secretariat's


@pytest.mark.redis
def test_an_import_job_goes_to_redis_and_an_rq_worker_runs_it(
    app: Flask, contact: FlaskClient, redis_jobs: Any
) -> None:
    from rq import SimpleWorker

    from core import jobs

    _confirm_large_import(contact)
    [job] = _jobs("measurements.import")
    assert job.state == JobState.QUEUED and jobs.queue(app).count == 1
    assert _values() == {}
    page = text_of(contact.get(f"/jobs/{job.id}"))
    assert "I kø" in page and 'data-job-refresh="2"' in page

    SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app)).work(burst=True)

    [job] = _jobs("measurements.import")
    assert job.state == JobState.FINISHED and job.progress == 100
    assert _values() == {"A1-M1-I1": Decimal("46.9"), "A1-M1-I2": Decimal("51.2")}


@pytest.mark.redis
def test_a_report_not_stored_yet_is_never_rendered_in_the_request(
    app: Flask, client: FlaskClient, db: Any, configured: Any, redis_jobs: Any
) -> None:
    """With the report job still queued, report.pdf answers 503 with Retry-After and a page
    in the reader's language (a large report takes minutes); once a worker has stored it,
    the stored PDF is served."""
    from rq import SimpleWorker

    from core import jobs

    draft_id, _ = _publish_through_the_pages(client, configured)
    [job] = _jobs("edition.report")
    assert job.state == JobState.QUEUED

    waiting = client.get(f"/barometer/editions/{draft_id}/report.pdf")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "60"
    assert waiting.mimetype == "text/html" and "no-store" in waiting.headers["Cache-Control"]
    assert "Rapporten bliver lavet" in waiting.get_data(as_text=True)
    english = client.get(f"/barometer/editions/{draft_id}/report.pdf?lang=en")
    assert english.status_code == 503 and "The report is being made" in english.get_data(True)
    names = set(db.session.scalars(select(EditionFile.name)))
    assert "report-da.pdf" not in names  # nothing was rendered or stored by the requests

    SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app)).work(burst=True)
    assert _jobs("edition.report")[0].state == JobState.FINISHED
    served = client.get(f"/barometer/editions/{draft_id}/report.pdf")
    assert served.status_code == 200 and served.data.startswith(b"%PDF")
