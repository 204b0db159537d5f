"""The editions API (read-only, published data only): /api/v1/editions and /indicators.

Edition responses are rendered once from the frozen snapshot and cached like the public
pages (strong ETag = SHA-256 of the body, long-lived Cache-Control, 304 on
If-None-Match). Links are absolute, built on ``PUBLIC_BASE_URL`` so a cached body never
depends on the Host header of the request that rendered it.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, request, url_for
from werkzeug.wrappers import Response

from barometer.editions import public_site as site
from barometer.editions.snapshot import indicators_of, sha256_hex
from barometer.models import CODE_PATTERN, Edition
from barometer.period import Period
from barometer.queries import load_version_tree, version_snapshot
from barometer.reading import latest_approved_version
from barometer.views.api_editions_schema import PATHS, SCHEMAS
from barometer.views.public import DAY, SHORT, respond
from core.api import api_abort, bp, register_paths, register_schemas
from core.extensions import db

register_paths(PATHS)
register_schemas(SCHEMAS)
JSON = "application/json"


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _absolute(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def _links(edition_id: int) -> dict[str, str]:
    def u(endpoint: str, **kw: Any) -> str:
        return _absolute(url_for(endpoint, edition_id=edition_id, **kw))

    return {
        "page": u("barometer.public_edition"),
        "pdf": u("barometer.public_report"),
        "pdf_en": u("barometer.public_report", lang="en"),
        "csv": u("barometer.public_file", name="data.csv"),
        "json": u("barometer.public_file", name="data.json"),
        "datapackage": u("barometer.public_file", name="datapackage.json"),
        "self": _absolute(url_for("api.edition", id=edition_id)),
    }


def _summary(e: site.Listed) -> dict[str, Any]:
    return {
        "id": e.id,
        "period": e.period_code,
        "title": {"da": e.title_da, "en": e.title_en},
        "published_at": e.published_at.isoformat(),
        "sha256": e.sha256,
        "corrects_edition_id": e.corrects_edition_id,
        "links": _links(e.id),
    }


def _edition_body(edition: Edition) -> tuple[bytes, str]:
    listed = site.published_list()
    me = next(e for e in listed if e.id == edition.id)
    corrected_by = [
        {"id": e.id, "reason": e.correction_reason}
        for e in listed
        if e.corrects_edition_id == edition.id
    ]
    body = {**_summary(me), "corrected_by": corrected_by, "edition": edition.snapshot}
    return _dumps(body), JSON


@bp.get("/editions")
def editions() -> Response:
    period = request.args.get("period")
    if period is not None:
        try:
            period = str(Period.parse(period))
        except ValueError:
            api_abort(400, "Give 'period' as a half-year, e.g. ?period=2009-H2.")

    def make() -> tuple[bytes, str]:
        listed = [e for e in site.published_list() if period is None or e.period_code == period]
        return _dumps({"editions": [_summary(e) for e in listed]}), JSON

    return respond(site.cached(f"api:editions:{period or 'all'}", make), SHORT)


@bp.get("/editions/latest")
def latest_edition() -> Response:
    def make() -> tuple[bytes, str] | None:
        latest = site.latest_published_id()
        edition = db.session.get(Edition, latest) if latest is not None else None
        return _edition_body(edition) if edition is not None else None

    entry = site.cached("api:edition:latest", make)
    if entry is None:
        api_abort(404, "No edition has been published yet.")
    return respond(entry, SHORT)


@bp.get("/editions/<id>")
def edition(id: str) -> Response:
    if not id.isdigit() or len(id) > 9:
        api_abort(400, "Give the edition's id as a number, e.g. /api/v1/editions/3.")
    number = int(id)

    def make() -> tuple[bytes, str] | None:
        row = db.session.get(Edition, number)
        return _edition_body(row) if row is not None and row.is_published else None

    entry = site.cached(f"api:edition:{number}", make)
    if entry is None:
        api_abort(404, f"No published edition {number}.")
    return respond(entry, DAY)


# -- indicators of the approved version, with their published values -------------------


def _published_indicators() -> dict[str, Any]:
    version = latest_approved_version()
    tree = load_version_tree(version.id) if version is not None else None
    if version is None or tree is None:
        api_abort(404, "No approved catalogue version.")
    catalogue = version_snapshot(tree)
    latest = site.latest_published_id()
    snapshot = db.session.get(Edition, latest).snapshot if latest is not None else None  # type: ignore[union-attr]
    values = snapshot["values"] if snapshot else {}
    statuses = snapshot["reading"]["indicators"] if snapshot else {}
    items = []
    for ind in indicators_of({"catalogue": catalogue}):
        items.append(
            {**ind, "values": values.get(ind["code"], []), "status": statuses.get(ind["code"])}
        )
    return {
        "catalogue_version": version.number,
        "edition": {"id": latest, "period": snapshot["period"]} if snapshot else None,
        "indicators": items,
    }


def _conditional(data: Any) -> Response:
    body = _dumps(data)
    return respond(site.Cached(body, sha256_hex(body), JSON), SHORT)


@bp.get("/indicators")
def indicators() -> Response:
    return _conditional(_published_indicators())


@bp.get("/indicators/<code>")
def indicator(code: str) -> Response:
    if len(code) > 20 or not CODE_PATTERN.match(code):
        api_abort(400, "Give an indicator code, e.g. /api/v1/indicators/BES-01.")
    data = _published_indicators()
    item = next((i for i in data["indicators"] if i["code"] == code), None)
    if item is None:
        api_abort(404, f"No indicator {code} in catalogue version {data['catalogue_version']}.")
    return _conditional(item)
