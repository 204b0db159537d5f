"""The OpenAPI description of the editions and indicators API (added to core.api's document)."""

from __future__ import annotations

from typing import Any

_STR = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_DECIMAL = {"type": ["string", "null"], "description": "A decimal number as text, e.g. '46.4'."}
PERIOD = {"type": "string", "pattern": "^[1-9][0-9]{3}-H[12]$", "description": "e.g. 2009-H2"}
# "benchmark": a benchmark's movement, never a colour (context beside the goal, never counted)
_COLOURS = ["green", "yellow", "red", "grey", "first", "off_cycle", "not_comparable", "benchmark"]
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


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def object_schema(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _map_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": schema}


_TEXT = object_schema(["da", "en"], {"da": _STR, "en": _STR})
_ROLLUP = object_schema(
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
        "coverage_text": ref("Text"),
        "score_text": ref("Text"),
    },
)
_GROUP = object_schema(
    ["all", "effect", "activity"], {k: ref("RollUp") for k in ("all", "effect", "activity")}
)
_STATUS = object_schema(
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
        "period": PERIOD,
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
        "movement_text": ref("Text"),
        "since_baseline_text": ref("Text"),
        "progress_text": ref("Text"),
        "due": {**_BOOL, "description": "False: off-cycle, no value expected, counted nowhere"},
        "target_outcome": {
            "type": ["string", "null"],
            "enum": ["met", "missed", None],
            "description": "At or after the target period: whether the target was met.",
        },
        "target_text": {"oneOf": [ref("Text"), {"type": "null"}]},
    },
)
_VALUE = object_schema(
    ["period", "value", "note", "provisional", "movement"],
    {
        "period": PERIOD,
        "value": _DECIMAL,
        "note": _STR,
        "note_en": {**_STR, "description": "The note in English, if written"},
        "provisional": _BOOL,
        "source": _STR,
        "source_en": {**_STR, "description": "The source in English, if written"},
        "movement": {"type": "string", "enum": _COLOURS},
        "change": _DECIMAL,
    },
)
_ASSESSMENT = object_schema(
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
        "title": ref("Text"),
        "sha256": _NULLABLE_STRING,
        "reason": _STR,
        "reason_en": {**_STR, "description": "The reason in English, if given"},
    },
}
_CONTENT = object_schema(
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
        "edition": object_schema(
            ["id", "title", "published", "corrects"],
            {
                "id": _INT,
                "title": ref("Text"),
                "published": {
                    "type": ["object", "null"],
                    "required": ["at", "by"],
                    "properties": {"at": {"type": "string", "format": "date-time"}, "by": _STR},
                },
                "corrects": _CORRECTS,
            },
        ),
        "municipality": _STR,
        "period": PERIOD,
        "period_label": ref("Text"),
        "periods": {
            "type": "array",
            "items": object_schema(["code", "label"], {"code": PERIOD, "label": ref("Text")}),
        },
        "catalogue": object_schema(
            ["number", "label", "status", "policy", "focus_areas"],
            {
                "number": _INT,
                "label": _STR,
                "label_en": {**_NULLABLE_STRING, "description": "The label in English"},
                "status": {"type": "string", "enum": ["approved", "superseded"]},
                "policy": {"type": "object", "description": "name, name_en, case_reference"},
                "focus_areas": {"type": "array", "items": ref("FocusArea")},
            },
        ),
        "values": {
            **_map_of({"type": "array", "items": ref("EditionValue")}),
            "description": "Per indicator code: every period up to the edition's.",
        },
        "reading": object_schema(
            ["period", "params", "caveat", "indicators", "goals", "focus_areas", "overall"],
            {
                "period": PERIOD,
                "params": _map_of(_STR),
                "caveat": ref("Text"),
                "indicators": _map_of(ref("IndicatorStatus")),
                "goals": _map_of(ref("GroupReading")),
                "focus_areas": _map_of(ref("GroupReading")),
                "overall": ref("GroupReading"),
            },
        ),
        "assessments": _map_of(ref("Assessment")),
        "method": object_schema(
            ["name", "parameters", "caveat"],
            {"name": _STR, "parameters": _map_of(_STR), "caveat": ref("Text")},
        ),
    },
)
_LINKS = object_schema(
    ["page", "pdf", "csv", "json", "datapackage", "self"],
    {
        k: {"type": "string", "format": "uri"}
        for k in ("page", "pdf", "pdf_en", "csv", "json", "datapackage", "self")
    },
)
_SUMMARY = object_schema(
    ["id", "period", "title", "published_at", "sha256", "corrects_edition_id", "links"],
    {
        "id": _INT,
        "period": PERIOD,
        "title": ref("Text"),
        "published_at": {"type": "string", "format": "date-time"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "corrects_edition_id": {"type": ["integer", "null"]},
        "links": ref("EditionLinks"),
    },
)
_EDITION = object_schema(
    ["id", "period", "title", "published_at", "sha256", "corrected_by", "links", "edition"],
    {
        **_SUMMARY["properties"],
        "corrected_by": {
            "type": "array",
            "items": object_schema(["id", "reason"], {"id": _INT, "reason": _STR}),
        },
        "edition": {
            **ref("EditionContent"),
            "description": "The frozen content: its canonical JSON hashes to sha256.",
        },
    },
)
_PUBLISHED_INDICATOR = {
    "allOf": [
        ref("Indicator"),
        object_schema(
            ["focus_area", "goal", "values", "status"],
            {
                "focus_area": _STR,
                "goal": _STR,
                "values": {"type": "array", "items": ref("EditionValue")},
                "status": {"oneOf": [ref("IndicatorStatus"), {"type": "null"}]},
                "next_expected_period": {
                    "type": ["string", "null"],
                    "description": "The first half-year after the edition's in which a value "
                    "is due (by the frequency); null when irregular or before the first edition.",
                },
            },
        ),
    ]
}
_INDICATORS = object_schema(
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
            "properties": {"id": _INT, "period": PERIOD},
        },
        "indicators": {"type": "array", "items": ref("PublishedIndicator")},
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
