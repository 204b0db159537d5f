"""The secretariat adopts the 2011-2014 policy with its first version while 2010-H2 is still
measured on the old one: every page shows each period on its own version in force.
axe-core on the pages of versions in force, the locked draft and the readings."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

# Versions 1 and 2 of the 2007-2010 policy, the open hearing on its draft version 3, the
# periods 2007-H1..2011-H2 with their measurements; not yet the 2011-2014 policy.
DEMO_UNTIL = 87


def test_the_secretariat_adopts_the_next_policy_and_each_period_keeps_its_version(
    page: Page, site: str
) -> None:
    log_in(page, site, "sekretariat@example.dk")

    # The draft consulted in the open hearing says so and offers no change.
    page.goto(f"{site}/barometer/catalogue/versions/3")
    expect(page.get_by_text("Låst af høring")).to_be_visible()
    expect(page.get_by_role("link", name="BIU 12/2026")).to_be_visible()
    expect(page.get_by_role("link", name="Godkend", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Kassér kladden")).to_have_count(0)
    assert_accessible(page)

    # A new policy, its first draft copied from version 2, approved in March 2011.
    page.goto(f"{site}/barometer/catalogue/policies/new")
    page.locator("#name").fill("Integrationspolitik 2011-2014")
    page.get_by_label("Sagsnummer").fill("BR 640/10")
    page.get_by_label("Vedtaget den").fill("2010-11-18")
    page.get_by_label("Politikkens periode").fill("2011-2014")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Politikken er oprettet.")).to_be_visible()
    page.get_by_label("Den nye versions betegnelse").fill("Katalog 2011-2014")
    expect(page.get_by_label("Tag udgangspunkt i")).to_have_value("2")
    assert_accessible(page)
    page.get_by_role("button", name="Opret en kladde til næste version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 4")
    page.get_by_role("link", name="Godkend", exact=True).click()
    page.locator("#decision_text").fill("BIU 52/2011")
    page.locator("#decision_date").fill("2011-03-16")
    page.get_by_label("Jeg bekræfter, at versionen er godkendt").check()
    page.get_by_role("button", name="Godkend versionen").click()
    expect(page.get_by_text("Version 4 er godkendt.")).to_be_visible()

    # Each period on its own version: the list, the readings, the entry form, the API.
    page.goto(f"{site}/barometer/catalogue/in-force/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gældende versioner")
    row_2010 = page.get_by_role("row").filter(has_text="2010-H2")
    row_2011 = page.get_by_role("row").filter(has_text="2011-H1")
    expect(row_2010.get_by_role("link", name="Version 2")).to_be_visible()
    expect(row_2011.get_by_role("link", name="Version 4")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{site}/barometer/reading/2010-H2")
    expect(page.get_by_text("Beregnet ud fra version 2 af kataloget")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{site}/barometer/reading/2011-H1")
    expect(page.get_by_text("Beregnet ud fra version 4 af kataloget")).to_be_visible()

    page.goto(f"{site}/barometer/measurements/")
    expect(page.get_by_role("row").filter(has_text="2010-H2")).to_contain_text("version 2")
    expect(page.get_by_role("row").filter(has_text="2011-H2")).to_contain_text("version 4")

    for period, number in (("2010-H2", 2), ("2011-H1", 4)):
        body = page.request.get(f"{site}/api/v1/indicators?period={period}").json()
        assert body["catalogue_version"] == number, period


VERSION_PAGES = {
    "/barometer/catalogue/versions/2": {"da": "Version 2", "en": "Version 2"},
    "/barometer/catalogue/versions/3": {"da": "Låst af høring", "en": "Locked by the hearing"},
    "/barometer/catalogue/in-force/": {"da": "Gældende versioner", "en": "Versions in force"},
    "/barometer/catalogue/in-force/2010-H2": {"da": "2. halvår 2010", "en": "2nd half 2010"},
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_version_pages_are_accessible_in_both_languages(
    page: Page, site: str, lang: str
) -> None:
    log_in(page, site, "sekretariat@example.dk")
    if lang == "en":
        page.get_by_role("button", name="English").click()
    for path, words in VERSION_PAGES.items():
        page.goto(site + path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.get_by_text(words[lang]).first).to_be_visible()
        assert_accessible(page)
