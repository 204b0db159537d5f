"""The catalogue's public API: approved and superseded versions, whole, and their diffs.

Drafts are never exposed: a draft's number answers 404 like an unknown one.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from werkzeug.wrappers import Response

from barometer.diff import diff_versions
from barometer.models import CatalogueVersion
from barometer.queries import PUBLIC_STATUSES, public_versions, version_by_number, version_snapshot
from barometer.views.api_schema import PATHS, SCHEMAS
from core.api import api_abort, bp, register_paths, register_schemas
from core.routing import ID_MAX, external_url

register_paths(PATHS)
register_schemas(SCHEMAS)


def _links(number: int) -> dict[str, str]:
    return {
        "overview_page": external_url("barometer.overview", number=number),
        "overview_pdf": external_url("barometer.overview_pdf_file", number=number),
        "overview_xlsx": external_url("barometer.overview_xlsx", number=number),
        "self": external_url("api.catalogue_version", number=number),
    }


def _public(number: int) -> CatalogueVersion:
    version = version_by_number(number, tree=True)
    if version is None or version.status not in PUBLIC_STATUSES:
        api_abort(404, f"No approved catalogue version number {number}.")
    return version


@bp.get("/catalogue/versions")
def catalogue_versions() -> Response:
    versions = [
        {
            "number": v.number,
            "label": v.label,
            "label_en": v.label_en,
            "status": str(v.status),
            "policy": v.policy.name,
            "policy_en": v.policy.name_en,
            "decision_text": v.decision_text,
            "decision_date": v.decision_date.isoformat() if v.decision_date else None,
            "approved_at": v.approved_at.isoformat() if v.approved_at else None,
            "links": _links(v.number),
        }
        for v in public_versions()
    ]
    return jsonify({"versions": versions})


@bp.get("/catalogue/versions/<id:number>")
def catalogue_version(number: int) -> Response:
    snapshot: dict[str, Any] = version_snapshot(_public(number))
    return jsonify(snapshot | {"links": _links(number)})


def _number_arg(name: str) -> int:
    value = request.args.get(name, "")
    if not value.isdigit():
        api_abort(400, f"Give '{name}' as a version number, e.g. ?from=1&to=2.")
    number = int(value)
    if not 1 <= number <= ID_MAX:
        api_abort(404, f"No approved catalogue version number {value}.")
    return number


@bp.get("/catalogue/diff")
def catalogue_diff() -> Response:
    old, new = _number_arg("from"), _number_arg("to")
    diff = diff_versions(version_snapshot(_public(old)), version_snapshot(_public(new)))
    return jsonify(diff.to_dict())
