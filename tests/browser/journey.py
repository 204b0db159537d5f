"""What the yearly journey in the browser needs: a clock the test moves, the demo loaded
as of that clock, one browser context per person, the words of the page in the journey's
language, and axe-core on every page a person lands on (checked at the end)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_babel import force_locale, gettext, ngettext
from playwright.sync_api import Browser, BrowserContext, Dialog, Locator, Page, expect

import core.clock
from core.clock import LOCAL_TZ
from core.extensions import db as _db
from core.extensions import limiter
from tests.browser.conftest import DEMO_PASSWORD, assert_accessible
from tests.conftest import _truncate_all

# The demo's hearing open "today" on a draft of the 2007-2010 policy does not belong in 2012.
DEMO_LEFT_OUT = ("open hearing", "draft response in the open hearing")


class Clock:
    """The server's clock: every ``core.clock.utcnow()`` reads it, in every thread."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def set_local(self, year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> None:
        self.now = datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ).astimezone(UTC)

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    controlled = Clock(datetime(2012, 1, 9, 9, 0, tzinfo=LOCAL_TZ).astimezone(UTC))

    class _Datetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return controlled.now if tz is None else controlled.now.astimezone(tz)

    monkeypatch.setattr(core.clock, "datetime", _Datetime)
    return controlled


@pytest.fixture
def demo_as_of_clock(app: Flask, live_server: str, clock: Clock) -> Iterator[str]:
    """The demo's history (two policies, the 2011-2014 one in force, editions 2007-H1 to
    2011-H2 published, 2011-H2 still open for corrections) without its open hearing on
    the old policy, loaded at the clock's time, and emptied afterwards; yields the site's
    address."""
    from core.demo import demo_data, steps

    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    with app.app_context():
        _truncate_all()
        data = demo_data()
        for _order, name, step in steps(app):
            if name not in DEMO_LEFT_OUT:
                step(data, clock.now)
                _db.session.flush()
        _db.session.commit()
    limiter.reset()
    yield live_server
    with app.app_context():
        _truncate_all()
        _db.session.remove()


class Words:
    """The app's own catalogue: ``words("Log in")`` is what the page says in ``lang``."""

    def __init__(self, app: Flask, lang: str) -> None:
        self.app, self.lang = app, lang

    def __call__(self, msgid: str, **params: Any) -> str:
        with self.app.test_request_context(), force_locale(self.lang):
            return gettext(msgid, **params)

    def plural(self, singular: str, plural: str, num: int, **params: Any) -> str:
        with self.app.test_request_context(), force_locale(self.lang):
            return ngettext(singular, plural, num, **params)

    def exactly(self, msgid: str, **params: Any) -> re.Pattern[str]:
        return re.compile("^" + re.escape(self(msgid, **params)) + "$")


def _page_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Scans:
    """Every page landed on, and every page scanned by axe-core."""

    landed: list[str] = field(default_factory=list)
    scanned: set[str] = field(default_factory=set)

    def watch(self, page: Page) -> None:
        def landed(frame: Any) -> None:
            if frame == page.main_frame and frame.url.startswith("http"):
                self.landed.append(_page_path(frame.url))

        page.on("framenavigated", landed)

    def scan(self, page: Page) -> None:
        page.wait_for_load_state()
        assert_accessible(page)
        self.scanned.add(_page_path(page.url))

    def unscanned(self) -> list[str]:
        return sorted({p for p in self.landed if p not in self.scanned})


@dataclass
class Journey:
    """The people of the journey, each in a browser of their own, in one language."""

    app: Flask
    browser: Browser
    site: str
    lang: str
    clock: Clock
    words: Words
    scans: Scans = field(default_factory=Scans)
    in_force: int = 0  # the number of the approved version the journey starts from
    draft: int = 0  # the number of the draft the secretariat makes
    contexts: list[BrowserContext] = field(default_factory=list)

    def visitor(self) -> Page:
        context = self.browser.new_context(locale="da-DK" if self.lang == "da" else "en-GB")
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(60_000)
        self.contexts.append(context)
        page = context.new_page()
        self.scans.watch(page)
        return page

    def choose_language(self, page: Page) -> None:
        if self.lang == "en" and page.locator("html").get_attribute("lang") != "en":
            page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", self.lang)

    def person(self, email: str) -> Page:
        """A new browser, logged in as ``email`` in the journey's language."""
        t = self.words
        page = self.visitor()
        page.goto(f"{self.site}/login")
        self.choose_language(page)
        self.scan(page)
        page.get_by_label(t("E-mail")).fill(email)
        page.get_by_label(t("Password")).fill(DEMO_PASSWORD)
        page.get_by_role("button", name=t("Log in")).click()
        page.wait_for_url(f"{self.site}/")
        self.scan(page)
        return page

    def scan(self, page: Page) -> None:
        self.scans.scan(page)

    def menu(self, page: Page, msgid: str) -> None:
        page.get_by_role("navigation", name=self.words("Main menu")).get_by_role(
            "link", name=self.words(msgid), exact=True
        ).click()
        self.scan(page)

    def flash(self, page: Page, msgid: str, **params: Any) -> None:
        expect(page.locator(".app-flashes"), page.url).to_contain_text(self.words(msgid, **params))

    def confirm(self, page: Page, msgid: str, button: Locator) -> None:
        """Click ``button``, whose form asks ``msgid`` first, and answer yes."""
        asked: list[str] = []

        def answer(dialog: Dialog) -> None:
            asked.append(dialog.message)
            dialog.accept()

        page.once("dialog", answer)
        button.click()
        page.wait_for_load_state()
        assert asked == [self.words(msgid)], asked

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


def tab_to(page: Page, target: Locator, *, limit: int = 600, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")
