"""The pages of personal data in Chromium, with axe-core, in both languages: the hearing's
retention date (also refused without a reason), and the administrator's user page with its
export link and the erasure confirmation (also refused without the box ticked)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import HEARING_PAGE, assert_accessible, log_in


def _english(page: Page, locale: str) -> None:
    if locale == "en":
        page.get_by_role("button", name="English").click()


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_retention_page_is_accessible(page: Page, site: str, locale: str) -> None:
    log_in(page, site, "sekretariat@example.dk")
    _english(page, locale)
    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile(r"BIU 227.2006")).first.click()
    page.wait_for_url(HEARING_PAGE)
    hearing = page.url.rstrip("/")
    assert_accessible(page)  # the dashboard with the retention date
    page.goto(f"{hearing}/retention")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator("form.app-form button[type=submit]").click()  # no reason
    expect(page.locator(".form-error").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_user_privacy_pages_are_accessible(page: Page, site: str, locale: str) -> None:
    log_in(page, site, "admin@example.dk")
    _english(page, locale)
    page.goto(f"{site}/admin/users")
    page.get_by_role("link", name="Karsten Kulturudvalg").click()
    page.wait_for_url(re.compile(r"/admin/users/\d+$"))
    user = page.url.rstrip("/")
    expect(page.get_by_role("button", name=re.compile(r"JSON"))).to_be_visible()
    assert_accessible(page)
    page.goto(f"{user}/erase")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator("form.app-form button[type=submit]").click()  # the box not ticked
    expect(page.locator(".form-error").first).to_be_visible()
    assert_accessible(page)
