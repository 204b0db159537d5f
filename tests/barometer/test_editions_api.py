"""The editions API: responses validate against the OpenAPI document; drafts never show."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from barometer.editions.snapshot import canonical_json, sha256_hex
from barometer.models import Edition
from tests.barometer.edition_factories import make_draft, make_periods, make_published

API = "/api/v1"


@pytest.fixture
def published(db: Any) -> dict[str, Edition]:
    make_periods()
    first, second = make_published("2007-H1"), make_published("2007-H2")
    draft = make_draft("2007-H2")
    db.session.commit()
    return {"first": first, "second": second, "draft": draft}


def _validate(client: FlaskClient, path: str, status: int = 200) -> Any:
    """The response of GET ``path`` against the schema the OpenAPI document gives for it."""
    doc = client.get(f"{API}/openapi.json").json
    response = client.get(API + path)
    assert response.status_code == status, (path, response.data[:300])
    assert response.mimetype == "application/json"
    template = next(p for p in doc["paths"] if _matches(p, path.split("?", maxsplit=1)[0]))
    operation = doc["paths"][template]["get"]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": doc["components"]})
    errors = sorted(validator.iter_errors(response.json), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return response


def _matches(template: str, path: str) -> bool:
    a, b = template.strip("/").split("/"), path.strip("/").split("/")
    if len(a) != len(b):
        return False
    return all(x == y or (x.startswith("{") and y != "latest") for x, y in zip(a, b, strict=True))


def test_the_openapi_document_is_itself_valid_json_schema(client: FlaskClient, db: Any) -> None:
    doc = client.get(f"{API}/openapi.json").json
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert {
        "/editions",
        "/editions/latest",
        "/editions/{id}",
        "/indicators",
        "/indicators/{code}",
        "/indicators/{code}/data",
    } <= set(doc["paths"])


def test_every_editions_endpoint_validates_against_the_openapi_document(
    client: FlaskClient, published: dict[str, Edition]
) -> None:
    second = published["second"]
    for path in (
        "/editions",
        "/editions?period=2007-H1",
        "/editions/latest",
        f"/editions/{second.id}",
        "/indicators",
        "/indicators/A1-M1-I1",
    ):
        response = _validate(client, path)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    for path, status in (
        ("/editions/abc", 400),
        ("/editions?period=2007", 400),
        ("/editions/999", 404),
        ("/indicators/NOPE", 404),
        ("/indicators/%3Cscript%3E", 400),
    ):
        _validate(client, path, status)


def test_the_api_never_exposes_a_draft(client: FlaskClient, published: dict[str, Edition]) -> None:
    draft = published["draft"]
    ids = [e["id"] for e in client.get(f"{API}/editions").json["editions"]]
    assert draft.id not in ids and len(ids) == 2
    assert client.get(f"{API}/editions/{draft.id}").status_code == 404
    assert client.get(f"{API}/editions/latest").json["id"] == published["second"].id


def test_an_edition_response_is_the_frozen_content_its_hash_names(
    client: FlaskClient, published: dict[str, Edition]
) -> None:
    second = published["second"]
    body = client.get(f"{API}/editions/{second.id}").json
    assert sha256_hex(canonical_json(body["edition"])) == body["sha256"] == second.sha256
    assert body["links"]["pdf"].endswith(f"/barometer/editions/{second.id}/report.pdf")
    status = body["edition"]["reading"]["indicators"]["A1-M1-I1"]
    assert status["movement"] == "green" and status["movement_text"]["da"].startswith("Steg")
    assert body["edition"]["reading"]["overall"]["all"]["coverage_text"]["en"]


def test_indicators_carry_only_published_values(
    client: FlaskClient, published: dict[str, Edition], db: Any
) -> None:
    from decimal import Decimal

    from tests.barometer.reading_factories import add_values, make_period

    add_values(make_period("2008-H1"), {"A1-M1-I1": Decimal("50.5")})  # not published
    db.session.commit()
    item = client.get(f"{API}/indicators/A1-M1-I1").json
    assert [v["period"] for v in item["values"]] == ["2007-H1", "2007-H2"]
    assert "50.5" not in str(item)


def test_edition_responses_have_a_strong_etag_and_answer_304(
    client: FlaskClient, published: dict[str, Edition]
) -> None:
    for path in (
        "/editions",
        "/editions/latest",
        f"/editions/{published['first'].id}",
        "/indicators",
    ):
        first = client.get(API + path)
        assert first.headers["ETag"].startswith('"') and "max-age" in first.headers["Cache-Control"]
        again = client.get(API + path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/editions/1855193420", 404),  # a number within the document's bounds
        ("/api/v1/editions/2147483647", 404),  # the largest id (PostgreSQL's integer)
        ("/api/v1/editions/2147483648", 400),
        ("/api/v1/editions/0", 400),
        ("/api/v1/editions/%C2%B2", 400),  # "²" is a digit to str.isdigit, not to int
        ("/api/v1/indicators/%C2%A1%02", 400),
    ],
)
def test_ids_and_codes_are_answered_as_the_openapi_document_describes_them(
    client: FlaskClient, db: Any, path: str, status: int
) -> None:
    answer = client.get(path)
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.is_json


def test_the_indicator_code_parameter_carries_the_pattern_the_endpoint_enforces(
    client: FlaskClient, db: Any
) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = document["paths"]["/indicators/{code}"]["get"]["parameters"]
    (code,) = [p for p in parameters if p["name"] == "code"]
    assert code["schema"]["maxLength"] == 20
    assert code["schema"]["pattern"].startswith("^")
