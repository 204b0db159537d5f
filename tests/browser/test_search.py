"""Searching the hearing list and filtering a hearing's responses in Chromium, by keyboard,
in both languages, with axe-core on the filtered pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import HEARING_PAGE, assert_accessible, log_in

SECRETARIAT = "sekretariat@example.dk"


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_secretariat_searches_and_filters_by_keyboard(
    page: Page, site: str, locale: str
) -> None:
    log_in(page, site, SECRETARIAT)
    if locale == "en":
        page.get_by_role("button", name="English").click()
    words = {
        "da": ("Søg", "Status", "Vis alle høringer", "Svar", "Filtrer", "Har ikke svaret"),
        "en": ("Search", "State", "Show all hearings", "Answer", "Filter", "Has not answered"),
    }[locale]
    search, state, show_all, answer, filter_, unanswered = words
    page.goto(f"{site}/hearings/")
    rows = page.locator("table tbody tr")
    everything = rows.count()
    assert everything >= 2
    page.get_by_label(search, exact=True).focus()
    page.keyboard.type("227/2006")
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("BIU 227/2006")
    expect(page.get_by_role("status")).to_contain_text(str(everything))
    assert_accessible(page)
    page.get_by_role("link", name=show_all).click()
    expect(rows).to_have_count(everything)

    page.get_by_label(state).select_option(index=1)  # the first state after "all"
    page.get_by_role("button", name=search, exact=True).click()
    assert_accessible(page)

    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile(r"BIU 227.2006")).first.click()
    page.wait_for_url(HEARING_PAGE)
    hearing = page.url.rstrip("/")
    page.goto(f"{hearing}/responses")
    bodies = page.locator("h2")
    consulted = bodies.count()
    page.get_by_label(answer, exact=True).select_option(label=unanswered)
    page.get_by_role("button", name=filter_).click()
    expect(page.get_by_role("status")).to_contain_text(str(consulted))
    assert bodies.count() < consulted
    assert_accessible(page)
