"""The public barometer site under /barometer/: no log-in, Danish and English (?lang=en).

Every response of a published edition is rendered from its stored snapshot; the main
ones are stored at publication (``barometer.editions.public_cache``), the others are
rendered for the request that asks, which never writes. Each carries a strong ETag and a
long-lived Cache-Control, and answers ``If-None-Match`` with 304. A stored page costs at
most two SQL statements, whatever the size of the catalogue, and none when this worker
served it recently.
"""

from __future__ import annotations

import gzip
import re

from flask import abort, current_app, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from barometer import chart_files
from barometer.blueprint import bp
from barometer.editions import feed
from barometer.editions import public_responses as pages
from barometer.editions import public_site as site
from barometer.editions.category_views import query_choice
from barometer.editions.open_data import CSV_NAME, JSON_NAME, PACKAGE_NAME, TIDY_CSV_NAME
from barometer.editions.public_cache import Cached, lookup
from core import feeds
from core.clock import utcnow
from core.routing import external_url
from core.security import allow_framing

SHORT = "public, max-age=300"  # the latest edition and the archive change at publication
DAY = "public, max-age=86400"  # an edition's page gains a link when it is corrected
FOREVER = "public, max-age=31536000, immutable"  # stored files never change
FILES = {CSV_NAME: "csv", JSON_NAME: "json", PACKAGE_NAME: "json", TIDY_CSV_NAME: "csv"}
FILE_NAMES = ", ".join(f"'{name}'" for name in FILES)


def lang_arg() -> str:
    lang = request.args.get("lang", "da")
    if lang not in site.LANGS:
        abort(400)
    return lang


def respond(
    entry: Cached | None,
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


def _gzipped(entry: Cached) -> bytes:
    found = _GZIP.get(entry.etag)
    if found is None:
        if len(_GZIP) >= GZIP_ENTRIES:
            _GZIP.clear()
        found = _GZIP[entry.etag] = gzip.compress(entry.body, compresslevel=6, mtime=0)
    return found


@bp.get("/")
def public_index() -> Response:
    return respond(lookup(*pages.index(lang_arg())), SHORT)


@bp.get("/metode")
def public_method() -> Response:
    return respond(lookup(*pages.method_page(lang_arg())), SHORT)


@bp.get("/method")
def public_method_english() -> Response:
    return redirect(url_for("barometer.public_method", lang="en"), 301)


SAFE_NAME = re.compile(r"[a-z0-9_-]{1,40}")


def site_q(lang: str) -> dict[str, str]:
    return {"lang": lang} if lang != "da" else {}


@bp.get("/feed.atom")
def public_feed() -> Response:
    """The published editions as an Atom feed, in the language of ``?lang=`` (Danish)."""
    lang = lang_arg()
    with force_locale(lang):
        title = _(
            "Integration barometer – %(municipality)s",
            municipality=current_app.config["MUNICIPALITY_NAME"],
        )
    document = feeds.atom(
        feed_id=external_url("barometer.public_feed"),
        title=title,
        self_url=external_url("barometer.public_feed", lang=lang),
        page_url=external_url(
            "barometer.public_archive", **({"lang": lang} if lang != "da" else {})
        ),
        lang=lang,
        entries=feed.entries(lang),
        empty_updated=utcnow(),
    )
    return feeds.atom_response(document)


@bp.get("/editions/")
def public_archive() -> Response:
    return respond(lookup(*pages.archive(lang_arg())), SHORT)


@bp.get("/editions/<id:edition_id>/")
def public_edition(edition_id: int) -> Response:
    return respond(lookup(*pages.edition_page(edition_id, lang_arg())), DAY)


@bp.get("/editions/<id:edition_id>/indicators/<code>")
def public_indicator(edition_id: int, code: str) -> Response:
    """An indicator in a published edition; ``?dimension=…&category=…&chosen=1`` chooses
    the breakdown and the categories its second chart shows."""
    lang = lang_arg()
    if len(code) > 20:
        abort(404)
    choice = query_choice(request.args)
    return respond(lookup(*pages.indicator_page(edition_id, code, lang, choice)), DAY)


@bp.get("/editions/<id:edition_id>/indicators/<code>/chart.<fmt>")
def public_chart_file(edition_id: int, code: str, fmt: str) -> Response:
    """The indicator's chart as SVG or PNG, or its data table as CSV or XLSX."""
    lang = lang_arg()
    if len(code) > 20 or fmt not in chart_files.FORMATS:
        abort(404)
    choice = query_choice(request.args)
    dimension = choice["dimension"] if choice else ""
    suffix = f"-udgave-{edition_id}" + (f"-{dimension}" if SAFE_NAME.fullmatch(dimension) else "")
    name = chart_files.filename(code, fmt, lang, suffix)
    entry = pages.chart_file(edition_id, code, fmt, lang, choice)
    return respond(entry, FOREVER, download=name)


@bp.get("/indicators/<code>/embed")
def public_embed(code: str) -> Response:
    """The latest edition's chart of an indicator, with minimal chrome, for other sites to
    show in a frame: the one kind of page that relaxes ``frame-ancestors``."""
    lang = lang_arg()
    if len(code) > 20:
        abort(404)
    choice = query_choice(request.args)
    return respond(lookup(*pages.embed_page(code, lang, choice)), SHORT)


allow_framing("barometer.public_embed")


def _id_arg(name: str) -> int:
    value = request.args.get(name, "")
    if not value.isdigit() or len(value) > 9:
        abort(400)
    return int(value)


@bp.get("/editions/compare")
def public_compare() -> Response:
    lang = lang_arg()
    return respond(lookup(*pages.compare_page(_id_arg("a"), _id_arg("b"), lang)), DAY)


@bp.get("/editions/<id:edition_id>/report.pdf")
def public_report(edition_id: int) -> Response:
    lang = lang_arg()
    entry = pages.stored_report(edition_id, lang)
    if entry is None and pages.report_job_pending(edition_id):
        answer = Response(pages.report_pending_page(lang), 503, content_type=pages.HTML)
        answer.headers["Retry-After"] = "60"
        answer.headers["Cache-Control"] = "no-store"
        return answer
    name = f"integrationsbarometer-udgave-{edition_id}-{lang}.pdf"
    return respond(entry or pages.report(edition_id, lang), FOREVER, inline=name)


@bp.get("/editions/<id:edition_id>/data.xlsx")
def public_workbook(edition_id: int) -> Response:
    lang = lang_arg()
    name = f"integrationsbarometer-udgave-{edition_id}-{lang}.xlsx"
    return respond(pages.workbook(edition_id, lang), FOREVER, download=name)


@bp.get(f"/editions/<id:edition_id>/<any({FILE_NAMES}):name>")
def public_file(edition_id: int, name: str) -> Response:
    entry = pages.open_data_file(edition_id, name)
    download = (
        f"integrationsbarometer-udgave-{edition_id}-{name}" if name.endswith(".csv") else None
    )
    return respond(entry, FOREVER, download=download)
