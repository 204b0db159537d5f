"""Breakdowns in the browser: the staff indicator page with its categories and gap, the
form of values per category, the tidy import and the catalogue's dimensions, in Danish and
English; axe-core finds no serious violation and the gap form works from the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

PAGES = (
    "/barometer/reading/2009-H1/indicators/SUN-04",
    "/barometer/measurements/2011-H2/values/BES-01/categories",
    "/barometer/measurements/2011-H2/categories/import",
    "/barometer/catalogue/versions/1",
)
WORDS = {
    "da": ("Opdelinger", "undertrykt", "Vis gabet", "bliver forskellen mindre"),
    "en": ("Breakdowns", "suppressed", "Show the gap", "the gap narrows"),
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_breakdown_pages_are_accessible_and_the_gap_is_chosen_by_keyboard(
    page: Page, site: str, lang: str
) -> None:
    log_in(page, site, "sekretariat@example.dk")
    if lang == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    heading, suppressed, show, narrows = WORDS[lang]
    for path in PAGES:
        page.goto(site + path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page)
    page.goto(site + PAGES[0])
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("table.app-breakdown").first).to_contain_text(suppressed)
    page.goto(site + "/barometer/reading/2009-H2/indicators/BES-01")
    expect(page.locator("p.app-gap-trend").first).to_contain_text(narrows)
    first = page.locator("#first-herkomst")
    first.focus()
    first.select_option("indvandrere")
    page.locator("#second-herkomst").select_option("efterkommere")
    page.get_by_role("button", name=show).first.press("Enter")
    expect(page).to_have_url(re.compile(r"first-herkomst=indvandrere"))
    expect(page.locator("table.app-gap").first).to_contain_text(re.compile(r"11[,.]7"))  # 2007-H2


CHART_WORDS = {
    "da": ("efter herkomst", "Indvandrere: 44,0", "pr. periode", "↑ op"),
    "en": ("by origin", "Immigrants: 44.0", "per period", "↑ up"),
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_staff_category_chart_is_drawn_without_script_and_accessible(
    page: Page, site: str, lang: str
) -> None:
    log_in(page, site, "sekretariat@example.dk")
    if lang == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    by_origin, immigrants, per_period, up = CHART_WORDS[lang]
    page.goto(site + "/barometer/reading/2009-H2/indicators/BES-01")
    section = page.locator("section[aria-labelledby=breakdowns-heading]")
    chart = section.locator("svg.chart-trend").first
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("path.chart-category")).to_have_count(2)
    expect(chart.locator("path.chart-comparison")).to_have_count(1)  # the national line
    expect(chart.locator("title").first).to_contain_text(by_origin)
    expect(chart.locator("desc").first).to_contain_text(immigrants)
    table = section.locator("table.app-category-table").first
    expect(table.locator("caption")).to_contain_text(per_period)
    expect(table).to_contain_text(up)
    assert_accessible(page)
