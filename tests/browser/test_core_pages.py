"""Log in as each demo role, switch language, see the role's menu; axe on the core pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in

ROLE_MENUS = {
    "admin@example.dk": (["Brugere", "Organisationer", "Revisionslog"], []),
    "sekretariat@example.dk": (["Revisionslog"], ["Brugere"]),
    "buu@example.dk": ([], ["Brugere", "Revisionslog"]),
    "kfu@example.dk": ([], ["Brugere", "Revisionslog"]),
    "ir@example.dk": ([], ["Brugere", "Revisionslog"]),
    "bif.data@example.dk": ([], ["Brugere", "Revisionslog"]),
}


def _menu(page: Page, name: str = "Hovedmenu"):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name=name)


@pytest.mark.parametrize("email", list(ROLE_MENUS))
def test_each_demo_role_logs_in_and_sees_its_menu(page: Page, site: str, email: str) -> None:
    log_in(page, site, email)
    shown, hidden = ROLE_MENUS[email]
    for label in shown:
        expect(_menu(page).get_by_role("link", name=label)).to_be_visible()
    for label in hidden:
        expect(_menu(page).get_by_role("link", name=label)).to_have_count(0)
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("link", name="Log ind").first).to_be_visible()


def test_the_language_switch_turns_the_interface_english_and_back(page: Page, site: str) -> None:
    log_in(page, site, "admin@example.dk")
    page.get_by_role("button", name="English").click()
    expect(_menu(page, "Main menu").get_by_role("link", name="Users")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Dansk").click()
    expect(_menu(page).get_by_role("link", name="Brugere")).to_be_visible()


def test_a_wrong_password_shows_a_message_linked_to_the_field(page: Page, site: str) -> None:
    page.goto(f"{site}/login")
    page.get_by_label("E-mail").fill("admin@example.dk")
    page.get_by_label("Adgangskode").fill("forkert-kode")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_text("E-mailadressen eller adgangskoden er forkert.")).to_be_visible()
    field = page.get_by_label("Adgangskode")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_keyboard_only_log_in_works(page: Page, site: str) -> None:
    page.goto(f"{site}/login")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name="Gå til indholdet")).to_be_focused()
    page.get_by_label("E-mail").focus()
    page.keyboard.type("admin@example.dk")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")
    expect(page.get_by_text("Du er logget ind.")).to_be_visible()


def test_admin_creates_a_user_in_the_browser(page: Page, site: str) -> None:
    log_in(page, site, "admin@example.dk")
    page.goto(f"{site}/admin/users/new")
    page.get_by_label("E-mail").fill("ny.bruger@example.dk")
    page.get_by_label("Navn").fill("Ny Bruger")
    page.get_by_label("KFU – Kultur- og Fritidsudvalget").check()
    page.get_by_label("Adgangskode").fill("en-lang-adgangskode")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Brugeren ny.bruger@example.dk blev oprettet.")).to_be_visible()


@pytest.mark.parametrize("locale", ["da", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/login",
        "/",
        "/admin/users",
        "/admin/users/new",
        "/admin/users/1",
        "/admin/bodies",
        "/admin/bodies/new",
        "/audit/",
        "/account/password",
        "/findes-ikke",
    ],
)
def test_core_pages_have_no_serious_accessibility_violations(
    page: Page, site: str, path: str, locale: str
) -> None:
    if path != "/login":
        log_in(page, site, "admin@example.dk")
    if locale == "en":
        page.goto(f"{site}/")
        page.get_by_role("button", name="English").click()
    page.goto(f"{site}{path}")
    assert_accessible(page)
