"""Screenshots of the main pages for the user guide: `make screenshots`.

Loads the demo into a fresh SQLite database in a temporary folder, serves the app on
127.0.0.1 in a thread, and drives Debian's Chromium (Playwright, never `playwright
install`) through the main page of each role in Danish and in English. The PNG files go to
docs/guide/screens/<lang>/ (git-ignored); the guide's pages refer to them by name.

    .venv/bin/python scripts/screenshots.py [--out DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "demo-password"  # noqa: S105 - the demo users' documented password
SECRETARIAT = "sekretariat@example.dk"
MEMBER = "buu@example.dk"
DATA_CONTACT = "bif.data@example.dk"
ADMIN = "admin@example.dk"

# (file name, who is logged in or None, how to reach the page from the start page)
Step = Callable[[object, str, dict[str, int]], None]


def _goto(path: str) -> Step:
    def step(page: object, site: str, ids: dict[str, int]) -> None:
        url = site + path.format(**ids)
        answer = page.goto(url)  # type: ignore[attr-defined]
        if answer is None or not answer.ok:
            raise SystemExit(f"{url} answered {answer.status if answer else 'nothing'}")

    return step


SCREENS: tuple[tuple[str, str | None, Step], ...] = (
    ("public-barometer", None, _goto("/barometer/")),
    ("public-indicator", None, _goto("/barometer/editions/{edition}/indicators/BES-01")),
    ("public-archive", None, _goto("/barometer/editions/")),
    ("public-hearings", None, _goto("/hearings/public/")),
    ("public-hearing-outcome", None, _goto("/hearings/public/{decided}")),
    ("login", None, _goto("/login")),
    ("member-start", MEMBER, _goto("/")),
    ("member-my-hearings", MEMBER, _goto("/hearings/mine")),
    ("member-response", MEMBER, _goto("/hearings/{open}/bodies/{buu}/response")),
    ("member-fate", MEMBER, _goto("/hearings/{decided}/fate/{buu}")),
    ("data-measurements", DATA_CONTACT, _goto("/barometer/measurements/")),
    ("data-entry", DATA_CONTACT, _goto("/barometer/measurements/2009-H2")),
    ("data-import", DATA_CONTACT, _goto("/barometer/measurements/2009-H2/import")),
    ("secretariat-start", SECRETARIAT, _goto("/")),
    ("secretariat-catalogue", SECRETARIAT, _goto("/barometer/catalogue/")),
    ("secretariat-version", SECRETARIAT, _goto("/barometer/catalogue/versions/2")),
    ("secretariat-diff", SECRETARIAT, _goto("/barometer/catalogue/diff?from=1&to=2")),
    ("secretariat-hearings", SECRETARIAT, _goto("/hearings/")),
    ("secretariat-hearing", SECRETARIAT, _goto("/hearings/{open}")),
    ("secretariat-new-hearing", SECRETARIAT, _goto("/hearings/new")),
    ("secretariat-responses", SECRETARIAT, _goto("/hearings/{decided}/responses")),
    ("secretariat-consolidation", SECRETARIAT, _goto("/hearings/{decided}/consolidation")),
    ("secretariat-note", SECRETARIAT, _goto("/hearings/{decided}/note")),
    ("secretariat-decided-hearing", SECRETARIAT, _goto("/hearings/{decided}")),
    ("secretariat-reading", SECRETARIAT, _goto("/barometer/reading/2009-H2")),
    ("secretariat-editions", SECRETARIAT, _goto("/barometer/editions/manage")),
    ("admin-users", ADMIN, _goto("/admin/users")),
    ("admin-bodies", ADMIN, _goto("/admin/bodies")),
    ("admin-audit", ADMIN, _goto("/audit/")),
)


def _ids() -> dict[str, int]:
    from sqlalchemy import select

    from barometer.models import Edition
    from core.extensions import db
    from core.models import Body
    from hearing.models import Hearing

    hearings = list(db.session.scalars(select(Hearing).order_by(Hearing.id)))
    editions = list(db.session.scalars(select(Edition).order_by(Edition.id)))
    return {
        "decided": hearings[0].id,
        "open": hearings[-1].id,
        "edition": editions[-1].id,
        "buu": db.session.scalar(select(Body.id).where(Body.code == "BUU")) or 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "guide" / "screens")
    parser.add_argument("--only", nargs="*", default=None, help="file names to take")
    args = parser.parse_args()

    import logging

    from flask_migrate import upgrade
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from app import create_app
    from config import TestingConfig
    from core.clock import utcnow
    from core.demo import load_demo
    from core.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/screens.sqlite3",
            UPLOAD_FOLDER=f"{tmp}/uploads",
            STORAGE_DIR=f"{tmp}/storage",
            DEMO_PASSWORD=PASSWORD,
            WTF_CSRF_ENABLED=True,
        )
        with app.app_context():
            upgrade()
            load_demo(utcnow())
            db.session.commit()
            ids = _ids()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        site = f"http://127.0.0.1:{server.server_port}"
        taken = 0
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                for lang in ("da", "en"):
                    folder = args.out / lang
                    folder.mkdir(parents=True, exist_ok=True)
                    taken += _take(browser, site, lang, folder, ids, args.only)
                browser.close()
        finally:
            server.shutdown()
            thread.join(5)
    print(f"{taken} screenshots in {args.out}")
    return 0


def _take(
    browser: object,
    site: str,
    lang: str,
    folder: Path,
    ids: dict[str, int],
    only: list[str] | None,
) -> int:
    taken = 0
    pages: dict[str | None, object] = {}
    for name, who, step in SCREENS:
        if only and name not in only:
            continue
        if who not in pages:
            context = browser.new_context(  # type: ignore[attr-defined]
                viewport={"width": 1280, "height": 900}, locale="da-DK"
            )
            page = context.new_page()
            page.goto(f"{site}/login")
            if lang == "en":
                page.get_by_role("button", name="English").click()
            if who is not None:
                page.locator("#email").fill(who)
                page.locator("#password").fill(PASSWORD)
                page.locator("main form.app-narrow button[type=submit]").click()
                page.wait_for_url(f"{site}/")
            pages[who] = page
        page = pages[who]
        step(page, site, ids)
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]
        taken += 1
    return taken


if __name__ == "__main__":
    raise SystemExit(main())
