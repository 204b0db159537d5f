"""Every staff page is reachable: starting at the front page, each role follows the links
of the pages it sees (GET only) and must reach the pages its work needs, the overview of
all responses and "register a response received by letter" among them."""

from __future__ import annotations

import re
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.barometer.factories import make_draft_with_content, make_policy
from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing
from tests.hearing.factories import FUTURE, NOW, make_hearing, make_issued
from tests.web import login

_LINK = re.compile(r'href="([^"#]*)')
LIMIT = 250

SECRETARIAT = {
    "hearing.index",
    "hearing.new",
    "hearing.show",
    "hearing.edit",
    "hearing.hearing_list",
    "hearing.annexes",
    "hearing.letter",
    "hearing.issue",
    "hearing.extend",
    "hearing.all_responses",
    "hearing.register_response",
    "hearing.consolidation",
    "hearing.decision",
    "hearing.note",
}
MEMBER = {"hearing.mine", "hearing.show", "hearing.response_form_page"}


def _endpoint(app: Flask, path: str) -> str | None:
    try:
        endpoint, _args = app.url_map.bind("localhost").match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    return str(endpoint)


def _reached(app: Flask, client: FlaskClient) -> set[str]:
    """The endpoints of the pages reached by following links from the front page."""
    seen: set[str] = set()
    reached: set[str] = set()
    queue = deque(["/"])
    while queue and len(seen) < LIMIT:
        path = queue.popleft()
        endpoint = _endpoint(app, urlsplit(path).path)
        if path in seen or endpoint is None or endpoint.startswith(("api", "static")):
            continue
        seen.add(path)
        page = client.get(path)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        reached.add(endpoint)
        for found in _LINK.findall(page.get_data(as_text=True)):
            url = urlsplit(urljoin(path, found.replace("&amp;", "&")))
            if url.netloc in ("", "localhost") and not url.path.startswith(("/static", "/assets")):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return reached


@pytest.fixture
def hearings(db: Any) -> None:
    """A draft hearing, an open one and one being consolidated."""
    consolidating_hearing()
    for n, make in enumerate((make_hearing, make_issued), start=1):
        version = make_draft_with_content(
            make_policy(f"Politik for links {n}"), areas=1, goals_per_area=1, indicators_per_goal=1
        )
        make(version, codes=("BUU", "IR"), deadline=FUTURE, now=NOW, reference=f"BIU {n}/2007")
    commit()


@pytest.mark.parametrize(
    ("email", "expected"),
    [("sek@example.dk", SECRETARIAT), ("buu@example.dk", MEMBER)],
)
def test_every_page_of_a_role_is_reachable_through_links(
    app: Flask, client: FlaskClient, hearings: None, email: str, expected: set[str]
) -> None:
    login(client, email)
    missing = expected - _reached(app, client)
    assert not missing, f"no link leads {email} to {sorted(missing)}"
