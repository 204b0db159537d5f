"""Open data per indicator, the reporting status and DCAT-AP: only published data."""

from __future__ import annotations

import csv
import io
import json
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from barometer.models import Edition
from tests.barometer.edition_factories import NOTE, make_draft, make_periods, make_published
from tests.barometer.reading_factories import add_values, make_period

BASE = "/barometer/indicators/A1-M1-I1"


@pytest.fixture
def first(db: Any) -> Edition:
    make_periods()
    edition = make_published("2007-H1")
    db.session.commit()
    return edition


def _csv(client: FlaskClient, code: str = "A1-M1-I1") -> list[dict[str, str]]:
    response = client.get(f"/barometer/indicators/{code}/data.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_csv_has_the_tidy_columns_and_only_published_periods(
    client: FlaskClient, first: Edition, db: Any
) -> None:
    draft = make_draft("2007-H2")  # a draft of the next period: never shown
    db.session.commit()
    rows = _csv(client)
    assert list(rows[0]) == [
        "indicator", "period", "dimension", "category", "value", "unit", "status", "note",
        "edition",
    ]  # fmt: skip
    assert rows == [
        {
            "indicator": "A1-M1-I1",
            "period": "2007-H1",
            "dimension": "",
            "category": "",
            "value": "46.4",
            "unit": "percent",
            "status": "green",
            "note": "",
            "edition": str(first.id),
        }
    ]
    assert str(draft.id) not in {r["edition"] for r in rows}


def test_a_new_edition_brings_new_rows_from_itself(
    client: FlaskClient, first: Edition, db: Any
) -> None:
    second = make_published("2007-H2")
    add_values(make_period("2008-H1"), {"A1-M1-I1": Decimal("50.5")})  # not published
    db.session.commit()
    rows = _csv(client, "A1-M1-I2")
    assert [(r["period"], r["value"], r["edition"]) for r in rows] == [
        ("2007-H1", "47", str(second.id)),
        ("2007-H2", "", str(second.id)),
    ]
    assert rows[1]["note"] == NOTE and rows[1]["status"] == "grey"
    body = client.get(f"{BASE}/data.json").json
    assert body["edition"] == {"id": second.id, "period": "2007-H2"}
    assert [r["value"] for r in body["rows"]] == ["46.4", "47.9"]
    assert "50.5" not in client.get(f"{BASE}/data.csv").data.decode()


def test_the_json_and_the_workbook_hold_the_csv_rows(client: FlaskClient, first: Edition) -> None:
    from openpyxl import load_workbook

    body = client.get(f"{BASE}/data.json").json
    assert body["columns"] == list(_csv(client)[0])
    assert body["rows"][0]["edition"] == first.id and body["rows"][0]["value"] == "46.4"
    assert body["indicator"]["name"]["da"] and body["indicator"]["unit"] == "percent"
    assert body["links"]["csv"].endswith(f"{BASE}/data.csv")
    response = client.get(f"{BASE}/data.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header == body["columns"]
    assert row[:2] == ["A1-M1-I1", "2007-H1"] and row[4] == 46.4  # a number, not a text


def test_an_unpublished_or_unknown_indicator_is_not_found(client: FlaskClient, db: Any) -> None:
    make_periods()
    make_draft("2007-H1")
    db.session.commit()
    for path in (f"{BASE}/", f"{BASE}/data.csv", f"{BASE}/data.json", f"{BASE}/dcat.jsonld"):
        assert client.get(path).status_code == 404, path
    assert client.get("/barometer/indicators/%3Cx%3E/").status_code == 404
    assert client.get("/api/v1/indicators/A1-M1-I1/data").status_code == 404


def test_the_page_shows_the_values_and_the_downloads_in_both_languages(
    client: FlaskClient, first: Edition
) -> None:
    da = client.get(f"{BASE}/").data.decode()
    assert "46,4" in da and "1. halvår 2007" in da and f"{BASE}/data.csv" in da
    en = client.get(f"{BASE}/?lang=en").data.decode()
    assert "46.4" in en and "1st half 2007" in en and "Published values" in en
    edition_page = client.get(f"/barometer/editions/{first.id}/indicators/A1-M1-I1?lang=en")
    assert f'href="{BASE}/?lang=en"' in edition_page.data.decode()  # it links here


def test_the_api_data_endpoint_is_the_data_json(client: FlaskClient, first: Edition) -> None:
    from tests.barometer.test_editions_api import _validate

    api = _validate(client, "/indicators/A1-M1-I1/data")
    assert api.json == client.get(f"{BASE}/data.json").json
    _validate(client, "/indicators/NOPE/data", 404)
    _validate(client, "/indicators/%3Cscript%3E/data", 400)
    _validate(client, "/indicators/A1-M1-I1")  # the existing contract is unchanged


def test_the_reporting_status_counts_reported_and_awaiting_indicators(
    client: FlaskClient, first: Edition, db: Any
) -> None:
    make_published("2007-H2")
    db.session.commit()
    page = client.get("/barometer/reporting-status?lang=en").data.decode()
    assert "2 of 3 indicators have data for the period; 1 are awaiting data." in page
    assert "Awaiting data" in page and "A1-M1-I2" in page
    assert "Rapporteringsstatus" in client.get("/barometer/reporting-status").data.decode()


def test_the_edition_package_has_the_tidy_table(
    client: FlaskClient, first: Edition, tmp_path: Path
) -> None:
    # frictionless validates the whole package in test_english_texts_more.
    for name in ("data.csv", "data.json", "indicator-data.csv", "datapackage.json"):
        response = client.get(f"/barometer/editions/{first.id}/{name}")
        assert response.status_code == 200, name
        (tmp_path / name).write_bytes(response.data)
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in package["resources"]][-1] == "indicator_data"
    tidy = (tmp_path / "indicator-data.csv").read_text("utf-8-sig").splitlines()
    assert len(tidy) == 1 + 3  # three indicators, one period


def test_query_counts_are_flat_in_the_number_of_editions(
    client: FlaskClient, first: Edition, db: Any, count_statements: Any
) -> None:
    def count() -> list[int]:
        counts = []
        for path in (f"{BASE}/", f"{BASE}/data.csv", "/barometer/reporting-status",
                     "/barometer/catalog.jsonld", "/api/v1/indicators/A1-M1-I1/data"):  # fmt: skip
            before = count_statements.count
            assert client.get(path).status_code == 200, path
            counts.append(count_statements.count - before)
        return counts

    small = count()
    make_published("2007-H2")
    add_values(make_period("2008-H1", closed=False), {"A1-M1-I1": Decimal("49.0")})
    make_published("2008-H1")
    db.session.commit()
    assert count() == small


def _graph(client: FlaskClient, path: str) -> Any:
    from rdflib import Graph

    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/ld+json"
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=response.data, format="json-ld")


def test_the_dcat_catalogue_describes_every_edition_and_indicator(
    client: FlaskClient, first: Edition
) -> None:
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

    graph = _graph(client, "/barometer/catalog.jsonld")
    catalogue = next(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert len(datasets) == 1 + 3  # the edition and its three indicators
    required = (DCTERMS.title, DCTERMS.description, DCAT.distribution, DCTERMS.publisher,
                DCTERMS.license, DCTERMS.accrualPeriodicity, DCTERMS.temporal)  # fmt: skip
    for dataset in datasets:
        for prop in required:
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        for dist in graph.objects(dataset, DCAT.distribution):
            assert graph.value(dist, DCAT.accessURL) and graph.value(dist, DCAT.downloadURL)
            assert graph.value(dist, DCAT.mediaType) is not None
        publisher = graph.value(dataset, DCTERMS.publisher)
        assert (
            str(graph.value(publisher, FOAF.name)) == client.application.config["MUNICIPALITY_NAME"]
        )
    indicator = next(d for d in datasets if str(d).endswith("A1-M1-I1/dcat.jsonld"))
    temporal = graph.value(indicator, DCTERMS.temporal)
    assert str(graph.value(temporal, DCAT.startDate)) == "2007-01-01"
    assert str(graph.value(temporal, DCAT.endDate)) == "2007-06-30"
    assert str(graph.value(indicator, DCTERMS.accrualPeriodicity)).endswith("/ANNUAL_2")
    media = {
        str(graph.value(d, DCAT.mediaType)) for d in graph.objects(indicator, DCAT.distribution)
    }
    assert {m.rsplit("/", 2)[-1] for m in media} == {"csv", "json", XLSX_SUBTYPE}


XLSX_SUBTYPE = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_each_edition_and_indicator_has_its_own_dcat_document(
    client: FlaskClient, first: Edition, db: Any
) -> None:
    from rdflib.namespace import DCAT, DCTERMS, RDF

    graph = _graph(client, f"/barometer/editions/{first.id}/dcat.jsonld")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    titles = {t.language: str(t) for t in graph.objects(dataset, DCTERMS.title)}
    assert set(titles) == {"da", "en"}
    assert str(graph.value(dataset, DCTERMS.accrualPeriodicity)).endswith("/NEVER")
    graph = _graph(client, f"{BASE}/dcat.jsonld")
    assert next(graph.subjects(RDF.type, DCAT.Dataset), None) is not None
    draft = make_draft("2007-H2")
    db.session.commit()
    assert client.get(f"/barometer/editions/{draft.id}/dcat.jsonld").status_code == 404


def _row(period: str, value: str | None, movement: str) -> dict[str, Any]:
    return {"period": period, "value": value, "movement": movement, "note": ""}


def test_an_annual_indicator_off_its_half_year_is_not_due_and_a_missing_due_value_awaits() -> None:
    from barometer.editions.reporting_status import Reporting, reporting_status

    def ind(code: str, frequency: str, half: int | None) -> dict[str, Any]:
        return {"code": code, "unit": "percent", "frequency": frequency, "measured_half": half}

    snapshot = {
        "edition": {"id": 7},
        "period": "2008-H1",
        "catalogue": {"focus_areas": [{"code": "A", "goals": [{"code": "A-1", "indicators": [
            ind("YEARLY", "annual", 2), ind("DUE", "half_yearly", None),
            ind("DONE", "half_yearly", None),
        ]}]}]},
        "values": {
            "YEARLY": [_row("2007-H2", "5", "first"), _row("2008-H1", None, "off_cycle")],
            "DUE": [_row("2007-H2", "5", "first"), _row("2008-H1", None, "grey")],
            "DONE": [_row("2007-H2", "5", "first"), _row("2008-H1", "6", "green")],
        },
    }  # fmt: skip
    [area] = reporting_status(snapshot)
    states = {i.indicator["code"]: i.state for i in area.goals[0].indicators}
    assert states == {
        "YEARLY": Reporting.NOT_DUE,
        "DUE": Reporting.AWAITING,
        "DONE": Reporting.REPORTED,
    }
    assert (area.count(), area.count(Reporting.AWAITING), area.with_breakdowns) == (3, 1, 0)
    yearly = area.goals[0].indicators[0]
    assert str(yearly.next_expected) == "2008-H2" and yearly.dimensions == ()


def test_a_published_correction_supersedes_what_it_corrects(
    client: FlaskClient, first: Edition, db: Any
) -> None:
    from datetime import timedelta

    from barometer.services import editions as svc
    from tests.barometer.edition_factories import PUBLISHED_AT, publish

    correction = svc.create_correction(first, "Et tal var forkert", actor=None, now=PUBLISHED_AT)
    db.session.commit()
    assert {r["edition"] for r in _csv(client)} == {str(first.id)}  # a draft changes nothing
    publish(correction, at=PUBLISHED_AT + timedelta(days=1))
    db.session.commit()
    assert {r["edition"] for r in _csv(client)} == {str(correction.id)}
