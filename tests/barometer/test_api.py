"""The public API: the OpenAPI document is complete and valid, responses match it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from barometer.services import catalogue_versions as svc
from barometer.services.changes import CatalogueChange, ChangeKind, Provenance, apply_changes
from tests.barometer.factories import NOW, make_approved

API = "/api/v1"
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
    "number": (int, float),
}


def _resolve(schema: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = doc["components"]["schemas"][name]
    return schema


def check(value: Any, schema: dict[str, Any], doc: dict[str, Any], where: str = "$") -> None:
    """A small validator: types, required keys, enums, recursively through $refs."""
    schema = _resolve(schema, doc)
    types = schema.get("type")
    if types:
        allowed = tuple(TYPES[t] for t in ([types] if isinstance(types, str) else types))
        flat = tuple(t for a in allowed for t in (a if isinstance(a, tuple) else (a,)))
        assert isinstance(value, flat) and not (isinstance(value, bool) and bool not in flat), (
            where,
            value,
            types,
        )
    if "enum" in schema:
        assert value in schema["enum"], (where, value)
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, (where, key)
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check(value[key], sub, doc, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], doc, f"{where}[{i}]")


def _validate_document(doc: dict[str, Any]) -> None:
    from openapi_spec_validator import validate

    validate(doc)  # the OpenAPI 3 schema, as the tools that read the document check it
    assert doc["openapi"].startswith("3.")
    assert {"title", "version"} <= set(doc["info"])
    refs = set(re.findall(r"#/components/schemas/(\w+)", str(doc)))
    assert refs <= set(doc["components"]["schemas"]), refs - set(doc["components"]["schemas"])
    for path, item in doc["paths"].items():
        assert path.startswith("/")
        for method, op in item.items():
            assert method in {"get", "post", "put", "patch", "delete"}
            assert op["responses"] and op["operationId"]
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path


@pytest.fixture
def versions(db: Any) -> None:
    v1 = make_approved()
    v2 = svc.create_draft(v1.policy, label="Version 2", actor=None, now=NOW)
    apply_changes(
        v2,
        [CatalogueChange(ChangeKind.CHANGE_INDICATOR, ("A1-M1-I1",), {"decimals": 2})],
        Provenance({"hearing_id": 1, "decision": "BIU 40/2007"}),
        actor=None,
        now=NOW,
    )
    svc.approve_version(
        v2, decision_text="BIU 40/2007", decision_date=date(2007, 4, 18), actor=None, now=NOW
    )
    svc.create_draft(v1.policy, label="Kladde", actor=None, now=NOW)  # number 3, never shown
    db.session.commit()


def test_the_openapi_document_is_valid(client: FlaskClient) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    _validate_document(response.json)


def test_every_api_route_is_documented(app: Flask) -> None:
    with app.test_request_context():
        doc = app.test_client().get(f"{API}/openapi.json").json
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).removeprefix(API)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(API + "/")
    }
    assert routes == set(doc["paths"])


def _example_url(path: str) -> str:
    return API + path.replace("{number}", "2") + ("?from=1&to=2" if "diff" in path else "")


def test_each_documented_path_responds_as_documented(client: FlaskClient, versions: None) -> None:
    doc = client.get(f"{API}/openapi.json").json
    for path, item in doc["paths"].items():
        if not path.startswith("/catalogue/"):
            continue  # other packages test their own paths
        response = client.get(_example_url(path))
        assert response.status_code == 200, path
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        check(response.json, schema, doc)


def test_the_version_list_shows_approved_and_superseded_with_links(
    client: FlaskClient, versions: None
) -> None:
    data = client.get(f"{API}/catalogue/versions").json["versions"]
    assert [(v["number"], v["status"]) for v in data] == [(1, "superseded"), (2, "approved")]
    assert data[0]["decision_text"] == "BIU 227/2006" and data[0]["decision_date"] == "2006-12-14"
    links = data[1]["links"]
    assert links["overview_pdf"].endswith("/barometer/catalogue/versions/2/overview.pdf")
    assert links["overview_xlsx"].endswith("/overview.xlsx")
    assert links["overview_page"].endswith("/overview")


def test_a_version_holds_every_field_and_its_changes(client: FlaskClient, versions: None) -> None:
    data = client.get(f"{API}/catalogue/versions/2").json
    indicator = data["focus_areas"][0]["goals"][0]["indicators"][0]
    assert indicator["decimals"] == 2 and indicator["owner"] == "BIF"
    assert indicator["success_criteria"][0]["target_value"] == "50"
    assert data["changes"][0]["kind"] == "change_indicator"
    assert data["changes"][0]["provenance"]["decision"] == "BIU 40/2007"
    assert client.get(f"{API}/catalogue/versions/1").json["changes"] == []


def test_drafts_and_unknown_versions_are_404_and_bad_parameters_400(
    client: FlaskClient, versions: None
) -> None:
    doc = client.get(f"{API}/openapi.json").json
    for url, status in (
        (f"{API}/catalogue/versions/3", 404),  # the draft
        (f"{API}/catalogue/versions/99", 404),
        (f"{API}/catalogue/diff?from=1&to=3", 404),
        (f"{API}/catalogue/diff?from=1", 400),
        (f"{API}/catalogue/diff?from=a&to=2", 400),
        (f"{API}/no-such-thing", 404),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.is_json
        check(response.json, {"$ref": "#/components/schemas/Error"}, doc)


def test_the_diff_endpoint(client: FlaskClient, versions: None) -> None:
    data = client.get(f"{API}/catalogue/diff?from=1&to=2").json
    assert data["indicators"]["changed"] == [
        {
            "code": "A1-M1-I1",
            "label": "Andel i beskæftigelse (A1-M1-I1), æøå",
            "fields": {"decimals": {"old": 1, "new": 2}},
        }
    ]
