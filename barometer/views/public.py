"""The public barometer site under /barometer/: no log-in, Danish and English (?lang=en).

Every response of a published edition is rendered once from its stored snapshot and
cached (``barometer.editions.public_site``); it carries a strong ETag and a long-lived
Cache-Control, and answers ``If-None-Match`` with 304. A cached page costs at most two
SQL statements, whatever the size of the catalogue, and none when this worker served it
recently.
"""

from __future__ import annotations

import gzip

from flask import abort, request
from werkzeug.wrappers import Response

from barometer.blueprint import bp
from barometer.editions import public_site as site
from barometer.editions.open_data import CSV_NAME, JSON_NAME, PACKAGE_NAME
from barometer.editions.pdf import filename as pdf_name
from barometer.models import Edition
from barometer.services import editions as svc
from core.clock import utcnow
from core.extensions import db

HTML = "text/html; charset=utf-8"
SHORT = "public, max-age=300"  # the latest edition and the archive change at publication
DAY = "public, max-age=86400"  # an edition's page gains a link when it is corrected
FOREVER = "public, max-age=31536000, immutable"  # stored files never change
FILES = {CSV_NAME: "csv", JSON_NAME: "json", PACKAGE_NAME: "json"}


def lang_arg() -> str:
    lang = request.args.get("lang", "da")
    if lang not in site.LANGS:
        abort(400)
    return lang


def respond(
    entry: site.Cached | None,
    cache_control: str,
    *,
    download: str | None = None,
    inline: str | None = None,
) -> Response:
    if entry is None:
        abort(404)
    body, etag = entry.body, entry.etag
    compressible = entry.content_type.startswith(COMPRESSIBLE) and len(body) > MIN_GZIP_BYTES
    if compressible and "gzip" in request.accept_encodings:
        body, etag = _gzipped(entry), f"{entry.etag}-gz"
    response = Response(body, content_type=entry.content_type)
    if etag != entry.etag:
        response.headers["Content-Encoding"] = "gzip"
    if compressible:
        response.vary.add("Accept-Encoding")
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    if download or inline:
        kind = "attachment" if download else "inline"
        response.headers["Content-Disposition"] = f'{kind}; filename="{download or inline}"'
    return response.make_conditional(request)


# Text responses are sent compressed to clients that accept it (every browser does): the
# compressed bytes are made once per rendering and kept, like the rendering itself. A
# compressed representation has its own strong ETag.
COMPRESSIBLE = ("text/", "application/json")
MIN_GZIP_BYTES = 1024
_GZIP: dict[str, bytes] = {}
GZIP_ENTRIES = 200


def _gzipped(entry: site.Cached) -> bytes:
    found = _GZIP.get(entry.etag)
    if found is None:
        if len(_GZIP) >= GZIP_ENTRIES:
            _GZIP.clear()
        found = _GZIP[entry.etag] = gzip.compress(entry.body, compresslevel=6, mtime=0)
    return found


def _page(html: str | None) -> tuple[bytes, str] | None:
    return None if html is None else (html.encode("utf-8"), HTML)


def _published(edition_id: int) -> Edition | None:
    edition = db.session.get(Edition, edition_id)
    return edition if edition is not None and edition.is_published else None


@bp.get("/")
def public_index() -> Response:
    lang = lang_arg()

    def make() -> tuple[bytes, str] | None:
        latest = site.latest_published_id()
        links = site.Links(lang)
        if latest is None:
            return _page(site.render_empty(links))
        edition = db.session.get(Edition, latest)
        return _page(site.render_edition(edition, links, latest=True)) if edition else None

    return respond(site.cached(f"page:index:{lang}", make), SHORT)


@bp.get("/editions/")
def public_archive() -> Response:
    lang = lang_arg()
    entry = site.cached(
        f"page:archive:{lang}", lambda: _page(site.render_archive(site.Links(lang)))
    )
    return respond(entry, SHORT)


@bp.get("/editions/<int:edition_id>/")
def public_edition(edition_id: int) -> Response:
    lang = lang_arg()

    def make() -> tuple[bytes, str] | None:
        edition = _published(edition_id)
        return _page(site.render_edition(edition, site.Links(lang))) if edition else None

    return respond(site.cached(f"page:edition:{edition_id}:{lang}", make), DAY)


@bp.get("/editions/<int:edition_id>/indicators/<code>")
def public_indicator(edition_id: int, code: str) -> Response:
    lang = lang_arg()

    def make() -> tuple[bytes, str] | None:
        edition = _published(edition_id)
        return _page(site.render_indicator(edition, code, site.Links(lang))) if edition else None

    if len(code) > 20:
        abort(404)
    return respond(site.cached(f"page:indicator:{edition_id}:{code}:{lang}", make), DAY)


def _id_arg(name: str) -> int:
    value = request.args.get(name, "")
    if not value.isdigit() or len(value) > 9:
        abort(400)
    return int(value)


@bp.get("/editions/compare")
def public_compare() -> Response:
    lang = lang_arg()
    a, b = _id_arg("a"), _id_arg("b")

    def make() -> tuple[bytes, str] | None:
        first, second = _published(a), _published(b)
        if first is None or second is None:
            return None
        return _page(site.render_compare(first, second, site.Links(lang)))

    return respond(site.cached(f"page:compare:{a}:{b}:{lang}", make), DAY)


@bp.get("/editions/<int:edition_id>/report.pdf")
def public_report(edition_id: int) -> Response:
    lang = lang_arg()
    row = svc.stored_file(edition_id, pdf_name(lang))
    if row is None:  # the publication job has not run (yet): render and store it now
        edition = _published(edition_id)
        if edition is None:
            abort(404)
        row = svc.render_report(edition, lang, now=utcnow())
        db.session.commit()
    name = f"integrationsbarometer-udgave-{edition_id}-{lang}.pdf"
    return respond(site.Cached(row.content, row.sha256, row.content_type), FOREVER, inline=name)


@bp.get("/editions/<int:edition_id>/<any(data.csv, data.json, datapackage.json):name>")
def public_file(edition_id: int, name: str) -> Response:
    row = svc.stored_file(edition_id, name)
    if row is None:
        abort(404)
    entry = site.Cached(row.content, row.sha256, row.content_type)
    download = f"integrationsbarometer-udgave-{edition_id}-{name}" if name == CSV_NAME else None
    return respond(entry, FOREVER, download=download)
