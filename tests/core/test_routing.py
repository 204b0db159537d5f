"""Ids in URLs: anything a database integer cannot hold is simply not found."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from core.extensions import db as _db
from core.routing import ID_MAX, IdConverter
from tests.factories import make_admin, make_secretariat
from tests.web import login

TOO_BIG = "99999999999999999999"


def _id_rules(app: Flask) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if any(c in r.rule for c in ("<int:", "<id:"))]


def _with_value(rule: str, value: str) -> str:
    return re.sub(r"<(?:int|id):\w+>", value, rule)


def test_every_integer_in_a_url_uses_the_bounded_id_converter(app: Flask) -> None:
    rules = _id_rules(app)
    assert len(rules) > 50
    for rule in rules:
        for converter in rule._converters.values():
            if isinstance(converter, IntegerConverter):
                assert isinstance(converter, IdConverter), rule.rule


@pytest.mark.parametrize("value", [TOO_BIG, str(ID_MAX + 1), "0"])
def test_an_id_beyond_the_database_range_is_not_found_on_every_route(
    app: Flask, client: FlaskClient, value: str
) -> None:
    make_admin()
    _db.session.commit()
    login(client, "admin@example.dk")
    for rule in _id_rules(app):
        method = "GET" if "GET" in (rule.methods or ()) else "POST"
        response = client.open(_with_value(rule.rule, value), method=method)
        assert response.status_code == 404, (rule.rule, method, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/users/{TOO_BIG}",
        f"/barometer/editions/{TOO_BIG}/",
        f"/hearings/{TOO_BIG}",
        f"/api/v1/hearings/{TOO_BIG}/responses",
    ],
)
def test_a_huge_id_is_not_found_for_the_secretariat(client: FlaskClient, path: str) -> None:
    make_secretariat()
    _db.session.commit()
    login(client, "sek@example.dk")
    assert client.get(path).status_code == 404


def test_the_largest_id_is_still_matched(app: Flask) -> None:
    adapter = app.url_map.bind("localhost")
    _endpoint, values = adapter.match(f"/admin/users/{ID_MAX}")
    assert values == {"user_id": ID_MAX}


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_the_converter_matches_exactly_the_ids_a_database_can_hold(number: int) -> None:
    matches = re.fullmatch(IdConverter.regex, str(number)) is not None
    assert matches == (1 <= number <= ID_MAX)


@pytest.mark.parametrize("path", ["/", "/api/v1/hearings", "/barometer/"])
def test_a_method_not_allowed_answer_names_the_allowed_methods(
    client: FlaskClient, path: str
) -> None:
    response = client.delete(path)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "HEAD"}
    assert response.headers["Content-Type"].startswith(
        "application/json" if path.startswith("/api/") else "text/html"
    )


def _integer_parameters(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, parameter["name"], parameter["schema"])
        for path, item in doc["paths"].items()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["schema"].get("type") == "integer"
    ]


def test_every_integer_parameter_of_the_api_has_the_bounds_of_an_id(client: FlaskClient) -> None:
    parameters = _integer_parameters(client.get("/api/v1/openapi.json").json)
    assert len(parameters) >= 5
    for path, name, schema in parameters:
        assert schema.get("minimum") == 1 and schema.get("maximum") == ID_MAX, (path, name)


@pytest.mark.parametrize(
    "query", [f"from={TOO_BIG}&to=1", f"from=1&to={ID_MAX + 1}", "from=0&to=1"]
)
def test_a_diff_between_numbers_beyond_the_bounds_is_refused(
    client: FlaskClient, query: str
) -> None:
    response = client.get(f"/api/v1/catalogue/diff?{query}")
    assert response.status_code in (400, 404)
    assert response.json["error"]["status"] == response.status_code


@pytest.mark.parametrize("page", [TOO_BIG, str(ID_MAX), "-5"])
def test_an_audit_page_number_beyond_any_page_is_an_empty_page_not_an_error(
    client: FlaskClient, page: str
) -> None:
    make_admin()
    _db.session.commit()
    login(client, "admin@example.dk")
    assert client.get(f"/audit/?page={page}").status_code in (200, 400)
