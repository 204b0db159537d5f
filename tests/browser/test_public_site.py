"""An anonymous visitor reads the latest demo edition, an indicator, the archive and a
comparison, downloads the report and the data; axe-core on the public pages in da and en."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible


def test_an_anonymous_visitor_reads_the_latest_edition_and_downloads_its_data(
    page: Page, site: str
) -> None:
    page.goto(f"{site}/barometer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integrationsbarometer, 2. halvår 2011"
    )
    expect(page.get_by_text("Barometeret er ikke en evaluering").first).to_be_visible()
    expect(page.get_by_role("heading", name="1. Beskæftigelse")).to_be_visible()
    expect(page.get_by_text("virksomhedsrettede tilbud")).to_be_visible()  # the assessment
    expect(page.locator("code.app-hash")).to_have_text(page.locator("code.app-hash").inner_text())

    page.get_by_role("link", name="BES-01").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BES-01")
    expect(page.get_by_role("table", name="Værdier og status pr. periode")).to_be_visible()
    page.go_back()

    page.get_by_role("link", name="Arkiv over udgaver").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arkiv over udgaver")
    expect(
        page.get_by_role("link", name="Integrationsbarometer, 1. halvår 2007", exact=True)
    ).to_be_visible()
    page.get_by_role("button", name="Sammenlign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammenligning af to udgaver")

    page.goto(f"{site}/barometer/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Data (CSV)").click()
    assert download.value.suggested_filename.endswith("data.csv")
    for name, kind in (("Rapport (PDF)", "application/pdf"), ("Data (JSON)", "application/json")):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(site + href)
        assert response.ok and response.headers["content-type"].startswith(kind), name


def test_the_language_link_gives_the_english_site(page: Page, site: str) -> None:
    page.goto(f"{site}/barometer/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Integration barometer, 2nd half 2011"
    )
    expect(page.get_by_text("The barometer is not an evaluation").first).to_be_visible()


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/barometer/",
        "/barometer/editions/",
        "/barometer/editions/10/indicators/BES-01",
        "/barometer/editions/compare?a=9&b=10",
        "/barometer/editions/compare?a=8&b=9",  # the policy switch of 2011
        "/barometer/editions/9/",
        "/barometer/metode",
    ],
)
def test_the_public_pages_have_no_serious_accessibility_violations(
    page: Page, site: str, path: str, lang: str
) -> None:
    separator = "&" if "?" in path else "?"
    page.goto(site + path + (f"{separator}lang=en" if lang == "en" else ""))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page)
