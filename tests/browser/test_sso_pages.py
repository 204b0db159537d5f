"""axe-core on the pages of single sign-on, in both languages: the log-in page offering the
municipality's account (also when only administrators may use a password) or saying that
a single sign-on was refused, and the
administrators' group table, empty, with rows and with a refused form; and a member's
log-in and log-out through a real OpenID Provider in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.clock import utcnow
from tests.browser.conftest import assert_accessible, log_in
from tests.sso.conftest import Provider, providers_for, sso_settings

DEMO_UNTIL = 35  # bodies and users are enough
SSO = {
    "OIDC_ISSUER": "http://127.0.0.1:9/",
    "OIDC_CLIENT_ID": "barometer",
    "OIDC_CLIENT_SECRET": "secret",
}


def _english(page: Page, site: str) -> None:
    page.goto(f"{site}/")
    page.get_by_role("button", name="English").click()


@pytest.mark.parametrize("required", [False, True])
@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_log_in_page_with_single_sign_on_is_accessible(
    page: Page, site: str, configured: Any, locale: str, required: bool
) -> None:
    configured(SSO_REQUIRED=required, **SSO)
    if locale == "en":
        _english(page, site)
    page.goto(f"{site}/login")
    name = (
        "Log in with the municipality's account"
        if locale == "en"
        else ("Log ind med kommunens konto")
    )
    expect(page.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("locale", ["da", "en"])
def test_a_refused_single_sign_on_is_accessible(
    page: Page, site: str, configured: Any, locale: str
) -> None:
    configured(**SSO)
    if locale == "en":
        _english(page, site)
    # A browser sent back with a state this browser was never sent off with.
    answer = page.goto(f"{site}/login/sso/callback?code=forged&state=forged")
    assert answer is not None and answer.status == 401
    failed = (
        "The log-in with the municipality's account failed"
        if locale == "en"
        else "Log-in med kommunens konto mislykkedes"
    )
    expect(page.get_by_text(failed)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("locale", ["da", "en"])
def test_the_group_table_is_accessible_empty_filled_and_with_a_refused_form(
    page: Page, site: str, locale: str
) -> None:
    log_in(page, site, "admin@example.dk")
    if locale == "en":
        _english(page, site)
    page.goto(f"{site}/admin/sso-groups/")
    assert_accessible(page)
    group, gives, add = (
        ("Group", "Gives", "Add") if locale == "en" else ("Gruppe", "Giver", "Tilføj")
    )
    page.get_by_role("textbox", name=group).fill(f"BUU-medlemmer-{locale}")
    page.get_by_role("combobox", name=gives).select_option(index=2)
    page.get_by_role("button", name=add, exact=True).click()
    expect(page.get_by_role("cell", name=f"BUU-medlemmer-{locale}", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=add, exact=True).click()  # no group named
    expect(page.get_by_role("textbox", name=group)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


@pytest.fixture
def provider(site: str, tmp_path: Path, configured: Any) -> Iterator[Provider]:
    starter = providers_for(site, tmp_path)
    start = next(starter)
    provider = start()
    configured(**sso_settings(provider, site))
    yield provider
    starter.close()


def _map_buu_members() -> None:
    from core.extensions import db
    from core.models import Body, Role, User
    from core.services import sso as sso_svc

    admin = db.session.scalar(select(User).where(User.email == "admin@example.dk"))
    buu = db.session.scalar(select(Body).where(Body.code == "BUU"))
    assert admin is not None and buu is not None
    sso_svc.add_group_mapping(
        sso_svc.GroupMappingData("BUU-medlemmer", Role.MEMBER, buu.id), actor=admin, now=utcnow()
    )
    db.session.commit()


def test_a_member_logs_in_with_the_municipalitys_account_and_gets_the_body_of_their_group(
    app: Flask, page: Page, site: str, provider: Provider
) -> None:
    with app.app_context():
        _map_buu_members()  # the demo fixture empties every table after the module
    provider.person("lise", "lise@example.dk", "Lise Lund", ["BUU-medlemmer"])
    page.goto(f"{site}/login")
    page.get_by_role("link", name="Log ind med kommunens konto").click()
    page.locator("input[name=login]").fill("lise")
    page.locator("input[name=password]").fill("any")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(f"{site}/")
    expect(page.get_by_text("Du er logget ind.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_contain_text("Mine høringer")
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{site}/")
    expect(page.get_by_role("link", name="Log ind").first).to_be_visible()
