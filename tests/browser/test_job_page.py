"""The job page in Chromium: a failed job's error, the retry button reached and pressed with
the keyboard, and axe-core on the job page and a job's page in both languages."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect

from core.clock import utcnow
from core.extensions import db
from core.job_models import Job, JobState
from tests.browser.conftest import assert_accessible, log_in

SECRETARIAT = "sekretariat@example.dk"


def _failed_job(app: Flask) -> int:
    with app.app_context():
        now = utcnow()
        job = Job(
            kind="hearing.archive", arguments={"hearing_id": 999999}, subject_type="Hearing",
            subject_id=999999, subject_label="BIU 1/2099 En høring der er væk",
            state=JobState.FAILED, progress=10, attempt=1, error="RuntimeError: disken er fuld",
            created_at=now, started_at=now, finished_at=now,
        )  # fmt: skip
        db.session.add(job)
        db.session.commit()
        return int(job.id)


def test_the_job_page_shows_a_failed_job_and_retries_it_from_the_keyboard(
    page: Page, site: str, app: Flask
) -> None:
    job_id = _failed_job(app)
    log_in(page, site, SECRETARIAT)
    page.goto(f"{site}/jobs/?state=failed")
    expect(page.get_by_role("heading", name="Job", exact=True)).to_be_visible()
    expect(page.get_by_text("RuntimeError: disken er fuld")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/jobs/{job_id}")
    expect(page.get_by_role("alert")).to_contain_text("Jobbet mislykkedes")
    assert_accessible(page)
    retry = page.get_by_role("button", name="Prøv igen")
    retry.focus()
    page.keyboard.press("Enter")
    # Run again in-process: the hearing is gone, so it fails again with the new error.
    expect(page.get_by_text("Jobbet blev sat i kø igen.")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Hearing 999999 has no archive package")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("alert")).to_contain_text("The job failed")
    assert_accessible(page)
    page.goto(f"{site}/jobs/")
    expect(page.get_by_role("heading", name="Jobs", exact=True)).to_be_visible()
    assert_accessible(page)


def _finished_jobs(app: Flask, number: int) -> None:
    with app.app_context():
        now = utcnow()
        for n in range(number):
            db.session.add(
                Job(
                    kind="hearing.note", arguments={}, subject_type="Hearing", subject_id=999998,
                    subject_label=f"BIU {n}/2099", state=JobState.FINISHED, progress=100,
                    attempt=1, created_at=now, started_at=now, finished_at=now,
                )
            )  # fmt: skip
        db.session.commit()


def test_the_job_page_pages_through_many_jobs_and_keeps_the_filter(
    page: Page, site: str, app: Flask
) -> None:
    _finished_jobs(app, 30)
    log_in(page, site, SECRETARIAT)
    page.goto(f"{site}/jobs/?state=finished")
    pages = page.get_by_role("navigation", name="Sider af joblisten")
    expect(pages).to_be_visible()
    assert_accessible(page)
    pages.get_by_role("link", name="Næste side").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "state=finished" in page.url
    expect(page.get_by_label("Status")).to_have_value("finished")
    assert_accessible(page)


def _removed_package_job(app: Flask) -> tuple[int, int]:
    """A finished archive job of a demo hearing whose stored package is gone."""
    from sqlalchemy import select

    from hearing.models import Hearing
    from hearing.workflow import HearingState

    with app.app_context():
        hearing = db.session.scalars(
            select(Hearing).where(Hearing.state == HearingState.DECIDED).order_by(Hearing.id)
        ).first()
        assert hearing is not None
        now = utcnow()
        job = Job(
            kind="hearing.archive", arguments={"hearing_id": hearing.id}, subject_type="Hearing",
            subject_id=hearing.id, subject_label=hearing.reference, state=JobState.FINISHED,
            progress=100, attempt=1, created_at=now, started_at=now, finished_at=now,
            result_endpoint="hearing.archive_download",
        )  # fmt: skip
        db.session.add(job)
        db.session.flush()
        job.result_values = {"hearing_id": hearing.id, "job_id": job.id}
        db.session.commit()
        return int(hearing.id), int(job.id)


def test_a_removed_archive_package_says_so_and_is_packed_again_from_the_keyboard(
    page: Page, site: str, app: Flask
) -> None:
    hearing_id, job_id = _removed_package_job(app)
    log_in(page, site, SECRETARIAT)
    page.goto(f"{site}/jobs/{job_id}")
    expect(page.locator("#job-result-gone")).to_contain_text("Resultatet gemmes ikke længere")
    assert_accessible(page)
    page.goto(f"{site}/hearings/{hearing_id}/archive/jobs/{job_id}.zip")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arkivpakken gemmes ikke længere")
    assert_accessible(page)
    again = page.get_by_role("button", name="Pak arkivpakken igen")
    again.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    assert not page.url.endswith(f"/jobs/{job_id}")
    expect(page.get_by_role("link", name="Åbn resultatet")).to_be_visible()
