"""The metadata where readers look: the staff reading and indicator pages show an annual
indicator's off-cycle half-year without grey, a data break as "not comparable", a
benchmark as neutral context beside its goal and a target missed at its date in words;
the API's indicator detail carries the metadata."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient

from barometer.services import catalogue_nodes as cat
from barometer.services import catalogue_versions
from tests.barometer.edition_factories import make_draft, publish
from tests.barometer.factories import NOW, goal, indicator, indicator_data, make_draft_with_content
from tests.barometer.reading_factories import add_values, make_period
from tests.barometer.test_editions_api import _validate
from tests.factories import make_secretariat
from tests.web import login, text_of

D = Decimal


def build_site() -> None:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=2)
    cat.update_indicator(
        indicator(draft, "A1-M1-I1"),
        replace(
            indicator_data("A1-M1-I1"),
            data_breaks="2009-H2: Ny opgørelse i Danmarks Statistik",
            limitations="Registerdata; personer uden CPR-nummer indgår ikke.",
            contact="Analyseenheden, BIF",
            last_updated=date(2009, 11, 2),
        ),
        actor=None,
        now=NOW,
    )
    cat.update_indicator(
        indicator(draft, "A1-M1-I2"),
        replace(indicator_data("A1-M1-I2"), kind="benchmark", name_da="Landstal"),
        actor=None,
        now=NOW,
    )
    cat.add_indicator(
        goal(draft, "A1-M1"),
        indicator_data(
            "A1-M1-T",
            name_da="Andel der føler sig utrygge",
            direction=-1,
            frequency="annual",
            measured_half=2,
        ),
        actor=None,
        now=NOW,
    )
    catalogue_versions.approve_version(
        draft, decision_text="BIU 227/2006", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )
    periods = {code: make_period(code, closed=True) for code in ("2008-H2", "2009-H1", "2009-H2")}
    periods["2010-H2"] = make_period("2010-H2")
    add_values(periods["2008-H2"], {"A1-M1-I1": D("48.0"), "A1-M1-I2": D("50.0"),
                                    "A1-M1-T": D("33.7")})  # fmt: skip
    add_values(periods["2009-H1"], {"A1-M1-I1": D("49.0"), "A1-M1-I2": D("50.0")})
    add_values(periods["2009-H2"], {"A1-M1-I1": D("45.0"), "A1-M1-I2": D("48.0"),
                                    "A1-M1-T": D("31.3")})  # fmt: skip
    add_values(periods["2010-H2"], {"A1-M1-I1": D("49.5"), "A1-M1-T": D("30.0")})


@pytest.fixture
def site(db: Any) -> None:
    build_site()
    make_secretariat()
    db.session.commit()


def row(page: str, code: str) -> str:
    """The table row or list item of one indicator on a reading page."""
    found = re.search(rf'<(tr|li) id="indicator-{code}">(.*?)</\1>', page, re.S)
    assert found, code
    return found.group(2)


def test_an_off_cycle_half_year_is_not_grey_nor_counted(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2009-H1"))
    annual = row(page, "A1-M1-T")
    assert "app-badge-grey" not in annual
    assert "ingen værdi ventes for 1. halvår 2009" in annual
    assert "1 af 1 indikator kan vurderes" in page
    tally = page.split("app-tally", 1)[1].split("</table>", 1)[0]
    assert re.search(
        r"Måles ikke i dette halvår.*?<td>1 <span[^>]*>\(tælles ikke med\)", tally, re.S
    )


def test_a_data_break_is_not_comparable_never_red(client: FlaskClient, db: Any, site: Any) -> None:
    login(client, "sek@example.dk")
    broken = row(text_of(client.get("/barometer/reading/2009-H2")), "A1-M1-I1")
    assert "app-badge-red" not in broken and "app-badge-not_comparable" in broken
    assert "databrud i 2. halvår 2009: Ny opgørelse i Danmarks Statistik." in broken


def test_a_benchmark_is_neutral_context_beside_the_goal(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2009-H2"))
    assert "Sammenligningstal" in page
    benchmark = row(page, "A1-M1-I2")
    assert "48,0 %" in benchmark
    assert not re.search(r"app-badge-(red|green|yellow)", benchmark)
    single = text_of(client.get("/barometer/reading/2009-H2/indicators/A1-M1-I2"))
    assert not re.search(r"app-badge-(red|green|yellow)", single)


def test_a_target_missed_at_its_date_is_said_in_words(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2010-H2"))
    line = row(page, "A1-M1-I1")
    assert "Målet for 2010 blev ikke nået: 49,5 % mod 50,0 %." in line
    assert "På rette spor" not in line


def test_the_staff_indicator_page_shows_the_metadata(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2009-H1/indicators/A1-M1-T"))
    assert "Årlig, måles i 2. halvår" in page
    assert re.search(r"Næste værdi ventes</dt>\s*<dd>2\. halvår 2009", page)
    other = text_of(client.get("/barometer/reading/2009-H2/indicators/A1-M1-I1"))
    assert "2. halvår 2009: Ny opgørelse i Danmarks Statistik" in other
    assert "Registerdata; personer uden CPR-nummer indgår ikke." in other
    assert "Analyseenheden, BIF" in other and "2. november 2009" in other


@pytest.fixture
def edition(db: Any, site: Any, configured: Any) -> int:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    published = publish(make_draft("2009-H2"))
    db.session.commit()
    return int(published.id)


def test_the_api_indicator_detail_carries_the_metadata(
    client: FlaskClient, db: Any, edition: int
) -> None:
    item = _validate(client, "/indicators/A1-M1-T").json
    assert (item["frequency"], item["measured_half"], item["next_expected_period"]) == (
        "annual",
        2,
        "2010-H2",
    )
    broken = _validate(client, "/indicators/A1-M1-I1").json
    assert broken["data_breaks"] == "2009-H2: Ny opgørelse i Danmarks Statistik"
    assert broken["contact"] == "Analyseenheden, BIF"
    assert broken["last_updated"] == "2009-11-02"
    assert broken["status"]["movement"] == "not_comparable"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("da", ("Om tallene", "Databrud", "Sammenligningstal")),
     ("en", ("About the figures", "Data breaks", "Benchmarks"))],
)  # fmt: skip
def test_the_public_pages_show_metadata_and_benchmarks_as_context(
    client: FlaskClient, db: Any, edition: int, lang: str, words: tuple[str, str, str]
) -> None:
    page = text_of(client.get(f"/barometer/editions/{edition}/indicators/A1-M1-I1?lang={lang}"))
    assert words[0] in page and words[1] in page
    assert "app-badge-not_comparable" in page
    overview = text_of(client.get(f"/barometer/editions/{edition}/?lang={lang}"))
    assert words[2] in overview
    assert not re.search(r"app-badge-(red|green|yellow)", row(overview, "A1-M1-I2"))


@pytest.mark.parametrize("public", [False, True])
def test_the_indicator_charts_draw_the_path_join_annual_series_and_keep_their_table(
    client: FlaskClient, db: Any, edition: int, public: bool
) -> None:
    login(client, "sek@example.dk")
    base = f"/barometer/editions/{edition}" if public else "/barometer/reading/2009-H2"
    page = text_of(client.get(f"{base}/indicators/A1-M1-I1"))
    assert 'class="chart-path"' in page and 'class="chart-target-marker"' in page
    assert "<caption>Værdier og status pr. periode</caption>" in page
    annual = text_of(client.get(f"{base}/indicators/A1-M1-T"))
    chart = annual.split('class="chart chart-trend"', 1)[1].split("</svg>", 1)[0]
    assert chart.count('class="chart-line"') == 1  # 2008-H2 and 2009-H2 joined


def test_the_report_shows_the_benchmark_without_a_colour_and_the_path(
    client: FlaskClient, db: Any, edition: int
) -> None:
    from barometer.editions.pdf import report_html
    from barometer.models import Edition

    snapshot = db.session.get(Edition, edition).snapshot
    with client.application.test_request_context():
        html = report_html(snapshot, "da")
    after = html.split("<h3>A1-M1-I2 Landstal", 1)[1]  # its block, not the area table
    block = after.split('class="rp-indicator-text">', 1)[1].split("</div>", 1)[0]
    assert "app-badge-benchmark" in block and not re.search(r"app-badge-(red|green)", block)
    assert 'class="chart-path"' in html


def test_the_entry_overview_does_not_count_an_off_cycle_annual_indicator_as_missing(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/measurements/"))

    def cell(code: str) -> str:
        cells = r"</span></th>.*?<td>.*?</td>.*?<td>.*?</td>\s*<td>(.*?)</td>"
        found = re.search(rf"\({code}[^<]*{cells}", page, re.S)
        assert found, code
        return found.group(1)

    # The annual indicator is measured in the second half-year: not due in 2009-H1.
    assert cell("2009-H1").startswith("2 af 2") and "mangler" not in cell("2009-H1")
    # In its own half-year it counts; 2010-H2 lacks the benchmark's value.
    assert cell("2010-H2").startswith("2 af 3") and "1 mangler" in cell("2010-H2")


COLOURS = {"green", "yellow", "red", "grey"}


def test_the_api_gives_a_benchmark_no_colour(client: FlaskClient, db: Any, edition: int) -> None:
    item = _validate(client, "/indicators/A1-M1-I2").json
    status = item["status"]
    assert (status["movement"], status["since_baseline"]) == ("benchmark", "benchmark")
    assert not {"grøn", "rød", "gul", "green", "red", "yellow"} & set(
        re.findall(r"\w+", status["movement_text"]["da"] + " " + status["movement_text"]["en"])
    )
    assert not {row["movement"] for row in item["values"]} & COLOURS
    whole = _validate(client, f"/editions/{edition}").json["edition"]
    assert whole["reading"]["indicators"]["A1-M1-I2"]["movement"] == "benchmark"
    assert not {row["movement"] for row in whole["values"]["A1-M1-I2"]} & COLOURS


def test_a_benchmark_frozen_with_a_colour_is_not_a_colour_change_in_the_comparison(
    db: Any, edition: int
) -> None:
    import copy

    from barometer.editions.presenter import compare
    from barometer.models import Edition

    newer = db.session.get(Edition, edition).snapshot
    older = copy.deepcopy(newer)
    older["reading"]["indicators"]["A1-M1-I2"]["movement"] = "red"  # as frozen before
    rows = {r.code: r for r in compare(older, newer, "da")}
    assert not rows["A1-M1-I2"].colour_changed
