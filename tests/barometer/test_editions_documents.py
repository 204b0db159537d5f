"""The documents of a published edition: CSV, JSON, data package and the report PDF."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from barometer.editions.open_data import COLUMNS
from barometer.editions.snapshot import canonical_json, sha256_hex
from barometer.models import Edition
from tests.barometer.edition_factories import NOTE, make_periods, make_published
from tests.pdf_structure import assert_tagged_pdf
from tests.web import text_of


@pytest.fixture
def published(db: Any) -> Edition:
    make_periods()
    edition = make_published("2007-H2")
    db.session.commit()
    return edition


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_csv_opens_in_a_spreadsheet_with_semicolons_quotes_and_danish_letters(
    client: FlaskClient, published: Edition
) -> None:
    response = client.get(f"/barometer/editions/{published.id}/data.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.data
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rows = _csv_rows(data)
    assert list(rows[0]) == [name for name, _, _ in COLUMNS]
    assert len(rows) == 3 * 2  # three indicators, two periods each
    missing = next(
        r for r in rows if r["indicator_code"] == "A1-M1-I2" and r["period"] == "2007-H2"
    )
    assert missing["note"] == NOTE  # the ; and the quotes survive
    assert missing["value"] == "" and missing["colour"] == "grey"
    first = next(r for r in rows if r["indicator_code"] == "A1-M1-I1" and r["period"] == "2007-H2")
    assert first["value"] == "47.9" and first["colour"] == "green"
    assert "æøå" in first["indicator_name_da"]
    assert first["explanation_da"].startswith("Steg fra 46,4 % til 47,9 %")
    assert f'"{NOTE.replace(chr(34), chr(34) * 2)}"'.encode() in data  # quoted, quotes doubled
    assert b"\r\n" in data


def test_the_json_file_is_the_canonical_json_with_the_published_hash(
    client: FlaskClient, published: Edition
) -> None:
    data = client.get(f"/barometer/editions/{published.id}/data.json").data
    assert sha256_hex(data) == published.sha256
    assert canonical_json(json.loads(data)).encode("utf-8") == data


def test_the_data_package_describes_every_file_with_its_hash(
    client: FlaskClient, published: Edition
) -> None:
    package = client.get(f"/barometer/editions/{published.id}/datapackage.json").json
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"values", "edition", "indicator_data"}
    for resource in resources.values():
        body = client.get(f"/barometer/editions/{published.id}/{resource['path']}").data
        assert resource["hash"] == "sha256:" + sha256_hex(body)
        assert resource["bytes"] == len(body)
    values = resources["values"]
    assert values["dialect"]["delimiter"] == ";" and values["encoding"] == "utf-8-sig"
    assert [f["name"] for f in values["schema"]["fields"]] == [c[0] for c in COLUMNS]
    assert package["profile"] == "data-package" and package["licenses"]


def test_the_report_pdf_has_the_assessment_page_numbers_and_danish_letters(
    client: FlaskClient, published: Edition, tmp_path: Path
) -> None:
    response = client.get(f"/barometer/editions/{published.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert_tagged_pdf(response.data, lang="da", title="Integrationsbarometer")
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Side 1 af" in text
    assert "Integrationsbarometer, 2. halvår 2007" in text
    assert "Forvaltningen vurderer" in text and "Østerbro" in text
    assert "Bilag: alle indikatorer" in text
    assert "Barometeret er ikke en evaluering" in text
    # A table of contents with the page each part starts on.
    contents = reader.pages[1].extract_text()
    assert "Indhold" in contents
    assert re.search(r"Hele barometeret[ .]*\d+", contents), contents
    assert re.search(r"Metode[ .]*\d+", contents), contents
    again = client.get(f"/barometer/editions/{published.id}/report.pdf")
    assert again.data == response.data  # stored once, served again
    english = client.get(f"/barometer/editions/{published.id}/report.pdf?lang=en")
    english_text = PdfReader(io.BytesIO(english.data)).pages[0].extract_text()
    assert_tagged_pdf(english.data, lang="en")
    assert "Page 1 of" in english_text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.data)
    subprocess.run(  # noqa: S603 - fixed arguments
        [  # noqa: S607 - poppler from the system
            "pdftoppm",
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
    assert (tmp_path / "page1.png").stat().st_size > 5000


def test_the_page_and_the_pdf_show_the_same_charts(client: FlaskClient, published: Edition) -> None:
    from barometer.editions.pdf import report_html

    page = text_of(client.get(f"/barometer/editions/{published.id}/"))
    with client.application.test_request_context():
        pdf_html = report_html(published.snapshot, "da")
    gauge = page[page.index("<svg", page.index("overall-heading")) :]
    gauge = gauge[: gauge.index("</svg>")]
    assert gauge in pdf_html
