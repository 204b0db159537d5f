"""Open data per indicator, the reporting status and the DCAT-AP metadata (public, no log-in).

Stable URLs (docs/open-data.md): ``/barometer/indicators/<code>/`` (the page),
``.../data.csv``, ``.../data.json``, ``.../data.xlsx`` and ``.../dcat.jsonld`` beside it,
``/barometer/reporting-status``, ``/barometer/catalog.jsonld`` and each edition's
``/barometer/editions/<id>/dcat.jsonld``. Rendered from published snapshots and cached
like the rest of the public site (:mod:`barometer.views.public`).
"""

from __future__ import annotations

from flask import abort
from werkzeug.wrappers import Response

from barometer.blueprint import bp
from barometer.editions import dcat_pages
from barometer.editions import indicator_pages as pages
from barometer.editions.public_cache import lookup
from barometer.models import CODE_PATTERN
from barometer.views.public import DAY, SHORT, lang_arg, respond

FILES = {
    "data.csv": pages.indicator_csv,
    "data.json": pages.indicator_json,
    "data.xlsx": pages.indicator_xlsx,
    "dcat.jsonld": dcat_pages.indicator_jsonld,
}


def _code(code: str) -> str:
    if len(code) > 20 or not CODE_PATTERN.match(code):
        abort(404)
    return code


@bp.get("/indicators/<code>/")
def public_indicator_data(code: str) -> Response:
    lang = lang_arg()
    return respond(lookup(*pages.indicator_page(_code(code), lang)), SHORT)


@bp.get("/indicators/<code>/<any(data.csv, data.json, data.xlsx, dcat.jsonld):name>")
def public_indicator_file(code: str, name: str) -> Response:
    entry = lookup(*FILES[name](_code(code)))
    download = f"integrationsbarometer-{code}-{name}" if name in ("data.csv", "data.xlsx") else None
    return respond(entry, SHORT, download=download)


@bp.get("/reporting-status")
def public_reporting_status() -> Response:
    return respond(lookup(*pages.reporting_page(lang_arg())), SHORT)


@bp.get("/catalog.jsonld")
def public_catalog() -> Response:
    return respond(lookup(*dcat_pages.catalog_jsonld()), SHORT)


@bp.get("/editions/<id:edition_id>/dcat.jsonld")
def public_edition_dcat(edition_id: int) -> Response:
    return respond(lookup(*dcat_pages.edition_jsonld(edition_id)), DAY)
