"""The secretariat's journey with a hearing, in Chromium, with axe-core on each page:
create a hearing on a draft, choose the hearing list, preview the letter and its PDF,
issue it, give one body an extension; the members' e-mails arrive in a local SMTP sink."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from barometer import catalogue_data
from barometer.services import catalogue_versions as catalogue_services
from core.clock import utcnow
from core.extensions import db as _db
from core.mail import send_due_emails
from hearing.models import Hearing
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import NOW, SmtpSink


def _new_draft(app: Flask) -> int:
    """A third policy with its own draft (the demo's drafts are already in hearing)."""
    with app.app_context():
        policy = catalogue_services.create_policy(
            catalogue_data.PolicyData(
                "Integrationspolitik 2015-2018", "BR 1/15", date(2015, 1, 1), "2015-2018"
            ),
            actor=None,
            now=NOW,
        )
        draft = catalogue_services.create_draft(policy, label="Nyt katalog", actor=None, now=NOW)
        _db.session.commit()
        return draft.id


def test_the_secretariat_issues_a_hearing_and_members_get_the_mail(
    page: Page, site: str, app: Flask, smtp_sink: SmtpSink
) -> None:
    draft_id = _new_draft(app)
    log_in(page, site, "sekretariat@example.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Høringer", exact=True
    ).click()
    page.get_by_role("link", name="Ny høring").click()
    expect(page.locator("#questions-0-text")).to_contain_text("oversigtsskemaet")
    assert_accessible(page)

    page.locator("#reference").fill("BIU 99/2099")
    page.locator("#title").fill("Høring over det nye katalog")
    committee = "BIU – Beskæftigelses- og Integrationsudvalget"
    page.locator("#issuing_body_id").select_option(label=committee)
    page.locator("#version_id").select_option(value=str(draft_id))
    page.locator("#letter_text").fill("Kære udvalg\n\nVi beder om jeres **bemærkninger**.")
    page.locator("#reply_body_id").select_option(label="LS – Ledelsessekretariatet")
    page.locator("#deadline_date").fill("2099-02-01")
    page.get_by_role("button", name="Gem kladde").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Høringsliste")
    page.get_by_label(re.compile(r"^BUU ")).check()
    page.get_by_label(re.compile(r"^KFU ")).check()
    page.get_by_role("button", name="Gem høringslisten").click()

    assert_accessible(page)  # the dashboard of a draft
    page.get_by_role("link", name="Forhåndsvis brevet").click()
    expect(page.get_by_text("Send venligst jeres høringssvar til")).to_be_visible()
    expect(page.get_by_text("1. februar 2099 kl. 23.59").first).to_be_visible()
    assert_accessible(page)
    href = page.get_by_role("link", name="Brevet som PDF").get_attribute("href")
    pdf = page.request.get(f"{site}{href}")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")

    page.get_by_role("link", name="Tilbage til høringen").click()
    page.get_by_role("link", name="Send høringen ud").click()
    expect(page.get_by_text("buu@example.dk")).to_be_visible()
    expect(page.get_by_text("kfu@example.dk")).to_be_visible()
    page.get_by_role("button", name="Send høringen ud og send invitationerne").click()

    expect(page.get_by_text("Åben for høringssvar")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Forlæng fristen for BUU").click()
    page.locator("#until_date").fill("2099-02-15")
    page.locator("#reason").fill("Udvalget holder først møde den 10. februar.")
    page.get_by_role("button", name="Giv fristforlængelse").click()
    expect(page.get_by_text("BUU fik fristforlængelse.")).to_be_visible()

    with app.app_context():
        hearing = _db.session.scalar(select(Hearing).where(Hearing.reference == "BIU 99/2099"))
        assert hearing is not None
        hearing_id = hearing.id
        send_due_emails(utcnow())
    subjects: dict[str, list[str]] = {}
    for message in smtp_sink.messages():
        subjects.setdefault(message["To"].addresses[0].addr_spec, []).append(
            str(message["Subject"])
        )
    assert any("BIU 99/2099" in s for s in subjects["kfu@example.dk"])
    assert len(subjects["buu@example.dk"]) == 2  # the invitation and the extension
    assert any("ny frist" in s for s in subjects["buu@example.dk"])

    page.get_by_role("button", name="Log ud").click()
    page.goto(f"{site}/hearings/public/{hearing_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Høring over det nye katalog")
    assert_accessible(page)


def test_a_member_sees_the_open_demo_hearing_and_its_letter(page: Page, site: str) -> None:
    log_in(page, site, "buu@example.dk")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Høringer", exact=True
    ).click()
    page.get_by_role("link", name="BIU 12/2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BIU 12/2026")
    assert_accessible(page)


def test_the_public_list_shows_the_demo_hearings(page: Page, site: str, **_: Any) -> None:
    page.goto(f"{site}/hearings/public/")
    expect(page.get_by_role("link", name="BIU 227/2006")).to_be_visible()
    assert_accessible(page)
