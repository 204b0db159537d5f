"""The pages that say "not while you wait" in Chromium: a report its job has not stored
yet, and the archive package of a hearing too large to pack in the request. Each passes
axe-core in both languages and leads on by keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from barometer.models import Edition, EditionFile
from core.clock import utcnow
from core.extensions import db
from core.job_models import Job, JobState
from hearing.models.consolidation import Decision
from tests.browser.conftest import assert_accessible, log_in

SECRETARIAT = "sekretariat@example.dk"


def _report_not_stored_yet(app: Flask) -> int:
    """The latest edition as just published: its report job queued, no report stored."""
    with app.app_context():
        edition_id = db.session.scalar(
            select(Edition.id).where(Edition.published_at.is_not(None)).order_by(Edition.id.desc())
        )
        assert edition_id is not None
        db.session.execute(
            delete(EditionFile).where(
                EditionFile.edition_id == edition_id,
                EditionFile.name.in_(("report-da.pdf", "report-en.pdf")),
            )
        )
        now = utcnow()
        job = Job(
            kind="edition.report", arguments={"edition_id": edition_id},
            subject_type="Edition", subject_id=edition_id, subject_label="Udgave",
            state=JobState.QUEUED, progress=0, attempt=0, created_at=now,
        )  # fmt: skip
        db.session.add(job)
        db.session.commit()
        return int(edition_id)


def test_a_report_being_made_says_so_in_both_languages(page: Page, site: str, app: Flask) -> None:
    edition_id = _report_not_stored_yet(app)
    page.goto(f"{site}/barometer/editions/{edition_id}/report.pdf")
    expect(page.get_by_role("heading", name="Rapporten bliver lavet")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{site}/barometer/editions/{edition_id}/report.pdf?lang=en")
    expect(page.get_by_role("heading", name="The report is being made")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name="To the integration barometer")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/barometer/?lang=en")


@pytest.fixture
def small_inline_limit(app: Flask) -> Iterator[None]:
    before = app.config["ARCHIVE_INLINE_MAX_BODIES"]
    app.config["ARCHIVE_INLINE_MAX_BODIES"] = 1
    yield
    app.config["ARCHIVE_INLINE_MAX_BODIES"] = before


def test_a_large_hearing_s_archive_package_is_offered_as_a_job_from_the_keyboard(
    page: Page, site: str, app: Flask, small_inline_limit: None
) -> None:
    with app.app_context():
        hearing_id = db.session.scalar(select(Decision.hearing_id).limit(1))
    assert hearing_id is not None
    log_in(page, site, SECRETARIAT)
    page.goto(f"{site}/hearings/{hearing_id}/decision")
    expect(page.get_by_role("link", name="Høringens arkivpakke (ZIP)")).to_have_count(0)
    page.goto(f"{site}/hearings/{hearing_id}/archive.zip")
    expect(page.get_by_role("heading", name="Arkivpakken pakkes i baggrunden")).to_be_visible()
    assert_accessible(page)
    button = page.get_by_role("button", name="Pak arkivpakken")
    button.focus()
    page.keyboard.press("Enter")
    # Without Redis the job runs in this process after the commit.
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"), timeout=120_000)
    page.get_by_role("button", name="English").click()
    page.goto(f"{site}/hearings/{hearing_id}/archive.zip")
    expect(
        page.get_by_role("heading", name="The archive package is packed in the background")
    ).to_be_visible()
    assert_accessible(page)
