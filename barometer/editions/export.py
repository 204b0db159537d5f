"""The static export: the public site of published editions as plain files.

``flask --app app barometer export-site DIR [--edition ID]`` writes HTML pages with
relative links (Danish at the top, English under ``en/``), the stylesheets and fonts
they use, and per edition the report PDFs, CSV, JSON and data package, so any web server
or CDN can serve the folder without the application::

    index.html                      the latest edition (en/index.html in English)
    editions/index.html             the archive
    editions/<id>/index.html        an edition
    editions/<id>/indicators/<code>.html
    editions/<id>/report.pdf        (en/editions/<id>/report.pdf in English)
    editions/<id>/data.csv, data.json, datapackage.json
    editions/compare/<a>-<b>.html   each edition against the one before it
    method.html                     the method in plain words (en/method.html in English)
    assets/...                      app.css, public.css, the design system's CSS and fonts

The pages are rendered from the stored snapshots, exactly like the served ones; the
files are the stored bytes (a missing report PDF is rendered and stored first; open data
the publication's job has not stored yet is made from the snapshot, the same bytes).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from barometer.editions import open_data
from barometer.editions import public_site as site
from barometer.editions.open_data import PACKAGE_NAME
from barometer.editions.pdf import filename as pdf_name
from barometer.editions.workbook import XLSX_NAME, edition_xlsx
from barometer.models import Edition
from barometer.services import editions as svc
from core.clock import utcnow
from core.design_system import DKFDS_DIST
from core.extensions import db


@dataclass
class ExportResult:
    files: list[str] = field(default_factory=list)

    def add(self, path: str) -> None:
        self.files.append(path)


def _write(root: Path, rel: str, data: bytes | str, result: ExportResult) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    result.add(rel)


def _copy_assets(root: Path, result: ExportResult) -> None:
    static = Path(current_app.static_folder or "static")
    for name in ("app.css", "public.css"):
        _write(root, f"assets/css/{name}", (static / "css" / name).read_bytes(), result)
    _write(root, "assets/dkfds/css/dkfds.min.css",
           (DKFDS_DIST / "css" / "dkfds.min.css").read_bytes(), result)  # fmt: skip
    for sub in ("fonts", "img"):
        source, target = DKFDS_DIST / sub, root / "assets" / "dkfds" / sub
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
            result.add(f"assets/dkfds/{sub}/")


def _prefix(lang: str) -> str:
    return "" if lang == "da" else "en/"


def _edition_files(root: Path, edition: Edition, result: ExportResult) -> None:
    base = f"editions/{edition.id}"
    rows = {name: svc.stored_file(edition.id, name) for name in open_data.NAMES}
    pending = rows[PACKAGE_NAME] is None  # the publication's job stores the package last
    for name, row in rows.items():
        if row is not None:
            _write(root, f"{base}/{name}", row.content, result)
        elif pending:
            _write(root, f"{base}/{name}", open_data.document(edition.snapshot, name), result)
    for lang in site.LANGS:
        stored = svc.stored_file(edition.id, pdf_name(lang))
        if stored is None:
            stored = svc.render_report(edition, lang, now=utcnow())
            db.session.commit()
        _write(root, f"{_prefix(lang)}{base}/report.pdf", stored.content, result)
        _write(
            root, f"{_prefix(lang)}{base}/{XLSX_NAME}", edition_xlsx(edition.snapshot, lang), result
        )


def _edition_pages(
    root: Path, edition: Edition, lang: str, chosen: set[int], result: ExportResult
) -> None:
    base = f"{_prefix(lang)}editions/{edition.id}"
    here = f"{base}/index.html"
    _write(root, here, site.render_edition(edition, site.ExportLinks(lang, here, chosen)), result)
    for ind in site.ev.edition_view(edition.snapshot, lang).indicators():
        path = f"{base}/indicators/{ind.code}.html"
        html = site.render_indicator(edition, ind.code, site.ExportLinks(lang, path, chosen))
        _write(root, path, html or "", result)


def export_site(root: Path, edition_id: int | None = None) -> ExportResult:
    """Write the site of every published edition (or of one) into ``root``."""
    # Templates read the request (language switch, paths): give them an empty one.
    with current_app.test_request_context("/"):
        return _export(root, edition_id)


def _export(root: Path, edition_id: int | None) -> ExportResult:
    result = ExportResult()
    listed = site.published_list()
    if edition_id is not None:
        listed = [e for e in listed if e.id == edition_id]
        if not listed:
            raise ValueError(f"No published edition {edition_id}.")
    chosen = {e.id for e in listed}
    editions = {e.id: db.session.get(Edition, e.id) for e in listed}
    _copy_assets(root, result)
    for lang in site.LANGS:
        index = f"{_prefix(lang)}index.html"
        links = site.ExportLinks(lang, index, chosen)
        latest = editions[listed[0].id] if listed else None
        page = (
            site.render_edition(latest, links, latest=True) if latest else site.render_empty(links)
        )
        _write(root, index, page, result)
        archive = f"{_prefix(lang)}editions/index.html"
        _write(root, archive, site.render_archive(site.ExportLinks(lang, archive, chosen)),
               result)  # fmt: skip
        method = f"{_prefix(lang)}method.html"
        _write(root, method, site.render_method(site.ExportLinks(lang, method, chosen)), result)
        for e in listed:
            edition = editions[e.id]
            if edition is None:
                continue
            _edition_pages(root, edition, lang, chosen, result)
            previous = site.previous_of(e, site.published_list())
            if previous is not None and previous.id in chosen:
                path = f"{_prefix(lang)}editions/compare/{previous.id}-{e.id}.html"
                older = db.session.get(Edition, previous.id)
                if older is not None:
                    html = site.render_compare(older, edition, site.ExportLinks(lang, path, chosen))
                    _write(root, path, html, result)
    for e in listed:
        edition = editions[e.id]
        if edition is not None:
            _edition_files(root, edition, result)
    return result
