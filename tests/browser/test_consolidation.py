"""Consolidation in Chromium with axe-core on every page: the secretariat starts the
consolidation of the 2007 hearing, sees the workspace (outcomes, matrix, proposals), merges
the duplicates, recommends, reads the note and opens the decision form."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

DEMO_UNTIL = 79  # the 2007 hearing closed and answered, not yet consolidated
SECRETARIAT = "sekretariat@example.dk"


def test_the_secretariat_consolidates_the_2007_hearing(page: Page, site: str) -> None:
    log_in(page, site, SECRETARIAT)
    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile(r"BIU 227.2006")).first.click()
    page.get_by_role("button", name="Begynd behandlingen af høringssvarene").click()
    page.get_by_role("link", name="Åbn behandlingen af høringssvarene").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Behandling af høringssvar: BIU 227/2006")
    expect(page.get_by_text(re.compile(r"0 af \d+ forslag behandlet"))).to_be_visible()
    decision_url = page.url.split("#")[0].replace("/consolidation", "/decision")
    assert_accessible(page)

    workspace = page.url.split("#")[0]
    # The duplicates are brought together by filtering the groups on their goal.
    page.get_by_label("Forslag til mål eller indikator").select_option("UDD-M3")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.wait_for_url(re.compile(r"target=UDD-M3"))
    duplicates = page.locator(
        'section[data-target="UDD-M3"][data-kind="add_success_criterion"] input[name=group_ids]'
    )
    assert duplicates.count() == 2
    for n in range(2):
        duplicates.nth(n).check()
    page.get_by_role("button", name="Læg de afkrydsede grupper sammen").click()
    expect(page.get_by_text("Forslagene er lagt sammen i én gruppe.")).to_be_visible()
    assert_accessible(page)

    first = page.locator("section.app-group").first
    first.get_by_label("Indstilling").select_option("reject")
    first.get_by_label("Begrundelse").fill("Forvaltningen er uenig.")
    first.get_by_role("button", name="Gem indstillingen").click()
    expect(page.get_by_text("Indstillingen er gemt.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"[1-9]\d* af \d+ forslag behandlet"))).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())  # "Gør høringsnotatet endeligt?"
    page.get_by_role("button", name="Gør høringsnotatet endeligt").click()
    expect(page.get_by_text(re.compile("ubehandlede forslag"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Læs høringsnotatet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringsnotat")
    assert_accessible(page)

    page.goto(decision_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Udvalgets beslutning")
    assert_accessible(page)

    # A goal of the coverage matrix opens every body's assessment, in both languages.
    for button, heading in ((None, "Dækning af mål"), ("English", "Coverage of goal")):
        page.goto(workspace)
        if button:
            page.get_by_role("button", name=button).click()
        assert_accessible(page)
        page.locator("#matrix ~ div table tbody th a").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)
