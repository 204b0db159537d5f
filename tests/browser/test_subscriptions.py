"""A reader without an account subscribes, confirms from the e-mail and unsubscribes, in
Danish and in English; axe-core on every page of the way, the refused form and a bad link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from core.extensions import db
from core.models import OutboundEmail, Subscriber
from core.services import subscriptions
from tests.browser.conftest import assert_accessible

DEMO_UNTIL = 35  # bodies, users and the first catalogue: the pages need nothing more

TEXTS = {
    "da": {
        "heading": "Abonnér på nyheder på e-mail",
        "email": "E-mail",
        "hearings": "Nye offentlige høringer",
        "subscribe": "Abonnér",
        "sent": "Se din e-mail",
        "confirm": "Bekræft abonnementet",
        "subscribed": "Du abonnerer nu",
        "unsubscribe": "Afmeld",
        "unsubscribed": "Du er afmeldt",
        "invalid": "Linket kan ikke bruges",
    },
    "en": {
        "heading": "Subscribe to news by e-mail",
        "email": "E-mail",
        "hearings": "New public hearings",
        "subscribe": "Subscribe",
        "sent": "Check your e-mail",
        "confirm": "Confirm the subscription",
        "subscribed": "You are subscribed",
        "unsubscribe": "Unsubscribe",
        "unsubscribed": "You are unsubscribed",
        "invalid": "The link cannot be used",
    },
}


def _confirm_path(app: Flask, address: str) -> str:
    with app.app_context():
        body = db.session.scalars(
            select(OutboundEmail.body_text).where(OutboundEmail.to_address == address)
        ).one()
    found = re.search(r"https?://\S+/subscriptions/confirm/\S+", body)
    assert found, body
    return urlsplit(found.group(0)).path


def _unsubscribe_path(app: Flask, address: str) -> str:
    with app.app_context():
        subscriber = db.session.scalars(select(Subscriber).where(Subscriber.email == address)).one()
        return f"/subscriptions/unsubscribe/{subscriptions.unsubscribe_token(subscriber)}"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_reader_subscribes_confirms_and_unsubscribes_on_accessible_pages(
    page: Page, site: str, app: Flask, lang: str
) -> None:
    text = TEXTS[lang]
    address = f"laeser-{lang}@example.dk"
    page.goto(f"{site}/subscriptions/")
    if lang == "en":
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(text["heading"])
    assert_accessible(page)

    page.get_by_role("button", name=text["subscribe"], exact=True).click()  # nothing filled in
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(text["email"], exact=False).first.fill(address)
    page.get_by_label(text["hearings"]).check()
    page.get_by_role("button", name=text["subscribe"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["sent"])
    assert_accessible(page)

    page.goto(site + _confirm_path(app, address))
    expect(page.get_by_role("heading", level=1)).to_have_text(text["confirm"])
    expect(page.get_by_text(address)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=text["confirm"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["subscribed"])
    assert_accessible(page)

    page.goto(site + _unsubscribe_path(app, address))
    expect(page.get_by_role("heading", level=1)).to_have_text(text["unsubscribe"])
    assert_accessible(page)
    page.get_by_role("button", name=text["unsubscribe"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["unsubscribed"])
    assert_accessible(page)

    page.goto(f"{site}/subscriptions/confirm/not-a-link")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["invalid"])
    assert_accessible(page)
