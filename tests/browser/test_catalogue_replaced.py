"""A consulted draft replaced without approval, in Chromium with axe-core: the catalogue
list and the version page say so and link to the draft that replaced it."""

from __future__ import annotations

from datetime import date

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

DEMO_UNTIL = 86  # version 2 approved, the open hearing consults the draft version 3


def _replace_the_consulted_draft(app: Flask) -> None:
    """What recording the open hearing's decision does to the consulted draft."""
    from barometer.queries import version_by_number
    from barometer.services import catalogue_versions as svc
    from core.clock import utcnow
    from core.extensions import db

    with app.app_context():
        svc.replace_consulted_draft(
            version_by_number(3),
            label="Revideret katalog efter høringen",
            decision_text="BIU 118/2008",
            decision_date=date(2008, 4, 17),
            actor=None,
            now=utcnow(),
        )
        db.session.commit()


def test_the_replaced_draft_is_shown_as_replaced_without_approval(
    page: Page, site: str, app: Flask
) -> None:
    _replace_the_consulted_draft(app)
    log_in(page, site, "sekretariat@example.dk")
    page.goto(f"{site}/barometer/catalogue/")
    expect(page.get_by_text("Erstattet uden godkendelse")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Version 3", exact=True).click()
    expect(page.get_by_text("Erstattet uden godkendelse")).to_be_visible()
    expect(page.get_by_text("BIU 118/2008")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Version 4", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 4")
    page.get_by_role("link", name="Ændringer siden version 3").click()
    expect(page.get_by_text("De to versioner har samme indhold.")).to_be_visible()
    assert_accessible(page)
