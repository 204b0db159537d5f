"""The secretariat's catalogue journey in the browser, with axe on every page it visits.

Open the demo's version 1, make a draft, change an indicator, add a success criterion,
see the diff, approve version 2 and download the overview table for both versions.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

# Bodies, users and catalogue version 1 only: the open hearing's draft would take the
# policy's one draft slot that this journey needs.
DEMO_UNTIL = 39


def _download(page: Page, link: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link, exact=True).first.click()
    download = info.value
    assert download.failure() is None
    return download.suggested_filename


def test_the_secretariat_makes_and_approves_version_2(page: Page, site: str) -> None:
    log_in(page, site, "sekretariat@example.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Katalog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Katalog over mål, indikatorer og succeskriterier"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Koncept for integrationsbarometer"
    )
    expect(page.get_by_text("Illustrative demodata").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Oversigtsskema", exact=True).click()
    expect(page.get_by_role("table")).to_contain_text("Succeskriterier (kolonne 2)")
    assert_accessible(page)
    page.go_back()

    page.goto(f"{site}/barometer/catalogue/")
    page.get_by_label("Den nye versions betegnelse").fill("Version efter høringen")
    page.get_by_role("button", name="Opret en kladde til næste version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 2")

    page.get_by_role("link", name="Ret BES-01", exact=True).click()
    name = page.get_by_label("Navn på dansk")
    name.fill("")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Formularen indeholder fejl. Intet blev gemt.")).to_be_visible()
    expect(name).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    name.fill("Beskæftigelsesfrekvens for 16-64-årige, ændret efter høringen")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Indikatoren er gemt.")).to_be_visible()

    page.get_by_role("link", name="Nyt succeskriterium BES-01", exact=True).click()
    page.locator("#text").fill("Mindst 52 % i beskæftigelse senest 2010")
    page.get_by_label("Målværdi").fill("52,0")
    page.get_by_label("Målperiode").fill("2010-H2")
    page.get_by_label("Politisk beslutning").fill("BIU 40/2007")
    page.get_by_label("Beslutningens dato").fill("2007-04-18")
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Succeskriteriet er tilføjet.")).to_be_visible()

    page.get_by_role("link", name="Ændringer siden version 1").click()
    expect(page.get_by_role("heading", name="Indikatorer")).to_be_visible()
    expect(page.get_by_text("Mindst 52 % i beskæftigelse senest 2010")).to_be_visible()
    expect(page.get_by_text("Tilføjet").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/barometer/catalogue/versions/2")
    page.get_by_role("link", name="Godkend", exact=True).click()
    page.locator("#decision_text").fill("BIU 40/2007")
    page.locator("#decision_date").fill("2007-04-18")
    page.get_by_label("Jeg bekræfter, at versionen er godkendt").check()
    assert_accessible(page)
    page.get_by_role("button", name="Godkend versionen").click()
    expect(page.get_by_text("Version 2 er godkendt.")).to_be_visible()

    for number in (1, 2):
        page.goto(f"{site}/barometer/catalogue/versions/{number}")
        assert _download(page, "Oversigtsskema som PDF") == f"oversigtsskema-version-{number}.pdf"
        assert (
            _download(page, "Oversigtsskema som regneark (XLSX)")
            == f"oversigtsskema-version-{number}.xlsx"
        )
    page.goto(f"{site}/barometer/catalogue/")
    expect(page.get_by_text("Erstattet").first).to_be_visible()


def test_a_consultee_reads_the_approved_version_without_edit_links(page: Page, site: str) -> None:
    log_in(page, site, "kfu@example.dk")
    page.goto(f"{site}/barometer/catalogue/versions/1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 1")
    expect(page.get_by_role("link", name="Ret BES-01", exact=True)).to_have_count(0)
    assert_accessible(page)
