"""The OpenAPI description of the editions and indicators API (added to core.api's document)."""

from __future__ import annotations

from typing import Any

from barometer.models import CODE_PATTERN
from core.api import error_response, id_parameter, json_response

_STR = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_DECIMAL = {"type": ["string", "null"], "description": "A decimal number as text, e.g. '46.4'."}
_PERIOD = {"type": "string", "pattern": "^[1-9][0-9]{3}-H[12]$", "description": "e.g. 2009-H2"}
_COLOURS = ["green", "yellow", "red", "grey", "first", "off_cycle", "not_comparable"]
_PROGRESS = [
    "on_track",
    "too_slow",
    "limited",
    "moving_away",
    "target_met",
    "met_but_slipping",
    "no_ratio",
    "no_data",
    "no_criterion",
    "off_cycle",
]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _map_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": schema}


_TEXT = _object(["da", "en"], {"da": _STR, "en": _STR})
_ROLLUP = _object(
    [
        "green",
        "yellow",
        "red",
        "grey",
        "first",
        "total",
        "assessable",
        "score",
        "colour",
        "coverage_text",
        "score_text",
    ],
    {
        **dict.fromkeys(("green", "yellow", "red", "grey", "first", "total", "assessable"), _INT),
        "off_cycle": {**_INT, "description": "Not due this half-year: not in the total"},
        "not_comparable": {**_INT, "description": "A data break: in the total, no colour"},
        "score": {**_DECIMAL, "description": "(green - red) / assessable, 4 decimals"},
        "colour": {"type": "string", "enum": ["green", "yellow", "red", "not_assessable"]},
        "coverage_text": _ref("Text"),
        "score_text": _ref("Text"),
    },
)
_GROUP = _object(
    ["all", "effect", "activity"], {k: _ref("RollUp") for k in ("all", "effect", "activity")}
)
_STATUS = _object(
    [
        "code",
        "kind",
        "period",
        "value",
        "movement",
        "change",
        "since_baseline",
        "progress",
        "movement_text",
        "since_baseline_text",
        "progress_text",
    ],
    {
        "code": _STR,
        "kind": {"type": "string", "enum": ["effect", "activity", "benchmark"]},
        "period": _PERIOD,
        "value": _DECIMAL,
        "previous_value": _DECIMAL,
        "previous_period": _NULLABLE_STRING,
        "compared_with_baseline": _BOOL,
        "movement": {"type": "string", "enum": _COLOURS},
        "change": _DECIMAL,
        "since_baseline": {"type": "string", "enum": _COLOURS},
        "change_since_baseline": _DECIMAL,
        "progress": {"type": "string", "enum": _PROGRESS},
        "progress_ratio": _DECIMAL,
        "expected_value": _DECIMAL,
        "movement_text": _ref("Text"),
        "since_baseline_text": _ref("Text"),
        "progress_text": _ref("Text"),
        "due": {**_BOOL, "description": "False: off-cycle, no value expected, counted nowhere"},
        "target_outcome": {
            "type": ["string", "null"],
            "enum": ["met", "missed", None],
            "description": "At or after the target period: whether the target was met.",
        },
        "target_text": {"oneOf": [_ref("Text"), {"type": "null"}]},
    },
)
_VALUE = _object(
    ["period", "value", "note", "provisional", "movement"],
    {
        "period": _PERIOD,
        "value": _DECIMAL,
        "note": _STR,
        "provisional": _BOOL,
        "source": _STR,
        "movement": {"type": "string", "enum": _COLOURS},
        "change": _DECIMAL,
    },
)
_ASSESSMENT = _object(
    ["text", "html", "final"],
    {
        "text": {"type": "string", "description": "Markdown, as written"},
        "html": {"type": "string", "description": "Sanitised HTML"},
        "text_en": {"type": "string", "description": "The English version, if written"},
        "html_en": {"type": "string", "description": "The English version as sanitised HTML"},
        "final": _BOOL,
        "updated_at": {"type": "string", "format": "date-time"},
    },
)
_CORRECTS = {
    "type": ["object", "null"],
    "required": ["id", "title", "reason"],
    "properties": {
        "id": _INT,
        "title": _ref("Text"),
        "sha256": _NULLABLE_STRING,
        "reason": _STR,
        "reason_en": {**_STR, "description": "The reason in English, if given"},
    },
}
_CONTENT = _object(
    [
        "format",
        "format_version",
        "edition",
        "municipality",
        "period",
        "period_label",
        "periods",
        "catalogue",
        "values",
        "reading",
        "assessments",
        "method",
    ],
    {
        "format": {"type": "string", "const": "integrationsbarometer-edition"},
        "format_version": _INT,
        "edition": _object(
            ["id", "title", "published", "corrects"],
            {
                "id": _INT,
                "title": _ref("Text"),
                "published": {
                    "type": ["object", "null"],
                    "required": ["at", "by"],
                    "properties": {"at": {"type": "string", "format": "date-time"}, "by": _STR},
                },
                "corrects": _CORRECTS,
            },
        ),
        "municipality": _STR,
        "period": _PERIOD,
        "period_label": _ref("Text"),
        "periods": {
            "type": "array",
            "items": _object(["code", "label"], {"code": _PERIOD, "label": _ref("Text")}),
        },
        "catalogue": _object(
            ["number", "label", "status", "policy", "focus_areas"],
            {
                "number": _INT,
                "label": _STR,
                "status": {"type": "string", "enum": ["approved", "superseded"]},
                "policy": {"type": "object"},
                "focus_areas": {"type": "array", "items": _ref("FocusArea")},
            },
        ),
        "values": {
            **_map_of({"type": "array", "items": _ref("EditionValue")}),
            "description": "Per indicator code: every period up to the edition's.",
        },
        "reading": _object(
            ["period", "params", "caveat", "indicators", "goals", "focus_areas", "overall"],
            {
                "period": _PERIOD,
                "params": _map_of(_STR),
                "caveat": _ref("Text"),
                "indicators": _map_of(_ref("IndicatorStatus")),
                "goals": _map_of(_ref("GroupReading")),
                "focus_areas": _map_of(_ref("GroupReading")),
                "overall": _ref("GroupReading"),
            },
        ),
        "assessments": _map_of(_ref("Assessment")),
        "method": _object(
            ["name", "parameters", "caveat"],
            {"name": _STR, "parameters": _map_of(_STR), "caveat": _ref("Text")},
        ),
    },
)
_LINKS = _object(
    ["page", "pdf", "csv", "json", "datapackage", "self"],
    {
        k: {"type": "string", "format": "uri"}
        for k in ("page", "pdf", "pdf_en", "csv", "json", "datapackage", "self")
    },
)
_SUMMARY = _object(
    ["id", "period", "title", "published_at", "sha256", "corrects_edition_id", "links"],
    {
        "id": _INT,
        "period": _PERIOD,
        "title": _ref("Text"),
        "published_at": {"type": "string", "format": "date-time"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "corrects_edition_id": {"type": ["integer", "null"]},
        "links": _ref("EditionLinks"),
    },
)
_EDITION = _object(
    ["id", "period", "title", "published_at", "sha256", "corrected_by", "links", "edition"],
    {
        **_SUMMARY["properties"],
        "corrected_by": {
            "type": "array",
            "items": _object(["id", "reason"], {"id": _INT, "reason": _STR}),
        },
        "edition": {
            **_ref("EditionContent"),
            "description": "The frozen content: its canonical JSON hashes to sha256.",
        },
    },
)
_PUBLISHED_INDICATOR = {
    "allOf": [
        _ref("Indicator"),
        _object(
            ["focus_area", "goal", "values", "status"],
            {
                "focus_area": _STR,
                "goal": _STR,
                "values": {"type": "array", "items": _ref("EditionValue")},
                "status": {"oneOf": [_ref("IndicatorStatus"), {"type": "null"}]},
                "next_expected_period": {
                    "type": ["string", "null"],
                    "description": "The first half-year after the edition's in which a value "
                    "is due (by the frequency); null when irregular or before the first edition.",
                },
            },
        ),
    ]
}
_INDICATORS = _object(
    ["catalogue_version", "edition", "indicators"],
    {
        "catalogue_version": _INT,
        "edition": {
            "type": ["object", "null"],
            "description": (
                "The published edition the values come from: the latest one, or the latest "
                "of the period asked for; null when none is published"
            ),
            "required": ["id", "period"],
            "properties": {"id": _INT, "period": _PERIOD},
        },
        "indicators": {"type": "array", "items": _ref("PublishedIndicator")},
    },
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "Text": _TEXT,
    "RollUp": _ROLLUP,
    "GroupReading": _GROUP,
    "IndicatorStatus": _STATUS,
    "EditionValue": _VALUE,
    "Assessment": _ASSESSMENT,
    "EditionContent": _CONTENT,
    "EditionLinks": _LINKS,
    "EditionSummary": _SUMMARY,
    "Edition": _EDITION,
    "PublishedIndicator": _PUBLISHED_INDICATOR,
    "PublishedIndicators": _INDICATORS,
}

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
    "schema": _PERIOD,
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
            "parameters": [{"name": "period", "in": "query", "required": False, "schema": _PERIOD}],
            "responses": {
                "200": _ok(
                    "The editions",
                    _object(
                        ["editions"],
                        {"editions": {"type": "array", "items": _ref("EditionSummary")}},
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
                "200": _ok("The edition", _ref("Edition")),
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
                "200": _ok("The edition", _ref("Edition")),
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
                "200": _ok("The indicators", _ref("PublishedIndicators")),
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
                "200": _ok("The indicator", _ref("PublishedIndicator")),
                "304": _NOT_MODIFIED,
                "400": error_response("The code or the period is not valid"),
                "404": error_response("No such indicator in that version"),
            },
        }
    },
}
