"""Background saving of a response draft in Chromium: two members editing different goals
both keep their text (the page fills in the other's goal without moving the focus), and a
save that cannot reach the server says so in the status line and is tried again at the next
change. axe-core on the page with the failure shown."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Route, expect
from sqlalchemy import select

from core.extensions import db as _db
from core.models import Body, User
from core.passwords import hash_password
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible, log_in
from tests.factories import make_member

SECOND = "bente@example.dk"
FORM = re.compile(r".*/hearings/\d+/bodies/\d+/response$")


@pytest.fixture
def second_member(app: Flask, site: str) -> Iterator[str]:
    with app.app_context():
        if _db.session.scalar(select(User).where(User.email == SECOND)) is None:
            buu = _db.session.scalar(select(Body).where(Body.code == "BUU"))
            make_member(buu, email=SECOND).name = "Bente Børneudvalg"
            user = _db.session.scalar(select(User).where(User.email == SECOND))
            assert user is not None
            user.password_hash = hash_password(DEMO_PASSWORD)
            _db.session.commit()
    yield SECOND


def _open_response(page: Page, site: str, email: str) -> None:
    log_in(page, site, email)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Mine høringer"
    ).click()
    page.get_by_role("link", name=re.compile("BIU 12.2026")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringssvar fra")


def test_two_members_autosave_different_goals_and_a_failed_save_is_announced(
    page: Page, site: str, second_member: str, browser: Browser
) -> None:
    _open_response(page, site, "buu@example.dk")
    other_context = browser.new_context()
    other = other_context.new_page()
    try:
        _open_response(other, site, second_member)

        page.locator('textarea[name="g0_comment"]').fill("Skrevet af det første medlem.")
        expect(page.locator("#autosave-status")).to_contain_text("Kladden er gemt", timeout=10000)

        mine = other.locator('textarea[name="g1_comment"]')
        mine.fill("Skrevet af det andet medlem.")
        status = other.locator("#autosave-status")
        expect(status).to_contain_text("Ændringer, som en anden har gemt", timeout=10000)
        expect(other.locator('textarea[name="g0_comment"]')).to_have_value(
            "Skrevet af det første medlem."
        )
        expect(mine).to_have_value("Skrevet af det andet medlem.")
        assert other.evaluate("document.activeElement.name") == "g1_comment"

        # The server cannot be reached: the status line says so, the text stays.
        def unreachable(route: Route) -> None:
            if route.request.method == "POST":
                route.abort("connectionrefused")
            else:
                route.continue_()

        other.route(FORM, unreachable)
        other.locator('textarea[name="g2_comment"]').fill("Gemt senere.")
        expect(status).to_contain_text("Kladden kunne ikke gemmes lige nu", timeout=10000)
        expect(status).to_have_attribute("aria-live", "polite")
        assert_accessible(other)
        # The connection is back: the next change is saved in the background again.
        other.unroute(FORM, unreachable)
        other.locator('textarea[name="g2_comment"]').fill("Gemt senere, nu igen.")
        expect(status).to_contain_text("Kladden er gemt", timeout=10000)
    finally:
        other_context.close()

    page.reload()
    expect(page.locator('textarea[name="g1_comment"]')).to_have_value(
        "Skrevet af det andet medlem."
    )
    expect(page.locator('textarea[name="g2_comment"]')).to_have_value("Gemt senere, nu igen.")
