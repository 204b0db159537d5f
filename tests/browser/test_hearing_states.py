"""The pages of hearing states and the secretariat's tools in Chromium, with axe-core: the
recorded decision read-only, a state refusal, the overlap warning's neighbours (remind,
extend several) and a member's calendar link."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import HEARING_PAGE, assert_accessible, log_in

SECRETARIAT = "sekretariat@example.dk"


def _open(page: Page, site: str, reference: str) -> str:
    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile(reference.replace("/", "."))).first.click()
    page.wait_for_url(HEARING_PAGE)
    return page.url.rstrip("/")


def test_the_secretariat_sees_states_and_tools(page: Page, site: str) -> None:
    log_in(page, site, SECRETARIAT)
    decided = _open(page, site, "BIU 227/2006")
    page.goto(f"{decided}/decision")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Udvalgets beslutning")
    expect(page.get_by_text("Den kan ikke længere ændres.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{decided}/responses/register")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ikke muligt i høringens nuværende fase"
    )
    assert_accessible(page)

    open_hearing = _open(page, site, "BIU 12/2026")
    expect(page.get_by_role("button", name="Påmind alle, der ikke har svaret")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Forlæng fristen for flere parter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forlæng fristen for flere parter")
    assert_accessible(page)
    page.goto(f"{open_hearing}/consolidation")
    expect(page.get_by_text(re.compile("Høringen er åben for høringssvar indtil"))).to_be_visible()
    assert_accessible(page)


def test_a_member_finds_the_calendar_link(page: Page, site: str) -> None:
    log_in(page, site, "buu@example.dk")
    _open(page, site, "BIU 12/2026")
    link = page.get_by_role("link", name=re.compile("til din kalender"))
    expect(link).to_be_visible()
    assert_accessible(page)
