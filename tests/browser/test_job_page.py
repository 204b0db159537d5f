"""The job page in Chromium: a failed job's error, the retry button reached and pressed with
the keyboard, and axe-core on the job page and a job's page in both languages."""

from __future__ import annotations

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
