"""The indicator pages with their metadata, the benchmark box and the readable charts, in
Danish and English, staff and public: axe-core finds no serious violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

STAFF = (
    "/barometer/reading/2009-H1/indicators/TRY-01",
    "/barometer/reading/2009-H2/indicators/REF-01",
    "/barometer/reading/2009-H2",
)
WORDS = {"da": ("Om tallene", "Sammenligningstal"), "en": ("About the figures", "Benchmarks")}


def _in_english(page: Page) -> None:
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_staff_indicator_and_reading_pages_are_accessible(
    page: Page, site: str, lang: str
) -> None:
    log_in(page, site, "sekretariat@example.dk")
    if lang == "en":
        _in_english(page)
    about, benchmarks = WORDS[lang]
    for path in STAFF:
        page.goto(site + path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        if "indicators" in path:
            expect(page.get_by_role("heading", name=about)).to_be_visible()
            expect(page.locator("svg.chart-trend")).to_be_visible()
        else:
            expect(page.get_by_role("heading", name=benchmarks).first).to_be_visible()
        assert_accessible(page)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("code", ["TRY-01", "REF-01", "BES-01"])
def test_the_public_indicator_pages_are_accessible(
    page: Page, site: str, lang: str, code: str
) -> None:
    # Edition 6 is the demo's 2009-H2, as in test_public_site.
    page.goto(
        f"{site}/barometer/editions/6/indicators/{code}" + ("?lang=en" if lang == "en" else "")
    )
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", name=WORDS[lang][0])).to_be_visible()
    assert_accessible(page)
