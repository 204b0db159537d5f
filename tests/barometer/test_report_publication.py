"""The report as a publication: a one-page summary after the contents (the plain summary,
the overall gauge, what moved since the previous edition) and figures whose alternative
text is the chart's title with a summary of its data, in Danish and English."""

from __future__ import annotations

import io
import re
from typing import Any

import pikepdf
import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from barometer.models import Edition
from barometer.plain_summary import summarise_snapshot
from tests.barometer.edition_factories import make_periods, make_published
from tests.pdf_structure import _elements, assert_tagged_pdf
from tests.web import text_of

I1_ALT = "Andel i beskæftigelse (A1-M1-I1), æøå, 2007: fra 46,4 % til 47,9 %, mål 50,0 %"


@pytest.fixture
def editions(db: Any) -> tuple[Edition, Edition]:
    make_periods()
    first, second = make_published("2007-H1"), make_published("2007-H2")
    db.session.commit()
    return first, second


def _report(client: FlaskClient, edition: Edition, lang: str = "da") -> bytes:
    query = "?lang=en" if lang == "en" else ""
    response = client.get(f"/barometer/editions/{edition.id}/report.pdf{query}")
    assert response.status_code == 200
    assert_tagged_pdf(response.data, lang=lang)
    return response.data


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _figures(data: bytes) -> list[tuple[str, int]]:
    """Each figure's alternative text and the page (from 0) it is on, in reading order."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        numbers = {page.objgen: i for i, page in enumerate(pdf.pages)}
        return [
            (str(e.get("/Alt", "")), numbers[e.Pg.objgen])
            for e in _elements(pdf.Root.StructTreeRoot)
            if str(e.S) == "/Figure"
        ]


def _page_of(pages: list[str], pattern: str) -> int:
    return next(i for i, text in enumerate(pages) if re.search(pattern, text))


def test_the_summary_page_comes_after_the_contents_with_the_summary_gauge_and_what_moved(
    client: FlaskClient, editions: tuple[Edition, Edition]
) -> None:
    data = _report(client, editions[1])
    pages, figures = _pages(data), _figures(data)
    contents = _page_of(pages, r"^Indhold ")
    summary = _page_of(pages, r"^Resumé ")
    assert contents < summary and re.search(r"Resumé[ .]*3", pages[contents])
    page = pages[summary]
    plain = " ".join(summarise_snapshot(editions[1].snapshot).da.split())
    assert plain in page
    assert "Hvad har flyttet sig" in page
    assert "Siden 1. halvår 2007 har 2 af 3 indikatorer skiftet status" in page
    assert "Indikator 1. halvår 2007 2. halvår 2007" in page  # the small table's header
    assert re.search(r"A1-M1-C Antal deltagere i aktiviteten ▲ Grøn ▼ Rød", page)
    assert "A1-M1-I1" not in page  # green before and after: it did not move
    gauge = [alt for alt, at in figures if at == summary]
    assert gauge == ["Hele barometeret: Gul, score 0,00 (2 af 3 indikatorer kan vurderes)"]
    # One page: the next one is the whole barometer; every focus-area page comes later.
    assert pages[summary + 1].startswith("Hele barometeret")
    area_pages = [at for alt, at in figures if alt.startswith("Indsatsområde 1")]
    assert area_pages and min(area_pages) > summary


def test_the_english_summary_page_says_what_moved_in_english(
    client: FlaskClient, editions: tuple[Edition, Edition]
) -> None:
    data = _report(client, editions[1], "en")
    pages = _pages(data)
    page = pages[_page_of(pages, r"^Summary ")]
    assert " ".join(summarise_snapshot(editions[1].snapshot).en.split()) in page
    assert "What moved" in page and "Hvad har" not in page
    assert "Since 1st half 2007, 2 of 3 indicators have changed status" in page
    assert re.search(r"A1-M1-C Number|A1-M1-C .*▲ Green ▼ Red", page)


def test_the_first_edition_says_there_is_nothing_to_compare_with(
    client: FlaskClient, editions: tuple[Edition, Edition]
) -> None:
    pages = _pages(_report(client, editions[0]))
    page = pages[_page_of(pages, r"^Resumé ")]
    assert "Der er ingen tidligere udgave at sammenligne med." in page


def test_every_figure_has_the_chart_title_and_a_data_summary_as_alternative_text(
    client: FlaskClient, editions: tuple[Edition, Edition]
) -> None:
    alts = [alt for alt, _ in _figures(_report(client, editions[1]))]
    assert I1_ALT in alts
    assert "Antal deltagere i aktiviteten, 2007: fra 110 til 105" in alts
    # The three gauges of the whole barometer are told apart.
    assert "Effektindikatorer: Grøn, score 1,00 (1 af 2 indikatorer kan vurderes)" in alts
    assert "Aktivitetsindikatorer: Rød, score -1,00 (1 af 1 indikator kan vurderes)" in alts
    english = [alt for alt, _ in _figures(_report(client, editions[1], "en"))]
    assert any(re.fullmatch(r".+, 2007: from 46\.4% to 47\.9%, target 50\.0%", a) for a in english)
    assert all(re.search(r"\d", alt) for alt in alts + english)  # every one summarises data


def test_the_web_page_names_the_chart_by_the_same_title_and_data_summary(
    client: FlaskClient, editions: tuple[Edition, Edition]
) -> None:
    page = text_of(client.get(f"/barometer/editions/{editions[1].id}/indicators/A1-M1-I1"))
    match = re.search(r'<svg[^>]*aria-labelledby="([^"]+)"[^>]*aria-describedby="([^"]+)"', page)
    assert match is not None
    title = re.search(rf'<title id="{match.group(1)}">([^<]*)</title>', page)
    assert title is not None
    assert title.group(1) == I1_ALT


def test_an_english_report_marks_an_assessment_that_exists_only_in_danish(
    client: FlaskClient, editions: tuple[Edition, Edition]
) -> None:
    pages = _pages(_report(client, editions[1], "en"))
    area = pages[_page_of(pages, r"The administration's assessment")]
    assert "Forvaltningen vurderer" in area
    assert "(kun på dansk / only in Danish)" in area


@pytest.mark.parametrize(
    ("lang", "table", "method", "hash_label"),
    [
        ("da", "Indsatsområdets indikatorer", "Metode", "Udgavens SHA-256"),
        ("en", "The focus area's indicators", "Method", "SHA-256 of the edition"),
    ],
)
def test_each_focus_area_has_a_table_and_the_method_has_its_own_page_with_the_hash(
    client: FlaskClient, editions: tuple[Edition, Edition], lang: str, table: str, method: str,
    hash_label: str,
) -> None:  # fmt: skip
    edition = editions[1]
    pages = _pages(_report(client, edition, lang))
    # Each focus area with indicators opens with a table of them (before their charts).
    areas = [a for a in edition.snapshot["catalogue"]["focus_areas"] if any(
        g["indicators"] for g in a["goals"]
    )]  # fmt: skip
    tables = [i for i, text in enumerate(pages) if table in text]
    assert len(tables) == len(areas)
    for at, area in zip(tables, areas, strict=True):
        after = pages[at].split(table, 1)[1]
        for ind in (i for g in area["goals"] for i in g["indicators"]):
            assert f"{ind['code']} " in after, ind["code"]
    # The method is a chapter of its own, listed with its page; the hash and how to check
    # it (the data file's address) are on its page, not left alone on one after it.
    at = _page_of(pages, rf"^{method} ")
    contents = pages[_page_of(pages, r"^(Indhold|Contents) ")]
    assert re.search(rf"{method}[ .]*{at + 1}\b", contents)
    assert hash_label in pages[at] and str(edition.sha256) in pages[at].replace(" ", "")
    assert f"/barometer/editions/{edition.id}/data.json" in pages[at].replace("/ ", "/")
    assert pages[at].count("SHA-256 (") == 1  # the explanation once
    assert "sha256sum data.json" in pages[at] and "certutil -hashfile data.json SHA256" in pages[at]
