"""The overview table as PDF, checked through its text, and page 1 rendered once."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from barometer.overview import build_overview
from barometer.queries import load_version_tree, version_snapshot
from tests.barometer.factories import make_approved
from tests.pdf_structure import assert_tagged_pdf
from tests.web import post

BASE = "/barometer/catalogue"


def _text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def approved(db: Any) -> Any:
    version = make_approved(areas=3, goals_per_area=3, indicators_per_goal=4)
    db.session.commit()
    return version


def test_the_danish_pdf_has_page_numbers_column_2_danish_letters_and_the_label(
    client: FlaskClient, approved: Any, tmp_path: Path
) -> None:
    response = client.get(f"{BASE}/versions/1/overview.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "oversigtsskema-version-1.pdf" in response.headers["Content-Disposition"]
    assert_tagged_pdf(response.data, lang="da")
    pages = _text(response.data)
    assert len(pages) > 1
    assert "Side 1 af" in pages[0] and f"Side {len(pages)} af {len(pages)}" in pages[-1]
    first = pages[0]
    assert "Succeskriterier (kolonne 2)" in first
    assert "Mindst 50,0 % i 2010 (BIU 227/2006, 14.12.2006)" in " ".join(first.split())
    assert "æøå" in first and "Indsatsområde" in first and "Ansvarlig" in first
    assert "Koncept for integrationsbarometer" in first
    # The table header and the running header repeat on the following pages.
    assert "Succeskriterier (kolonne 2)" in pages[1]
    assert "Integrationspolitik 2007-2010 (BR 395/06)" in pages[1]
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        pdf = tmp_path / "overview.pdf"
        pdf.write_bytes(response.data)
        subprocess.run(  # noqa: S603 - fixed arguments, our own file
            [
                pdftoppm,
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(tmp_path / "page1"),
            ],
            check=True,
        )
        assert (tmp_path / "page1.png").stat().st_size > 10_000


def test_the_english_pdf_says_page_x_of_y(client: FlaskClient, approved: Any) -> None:
    post(client, "/language", {"locale": "en", "next": "/"})
    response = client.get(f"{BASE}/versions/1/overview.pdf")
    pages = _text(response.data)
    assert "Page 1 of" in pages[0] and "Success criteria (column 2)" in pages[0]
    assert "overview-table-version-1.pdf" in response.headers["Content-Disposition"]


def test_the_pdf_uses_dejavu_fonts_and_is_a4_landscape(client: FlaskClient, approved: Any) -> None:
    reader = PdfReader(io.BytesIO(client.get(f"{BASE}/versions/1/overview.pdf").data))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width)) == 842  # A4: 297 mm
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages[:1]
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("DejaVu-Sans" in name for name in fonts), fonts


def test_the_overview_rows_follow_the_column_order_and_grouping(approved: Any) -> None:
    table = build_overview(version_snapshot(load_version_tree(approved.id)), "da")
    assert table.headers[:3] == ("Indsatsområde", "Mål", "Succeskriterier")
    assert len(table.rows) == 36
    first = table.rows[0]
    assert (first.area_rows, first.goal_rows) == (12, 4)
    assert first.cells()[2].startswith("Mål: Halvering af ledigheden i 2010")
    assert table.rows[1].area_rows == 0 and table.rows[1].success_criteria == ()


def test_the_overview_json_and_page(client: FlaskClient, approved: Any) -> None:
    data = client.get(f"{BASE}/versions/1/overview.json").json
    assert data["columns"][2] == "success_criteria" and data["number"] == 1
    assert len(data["rows"]) == 36
    page = client.get(f"{BASE}/versions/1/overview").get_data(as_text=True)
    assert 'scope="rowgroup" rowspan="12"' in page and "(kolonne 2)" in page
