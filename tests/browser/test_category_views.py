"""An anonymous reader opens an indicator, switches between origin groups by keyboard, sees
the national line and the gap, downloads the data and the chart, and embeds the chosen
chart in a page of another site; axe-core on the page and the embed in da and en."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.web import served

pytestmark = pytest.mark.browser

ORIGIN = "dimension=herkomst&chosen=1&category=indvandrere&category=efterkommere"


def test_a_reader_switches_origin_groups_downloads_and_embeds(page: Page, site: str) -> None:
    page.goto(f"{site}/barometer/indicators/BES-01/")
    page.locator("dd a").first.click()  # the latest edition's page of the indicator
    section = page.locator("section[aria-labelledby=breakdown-heading]")
    chart = section.locator("svg.chart-trend").first
    expect(chart.locator("path.chart-category")).to_have_count(2)
    expect(chart.locator("path.chart-comparison")).to_have_count(1)  # the national line
    expect(section.locator(".app-gap-trend")).to_contain_text("Forskellen bliver mindre.")
    # switch the descendants off by keyboard and send the form: the immigrants alone
    descendants = section.get_by_label("Efterkommere", exact=True)
    descendants.focus()
    page.keyboard.press("Space")
    expect(descendants).not_to_be_checked()
    section.get_by_role("button", name="Vis de valgte kategorier").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"chosen=1&category=indvandrere#"))
    section = page.locator("section[aria-labelledby=breakdown-heading]")
    chart = section.locator("svg.chart-trend").first
    expect(chart.locator("path.chart-category")).to_have_count(1)
    expect(chart.locator("path.chart-comparison")).to_have_count(1)
    expect(section.locator(".app-gap-trend")).to_have_count(0)  # one category: no gap
    # and on again
    section.get_by_label("Efterkommere", exact=True).check()
    section.get_by_role("button", name="Vis de valgte kategorier").click()
    expect(section.locator("svg.chart-trend").first.locator("path.chart-category")).to_have_count(2)
    with page.expect_download() as download:
        section.get_by_role("link", name=re.compile("^figuren som SVG")).click()
    assert download.value.suggested_filename.endswith("-herkomst.svg")
    with page.expect_download() as table:
        section.get_by_role("link", name=re.compile("^tabellen som CSV")).click()
    assert "Efterkommere" in table.value.path().read_text(encoding="utf-8-sig")
    # the code to embed this view, pasted into a page of another site
    section.locator("details.app-embed-code summary").click()
    code = section.locator("details.app-embed-code code").inner_text()
    assert "embed?dimension=herkomst" in code
    other = Flask("another_site")
    src = re.search(r'src="[^"]*(/barometer/indicators/[^"]+)"', code)
    assert src is not None
    html = f'<iframe title="Graf" src="{site}{src.group(1)}"></iframe>'
    other.add_url_rule("/", "index", lambda: html)
    with served(other) as other_site:
        page.goto(other_site + "/")
        frame = page.frame_locator("iframe")
        expect(frame.locator("svg.chart-trend path.chart-category")).to_have_count(2)
    # the other breakdown is a link away
    page.goto(f"{site}/barometer/indicators/BES-01/")
    page.locator("dd a").first.click()
    page.get_by_role("navigation", name="Vælg en opdeling").get_by_role("link", name="Køn").click()
    expect(
        page.locator("section[aria-labelledby=breakdown-heading] path.chart-category")
    ).to_have_count(2)
    expect(page.get_by_label("Kvinder", exact=True)).to_be_checked()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_chosen_view_and_its_embed_are_accessible(page: Page, site: str, lang: str) -> None:
    q = ORIGIN + ("&lang=en" if lang == "en" else "")
    page.goto(f"{site}/barometer/indicators/BES-01/")
    href = page.locator("dd a").first.get_attribute("href")
    assert href is not None
    page.goto(f"{site}{href.split('?')[0]}?{q}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".app-gap-trend")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{site}/barometer/indicators/BES-01/embed?{q}")
    expect(page.locator("svg.chart-trend path.chart-category")).to_have_count(2)
    assert_accessible(page)
