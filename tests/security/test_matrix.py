"""Every cell of the authorisation matrix (``tests/security/matrix.py``) against the live
app: every route of ``app.url_map`` must have a row, and every role must get the answer
its row declares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for

from tests.security.matrix import ROWS, Row
from tests.security.world import ROLES, World, build_world

IGNORED_METHODS = {"HEAD", "OPTIONS"}
REFUSALS = {"L", "401", "403", "404", "405"}


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[World]:
    yield from build_world(app)


def routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (method, str(rule.endpoint))
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - IGNORED_METHODS
    }


def url(world: World, row: Row) -> str:
    args: dict[str, Any] = {}
    for name, value in row.args.items():
        args[name] = value[1:] if value.startswith("=") else world.ids[value]
    with world.app.test_request_context():
        return url_for(row.endpoint, **args, **row.query)


def outcome(world: World, row: Row, role: str) -> tuple[str, str]:
    """The outcome as the matrix writes it, and the text of the answer."""
    if row.fresh:
        client, token = world.fresh_client(role)
    else:
        client, token = world.client(role), world.tokens[role]
    path = url(world, row)
    if row.method == "GET":
        answer = client.get(path)
    else:
        answer = client.open(
            path, method=row.method, data={"csrf_token": token, **(row.data or {})}
        )
    text = (
        answer.get_data(as_text=True)
        if answer.mimetype.startswith(("text/", "application/json"))
        else ""
    )
    if answer.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(answer.headers.get("Location", "")).path
        return ("L" if target == "/login" else "302"), text
    return str(answer.status_code), text


def check(world: World, row: Row) -> list[str]:
    """The cells of ``row`` that differ from the table; refusals are tried first, so that a
    role allowed to delete something does not take it away from the roles after it."""
    problems = []
    assert len(row.outcomes) == len(ROLES), f"{row.name}: {len(row.outcomes)} outcomes"
    actual = dict.fromkeys(ROLES, "")
    cells = sorted(zip(ROLES, row.outcomes, strict=True), key=lambda c: c[1] not in REFUSALS)
    for role, expected in cells:
        got, text = outcome(world, row, role)
        actual[role] = got
        if got != expected:
            problems.append(f"{role}: expected {expected}, got {got}")
        if got == "200":
            problems += [f"{role} sees {secret!r}" for secret in row.absent if secret in text]
    if problems:
        problems.append(f"actual: {' '.join(actual.values())!r}")
    return problems


def test_the_matrix_has_a_row_for_every_route_of_the_app(app: Flask) -> None:
    declared = {(row.method, row.endpoint) for row in ROWS}
    assert not routes(app) - declared, "routes without a row in the matrix"
    assert not declared - routes(app), "rows for routes the app does not have"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_matrix_cell(world: World, row: Row) -> None:
    problems = check(world, row)
    assert not problems, problems
