"""An anonymous reader opens an indicator's stable page and the reporting status, follows
the links and downloads the data; axe-core on both pages in da and en."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible


def test_a_reader_goes_from_the_reporting_status_to_an_indicator_and_its_data(
    page: Page, site: str
) -> None:
    page.goto(f"{site}/barometer/")
    page.get_by_role("link", name="Rapporteringsstatus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporteringsstatus")
    expect(page.get_by_role("table", name="Indikatorer pr. fokusområde")).to_be_visible()
    page.get_by_role("link", name="BES-01").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BES-01")
    expect(
        page.get_by_role("table", name="Offentliggjorte værdier af BES-01 pr. periode")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Data (CSV)").click()
    assert download.value.suggested_filename.endswith("BES-01-data.csv")
    expect(page.get_by_role("link", name="Data (JSON)")).to_have_attribute(
        "href", re.compile(r"/barometer/indicators/BES-01/data\.json$")
    )
    response = page.request.get(f"{site}/barometer/indicators/BES-01/data.json")
    assert response.ok and response.json()["indicator"]["code"] == "BES-01"


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", ["/barometer/indicators/BES-01/", "/barometer/reporting-status"])
def test_the_open_data_pages_have_no_serious_accessibility_violations(
    page: Page, site: str, path: str, lang: str
) -> None:
    page.goto(site + path + ("?lang=en" if lang == "en" else ""))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page)
