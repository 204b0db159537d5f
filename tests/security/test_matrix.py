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


# -- malformed requests, on every route of the matrix --------------------------------------

POSTS = [row for row in ROWS if row.method == "POST" and not row.fresh]
GETS = [row for row in ROWS if row.method == "GET"]
OTHER_METHODS = ("PUT", "PATCH", "DELETE")
CSRF_REFUSAL = "Formularen var udløbet eller blev ikke sendt fra dette websted"


@pytest.mark.parametrize("row", POSTS, ids=lambda row: row.name)
def test_a_post_without_or_with_a_forged_csrf_token_is_refused_and_changes_nothing(
    world: World, row: Row
) -> None:
    """As the secretariat and as an administrator (who may do most POSTs): a missing token,
    one made up, and the token of another user's session are all refused with 400."""
    from core.extensions import db
    from core.models import AuditEvent

    before = db.session.query(AuditEvent).count()
    for role, token in (
        ("secretariat", None),
        ("secretariat", "forged-" + "x" * 80),
        ("admin", world.tokens["member_a"]),
    ):
        data = {**(row.data or {}), **({"csrf_token": token} if token else {})}
        answer = world.client(role).post(url(world, row), data=data)
        assert answer.status_code == 400, (role, token, answer.status_code)
        assert CSRF_REFUSAL in answer.get_data(as_text=True), (role, token)
    db.session.expire_all()
    assert db.session.query(AuditEvent).count() == before


@pytest.mark.parametrize("row", GETS, ids=lambda row: row.name)
def test_invalid_utf8_in_the_query_never_gives_a_server_error(world: World, row: Row) -> None:
    for role in ("anonymous", "secretariat"):
        answer = world.client(role).get(url(world, row) + "?q=%FF%FE&from=%C3%28&period=%80")
        assert answer.status_code < 500, (role, answer.status_code)


@pytest.mark.parametrize("row", POSTS, ids=lambda row: row.name)
def test_invalid_utf8_in_a_form_never_gives_a_server_error(world: World, row: Row) -> None:
    body = f"csrf_token={world.tokens['secretariat']}&name=%FF%FE&text=%C3%28&title=\xff"
    answer = world.client("secretariat").post(
        url(world, row),
        data=body.encode("latin-1"),
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code < 500, answer.status_code


def test_a_wrong_method_is_answered_405_with_allow_on_every_route(world: World) -> None:
    seen: set[str] = set()
    for row in ROWS:
        path = url(world, row)
        if row.endpoint in seen:
            continue
        seen.add(row.endpoint)
        for method in OTHER_METHODS:
            answer = world.client("secretariat").open(path, method=method)
            assert answer.status_code == 405, (row.name, method, answer.status_code)
            assert answer.headers.get("Allow"), (row.name, method)


def test_a_form_beyond_the_size_limit_is_refused_with_413(world: World) -> None:
    limit = world.app.config["MAX_CONTENT_LENGTH"]
    for row in (r for r in POSTS if r.endpoint in ("hearing.new", "hearing.save_response")):
        answer = world.client("secretariat").post(
            url(world, row),
            data={"csrf_token": world.tokens["secretariat"], "title": "x" * (limit + 1)},
        )
        assert answer.status_code == 413, (row.name, answer.status_code)


def test_a_form_with_a_huge_number_of_fields_is_refused(world: World) -> None:
    fields = "&".join(f"f{i}=x" for i in range(20_000))
    answer = world.client("secretariat").post(
        "/hearings/new",
        data=f"csrf_token={world.tokens['secretariat']}&{fields}".encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code in (400, 413), answer.status_code
