"""The hearing note's rendering status in Chromium: starting the consolidation stores version
1 of the note; while a new version waits, the note page's live region says so, and
static/js/note-status.js updates it (without a reload) once the job has run. axe-core on
the page in both states."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from core.extensions import db
from hearing.demo.hearings import FIRST_REFERENCE
from hearing.models import Hearing
from hearing.models.consolidation import HearingNoteJob
from hearing.services.note_render import render_note
from tests.browser.conftest import assert_accessible, log_in

DEMO_UNTIL = 79  # the 2007 hearing closed and answered, not yet consolidated
SECRETARIAT = "sekretariat@example.dk"
READY = re.compile(r"Version 1 af høringsnotatet \(.+ kl\. .+\) er klar\.")


def test_the_note_page_follows_the_job_until_the_version_is_ready(
    page: Page, site: str, app: Flask
) -> None:
    log_in(page, site, SECRETARIAT)
    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile(r"BIU 227.2006")).first.click()
    page.get_by_role("button", name="Begynd behandlingen af høringssvarene").click()
    page.get_by_role("link", name="Åbn behandlingen af høringssvarene").click()
    status = page.get_by_role("status").filter(has_text="høringsnotatet")
    expect(status).to_have_text(READY)  # the job ran after the start was committed

    with app.app_context():
        hearing_id = db.session.scalar(
            select(Hearing.id).where(Hearing.reference == FIRST_REFERENCE)
        )
        # As if a change had been queued on RQ and no worker had taken it yet.
        db.session.execute(
            update(HearingNoteJob)
            .where(HearingNoteJob.hearing_id == hearing_id)
            .values(state="queued")
        )
        db.session.commit()

    page.goto(f"{site}/hearings/{hearing_id}/note")
    status = page.get_by_role("status")
    expect(status).to_have_text("En ny version af høringsnotatet venter på at blive dannet.")
    expect(page.get_by_role("link", name="Opdater")).to_be_visible()
    assert_accessible(page)

    with app.app_context():
        render_note(hearing_id)  # the worker takes it: nothing changed, version 1 stays

    expect(status).to_have_text(READY, timeout=15_000)  # polled, no reload
    expect(page.get_by_role("link", name="Opdater")).to_be_hidden()
    expect(page.get_by_role("link", name="Version 1 som PDF")).to_be_visible()
    assert_accessible(page)
