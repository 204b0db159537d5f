"""Journeys of the reading: a data contact imports a spreadsheet and corrects a value; the
secretariat reads the barometer and writes an assessment. axe-core checks every page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def _open_period(page: Page, site: str, code: str) -> None:
    log_in(page, site, "sekretariat@example.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Indtast målinger"
    ).click()
    assert_accessible(page)
    page.get_by_role("textbox", name=re.compile("^Periode")).fill(code)
    page.get_by_label("Frist for indberetning", exact=False).first.fill("2012-08-31")
    page.get_by_role("button", name="Åbn perioden").click()
    expect(page.get_by_text(f"Perioden {code} er åben for målinger.")).to_be_visible()
    page.get_by_role("button", name="Log ud").click()


def test_a_data_contact_imports_a_spreadsheet_and_corrects_a_value(
    page: Page, site: str, tmp_path: Path
) -> None:
    _open_period(page, site, "2012-H1")
    log_in(page, site, "bif.data@example.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Indtast målinger"
    ).click()
    page.get_by_role("link", name="1. halvår 2012").click()
    expect(page.get_by_role("heading", name="Målinger for 1. halvår 2012")).to_be_visible()
    assert_accessible(page)

    # The template holds the contact's indicators with the previous values: fill it in.
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent skabelonen (XLSX)").first.click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    previous, value = headers.index("Forrige værdi") + 1, headers.index("Værdi") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, value).value = sheet.cell(row, previous).value
    filled = tmp_path / "maalinger-2012-H1.xlsx"
    book.save(filled)

    page.get_by_role("link", name="Importér et regneark").first.click()
    assert_accessible(page)
    page.locator("#file").set_input_files(str(filled))
    page.get_by_role("button", name="Vis, hvad der ændres").click()
    expect(page.get_by_role("heading", name=re.compile("Kontrollér indlæsningen"))).to_be_visible()
    expect(page.get_by_text("0 rettelser af registrerede værdier")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Gem indlæsningen").click()
    expect(page.get_by_text(re.compile(r"Indlæst: \d+ nye værdier og 0 rettelser"))).to_be_visible()

    # Correct one value, with a reason.
    page.get_by_role("link", name="Værdi og rettelser BES-01").click()
    assert_accessible(page)
    page.get_by_label("Værdi", exact=True).fill("47,1")
    page.get_by_label("Begrundelse for rettelsen").fill("Danmarks Statistik har rettet tallet")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Værdien for BES-01 er gemt.")).to_be_visible()

    page.goto(f"{site}/barometer/reading/2012-H1/indicators/BES-01")
    expect(page.get_by_text("Danmarks Statistik har rettet tallet")).to_be_visible()
    expect(page.locator("svg.chart-trend[aria-labelledby='c-trend-BES-01-title']")).to_be_visible()
    assert_accessible(page)


def test_the_secretariat_reads_the_barometer_and_writes_an_assessment(
    page: Page, site: str
) -> None:
    log_in(page, site, "sekretariat@example.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Barometerstand"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="2. halvår 2009").click()
    expect(page.get_by_role("heading", name="Barometerstand for 2. halvår 2009")).to_be_visible()
    expect(page.locator("svg.chart-gauge").first).to_be_visible()
    expect(page.get_by_text("Ikke en evaluering.").first).to_be_visible()
    explanation = page.get_by_text("Forklaring (BES-01)")
    explanation.click()
    expect(page.get_by_text(re.compile(r"Højere er bedre: (grøn|gul|rød)\.")).first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Indikatorer", exact=True).select_option("effect")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"kind=effect"))

    page.get_by_role("link", name="Skriv vurderingen (Beskæftigelse)").click()
    assert_accessible(page)
    page.get_by_role("textbox", name="Vurdering", exact=True).fill(
        "Flere **virksomhedspraktikker** vil løfte stillingen."
    )
    page.get_by_label("Status", exact=True).select_option("final")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Vurderingen er gemt.")).to_be_visible()
    expect(page.locator("strong", has_text="virksomhedspraktikker")).to_be_visible()
