"""Done when: in Chromium the secretariat takes the demo's closed 2007 hearing from
consolidation to an approved version 2 of the catalogue, and a consultee sees what became of
its proposals. axe-core on every page; one step done with the keyboard alone."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_accessible, log_in

DEMO_UNTIL = 79  # the 2007 hearing closed and answered, not yet consolidated
SECRETARIAT = "sekretariat@example.dk"
CONSULTEE = "ir@example.dk"  # the Integration Council proposed three things

# What the administration recommends, by proposal type (the proposals to add an indicator
# lack the catalogue's fields, so they are rejected for now).
RECOMMEND = {
    "add_success_criterion": "accept",
    "add_indicator": "reject",
    "other": "out_of_scope",
}


def _group(page: Page, kind: str, target: str) -> Locator:
    return page.locator(f'section.app-group[data-target="{target}"][data-kind="{kind}"]')


def _consolidate(page: Page, site: str) -> None:
    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile(r"BIU 227.2006")).first.click()
    page.get_by_role("button", name="Begynd behandlingen af høringssvarene").click()
    page.get_by_role("link", name="Åbn behandlingen af høringssvarene").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BIU 227/2006")

    duplicates = _group(page, "add_success_criterion", "UDD-M3").locator("input[name=group_ids]")
    for n in range(duplicates.count()):
        duplicates.nth(n).check()
    page.get_by_role("button", name="Læg de afkrydsede grupper sammen").click()
    expect(page.get_by_text("Forslagene er lagt sammen i én gruppe.")).to_be_visible()
    expect(page.locator('section.app-group[data-target="UDD-M3"]')).to_have_count(1)

    groups = page.locator("section.app-group")
    total = groups.count()
    for n in range(total):
        group = groups.nth(n)
        kind = group.get_attribute("data-kind") or ""
        group.get_by_label("Indstilling").select_option(RECOMMEND.get(kind, "reject"))
        group.get_by_label("Begrundelse").fill(f"Forvaltningens begrundelse nr. {n + 1}.")
        group.get_by_role("button", name="Gem indstillingen").click()
        expect(page.get_by_text("Indstillingen er gemt.")).to_be_visible()
    assert total == 8  # nine proposals, two of them merged
    expect(page.locator("#progress strong")).to_have_text("9 af 9 forslag behandlet")
    assert_accessible(page)

    page.locator("#summary-UDD").get_by_label("Resumé").fill(
        "BUU og Integrationsrådet ønsker politikkens mål for ungdomsuddannelse med."
    )
    page.get_by_role("button", name="Gem resuméet").first.click()
    expect(page.get_by_text("Resuméet er gemt.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())  # "Gør høringsnotatet endeligt?"
    page.get_by_role("button", name="Gør høringsnotatet endeligt").click()
    expect(page.get_by_text("Høringsnotatet er endeligt.")).to_be_visible()


def _decide(page: Page) -> None:
    page.get_by_role("link", name="BIU 227/2006").first.click()
    page.get_by_role("link", name="Registrér udvalgets beslutning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Udvalgets beslutning")
    expect(page.get_by_label("Besluttende organ").locator("option:checked")).to_contain_text("BIU")
    page.get_by_label("Mødedato").fill("2007-04-18")
    page.get_by_label("Sagsnummer").fill("BIU 118/2007")
    for fieldset in page.locator("form fieldset[id^=decision-]").all():
        legend = fieldset.locator("legend").first.inner_text()
        outcome = fieldset.get_by_label("Udvalgets beslutning")
        if "UDD-M3" in legend:
            outcome.select_option("approved_with_change")
            fieldset.get_by_label("Målværdi", exact=True).fill("90")
        elif "SUN-01" in legend:
            outcome.select_option("rejected")
        else:
            outcome.select_option("approved")
    assert_accessible(page)
    page.get_by_role("button", name="Registrér beslutningen").click()


def _review_and_approve(page: Page, site: str) -> None:
    expect(page.get_by_text("Beslutningen er registreret.")).to_be_visible()
    expect(page.get_by_role("heading", name="Fra version 1 til version 2")).to_be_visible()
    added = page.locator("tr.app-diff-added")
    expect(added).to_have_count(3)  # the three approved success criteria, no more
    expect(added.filter(has_text="UDD-M3-S1")).to_contain_text("Mindst 85 pct. af en ungdoms")
    expect(added.filter(has_text="TRY-M2-S1")).to_contain_text("oplever diskrimination")
    expect(added.filter(has_text="KUL-M1-S1")).to_contain_text("foreningslivet")
    expect(page.locator("tr.app-diff-removed")).to_have_count(0)
    expect(page.locator("tr.app-diff-changed")).to_have_count(0)
    expect(page.get_by_text("SUN-01-S2")).to_have_count(0)  # rejected by the committee
    assert_accessible(page)

    page.goto(f"{site}/barometer/catalogue/versions/2")
    criterion = page.locator("li", has_text="Mindst 85 pct. af en ungdoms")
    expect(criterion).to_contain_text("Kommer fra høring BIU 227/2006, beslutning BIU 118/2007")
    page.get_by_role("link", name="Godkend", exact=True).click()
    page.locator("#decision_text").fill("BIU 118/2007")
    page.locator("#decision_date").fill("2007-04-18")
    page.get_by_label("Jeg bekræfter, at versionen er godkendt").check()
    assert_accessible(page)
    page.get_by_role("button", name="Godkend versionen").click()
    expect(page.get_by_text("Version 2 er godkendt.")).to_be_visible()
    expect(page.locator(".app-facts")).to_contain_text("Godkendt")
    expect(page.locator(".app-facts")).to_contain_text("BIU 118/2007, 18. april 2007")
    assert_accessible(page)

    page.locator(".app-origin a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    expect(page.get_by_text("BIU, 18. april 2007, BIU 118/2007").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/barometer/catalogue/versions/1")
    expect(page.locator(".app-facts")).to_contain_text("Erstattet")


def _follow_the_fate_link_with_the_keyboard(page: Page) -> None:
    link = page.get_by_role("link", name=re.compile("Hvad blev der af vores forslag"))
    expect(link).to_have_count(1)
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the link to what became of the proposals")
    page.keyboard.press("Enter")


def test_the_secretariat_takes_the_hearing_to_version_2_and_a_consultee_sees_the_outcome(
    page: Page, site: str
) -> None:
    log_in(page, site, SECRETARIAT)
    _consolidate(page, site)
    _decide(page)
    _review_and_approve(page, site)
    page.get_by_role("button", name="Log ud").click()

    log_in(page, site, CONSULTEE)
    page.get_by_role("link", name="Mine høringer").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine høringer")
    assert_accessible(page)
    _follow_the_fate_link_with_the_keyboard(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvad blev der af forslagene fra IR")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    criterion = rows.filter(has_text="85 procent af de unge")
    expect(criterion).to_contain_text("Tiltrædes")
    expect(criterion).to_contain_text("Tiltrådt med ændring")
    expect(criterion).to_contain_text("UDD-M3")
    expect(criterion).to_contain_text("90")
    safety = rows.filter(has_text="oplever diskrimination")
    expect(safety).to_contain_text("Tiltrådt som indstillet")
    expect(safety).to_contain_text("TRY-M2")
    indicator = rows.filter(has_text="Andel ledere med anden etnisk baggrund")
    expect(indicator).to_contain_text("Afvises")
    expect(indicator).to_contain_text("Afvist, som indstillet")
    assert_accessible(page)
