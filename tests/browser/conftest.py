"""Browser tests: Playwright driving Debian's Chromium against a live server.

The server runs the session's app in a thread, on the same test database, so the
demo data loaded here is what the browser sees. axe-core checks each page.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from core.extensions import db as _db
from core.extensions import limiter
from tests.conftest import _truncate_all
from tests.web import served

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "demo-password"
SERIOUS = {"serious", "critical"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def demo(app: Flask, request: pytest.FixtureRequest) -> Iterator[None]:
    """The demo data, loaded once per test module and removed afterwards.

    It is loaded as of today, as `demo load` would be, because the live server decides
    deadlines by the real clock. A module may set ``DEMO_UNTIL`` to load only the demo
    steps up to that order (e.g. 35: bodies, users and catalogue version 1).
    """
    from tests.demo_cache import load_demo_once

    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    with app.app_context():
        load_demo_once(until=getattr(request.module, "DEMO_UNTIL", None))
        _db.session.commit()
    yield
    with app.app_context():
        _truncate_all()
        _db.session.remove()


@pytest.fixture
def site(live_server: str, demo: None) -> str:
    limiter.reset()
    return live_server


def log_in(page: Page, site: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{site}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{site}/")


#: A hearing's dashboard, e.g. after following its reference from the list.
HEARING_PAGE = re.compile(r"/hearings/\d+/?$")


def assert_accessible(page: Page) -> None:
    """Fail on any axe-core violation of impact serious or critical.

    The scan waits for the page to have loaded: a click that starts a navigation returns
    before the next document exists, and axe-core cannot scan a page being replaced.
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page)
            break
        except PlaywrightError as error:  # the document was replaced during the scan
            if attempt == 2 or not _navigating(str(error)):
                raise
    serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not serious, f"{page.url}\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in serious
    )


def _navigating(message: str) -> bool:
    return "Execution context was destroyed" in message or "documentElement" in message
