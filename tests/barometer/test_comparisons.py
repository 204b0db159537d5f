"""Comparison series: the Statistics Denmark import, never coloured or counted, the
dashed line on the chart with its table columns, and the chart's downloads."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from barometer import comparison_sheet as sheet
from barometer.charts import PALETTE
from barometer.errors import ImportRejected
from barometer.models import ComparisonSeries, ComparisonValue, Edition
from barometer.reading import load_catalogue, load_reading
from barometer.services import comparisons as svc
from core.extensions import db as _db
from core.spreadsheets import UnreadableFile
from tests.barometer.edition_factories import NOW, make_draft, make_periods, publish

SVG = "{http://www.w3.org/2000/svg}"
# As statistikbanken.dk writes a table download: a title, the period row, one row per
# area, ".." for a missing value, a source note at the end.
STATBANK = (
    "Beskæftigelsesfrekvens (pct.) efter område og tid\n"
    ";2007H1;2007H2;2008\n"
    "Hele landet;72,4;73,1;..\n"
    "De seks største kommuner;70,2;70,9;71,5\n"
    "\n"
    "Kilde: Danmarks Statistik;;;\n"
).encode()
CODE = "A1-M1-I1"


def test_a_statistics_denmark_table_reads_into_series() -> None:
    found = sheet.parse_file("tabel.csv", STATBANK)
    assert [s.name for s in found] == ["Hele landet", "De seks største kommuner"]
    assert {k: str(v) for k, v in found[0].values.items()} == {
        "2007-H1": "72.4",
        "2007-H2": "73.1",
    }
    assert str(found[1].values["2008-H2"]) == "71.5"  # a year alone: its second half
    assert svc.kind_of("Hele landet") == "national"
    assert svc.kind_of("De seks største kommuner") == "group"
    assert svc.kind_of("Aarhus") == "municipality"


def test_bad_cells_are_named_by_row_and_column() -> None:
    bad = b";2007H1;2007K9\nHele landet;x;1\n;1;2\n"
    with pytest.raises(ImportRejected) as err:
        sheet.parse_file("tabel.csv", bad)
    where = {(p.row, p.column, p.text()) for p in err.value.problems}
    assert (1, "C (2007K9)", "2007K9 is not a period.") in where
    assert (2, "B (2007H1)", "x is not a number.") in where
    assert (3, "A", "The row has values but no name of an area.") in where


def test_a_file_of_another_type_is_refused() -> None:
    with pytest.raises(UnreadableFile):
        sheet.parse_file("tabel.pdf", b"%PDF-1.4")
    with pytest.raises(ImportRejected):
        sheet.parse_file("tabel.csv", b"Ingen perioder her\n")


@pytest.fixture
def periods(db: Any, configured: Any) -> Any:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    return make_periods()


def test_import_replaces_by_name_and_a_bad_file_changes_nothing(periods: Any) -> None:
    svc.import_file(CODE, "t.csv", STATBANK, actor=None, now=NOW, source="DST RAS300")
    svc.import_file(CODE, "t.csv", b";2007H1\nHele landet;70\n", actor=None, now=NOW)
    rows = svc.series_of([CODE])[CODE]
    assert [(r.name_da, r.kind, len(r.values)) for r in rows] == [
        ("Hele landet", "national", 1),
        ("De seks største kommuner", "group", 3),
    ]
    before = _db.session.scalar(select(func.count(ComparisonValue.id)))
    with pytest.raises(ImportRejected):
        svc.import_file(CODE, "t.csv", b";2007H1\nAarhus;1\nOdense;y\n", actor=None,
                        now=NOW)  # fmt: skip
    assert _db.session.scalar(select(func.count(ComparisonValue.id))) == before
    assert _db.session.scalar(select(func.count(ComparisonSeries.id))) == 2


def test_comparison_series_are_never_coloured_or_counted(periods: Any) -> None:
    _first, second = periods
    version = make_draft().catalogue_version
    before = load_reading(second.period, version).reading.to_dict()
    svc.import_file(CODE, "t.csv", STATBANK, actor=None, now=NOW)
    after = load_reading(second.period, version).reading.to_dict()
    assert after == before  # no status, no roll-up changed by a comparison series
    assert len(load_catalogue(version).indicators()) == 3


def _published(periods: Any) -> Edition:
    svc.import_file(CODE, "t.csv", STATBANK, actor=None, now=NOW, illustrative=True)
    edition = publish(make_draft("2007-H2"))
    _db.session.commit()
    return edition


def _svg_paths(html: str) -> list[ET.Element]:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-trend"')
    root = ET.fromstring(html[start : html.index("</svg>", start) + 6])  # noqa: S314 - our own
    return root.findall(f".//{SVG}path")


def test_the_chart_draws_a_grey_dashed_comparison_line_and_the_table_has_its_column(
    periods: Any, client: Any
) -> None:
    edition = _published(periods)
    assert edition.snapshot["comparisons"][CODE][0]["name_da"] == "Hele landet"
    page = client.get(f"/barometer/editions/{edition.id}/indicators/{CODE}").get_data(True)
    dashed = [p for p in _svg_paths(page) if p.get("class") == "chart-comparison"]
    assert len(dashed) == 2 and all(p.get("stroke-dasharray") for p in dashed)
    assert {p.get("stroke") for p in dashed} == {PALETTE["grey"]}  # never a status colour
    assert "Sammenligning (ingen farve): Hele landet" in page
    assert "Sammenligning: Hele landet</th>" in page and "73,1 %" in page
    english = client.get(f"/barometer/editions/{edition.id}/indicators/{CODE}?lang=en")
    assert "Comparison: All of Denmark</th>" in english.get_data(True)


def test_every_chart_downloads_as_csv_xlsx_svg_and_png(periods: Any, client: Any) -> None:
    edition = _published(periods)
    base = f"/barometer/editions/{edition.id}/indicators/{CODE}/chart"
    csv = client.get(f"{base}.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data(True).lstrip("\ufeff").splitlines()
    assert lines[0].endswith(";Hele landet;De seks største kommuner")
    assert lines[2] == "2007-H2;2. halvår 2007;47,9;73,1;70,9"
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}.xlsx?lang=en").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][3:] == ("All of Denmark", "De seks største kommuner")
    assert rows[2][:3] == ("2007-H2", "2nd half 2007", 47.9)
    svg = client.get(f"{base}.svg")
    assert svg.mimetype == "image/svg+xml"
    ET.fromstring(svg.data)  # noqa: S314 - our own output: a well-formed document
    png = client.get(f"{base}.png")
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png.data[16:20], "big")
    assert width == 720 and len(png.data) > 2000
    assert client.get(f"{base}.gif").status_code == 404
    assert (
        client.get(f"/barometer/editions/{edition.id}/indicators/NOPE/chart.csv").status_code == 404
    )


def test_only_the_embed_page_may_be_framed(periods: Any, client: Any, configured: Any) -> None:
    edition = _published(periods)
    embed = client.get(f"/barometer/indicators/{CODE}/embed")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    page = embed.get_data(True)
    assert (
        'class="chart-comparison"' in page and f"/editions/{edition.id}/indicators/{CODE}" in page
    )
    english = client.get(f"/barometer/indicators/{CODE}/embed?lang=en").get_data(True)
    assert '<html lang="en">' in english and "All of Denmark" in english
    for other in ("/barometer/", f"/barometer/editions/{edition.id}/indicators/{CODE}",
                  f"/barometer/editions/{edition.id}/indicators/{CODE}/chart.svg"):  # fmt: skip
        response = client.get(other)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
    configured(EMBED_FRAME_ANCESTORS="https://www.example.dk https://intra.example.dk")
    policy = client.get(f"/barometer/indicators/{CODE}/embed?lang=en").headers[
        "Content-Security-Policy"
    ]
    assert "frame-ancestors https://www.example.dk https://intra.example.dk" in policy
    assert client.get("/barometer/indicators/NOPE/embed").status_code == 404


def test_a_frame_ancestors_setting_cannot_add_directives() -> None:
    from core.security import frame_ancestors

    assert frame_ancestors("'self' https://a.dk") == "'self' https://a.dk"
    with pytest.raises(ValueError):
        frame_ancestors("https://a.dk; script-src *")


def test_the_comparison_of_two_editions_shows_the_series_uncoloured(
    periods: Any, client: Any
) -> None:
    first = publish(make_draft("2007-H1"))
    second = _published(periods)
    page = client.get(f"/barometer/editions/compare?a={first.id}&b={second.id}").get_data(True)
    section = page[page.index('id="comparisons-heading"') :]
    section = section[: section.index("</section>")]
    assert "Hele landet" in section
    assert '<td class="app-number">–</td>' in section  # published before the import
    assert "73,1 % (2. halvår 2007)" in section
    assert "app-badge" not in section  # never a colour


def test_the_open_data_of_an_indicator_carry_its_comparison_series_uncoloured(
    periods: Any, client: Any
) -> None:
    _published(periods)
    body = client.get(f"/barometer/indicators/{CODE}/data.csv").get_data(True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=_dialect(body)))
    national = [r for r in rows if r["category"] == "Hele landet"]
    assert [(r["period"], r["dimension"], r["status"]) for r in national] == [
        ("2007-H1", "comparison", "comparison"),
        ("2007-H2", "comparison", "comparison"),
    ]
    assert any(r["dimension"] == "" for r in rows)  # the total is still there
    status = client.get("/barometer/reporting-status").get_data(True)
    assert "comparison" not in status  # a comparison series is not a breakdown


def _dialect(body: str) -> str:
    return ";" if body.splitlines()[0].count(";") > body.splitlines()[0].count(",") else ","
