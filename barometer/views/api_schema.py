"""The OpenAPI description of the catalogue's API (added to ``core.api``'s document)."""

from __future__ import annotations

from typing import Any

from barometer.units import Unit
from core.api import error_response, id_parameter, json_response

_NULLABLE_STRING = {"type": ["string", "null"]}
_DECIMAL = {"type": ["string", "null"], "description": "A decimal number as text, e.g. '46.5'."}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


_APPROVED_AT = {
    "type": ["string", "null"],
    "format": "date-time",
    "description": (
        "When the version was approved; null for a draft consulted in a hearing and "
        "superseded without ever being approved (its decision is the one that replaced it)."
    ),
}
_DECISION = {
    "type": "string",
    "description": "The decision that approved the version, or that replaced a never-approved one.",
}


_CRITERION = _object(
    ["code", "text", "target_value", "target_period", "decision_reference", "decision_date"],
    {
        "code": {"type": "string"},
        "text": {"type": "string"},
        "text_en": {**_NULLABLE_STRING, "description": "The text in English, if given."},
        "target_value": _DECIMAL,
        "target_period": {**_NULLABLE_STRING, "description": "A half-year such as 2010-H2."},
        "decision_reference": _NULLABLE_STRING,
        "decision_date": {"type": ["string", "null"], "format": "date"},
        "illustrative": {"type": "boolean"},
    },
)
_INDICATOR = _object(
    ["code", "name_da", "kind", "unit", "decimals", "direction", "owner", "success_criteria"],
    {
        "code": {"type": "string", "description": "Stable across versions."},
        "name_da": {"type": "string"},
        "name_en": _NULLABLE_STRING,
        "definition": {"type": "string"},
        "definition_en": {**_NULLABLE_STRING, "description": "The definition in English."},
        "kind": {"type": "string", "enum": ["effect", "activity", "benchmark"]},
        "unit": {"type": "string", "enum": [unit.value for unit in Unit]},
        "decimals": {"type": "integer", "minimum": 0, "maximum": 4},
        "direction": {
            "type": "integer",
            "enum": [1, -1],
            "description": "1: higher is better; -1: lower is better.",
        },
        "min_change": _DECIMAL,
        "data_source": {"type": "string"},
        "data_source_en": {**_NULLABLE_STRING, "description": "The data source in English."},
        "owner": {"type": "string", "description": "Code of the owning administration."},
        "owner_name_da": {"type": "string"},
        "owner_name_en": {"type": "string"},
        "baseline_value": _DECIMAL,
        "baseline_period": _NULLABLE_STRING,
        "notes": {"type": "string"},
        "notes_en": {**_NULLABLE_STRING, "description": "The notes in English."},
        "illustrative": {"type": "boolean"},
        "frequency": {"type": "string", "enum": ["half_yearly", "annual", "irregular"]},
        "measured_half": {
            "type": ["integer", "null"],
            "enum": [1, 2, None],
            "description": "The half-year an annual indicator is measured in; null otherwise.",
        },
        "data_breaks": {
            "type": "string",
            "description": "One data break per line: '2008-H2: what changed'.",
        },
        "data_breaks_en": {
            **_NULLABLE_STRING,
            "description": "The data breaks in English, written the same way (periods that "
            "have a Danish break).",
        },
        "limitations": {"type": "string"},
        "limitations_en": {**_NULLABLE_STRING, "description": "The limitations in English."},
        "contact": {"type": "string"},
        "last_updated": {"type": ["string", "null"], "format": "date"},
        "success_criteria": {"type": "array", "items": _ref("SuccessCriterion")},
    },
)
_GOAL = _object(
    ["code", "text_da", "success_criteria", "indicators"],
    {
        "code": {"type": "string"},
        "text_da": {"type": "string"},
        "text_en": _NULLABLE_STRING,
        "illustrative": {"type": "boolean"},
        "success_criteria": {"type": "array", "items": _ref("SuccessCriterion")},
        "indicators": {"type": "array", "items": _ref("Indicator")},
    },
)
_FOCUS_AREA = _object(
    ["code", "number", "name_da", "goals"],
    {
        "code": {"type": "string"},
        "number": {"type": "integer"},
        "name_da": {"type": "string"},
        "name_en": _NULLABLE_STRING,
        "description": {"type": "string"},
        "description_en": {**_NULLABLE_STRING, "description": "The description in English."},
        "illustrative": {"type": "boolean"},
        "goals": {"type": "array", "items": _ref("Goal")},
    },
)
_LINKS = _object(
    ["overview_page", "overview_pdf", "overview_xlsx"],
    {
        name: {"type": "string", "format": "uri"}
        for name in ("overview_page", "overview_pdf", "overview_xlsx", "self")
    },
)
_SUMMARY = _object(
    ["number", "label", "status", "decision_text", "decision_date", "links"],
    {
        "number": {"type": "integer"},
        "label": {"type": "string"},
        "label_en": {**_NULLABLE_STRING, "description": "The label in English, if given."},
        "status": {"type": "string", "enum": ["approved", "superseded"]},
        "policy": {"type": "string"},
        "policy_en": {**_NULLABLE_STRING, "description": "The policy's name in English."},
        "decision_text": _DECISION,
        "decision_date": {"type": "string", "format": "date"},
        "approved_at": _APPROVED_AT,
        "links": _ref("Links"),
    },
)
_CHANGE = _object(
    ["kind", "target_code", "fields", "provenance"],
    {
        "kind": {"type": "string"},
        "target_code": {"type": "string"},
        "fields": {"type": "object"},
        "provenance": {"type": "object"},
        "created_at": {"type": "string", "format": "date-time"},
    },
)
_VERSION = _object(
    [
        "number",
        "label",
        "status",
        "policy",
        "decision_text",
        "decision_date",
        "focus_areas",
        "changes",
        "links",
    ],
    {
        "number": {"type": "integer"},
        "label": {"type": "string"},
        "label_en": {**_NULLABLE_STRING, "description": "The label in English, if given."},
        "status": {"type": "string", "enum": ["approved", "superseded"]},
        "policy": _object(
            ["name", "case_reference", "adopted_on", "period"],
            {
                "name": {"type": "string"},
                "name_en": {**_NULLABLE_STRING, "description": "The name in English."},
                "case_reference": {"type": "string"},
                "adopted_on": {"type": "string", "format": "date"},
                "period": {"type": "string"},
            },
        ),
        "based_on": {"type": ["integer", "null"]},
        "decision_text": _DECISION,
        "decision_date": {"type": "string", "format": "date"},
        "approved_at": _APPROVED_AT,
        "superseded_at": {"type": ["string", "null"], "format": "date-time"},
        "focus_areas": {"type": "array", "items": _ref("FocusArea")},
        "changes": {
            "type": "array",
            "items": _ref("CatalogueChange"),
            "description": "Changes applied from hearing decisions, with provenance.",
        },
        "links": _ref("Links"),
    },
)
_ROW = _object(
    ["code", "label"],
    {"code": {"type": "string"}, "label": {"type": "string"}, "fields": {"type": "object"}},
)
_LEVEL = _object(
    ["added", "removed", "changed"],
    {k: {"type": "array", "items": _ref("DiffRow")} for k in ("added", "removed", "changed")},
)
_DIFF = _object(
    ["from", "to", "empty", "focus_areas", "goals", "indicators", "success_criteria"],
    {
        "from": {"type": "integer"},
        "to": {"type": "integer"},
        "empty": {"type": "boolean"},
        **{
            k: _ref("DiffLevel") for k in ("focus_areas", "goals", "indicators", "success_criteria")
        },
        "breakdown_dimensions": _ref("DiffLevel"),
    },
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "SuccessCriterion": _CRITERION,
    "Indicator": _INDICATOR,
    "Goal": _GOAL,
    "FocusArea": _FOCUS_AREA,
    "Links": _LINKS,
    "VersionSummary": _SUMMARY,
    "CatalogueChange": _CHANGE,
    "Version": _VERSION,
    "DiffRow": _ROW,
    "DiffLevel": _LEVEL,
    "Diff": _DIFF,
}

_NUMBER = id_parameter("number")

PATHS: dict[str, dict[str, Any]] = {
    "/catalogue/versions": {
        "get": {
            "operationId": "listCatalogueVersions",
            "summary": "Approved and superseded catalogue versions",
            "responses": {
                "200": json_response(
                    "The versions, oldest first",
                    _object(
                        ["versions"],
                        {"versions": {"type": "array", "items": _ref("VersionSummary")}},
                    ),
                ),
            },
        }
    },
    "/catalogue/versions/{number}": {
        "get": {
            "operationId": "getCatalogueVersion",
            "summary": "A whole catalogue version (drafts are never exposed)",
            "parameters": [_NUMBER],
            "responses": {
                "200": json_response("The version", _ref("Version")),
                "404": error_response("No approved or superseded version with this number"),
            },
        }
    },
    "/catalogue/diff": {
        "get": {
            "operationId": "diffCatalogueVersions",
            "summary": "What changed between two versions, matched by code",
            "parameters": [
                id_parameter("from", "query"),
                id_parameter("to", "query"),
            ],
            "responses": {
                "200": json_response("The diff", _ref("Diff")),
                "400": error_response("A parameter is missing or not a number"),
                "404": error_response("A version does not exist or is a draft"),
            },
        }
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document",
            "responses": {"200": json_response("The OpenAPI document", {"type": "object"})},
        }
    },
}
