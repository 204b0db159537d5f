"""The pages that change a hearing's course in Chromium, with axe-core, in both languages:
shortening the deadline (a refused date keeps what was typed and says why) and cancelling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import HEARING_PAGE, assert_accessible, log_in

SECRETARIAT = "sekretariat@example.dk"


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_course_change_pages_are_accessible(page: Page, site: str, locale: str) -> None:
    log_in(page, site, SECRETARIAT)
    if locale == "en":
        page.get_by_role("button", name="English").click()
    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile(r"BIU 12.2026")).first.click()
    page.wait_for_url(HEARING_PAGE)
    hearing = page.url.rstrip("/")
    assert_accessible(page)  # the dashboard with its new buttons

    page.goto(f"{hearing}/shorten")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator("form button[type=submit]").last.click()  # nothing filled in
    expect(page.locator(".form-error").first).to_be_visible()
    assert_accessible(page)  # the refused form, with its error summary

    page.goto(f"{hearing}/cancel")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
