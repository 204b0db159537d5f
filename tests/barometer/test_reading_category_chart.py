"""The staff reading page of an indicator draws one chart per breakdown dimension (the total,
a path per category, the comparison series dashed grey) from the staff's current category
values, with a table of every period where each cell carries its movement in words; its
statements do not grow with the number of categories."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.models import CategoryValue, Indicator, IndicatorBreakdown
from barometer.services import breakdowns as svc
from barometer.services import comparisons
from tests.barometer.breakdown_factories import CODE, add_category, make_broken_down, make_periods
from tests.barometer.factories import NOW
from tests.factories import commit, make_secretariat
from tests.statements import StatementCounter
from tests.web import login, post, text_of

PAGE = f"/barometer/reading/2007-H2/indicators/{CODE}"
RULE = "færre end 5"
NATIONAL = b";2007H1;2007H2\nHele landet;72,4;73,1\n"


def _staff(client: FlaskClient) -> None:
    make_secretariat()
    commit()
    login(client, "sek@example.dk")


def _section(html: str) -> str:
    start = html.index('id="breakdowns-heading"')
    return html[start : html.index("</section>", start)]


def _charts(html: str) -> list[str]:
    return re.findall(r'<svg[^>]*class="chart chart-trend".*?</svg>', _section(html), re.S)


def _with_values() -> None:
    make_broken_down()
    first, second = make_periods()
    add_category(first, "herkomst", "dansk", "78.0")
    add_category(first, "herkomst", "ikke-vestlig", "42.0")
    add_category(first, "herkomst", "vestlig", "60.0")
    add_category(second, "herkomst", "dansk", "76.0")
    add_category(second, "herkomst", "ikke-vestlig", "45.0")
    add_category(second, "herkomst", "vestlig", None, RULE)
    add_category(second, "koen", "kvinder", "47.0")
    comparisons.import_file(CODE, "t.csv", NATIONAL, actor=None, now=NOW)


def test_each_dimension_has_a_chart_with_a_path_per_category_and_the_comparison_line(
    client: FlaskClient, db: Any
) -> None:
    _with_values()
    _staff(client)
    charts = _charts(text_of(client.get(PAGE)))
    assert len(charts) == 2  # origin and gender
    origin, gender = charts
    paths = re.findall(r'<path class="chart-category"[^>]*><title>([^<]*)</title>', origin)
    assert paths == ["Dansk oprindelse", "Vestlig oprindelse", "Ikke-vestlig oprindelse"]
    assert gender.count('class="chart-category"') == 2
    for chart in charts:
        assert 'class="chart-comparison"' in chart and "stroke-dasharray" in chart
        assert "Hele landet" in chart
    # named and described by the data, as the public chart is
    assert 'role="img"' in origin
    title = re.search(r"<title[^>]*>([^<]*)</title>", origin)
    assert title is not None and "efter herkomst" in title.group(1)
    desc = re.search(r"<desc[^>]*>([^<]*)</desc>", origin)
    assert desc is not None
    assert "Ikke-vestlig oprindelse: 42,0" in desc.group(1) and "45,0" in desc.group(1)
    assert "Hele landet" in desc.group(1)


def test_the_chart_shows_the_values_registered_now_not_a_published_edition(
    client: FlaskClient, db: Any
) -> None:
    _with_values()
    _staff(client)
    row = db.session.scalar(
        select(CategoryValue).where(
            CategoryValue.category_code == "dansk", CategoryValue.value == Decimal("76.0")
        )
    )
    row.value = Decimal("71.5")
    commit()
    origin = _charts(text_of(client.get(PAGE)))[0]
    assert "Dansk oprindelse: 78,0 % (1. halvår 2007) til 71,5 % (2. halvår 2007)" in origin
    assert "76,0" not in origin


def test_the_table_per_period_says_each_cells_movement_and_a_suppressed_value_in_words(
    client: FlaskClient, db: Any
) -> None:
    _with_values()
    _staff(client)
    section = _section(text_of(client.get(PAGE)))
    table = section[section.index("app-category-table") :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>.*?</tr>", table, re.S)
    last = rows[-1]  # 2007-H2: Danish down, Western suppressed, non-Western up
    cells = re.findall(r'<td class="app-number">(.*?)</td>', last, re.S)
    assert "76,0" in cells[1] and "↓ ned" in cells[1]
    assert "undertrykt" in cells[2] and RULE in cells[2] and "0,0" not in cells[2]
    assert "45,0" in cells[3] and "↑ op" in cells[3]
    assert "↑" not in rows[-2] and "↓" not in rows[-2]  # the first period has no movement
    post(client, "/language", {"locale": "en"})
    english = _section(text_of(client.get(PAGE)))
    assert "↓ down" in english and "↑ up" in english and "suppressed" in english
    assert "by origin per period" in english


def _page_statements(client: FlaskClient, counter: StatementCounter, code: str) -> int:
    before = counter.count
    response = client.get(f"/barometer/reading/2007-H2/indicators/{code}")
    assert response.status_code == 200
    return counter.count - before


def test_the_charts_cost_no_statement_per_category(
    client: FlaskClient, db: Any, count_statements: StatementCounter
) -> None:
    version = make_broken_down(extra=6)  # CODE: 9 origins and 2 genders
    first, second = make_periods()
    few = db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == "A1-M1-I2")
    )
    gender = svc.version_dimensions(version.id)[1]
    db.session.add(IndicatorBreakdown(version_id=version.id, indicator_id=few.id,
                                      dimension_id=gender.id))  # fmt: skip
    for period in (first, second):
        for i in range(6):
            add_category(period, "herkomst", f"x{i}", "10.0")
        db.session.add(CategoryValue(indicator_code="A1-M1-I2", period_id=period.id,
                                     dimension_code="koen", category_code="kvinder",
                                     value=Decimal("5"), entered_at=NOW))  # fmt: skip
    comparisons.import_file(CODE, "t.csv", NATIONAL, actor=None, now=NOW)
    comparisons.import_file("A1-M1-I2", "t.csv", NATIONAL, actor=None, now=NOW)
    _staff(client)
    _page_statements(client, count_statements, CODE)  # the first request loads the user
    many = _page_statements(client, count_statements, CODE)
    assert _page_statements(client, count_statements, "A1-M1-I2") == many
    html = text_of(client.get(PAGE))
    assert sum(c.count('class="chart-category"') for c in _charts(html)) == 11
    other = text_of(client.get("/barometer/reading/2007-H2/indicators/A1-M1-I2"))
    assert sum(c.count('class="chart-category"') for c in _charts(other)) == 2
