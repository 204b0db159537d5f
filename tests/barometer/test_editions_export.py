"""The static export: every link in every exported page points at a file that exists;
the CLI writes it; the demo publishes an archive of editions."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from barometer.editions.export import export_site
from barometer.models import Edition
from barometer.services import editions as svc
from tests.barometer.edition_factories import NOW, make_periods, make_published


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


@pytest.fixture
def published(db: Any) -> list[Edition]:
    make_periods()
    editions = [make_published("2007-H1"), make_published("2007-H2")]
    for edition in editions:  # the PDF itself is tested elsewhere; keep this test quick
        for lang in ("da", "en"):
            svc.store_file(edition, f"report-{lang}.pdf", "application/pdf", b"%PDF-1.7", now=NOW)
    db.session.commit()
    return editions


def _walk(root: Path) -> list[tuple[Path, str]]:
    broken = []
    pages = list(root.rglob("*.html"))
    assert pages
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "//", "/")):
                assert not target.startswith("/"), (page, target)  # no absolute paths
                continue
            file = (page.parent / unquote(parts.path)).resolve()
            if not file.is_file():
                broken.append((page, target))
    for css in root.rglob("*.css"):
        for found in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            url = found.strip("'\"").split("?")[0].split("#")[0]
            if url.startswith(("data:", "http")) or not url:
                continue
            if not (css.parent / url).resolve().is_file():
                broken.append((css, url))
    return broken


def test_every_link_of_the_exported_site_works_without_the_application(
    app: Flask, published: list[Edition], tmp_path: Path
) -> None:
    export_site(tmp_path)
    first, second = published
    for rel in (
        "index.html",
        "en/index.html",
        "editions/index.html",
        f"editions/{second.id}/index.html",
        f"en/editions/{second.id}/index.html",
        f"editions/{second.id}/indicators/A1-M1-I1.html",
        f"editions/{second.id}/data.csv",
        f"editions/{second.id}/datapackage.json",
        f"en/editions/{second.id}/report.pdf",
        f"editions/compare/{first.id}-{second.id}.html",
    ):
        assert (tmp_path / rel).is_file(), rel
    assert _walk(tmp_path) == []
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Integrationsbarometer, 2. halvår 2007" in index and "csrf" not in index


def test_one_edition_alone_links_to_nothing_missing(
    app: Flask, published: list[Edition], tmp_path: Path
) -> None:
    export_site(tmp_path, published[0].id)
    assert not (tmp_path / f"editions/{published[1].id}").exists()
    assert _walk(tmp_path) == []


def test_the_cli_writes_the_site(app: Flask, published: list[Edition], tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["barometer", "export-site", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()
    bad = runner.invoke(args=["barometer", "export-site", str(tmp_path / "x"), "--edition", "999"])
    assert bad.exit_code != 0 and "No published edition 999" in bad.output


def test_the_demo_publishes_an_archive_once(app: Flask, db: Any, configured: Any) -> None:
    from core.demo import load_demo

    load_demo(NOW)
    db.session.commit()
    count = db.session.scalar(select(func.count(Edition.id)).where(Edition.sha256.is_not(None)))
    assert count == 10  # 2007-H1 to 2011-H2: the demo's history spans two policies
    load_demo(NOW)
    assert db.session.scalar(select(func.count(Edition.id))) == 10
    periods = sorted(db.session.scalars(select(Edition.period_code)))
    assert periods == [f"{y}-H{h}" for y in range(2007, 2012) for h in (1, 2)]
