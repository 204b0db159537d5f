"""A draft's attachment in Chromium: a member attaches a PDF, then makes it confidential on
its own page (a reason is required), with axe-core on that page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.factories import blank_pdf


def _open_response(page: Page, site: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Mine høringer"
    ).click()
    page.get_by_role("link", name=re.compile("BIU 12.2026")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringssvar fra")


def test_a_member_marks_an_attachment_confidential(page: Page, site: str) -> None:
    log_in(page, site, "buu@example.dk")
    _open_response(page, site)
    pdf = blank_pdf()
    page.get_by_label("Vedhæft en PDF").set_input_files(
        files=[{"name": "bilag.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Gem og vedhæft filen").click()
    expect(page.locator("#attachments")).to_contain_text("bilag.pdf")
    page.get_by_role("button", name="Ret fortroligheden af bilag.pdf").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bilag.pdf")
    assert_accessible(page)
    page.get_by_role("checkbox", name="Bilaget er fortroligt").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".app-flashes")).to_contain_text("Angiv begrundelsen")
    expect(page.get_by_role("checkbox", name="Bilaget er fortroligt")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Hvorfor bilaget er fortroligt").fill("Personoplysninger om en borger.")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("#attachments")).to_contain_text("fortrolig")
