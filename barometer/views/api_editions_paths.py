"""The OpenAPI paths of the editions and indicators API (schemas: api_editions_schema)."""

from __future__ import annotations

from typing import Any

from barometer.models import CODE_PATTERN
from barometer.views.api_editions_schema import PERIOD, object_schema, ref
from core.api import error_response, id_parameter, json_response

_STR = {"type": "string"}

_ID = id_parameter("id")
# The code as the endpoint accepts it (``CODE_PATTERN``, at most 20 characters); others: 400.
_CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": 20, "pattern": CODE_PATTERN.pattern},
}
_PERIOD_PARAMETER = {
    "name": "period",
    "in": "query",
    "required": False,
    "description": "A half-year: the indicators of the version in force for it",
    "schema": PERIOD,
}
_CACHED = {
    "ETag": {"description": "SHA-256 of the body (strong)", "schema": _STR},
    "Cache-Control": {"schema": _STR},
}


def _ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {**json_response(description, schema), "headers": _CACHED}


_NOT_MODIFIED = {"description": "Not modified (If-None-Match matched the ETag)"}

PATHS: dict[str, dict[str, Any]] = {
    "/editions": {
        "get": {
            "operationId": "listEditions",
            "summary": "Published editions, newest period first (drafts are never listed)",
            "parameters": [{"name": "period", "in": "query", "required": False, "schema": PERIOD}],
            "responses": {
                "200": _ok(
                    "The editions",
                    object_schema(
                        ["editions"],
                        {"editions": {"type": "array", "items": ref("EditionSummary")}},
                    ),
                ),
                "304": _NOT_MODIFIED,
                "400": error_response("The period is not a half-year like 2009-H2"),
            },
        }
    },
    "/editions/latest": {
        "get": {
            "operationId": "getLatestEdition",
            "summary": "The latest published edition, whole",
            "responses": {
                "200": _ok("The edition", ref("Edition")),
                "304": _NOT_MODIFIED,
                "404": error_response("Nothing has been published yet"),
            },
        }
    },
    "/editions/{id}": {
        "get": {
            "operationId": "getEdition",
            "summary": "A published edition, whole and frozen",
            "parameters": [_ID],
            "responses": {
                "200": _ok("The edition", ref("Edition")),
                "304": _NOT_MODIFIED,
                "400": error_response("The id is not a number"),
                "404": error_response("No published edition with this id (drafts included)"),
            },
        }
    },
    "/indicators": {
        "get": {
            "operationId": "listIndicators",
            "summary": (
                "The indicators of the catalogue version of the latest published edition (or "
                "of the version in force for ?period=), with published values"
            ),
            "parameters": [_PERIOD_PARAMETER],
            "responses": {
                "200": _ok("The indicators", ref("PublishedIndicators")),
                "304": _NOT_MODIFIED,
                "400": error_response("The period is not a half-year like 2009-H2"),
                "404": error_response("No catalogue version in force for the period"),
            },
        }
    },
    "/indicators/{code}": {
        "get": {
            "operationId": "getIndicator",
            "summary": (
                "One indicator of the catalogue version of the latest published edition (or of "
                "the version in force for ?period=), with published values"
            ),
            "parameters": [_CODE, _PERIOD_PARAMETER],
            "responses": {
                "200": _ok("The indicator", ref("PublishedIndicator")),
                "304": _NOT_MODIFIED,
                "400": error_response("The code or the period is not valid"),
                "404": error_response("No such indicator in that version"),
            },
        }
    },
}
