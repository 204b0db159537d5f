"""Values per category: the entry form, suppressed values, status on the total, the reading
page with movement and gap, the public accessor, and the query count."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer.models import CategoryValue, Indicator, IndicatorBreakdown
from barometer.period import Period
from barometer.reading import indicator_history, load_catalogue, load_reading
from barometer.services import breakdowns as svc
from barometer.services.breakdowns import indicator_breakdown_series
from core.models import AuditEvent
from tests.barometer.breakdown_factories import (
    CODE,
    add_category,
    make_broken_down,
    make_periods,
)
from tests.barometer.factories import NOW
from tests.factories import commit, make_secretariat
from tests.statements import StatementCounter
from tests.web import login, post, text_of

RULE = "færre end 5"


def _secretariat(client: FlaskClient) -> None:
    make_secretariat()
    commit()
    login(client, "sek@example.dk")


def _counts(db: Any) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m)) for m in (CategoryValue, AuditEvent)
    )


def _entry_path(period: str = "2007-H2") -> str:
    return f"/barometer/measurements/{period}/values/{CODE}/categories"


def _stamp(page: str) -> str:
    return page.split('name="stamp" value="')[1].split('"', maxsplit=1)[0]


def test_values_per_category_are_entered_and_a_suppressed_one_is_never_shown_as_zero(
    client: FlaskClient, db: Any
) -> None:
    make_broken_down()
    make_periods()
    _secretariat(client)
    page = text_of(client.get(_entry_path()))
    form = {
        "stamp": _stamp(page),
        "value-herkomst-dansk": "78,5",
        "value-herkomst-ikke-vestlig": "44,0",
        "suppressed-herkomst-vestlig": "y",
        "reason-herkomst-vestlig": RULE,
    }
    response = post(client, _entry_path(), form)
    assert response.status_code == 302, text_of(response)[-3000:]
    rows = {r.category_code: r for r in db.session.scalars(select(CategoryValue))}
    assert str(rows["dansk"].value) == "78.5000"
    assert rows["vestlig"].value is None and rows["vestlig"].suppressed
    assert rows["vestlig"].reason == RULE
    reading = text_of(client.get(f"/barometer/reading/2007-H2/indicators/{CODE}"))
    section = reading.split('id="breakdowns-heading"')[1].split("</section>")[0]
    vestlig = section.split("Vestlig oprindelse</th>")[1].split("</tr>")[0]
    assert "undertrykt" in vestlig and RULE in vestlig
    assert "0,0" not in vestlig and ">0<" not in vestlig
    assert "78,5" in section and "44,0" in section


def test_a_suppressed_value_with_a_number_or_a_value_without_reason_is_refused(
    client: FlaskClient, db: Any
) -> None:
    make_broken_down()
    make_periods()
    _secretariat(client)
    stamp = _stamp(text_of(client.get(_entry_path())))
    before = _counts(db)
    for form, message in (
        ({"value-herkomst-vestlig": "3", "suppressed-herkomst-vestlig": "y",
          "reason-herkomst-vestlig": RULE}, "En undertrykt værdi har intet tal"),
        ({"suppressed-herkomst-vestlig": "y"}, "Skriv begrundelsen for undertrykkelsen"),
        ({"value-herkomst-vestlig": "abc"}, "abc er ikke et tal"),
        ({"value-herkomst-vestlig": "120"}, "mellem 0 og 100"),
    ):  # fmt: skip
        response = post(client, _entry_path(), {"stamp": stamp, **form})
        assert response.status_code in (400, 422), form
        assert message in text_of(response), form
    assert _counts(db) == before


def test_a_stale_category_form_is_refused_and_changes_nothing(client: FlaskClient, db: Any) -> None:
    make_broken_down()
    _first, second = make_periods()
    _secretariat(client)
    stamp = _stamp(text_of(client.get(_entry_path())))
    add_category(second, "herkomst", "dansk", "70.0")
    commit()
    before = _counts(db)
    response = post(client, _entry_path(), {"stamp": stamp, "value-herkomst-dansk": "71"})
    assert response.status_code == 409
    assert _counts(db) == before


def test_categories_never_change_the_status_on_the_total(db: Any) -> None:
    version = make_broken_down()
    first, second = make_periods()
    catalogue = load_catalogue(version)
    info = catalogue.indicator(CODE)
    assert info is not None
    periods = [Period.parse("2007-H1"), Period.parse("2007-H2")]
    history = [r.status for r in indicator_history(info, periods)]
    reading = load_reading(Period.parse("2007-H2"), version)
    for period, values in ((first, ("90.0", "1.0")), (second, ("10.0", None))):
        add_category(period, "herkomst", "dansk", values[0])
        add_category(period, "herkomst", "vestlig", values[1], RULE)
        add_category(period, "koen", "kvinder", "0")
    assert [r.status for r in indicator_history(info, periods)] == history
    assert load_reading(Period.parse("2007-H2"), version) == reading


def test_the_reading_page_shows_each_categorys_movement_and_the_gap(
    client: FlaskClient, db: Any
) -> None:
    make_broken_down()
    first, second = make_periods()
    add_category(first, "herkomst", "dansk", "78.0")
    add_category(first, "herkomst", "ikke-vestlig", "42.0")
    add_category(second, "herkomst", "dansk", "78.0")
    add_category(second, "herkomst", "ikke-vestlig", "45.0")
    _secretariat(client)
    page = text_of(client.get(f"/barometer/reading/2007-H2/indicators/{CODE}"))
    section = page.split('id="breakdowns-heading"')[1].split("</section>")[0]
    assert "↑" in section.split("Ikke-vestlig oprindelse</th>")[1].split("</tr>")[0]
    assert "→" in section.split("Dansk oprindelse</th>")[1].split("</tr>")[0]
    gap = section.split('class="table table--compact app-gap"')[1].split("</table>")[0]
    assert "-36,0" in gap and "-33,0" in gap and "indsnævres" in gap
    assert "Over disse perioder bliver forskellen mindre." in section
    # The reader chooses the two categories: the other way round the gap is positive.
    chosen = text_of(
        client.get(
            f"/barometer/reading/2007-H2/indicators/{CODE}",
            query_string={"first-herkomst": "dansk", "second-herkomst": "ikke-vestlig"},
        )
    )
    assert "33,0" in chosen.split('class="table table--compact app-gap"')[1].split("</table>")[0]


def test_the_public_accessor_gives_every_value_in_order_with_suppressed_as_none(db: Any) -> None:
    version = make_broken_down()
    first, second = make_periods()
    add_category(second, "koen", "maend", "50.0")
    add_category(second, "herkomst", "vestlig", None, RULE)
    add_category(first, "herkomst", "dansk", "78.0")
    ind = db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == CODE)
    )
    series = indicator_breakdown_series(ind.id)
    assert [(p.period, p.dimension, p.category) for p in series] == [
        ("2007-H1", "herkomst", "dansk"),
        ("2007-H2", "herkomst", "vestlig"),
        ("2007-H2", "koen", "maend"),
    ]
    suppressed = series[1]
    assert suppressed.value is None and suppressed.suppressed and suppressed.reason == RULE
    assert suppressed.category_name_en == "Western origin"


def _page_statements(client: FlaskClient, counter: StatementCounter, code: str) -> int:
    before = counter.count
    response = client.get(f"/barometer/reading/2007-H2/indicators/{code}")
    assert response.status_code == 200
    return counter.count - before


def test_the_reading_page_makes_as_many_queries_for_many_categories_as_for_few(
    client: FlaskClient, db: Any, count_statements: StatementCounter
) -> None:
    version = make_broken_down(extra=6)  # CODE: 9 origins and 2 genders, with values
    first, second = make_periods()
    few = db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == "A1-M1-I2")
    )
    db.session.add(
        IndicatorBreakdown(
            version_id=version.id,
            indicator_id=few.id,
            dimension_id=svc.version_dimensions(version.id)[1].id,
        )
    )
    for period in (first, second):
        for i in range(6):
            add_category(period, "herkomst", f"x{i}", "10.0")
        add_category(period, "herkomst", "dansk", "70.0")
        db.session.add(
            CategoryValue(
                indicator_code="A1-M1-I2",
                period_id=period.id,
                dimension_code="koen",
                category_code="kvinder",
                value=Decimal("5"),
                entered_at=NOW,
            )
        )
    _secretariat(client)
    _page_statements(client, count_statements, CODE)  # the first request loads the user
    many = _page_statements(client, count_statements, CODE)
    assert "Gruppe 5" in text_of(client.get(f"/barometer/reading/2007-H2/indicators/{CODE}"))
    assert _page_statements(client, count_statements, "A1-M1-I2") == many


def test_the_method_says_that_status_is_on_the_total_and_explains_the_gap(
    client: FlaskClient, db: Any
) -> None:
    danish = text_of(client.get("/barometer/metode"))
    assert "Status beregnes altid på totalen" in danish and "gabet" in danish
    english = text_of(client.get("/barometer/metode?lang=en", follow_redirects=True))
    assert "The status is always computed on the total" in english


def test_an_edition_freezes_the_category_values_and_its_open_data_carry_them(db: Any) -> None:
    from barometer.editions import indicator_data
    from barometer.editions.snapshot import build_snapshot

    version = make_broken_down()
    first, second = make_periods()
    add_category(first, "herkomst", "dansk", "78.0")
    add_category(second, "herkomst", "vestlig", None, RULE)
    add_category(second, "koen", "maend", "50.0")
    snapshot = build_snapshot(
        edition={"id": 7}, period=first, version=version, municipality="Aarhus Kommune"
    )
    assert [p["category"] for p in snapshot["breakdowns"][CODE]] == ["dansk"]  # up to H1
    snapshot = build_snapshot(
        edition={"id": 8}, period=second, version=version, municipality="Aarhus Kommune"
    )
    indicator = indicator_data.find_indicator(snapshot, CODE)
    assert indicator is not None
    rows = [r for r in indicator_data.indicator_rows(snapshot, indicator) if r["dimension"]]
    assert [
        (r["period"], r["dimension"], r["category"], r["value"], r["status"]) for r in rows
    ] == [
        ("2007-H1", "herkomst", "dansk", "78", ""),
        ("2007-H2", "herkomst", "vestlig", None, "suppressed"),
        ("2007-H2", "koen", "maend", "50", ""),
    ]
    assert rows[1]["note"] == RULE and rows[1]["edition"] == 8  # suppressed: never zero
    assert indicator_data.dimensions(rows) == ["herkomst", "koen"]
