"""axe-core on the pages of single sign-on, in both languages: the log-in page offering the
municipality's account (also when only administrators may use a password) and the
administrators' group table, empty, with rows and with a refused form."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

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
