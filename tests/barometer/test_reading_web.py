"""The reading, entry, import and assessment pages through the test client, CSRF on."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import event, func, select

from barometer.models import Assessment, Measurement, MeasurementCorrection, MeasurementPeriod
from core.models import AuditEvent
from tests.barometer.factories import administration
from tests.barometer.reading_factories import (
    add_values,
    make_large_catalogue,
    make_period,
    make_reading_catalogue,
)
from tests.factories import make_data_contact, make_member, make_secretariat
from tests.web import csrf_token, login, post, text_of

D = Decimal


@pytest.fixture
def site(db: Any) -> dict[str, Any]:
    make_reading_catalogue()
    earlier, period = make_period("2006-H2", closed=True), make_period("2007-H1")
    add_values(earlier, {"A1-M1-I1": D("45.0")})
    make_data_contact(administration("BIF"), "bif@example.dk")
    make_data_contact(administration("BUF"), "buf@example.dk")
    make_secretariat()
    make_member(email="member@example.dk")
    db.session.commit()
    return {"period": period}


def counts(db: Any) -> tuple[int, int, int]:
    db.session.expire_all()
    return (
        db.session.scalar(select(func.count(Measurement.id))),
        db.session.scalar(select(func.count(MeasurementCorrection.id))),
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action.like("measurement.%"))
        ),
    )


def value_of(db: Any, code: str) -> Decimal | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Measurement.value)
        .join(MeasurementPeriod)
        .where(Measurement.indicator_code == code, MeasurementPeriod.code == "2007-H1")
    )


# -- who may see and do what ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/barometer/reading/",
        "/barometer/reading/2007-H1",
        "/barometer/reading/2007-H1/indicators/A1-M1-I1",
        "/barometer/measurements/",
        "/barometer/measurements/2007-H1/",
        "/barometer/measurements/2007-H1/import",
    ],
)
def test_a_consultee_member_may_not_see_the_staff_pages(
    client: FlaskClient, site: dict[str, Any], path: str
) -> None:
    assert client.get(path).status_code == 302  # anonymous: to the log-in page
    login(client, "member@example.dk")
    assert client.get(path).status_code == 403


def test_a_consultee_member_cannot_post_values(client: FlaskClient, db: Any, site: Any) -> None:
    login(client, "member@example.dk")
    before = counts(db)
    response = post(client, "/barometer/measurements/2007-H1/values/A1-M1-I1", {"value": "46,4"})
    assert response.status_code == 403
    assert counts(db) == before


def test_the_entry_form_lists_only_the_data_contacts_own_indicators(
    client: FlaskClient, site: Any
) -> None:
    login(client, "bif@example.dk")
    page = text_of(client.get("/barometer/measurements/2007-H1/"))
    assert "A1-M1-I1" in page and "A1-M1-I2" in page
    assert "A1-M1-C" not in page
    assert "45,0 %" in page  # the previous value beside the field


def entry_rows(values: dict[str, str], versions: dict[str, int] | None = None) -> dict[str, str]:
    data = {}
    for i, (code, value) in enumerate(values.items()):
        data[f"rows-{i}-code"] = code
        data[f"rows-{i}-lock_version"] = str((versions or {}).get(code, 0))
        data[f"rows-{i}-value"] = value
    return data


def test_a_data_contact_saves_values_in_the_entry_form(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    response = post(
        client,
        "/barometer/measurements/2007-H1/",
        entry_rows({"A1-M1-I1": "46,4", "A1-M1-I2": ""}),
    )
    assert response.status_code == 302, text_of(response)[:2000]
    assert value_of(db, "A1-M1-I1") == D("46.4")
    assert value_of(db, "A1-M1-I2") is None


def test_a_forged_row_for_another_administration_is_refused_and_writes_nothing(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    before = counts(db)
    response = post(client, "/barometer/measurements/2007-H1/values/A1-M1-C", {"value": "120"})
    assert response.status_code == 403
    assert counts(db) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101,0", "A percentage must be between 0 and 100; 101 is not."),
        ("46,45", "46.45 has too many decimals: the indicator has at most 1."),
        ("mange", "Not a valid decimal value."),
    ],
)
def test_bad_values_in_the_entry_form_are_refused_and_nothing_is_written(
    client: FlaskClient, db: Any, site: Any, value: str, message: str
) -> None:
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})
    login(client, "bif@example.dk")
    before = counts(db)
    response = post(
        client,
        "/barometer/measurements/2007-H1/",
        entry_rows({"A1-M1-I1": "46,4", "A1-M1-I2": value}),
    )
    assert response.status_code == 400
    assert message in text_of(response)
    assert counts(db) == before


def test_a_form_without_the_csrf_token_is_refused(client: FlaskClient, db: Any, site: Any) -> None:
    login(client, "bif@example.dk")
    before = counts(db)
    response = client.post(
        "/barometer/measurements/2007-H1/values/A1-M1-I1", data={"value": "46,4"}
    )
    assert response.status_code == 400
    assert counts(db) == before


def test_correcting_a_value_needs_a_reason_and_the_indicator_page_shows_the_history(
    client: FlaskClient, db: Any, site: Any
) -> None:
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})
    login(client, "bif@example.dk")
    path = "/barometer/measurements/2007-H1/values/A1-M1-I1"
    assert post(client, path, {"value": "46.4", "lock_version": "0"}).status_code == 302
    before = counts(db)
    refused = post(client, path, {"value": "46,9", "lock_version": "1"})
    assert refused.status_code == 400
    assert "give a reason for the correction" in text_of(refused)
    assert counts(db) == before
    saved = post(
        client,
        path,
        {"value": "46,9", "lock_version": "1", "reason": "Rettet af Danmarks Statistik"},
    )
    assert saved.status_code == 302
    assert value_of(db, "A1-M1-I1") == D("46.9")
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-I1"))
    assert "Rettet af Danmarks Statistik" in page
    assert "46.4 %" in page and "46.9 %" in page


def test_saving_over_a_value_corrected_meanwhile_is_refused_as_stale(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    path = "/barometer/measurements/2007-H1/values/A1-M1-I1"
    post(client, path, {"value": "46,4", "lock_version": "0"})
    post(client, path, {"value": "46,5", "lock_version": "1", "reason": "første rettelse"})
    response = post(client, path, {"value": "46,8", "lock_version": "1", "reason": "min"})
    assert response.status_code == 409
    assert value_of(db, "A1-M1-I1") == D("46.5")


# -- import --------------------------------------------------------------------------------


def upload(client: FlaskClient, name: str, data: bytes) -> Any:
    return post(
        client,
        "/barometer/measurements/2007-H1/import",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def danish_csv(*rows: str) -> bytes:
    return (
        "\ufeffPeriode;Indikatorkode;Værdi;Begrundelse for rettelse\r\n" + "\r\n".join(rows)
    ).encode()


def test_an_import_shows_a_preview_and_writes_only_when_confirmed(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    post(client, "/barometer/measurements/2007-H1/values/A1-M1-I1", {"value": "46,4"})
    before = counts(db)
    preview = upload(
        client, "v.csv", danish_csv("2007-H1;A1-M1-I1;46,9;Ny opgørelse", "2007-H1;A1-M1-I2;51,2")
    )
    assert preview.status_code == 200, text_of(preview)[:3000]
    page = text_of(preview)
    assert "46,4 %" in page and "46,9 %" in page and "Ny opgørelse" in page
    assert counts(db) == before
    token = page.split('name="token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    done = post(client, "/barometer/measurements/2007-H1/import/confirm", {"token": token})
    assert done.status_code == 302
    assert (value_of(db, "A1-M1-I1"), value_of(db, "A1-M1-I2")) == (D("46.9"), D("51.2"))
    assert db.session.scalar(select(func.count(MeasurementCorrection.id))) == 1
    # The token is spent.
    again = post(client, "/barometer/measurements/2007-H1/import/confirm", {"token": token})
    assert again.status_code == 400


def xlsx(*rows: list[Any]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("v.csv", danish_csv("2007-H1;A1-M1-I1;146,0"), "between 0 and 100"),
        ("v.csv", danish_csv("2007-H1;A1-M1-I1;46,45"), "too many decimals"),
        ("v.csv", danish_csv("2007-H1;NOPE;46,4"), "Unknown indicator code NOPE"),
        (
            "v.csv",
            danish_csv("2007-H1;A1-M1-I1;46,4", "2007-H1;A1-M1-I1;46,5"),
            "appears more than once (first in row 2)",
        ),
        ("v.csv", b"", "The file is empty."),
        ("v.pdf", b"%PDF-1.4 hello", "Choose an .xlsx or .csv file."),
        ("v.csv", danish_csv("2008-H1;A1-M1-I1;46,4"), "is for the period 2008-H1, not 2007-H1"),
        ("v.csv", danish_csv("2007-H1;A1-M1-C;120"), "A1-M1-C belongs to BUF"),
        (
            "v.xlsx",
            xlsx(["Period", "Indicator code", "Value"], ["2007-H1", "A1-M1-I2", -3]),
            "between 0 and 100",
        ),
    ],
)
def test_a_bad_file_is_refused_with_every_problem_and_nothing_is_written(
    client: FlaskClient, db: Any, site: Any, name: str, data: bytes, message: str
) -> None:
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})
    login(client, "bif@example.dk")
    before = counts(db)
    response = upload(client, name, data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert counts(db) == before


def test_the_template_is_prefilled_with_the_contacts_indicators(
    client: FlaskClient, site: Any
) -> None:
    login(client, "bif@example.dk")
    response = client.get("/barometer/measurements/2007-H1/template.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["A1-M1-I1", "A1-M1-I2"]
    assert rows[1][4] == 45.0  # the previous value
    csv_text = client.get("/barometer/measurements/2007-H1/template.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("2007-H1;A1-M1-I1;")


# -- the reading page ----------------------------------------------------------------------


def test_the_reading_page_shows_the_explanation_for_a_known_case(
    client: FlaskClient, db: Any, site: Any
) -> None:
    period2 = make_period("2007-H2")
    add_values(site["period"], {"A1-M1-I1": D("46.4"), "A1-M1-I2": D("47.0"), "A1-M1-C": D(120)})
    add_values(period2, {"A1-M1-I1": D("47.9"), "A1-M1-I2": D("47.0")})
    db.session.commit()
    login(client, "sek@example.dk")
    page = text_of(client.get("/barometer/reading/2007-H2"))
    assert "Steg fra 46,4 % til 47,9 % (+1,5 procentpoint). Højere er bedre: grøn." in page
    assert "Barometeret er ikke en evaluering." in page
    assert 'role="img"' in page  # gauges and sparklines with their text alternatives
    assert "2 af 3 indikatorer kan vurderes" in page
    effect_only = text_of(client.get("/barometer/reading/2007-H2?kind=effect"))
    assert "A1-M1-C" not in effect_only.split("Indikatorer for mål", 1)[-1]


def test_the_indicator_page_has_a_chart_a_table_and_the_definition(
    client: FlaskClient, db: Any, site: Any
) -> None:
    add_values(site["period"], {"A1-M1-I1": D("46.4")})
    db.session.commit()
    login(client, "bif@example.dk")
    page = text_of(client.get("/barometer/reading/2007-H1/indicators/A1-M1-I1"))
    assert "<svg" in page and "<desc" in page
    assert "Danmarks Statistik" in page
    assert "Mindst 50,0 % i 2010" in page
    assert client.get("/barometer/reading/2007-H1/indicators/NOPE").status_code == 404


# -- assessments ---------------------------------------------------------------------------


def test_the_secretariat_writes_an_assessment_shown_safely_on_the_reading_page(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "sek@example.dk")
    path = "/barometer/reading/2007-H1/assessments/A1"
    form = text_of(client.get(path))
    assert 'name="lock_version"' in form
    response = post(
        client,
        path,
        {
            "text": "**Flere** praktikpladser <script>alert(1)</script>",
            "state": "final",
            "lock_version": "0",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get("/barometer/reading/2007-H1"))
    assert "<strong>Flere</strong> praktikpladser" in page
    assert "<script>alert" not in page
    stale = post(client, path, {"text": "Andet", "state": "draft", "lock_version": "0"})
    assert stale.status_code == 409
    assert db.session.scalar(select(Assessment.text)).startswith("**Flere**")


def test_a_data_contact_may_not_write_assessments(client: FlaskClient, db: Any, site: Any) -> None:
    login(client, "bif@example.dk")
    response = post(client, "/barometer/reading/2007-H1/assessments/A1", {"text": "x"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Assessment.id))) == 0


def test_the_secretariat_opens_and_closes_periods(client: FlaskClient, db: Any, site: Any) -> None:
    login(client, "sek@example.dk")
    response = post(
        client, "/barometer/measurements/periods", {"code": "2007-h2", "deadline": "2008-02-28"}
    )
    assert response.status_code == 302
    row = db.session.scalar(select(MeasurementPeriod).where(MeasurementPeriod.code == "2007-H2"))
    assert row.collection_deadline.isoformat() == "2008-02-28T22:59:59+00:00"
    assert (
        post(
            client, "/barometer/measurements/periods", {"code": "2007-H2", "deadline": "2008-02-28"}
        ).status_code
        == 400
    )
    assert (
        post(client, "/barometer/measurements/2007-H2/state", {"state": "closed"}).status_code
        == 302
    )
    db.session.expire_all()
    assert not db.session.get(MeasurementPeriod, row.id).is_open


def test_a_data_contact_may_not_open_periods(client: FlaskClient, db: Any, site: Any) -> None:
    login(client, "bif@example.dk")
    response = post(
        client, "/barometer/measurements/periods", {"code": "2007-H2", "deadline": "2008-02-28"}
    )
    assert response.status_code == 403


# -- speed ---------------------------------------------------------------------------------


@contextmanager
def statements(db: Any) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_reading_page_issues_as_many_statements_for_300x20_as_for_30x2(
    client: FlaskClient, db: Any
) -> None:
    make_secretariat()
    small, _ = make_large_catalogue(30, 2)
    large, _ = make_large_catalogue(300, 20)
    db.session.commit()
    login(client, "sek@example.dk")
    with statements(db) as few:
        assert client.get(f"/barometer/reading/2007-H2?version={small.number}").status_code == 200
    with statements(db) as many:
        response = client.get(f"/barometer/reading/2016-H2?version={large.number}&area=all")
        assert response.status_code == 200
    assert text_of(response).count('class="chart chart-sparkline"') == 300
    assert len(many) == len(few), (len(few), len(many))


def test_a_large_reading_shows_one_focus_area_at_a_time_in_the_same_statements(
    client: FlaskClient, db: Any
) -> None:
    make_secretariat()
    large, _ = make_large_catalogue(90, 2)  # past AREA_AT_A_TIME (60)
    db.session.commit()
    login(client, "sek@example.dk")
    base = f"/barometer/reading/2007-H2?version={large.number}"
    every = text_of(client.get(f"{base}&area=all"))
    with statements(db) as first:
        page = text_of(client.get(base))
    area = page.split('aria-current="page"', 1)[0].rsplit("area=", 1)[1].split("&", 1)[0]
    other = next(code for code in re.findall(r"area=([^&\"#]+)", page) if code not in (area, "all"))
    with statements(db) as second:
        next_page = text_of(client.get(f"{base}&area={other}"))
    sparkline = 'class="chart chart-sparkline"'
    assert 0 < page.count(sparkline) < 30 and 0 < next_page.count(sparkline) < 30
    assert len(page) * 2 < len(every)  # one of six focus areas
    assert len(first) == len(second)
    assert f'id="area-{other}"' in next_page and f'id="area-{area}"' not in next_page


def test_a_value_saved_between_preview_and_confirmation_makes_the_import_stale(
    client: FlaskClient, db: Any, site: Any
) -> None:
    login(client, "bif@example.dk")
    preview = text_of(upload(client, "v.csv", danish_csv("2007-H1;A1-M1-I1;46,9")))
    token = preview.split('name="token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    other = client.application.test_client()
    login(other, "sek@example.dk")
    post(other, "/barometer/measurements/2007-H1/values/A1-M1-I1", {"value": "46,0"})
    response = post(client, "/barometer/measurements/2007-H1/import/confirm", {"token": token})
    assert response.status_code == 302  # back to the upload, with the message
    assert "A1-M1-I1" in text_of(client.get(response.location))  # the stale-edit message
    assert value_of(db, "A1-M1-I1") == D("46.0")


def test_a_reading_with_illustrative_indicators_says_its_figures_are_invented(
    client: FlaskClient, db: Any
) -> None:
    from barometer.models import Indicator

    make_reading_catalogue()
    make_period("2007-H1")
    make_secretariat()
    db.session.commit()
    login(client, "sek@example.dk")
    notice = "Nogle af aflæsningens indikatorer er illustrative demodata"
    assert notice not in text_of(client.get("/barometer/reading/2007-H1"))
    first = db.session.scalar(select(Indicator).where(Indicator.code == "A1-M1-I1"))
    first.illustrative = True  # setup: the demo's invented indicators are marked so
    db.session.commit()
    page = text_of(client.get("/barometer/reading/2007-H1"))
    assert f'<p class="app-illustrative">{notice}: deres tal er opdigtede.</p>' in page
