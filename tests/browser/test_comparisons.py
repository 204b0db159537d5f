"""The embeddable chart page and the staff page of comparison series, in Danish and
English: axe-core finds no serious violation, the embed page works in a frame of another
site and by keyboard."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.web import served

pytestmark = pytest.mark.browser

WORDS = {"da": ("Sammenligning: Hele landet", "Værdier pr. periode"),
         "en": ("Comparison: All of Denmark", "Values per period")}  # fmt: skip


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_embed_page_is_accessible_and_keyboard_usable(page: Page, site: str, lang: str) -> None:
    page.goto(f"{site}/barometer/indicators/BES-01/embed" + ("?lang=en" if lang == "en" else ""))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("svg.chart-trend path.chart-comparison")).to_have_count(1)
    column, summary = WORDS[lang]
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the region of the table is focusable only when open
    page.get_by_text(summary).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("columnheader", name=column)).to_be_visible()
    assert_accessible(page)


def test_another_site_can_frame_the_embed_page(page: Page, site: str) -> None:
    # Another site: a page of its own on another port (another origin) framing the chart.
    other = Flask("another_site")
    html = f'<iframe title="Chart" src="{site}/barometer/indicators/BES-01/embed"></iframe>'
    other.add_url_rule("/", "index", lambda: html)
    with served(other) as other_site:
        page.goto(other_site + "/")
        expect(page.frame_locator("iframe").locator("svg.chart-trend")).to_be_visible()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_staff_page_of_comparison_series_is_accessible(
    page: Page, site: str, lang: str
) -> None:
    log_in(page, site, "sekretariat@example.dk")
    if lang == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{site}/barometer/reading/2009-H2/indicators/BES-01/comparisons")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("rowheader").first).to_contain_text(
        "Hele landet" if lang == "da" else "All of Denmark"
    )
    assert_accessible(page)
