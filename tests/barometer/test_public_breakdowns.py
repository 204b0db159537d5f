"""An anonymous reader chooses categories on an indicator's public page: one chart per
chosen view, its table and downloads, the gap, the embed page (the demo's BES-01 by origin
and gender, SUN-04 with suppressed values)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import event

from barometer.breakdown_gap import CategoryPoint, gap_series, gap_trend
from barometer.editions.export import export_site
from barometer.editions.public_site import latest_published_id
from core.extensions import db
from tests.demo_cache import load_demo_once

ORIGIN = "dimension=herkomst&chosen=1&category=indvandrere&category=efterkommere"


@pytest.fixture
def edition(app: Any, db: Any) -> int:
    load_demo_once()
    db.session.commit()
    latest = latest_published_id()
    assert latest is not None
    return latest


def _page(client: FlaskClient, edition: int, code: str, query: str = "") -> str:
    response = client.get(f"/barometer/editions/{edition}/indicators/{code}?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(html: str) -> str:
    start = html.index('aria-labelledby="breakdown-heading"')
    return html[start : html.index("</section>", start)]


def _svgs(html: str) -> list[str]:
    return re.findall(r'<svg[^>]*class="chart chart-trend".*?</svg>', html, re.S)


def test_the_page_shows_the_first_breakdown_with_every_category_and_a_form(
    client: FlaskClient, edition: int
) -> None:
    section = _section(_page(client, edition, "BES-01"))
    assert 'name="dimension" value="herkomst"' in section
    # every category of origin is ticked; the other breakdown is a link away
    assert section.count('name="category"') == 2
    assert section.count(" checked") == 2
    assert 'dimension=koen#breakdown-heading"' in section
    chart = _svgs(section)[0]
    assert chart.count('class="chart-category"') == 2
    assert 'class="chart-comparison"' in chart and "stroke-dasharray" in chart


def test_switching_categories_draws_one_path_per_chosen_category_and_the_gap(
    client: FlaskClient, edition: int
) -> None:
    section = _section(_page(client, edition, "BES-01", ORIGIN))
    chart = _svgs(section)[0]
    paths = re.findall(r'<path class="chart-category"[^>]*><title>([^<]*)</title>', chart)
    assert paths == ["Indvandrere", "Efterkommere"]  # the dimension's order
    assert section.count(" checked") == 2
    # the national line stays on the category chart, dashed and grey
    assert re.search(r'class="chart-comparison"[^>]*stroke="#6b6b6b"[^>]*stroke-dasharray', chart)
    # the gap, computed here from the published open data, narrows in the demo
    data = json.loads(db_client_json(client, "/barometer/indicators/BES-01/data.json"))
    series: dict[str, dict[str, CategoryPoint]] = {"indvandrere": {}, "efterkommere": {}}
    for row in data["rows"]:
        if row["dimension"] == "herkomst" and row["category"] in series and row["value"]:
            series[row["category"]][row["period"]] = CategoryPoint(Decimal(row["value"]))
    expected = gap_trend(gap_series(series["efterkommere"], series["indvandrere"]))
    assert expected is not None
    words = {"narrows": "Forskellen bliver mindre.", "widens": "Forskellen bliver større."}
    assert words[expected] in section
    assert "Efterkommere minus Indvandrere" in section


def db_client_json(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_no_category_chosen_leaves_the_total_alone(client: FlaskClient, edition: int) -> None:
    section = _section(_page(client, edition, "BES-01", "dimension=koen&chosen=1"))
    chart = _svgs(section)[0]
    assert 'class="chart-category"' not in chart
    assert 'class="chart-line"' in chart  # the total
    assert "The gap" not in section and "Forskellen mellem" not in section


@pytest.mark.parametrize(
    ("query", "lang", "message"),
    [
        ("dimension=alder", "da", "Denne udgave har ikke den opdeling eller kategori."),
        ("dimension=herkomst&chosen=1&category=indvandrere&category=marsboer", "da",
         "Denne udgave har ikke den opdeling eller kategori."),
        ("dimension=" + "x" * 41, "en", "This edition has no such breakdown or category."),
    ],
)  # fmt: skip
def test_an_unknown_breakdown_or_category_is_said_and_the_rest_shown(
    client: FlaskClient, edition: int, query: str, lang: str, message: str
) -> None:
    section = _section(_page(client, edition, "BES-01", f"{query}&lang={lang}"))
    assert message in section
    assert _svgs(section)  # the page still has its chart
    # the downloads of an unknown choice do not exist
    response = client.get(f"/barometer/editions/{edition}/indicators/BES-01/chart.csv?{query}")
    assert response.status_code == 404


def test_a_suppressed_category_is_shown_as_such_never_as_zero(
    client: FlaskClient, edition: int
) -> None:
    section = _section(_page(client, edition, "SUN-04"))
    table = section[section.index("app-category-table") :]
    table = table[: table.index("</table>")]
    assert "undertrykt" in table
    men_cells = re.findall(r"<tr>.*?</tr>", table, re.S)[1:]
    assert men_cells and not any(">0,0" in row or ">0 " in row for row in men_cells)
    csv_rows = _download_rows(client, edition, "SUN-04", "dimension=koen")
    assert csv_rows[0][4] == "Mænd"
    suppressed = [r for r in csv_rows[1:] if r[4] == ""]
    assert suppressed, "a suppressed value is an empty cell in the download, not 0"


def _download_rows(client: FlaskClient, edition: int, code: str, query: str) -> list[list[str]]:
    response = client.get(f"/barometer/editions/{edition}/indicators/{code}/chart.csv?{query}")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_chosen_view_downloads_as_table_and_chart(client: FlaskClient, edition: int) -> None:
    rows = _download_rows(client, edition, "BES-01", ORIGIN)
    assert rows[0][2:5] == ["I alt (%)", "Indvandrere", "Efterkommere"]
    assert rows[0][5] == "Hele landet"
    assert any("," in row[3] for row in rows[1:])  # Danish decimal comma
    base = f"/barometer/editions/{edition}/indicators/BES-01/chart"
    xlsx = client.get(f"{base}.xlsx?{ORIGIN}&lang=en")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[1]][2:5] == ["Total (%)", "Immigrants", "Descendants"]
    svg = client.get(f"{base}.svg?{ORIGIN}")
    assert svg.mimetype == "image/svg+xml"
    assert svg.data.decode().count('class="chart-category"') == 2
    assert "herkomst" in svg.headers["Content-Disposition"]
    png = client.get(f"{base}.png?{ORIGIN}")
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chosen_view_embeds_in_a_frame_the_indicator_page_does_not(
    client: FlaskClient, edition: int
) -> None:
    embed = client.get(f"/barometer/indicators/BES-01/embed?{ORIGIN}")
    assert embed.status_code == 200
    assert "frame-ancestors 'none'" not in embed.headers["Content-Security-Policy"]
    html = embed.get_data(as_text=True)
    assert _svgs(html)[0].count('class="chart-category"') == 2
    page = client.get(f"/barometer/editions/{edition}/indicators/BES-01?{ORIGIN}")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    # the page offers the code to embed exactly this view
    assert "/barometer/indicators/BES-01/embed?dimension=herkomst" in page.get_data(as_text=True)


def test_an_indicator_without_breakdowns_has_no_section(client: FlaskClient, edition: int) -> None:
    assert 'aria-labelledby="breakdown-heading"' not in _page(client, edition, "BES-02")


def test_statements_do_not_grow_with_the_categories_chosen(
    client: FlaskClient, edition: int, app: Any
) -> None:
    def count(query: str) -> int:
        seen: list[str] = []

        def listen(*args: Any) -> None:
            seen.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            _page(client, edition, "BES-01", query)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(seen)

    one = count("dimension=herkomst&chosen=1&category=indvandrere&x=1")
    three = count("dimension=herkomst&x=2")
    assert three <= one


def test_the_static_export_draws_every_breakdown_without_a_form(
    edition: int, tmp_path: Path
) -> None:
    export_site(tmp_path, edition)
    html = (tmp_path / f"editions/{edition}/indicators/BES-01.html").read_text(encoding="utf-8")
    section = _section(html)
    assert "<form" not in section
    charts = _svgs(section)
    assert [c.count('class="chart-category"') for c in charts] == [2, 2]  # origin, gender


def test_each_category_has_its_own_movement_beside_it(client: FlaskClient, edition: int) -> None:
    section = _section(_page(client, edition, "SUN-04"))
    latest = section[section.index('<ul class="app-category-latest">') :]
    latest = latest[: latest.index("</ul>")]
    # women rise every half-year in the demo; the men's suppressed values have no movement
    assert re.search(r"Kvinder: [\d,]+ % \(↑ op\)", latest)
    assert "Mænd:" in latest


def _table_rows(section: str) -> list[list[str]]:
    """The category table's cells per period (after the period and the total)."""
    table = section[section.index("app-category-table") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>.*?</tr>", table, re.S)[1:]
    return [re.findall(r'<td class="app-number">(.*?)</td>', r, re.S)[1:] for r in rows]


def test_each_period_cell_says_its_movement_in_words_and_a_suppressed_one_why(
    client: FlaskClient, edition: int
) -> None:
    rows = _table_rows(_section(_page(client, edition, "BES-01", ORIGIN)))
    assert not any("↑" in c or "↓" in c or "→" in c for c in rows[0])  # nothing before it
    moved = [cell for row in rows[1:-1] for cell in row if "(↑ op)" in cell]
    assert len(moved) == 2 * (len(rows) - 2)  # every cell, not only the latest period's
    english = _table_rows(_section(_page(client, edition, "BES-01", ORIGIN + "&lang=en")))
    assert "(↑ up)" in english[1][0] and "(↑ op)" not in english[1][0]
    gender = _section(_page(client, edition, "SUN-04", "dimension=koen"))
    men = [row[1] for row in _table_rows(gender)]
    suppressed = [cell for cell in men if "undertrykt" in cell]
    assert suppressed and all("færre end 5" in c and "↑" not in c and "0,0" not in c
                              for c in suppressed)  # fmt: skip
    assert "(↑ op)" in men[3]  # 2008-H2 against 2008-H1, after a suppressed period
    assert not any(s in men[2] for s in "↑↓→")  # 2008-H1: the period before was suppressed


def test_a_category_change_below_the_indicators_minimum_change_is_unchanged_as_in_the_reading(
    edition: int,
) -> None:
    """The public category cells use the indicator's minimum meaningful change, as the staff
    reading does: a smaller step is "unchanged", not "up"."""
    from barometer.breakdown_gap import Movement
    from barometer.editions.category_views import views_for
    from barometer.editions.indicator_data import find_indicator
    from barometer.editions.presenter import indicator_view
    from barometer.models import Edition

    snapshot = db.session.get(Edition, edition).snapshot
    found = find_indicator(snapshot, "BES-01")
    assert found is not None

    def moves(min_change: str | None) -> list[Movement | None]:
        ind = indicator_view(snapshot, {**found, "min_change": min_change}, "da")
        _, _, [view] = views_for(ind, snapshot, {"dimension": "herkomst"})
        return [c.movement for c in view.cells.values() if c.movement is not None]

    steps = moves(None)
    assert steps and set(steps) == {Movement.UP}  # the demo's origin groups rise each period
    assert set(moves("1000")) == {Movement.FLAT}  # no step is as large as 1,000
