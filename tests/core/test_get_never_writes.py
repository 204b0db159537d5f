"""A GET request never writes: the demo, loaded six weeks ago so that its hearings' deadlines
have passed, is crawled through its links by every kind of user, and every GET route that
takes no argument is opened; no page may flush or commit anything."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.demo_cache import SIX_WEEKS_AGO, load_demo_once
from tests.web import login

ROLES = (
    None,  # anonymous
    "admin@example.dk",
    "sekretariat@example.dk",
    "buu@example.dk",
    "ir@example.dk",
    "bif.data@example.dk",
)
PER_ENDPOINT = 2
PER_ROLE = 400
_LINK = re.compile(r'(?:href|src)="([^"#]*)')


@pytest.fixture
def demo(app: Flask, db: Any) -> None:
    """The demo as it would be six weeks after it was loaded."""
    load_demo_once(SIX_WEEKS_AGO)
    db.session.commit()


def _endpoint(app: Flask, path: str) -> str | None:
    """The endpoint a GET of ``path`` reaches, or None (not a route, or a redirect)."""
    try:
        endpoint, _args = app.url_map.bind("localhost").match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    return str(endpoint)


def _links(page: str, base: str) -> Iterator[str]:
    for found in _LINK.findall(page):
        url = urlsplit(urljoin(base, found.replace("&amp;", "&")))
        local = url.scheme in ("", "http") and url.netloc in ("", "localhost")
        if local and not url.path.startswith("/static/"):
            yield url.path + (f"?{url.query}" if url.query else "")


def _crawl(app: Flask, client: FlaskClient, writes: list[str]) -> dict[str, str]:
    """Follow the links from the start page; return the pages that wrote or failed."""
    seen: set[str] = set()
    per_endpoint: Counter[str] = Counter()
    queue = deque(["/"])
    problems: dict[str, str] = {}
    while queue and len(seen) < PER_ROLE:
        path = queue.popleft()
        endpoint = _endpoint(app, urlsplit(path).path)
        if path in seen or endpoint is None or per_endpoint[endpoint] >= PER_ENDPOINT:
            continue
        seen.add(path)
        per_endpoint[endpoint] += 1
        problem, page = _visit(client, path, writes)
        if problem:
            problems[path] = problem
        queue.extend(_links(page, path))
    return problems


def _visit(client: FlaskClient, path: str, writes: list[str]) -> tuple[str, str]:
    """(what went wrong or "", the HTML page or "") of one GET."""
    writes.clear()
    answer = client.get(path)
    page = answer.get_data(as_text=True) if answer.mimetype == "text/html" else ""
    if writes:
        return f"wrote: {sorted(set(writes))}", page
    if answer.status_code >= 500:
        return f"status {answer.status_code}", page
    return "", page


def _no_argument_routes(app: Flask) -> list[str]:
    return sorted(
        str(rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments
    )


@pytest.mark.parametrize("email", ROLES, ids=lambda e: (e or "anonymous").split("@")[0])
def test_no_get_request_writes_for_any_user(
    app: Flask, demo: None, client: FlaskClient, writes: list[str], email: str | None
) -> None:
    if email is not None:
        login(client, email, app.config["DEMO_PASSWORD"])
    problems = _crawl(app, client, writes)
    for path in _no_argument_routes(app):
        problem, _page = _visit(client, path, writes)
        if problem:
            problems[path] = problem
    assert not problems, problems
