"""The public read-only API under ``/api/v1``, and its OpenAPI document.

Each package adds its routes to :data:`bp` and describes them with
:func:`register_paths` / :func:`register_schemas`; ``GET /api/v1/openapi.json`` serves
the document, so it stays complete as endpoints are added (a test checks that every
route of the blueprint is documented). Errors are JSON: ``{"error": {"status", "title",
"message"}}``. GET responses allow any origin (open data).
"""

from __future__ import annotations

import copy
from typing import Any, NoReturn

from flask import Blueprint, abort, current_app, jsonify
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from core.errors import DomainError
from core.extensions import csrf
from core.routing import ID_MAX

API_PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=API_PREFIX)
csrf.exempt(bp)

_PATHS: dict[str, dict[str, Any]] = {}
_SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "title", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "title": {"type": "string"},
                    "message": {"type": "string"},
                },
            }
        },
    }
}


# An id or number in a path or query: the bounds of the ``id`` URL converter.
ID_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": ID_MAX}


def id_parameter(name: str, where: str = "path") -> dict[str, Any]:
    """An OpenAPI parameter holding an id or number (1 to 2^31 - 1)."""
    return {"name": name, "in": where, "required": True, "schema": dict(ID_SCHEMA)}


def register_paths(paths: dict[str, dict[str, Any]]) -> None:
    """Describe endpoints: OpenAPI path items keyed by path (without the /api/v1 prefix)."""
    _PATHS.update(paths)


def register_schemas(schemas: dict[str, dict[str, Any]]) -> None:
    _SCHEMAS.update(schemas)


def error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Integration barometer API",
            "version": "1",
            "description": "Read-only open data: approved catalogue versions and their diffs.",
        },
        "servers": [{"url": API_PREFIX}],
        "paths": copy.deepcopy(dict(sorted(_PATHS.items()))),
        "components": {"schemas": copy.deepcopy(_SCHEMAS)},
    }


def api_abort(status: int, message: str) -> NoReturn:
    abort(
        Response(status=status, response=_error_body(status, message), mimetype="application/json")
    )


def _error_body(status: int, message: str) -> str:
    from werkzeug.http import HTTP_STATUS_CODES

    return current_app.json.dumps(
        {
            "error": {
                "status": status,
                "title": HTTP_STATUS_CODES.get(status, ""),
                "message": message,
            }
        }
    )


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.errorhandler(HTTPException)
def _http_error(err: HTTPException) -> Response:
    if err.response is not None:
        return err.response  # type: ignore[return-value]
    status = err.code or 500
    response = jsonify(
        {"error": {"status": status, "title": err.name, "message": err.description or ""}}
    )
    response.status_code = status
    return response


@bp.errorhandler(DomainError)
def _domain_error(err: DomainError) -> Response:
    response = jsonify(
        {"error": {"status": err.status_code, "title": type(err).__name__, "message": str(err)}}
    )
    response.status_code = err.status_code
    return response


@bp.after_request
def _cors(response: Response) -> Response:
    from flask import request

    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response
