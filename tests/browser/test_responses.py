"""A body's response in Chromium, with axe-core on every page of the flow: one member fills
in coverage and adds a success criterion, another member of the same body sees it and
submits; the receipt follows. The form is used by keyboard alone, and background saving
keeps the focus where it is. Then the secretariat and the public pages of 2007."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db as _db
from core.models import Body
from tests.browser.conftest import DEMO_PASSWORD, HEARING_PAGE, assert_accessible, log_in
from tests.factories import blank_pdf, make_member

SECOND = "bente@example.dk"


@pytest.fixture
def second_member(app: Flask, site: str) -> Iterator[str]:
    with app.app_context():
        if _db.session.scalar(select(Body.id).where(Body.code == "BUU")) is not None:
            from core.models import User

            if _db.session.scalar(select(User).where(User.email == SECOND)) is None:
                buu = _db.session.scalar(select(Body).where(Body.code == "BUU"))
                make_member(buu, email=SECOND).name = "Bente Børneudvalg"
                from core.passwords import hash_password

                user = _db.session.scalar(select(User).where(User.email == SECOND))
                user.password_hash = hash_password(DEMO_PASSWORD)
                _db.session.commit()
    yield SECOND


def _open_response(page: Page, site: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Mine høringer"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine høringer")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("BIU 12.2026")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringssvar fra")


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Log ud").click()


def test_two_members_draft_together_and_one_submits(
    page: Page, site: str, second_member: str
) -> None:
    log_in(page, site, "buu@example.dk")
    _open_response(page, site)
    assert_accessible(page)
    goal = page.locator("#goal-BES-M1")
    goal.get_by_label("Dækker delvist").check()
    goal.get_by_label("Kommentar til BES-M1").fill("Ordinær beskæftigelse mangler.")
    page.locator("#goal-BES-M2").get_by_label("Dækker", exact=True).check()
    page.get_by_role("button", name="Tilføj et succeskriterium").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tilføj et succeskriterium")
    assert_accessible(page)
    page.get_by_label("Mål", exact=True).select_option("BES-M1")
    page.get_by_label("Succeskriteriet").fill("Beskæftigelsen blandt indvandrere hæves til 60 %")
    page.get_by_label("Målværdi").fill("60")
    page.get_by_label("Målperiode").fill("2010-H2")
    page.get_by_label("Politisk beslutning (sagsnummer)").fill("BR 395/06")
    page.get_by_label("Begrundelse").fill("Målet står i integrationspolitikken.")
    page.get_by_role("button", name="Gem forslaget").click()
    expect(page.locator(".app-flashes")).to_contain_text("Forslaget er føjet til kladden")
    expect(page.locator("#coverage-progress")).to_contain_text("af")
    page.get_by_role("button", name="Gem kladde").first.click()
    expect(page.locator(".app-flashes")).to_contain_text("Kladden er gemt")
    _log_out(page)

    log_in(page, site, second_member)
    _open_response(page, site)
    expect(page.locator("#goal-BES-M1").get_by_label("Kommentar til BES-M1")).to_have_value(
        "Ordinær beskæftigelse mangler."
    )
    expect(page.locator("#proposals")).to_contain_text("Beskæftigelsen blandt indvandrere hæves")
    expect(page.locator("#proposals")).to_contain_text("BR 395/06")
    page.get_by_role("button", name="Gennemse og afgiv").click()
    expect(page.get_by_role("heading", level=2, name="Afgiv svaret")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Afgiv svaret").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kvittering BIU-12-2026-BUU-1")
    expect(page.locator(".response-receipt")).to_contain_text("Bente Børneudvalg")
    assert re.search(r"[0-9a-f]{64}", page.locator(".response-receipt").inner_text())
    assert_accessible(page)
    page.get_by_role("link", name="Tilbage til svaret fra BUU").click()
    expect(page.get_by_text("Svaret kan kun læses")).to_be_visible()
    assert_accessible(page)


def test_the_form_works_by_keyboard_alone_and_autosave_keeps_the_focus(
    page: Page, site: str
) -> None:
    log_in(page, site, "buu@example.dk")
    _open_response(page, site)
    body = page.locator("body")
    if "Ændr svaret" in body.inner_text():  # the other test submitted: amend by keyboard
        page.get_by_role("button", name="Ændr svaret").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".app-flashes")).to_contain_text("I kan ændre svaret igen")
    # Tab from the top of the page to the first goal's assessment.
    page.locator("a.skipnav").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "g0_assessment":
            break
    else:
        pytest.fail("The first assessment cannot be reached by keyboard.")
    page.keyboard.press("ArrowRight")  # radios: the arrow keys move and choose
    chosen = page.evaluate("document.activeElement.value")
    assert chosen and page.evaluate("document.activeElement.checked")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "g0_comment"
    page.keyboard.type("Skrevet med tastaturet.")
    # Background saving: the status says so and the focus stays in the field.
    expect(page.locator("#autosave-status")).to_contain_text("Kladden er gemt", timeout=10000)
    assert page.evaluate("document.activeElement.name") == "g0_comment"
    # Back to the Save button by keyboard, and save.
    for _ in range(80):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.value") == "save":
            break
    else:
        pytest.fail("The Save button cannot be reached by keyboard.")
    page.keyboard.press("Enter")
    expect(page.locator(".app-flashes")).to_contain_text("Kladden er gemt")
    expect(page.locator("#goal-BES-M1").get_by_label("Kommentar til BES-M1")).to_have_value(
        re.compile("Skrevet med tastaturet.")
    )
    # The confidential part opens from the keyboard too (details/summary).
    summary = page.locator("#goal-BES-M1 summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(
        page.locator("#goal-BES-M1").get_by_role("checkbox", name="Kommentaren er fortrolig")
    ).to_be_visible()


def test_the_secretariat_and_the_public_see_the_2007_responses(page: Page, site: str) -> None:
    log_in(page, site, "sekretariat@example.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Høringer", exact=True
    ).click()
    page.get_by_role("link", name=re.compile("BIU 227.2006")).first.click()
    page.wait_for_url(HEARING_PAGE)
    hearing_url = page.url
    page.goto(hearing_url.rstrip("/") + "/responses")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringssvar til BIU 227/2006")
    expect(page.locator("main")).to_contain_text("for sent")
    assert_accessible(page)
    # The 2007 hearing is decided in the demo; registering is shown on the open hearing.
    page.goto(f"{site}/hearings/")
    page.get_by_role("link", name=re.compile("BIU 12.2026")).first.click()
    page.wait_for_url(HEARING_PAGE)
    page.goto(page.url.rstrip("/") + "/responses")
    page.get_by_role("link", name="Registrér et høringssvar modtaget med brev eller e-mail").click()
    assert_accessible(page)
    # A letter's proposal gets a row of its type; an empty row is refused and named.
    page.get_by_role("button", name="Tilføj et succeskriterium").click()
    legend = page.locator("#proposal-1 legend")
    expect(legend).to_contain_text("Forslag 1: Tilføj et succeskriterium")
    page.locator("#p0-text").fill("Flere i foreningslivet")
    page.locator("#p0-justification").fill("Besluttet i udvalget.")
    assert_accessible(page)
    page.get_by_role("radio", name="Brev").check()
    page.locator("#received_date").fill("2025-12-01")
    page.locator("#accepted_reason").fill("Modtaget med posten.")
    pdf = blank_pdf()
    page.locator("#scan").set_input_files(
        files=[{"name": "brev.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Registrér svaret").last.click()
    expect(page.locator("#error-summary")).to_contain_text("Forslag 1: Vælg det mål")
    expect(page.locator("#p0-text")).to_have_value("Flere i foreningslivet")
    assert_accessible(page)
    page.goto(hearing_url.rstrip("/") + "/responses")
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kvittering")
    assert_accessible(page)
    # Decided in the demo: the read-only workspace, a body's fate and a row's origin.
    page.goto(hearing_url.rstrip("/") + "/consolidation")
    assert_accessible(page)
    page.locator("#bodies summary").click()  # the hearing list opens on demand
    page.get_by_role("link", name="Hvad blev der af forslagene – BUU").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("forslagene fra BUU")
    assert_accessible(page)
    page.goto(f"{site}/hearings/origin/2/UDD-M3")
    expect(page.locator("main")).to_contain_text("BIU 118/2007")
    assert_accessible(page)
    _log_out(page)
    hearing_id = hearing_url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{site}/hearings/public/{hearing_id}/responses")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringssvar til høringen")
    expect(page.locator("main")).to_contain_text("SOU")
    assert_accessible(page)
    # The 2007 hearing is decided in the demo: its public page says what became of it.
    page.goto(f"{site}/hearings/public/{hearing_id}")
    expect(page.get_by_role("heading", name="Høringens resultat")).to_be_visible()
    expect(page.locator("main")).to_contain_text("BIU 118/2007")
    assert_accessible(page)
    page.goto(f"{site}/hearings/public/{hearing_id}/note")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringsnotat")
    assert_accessible(page)
