"""The OpenAPI description of ``/indicators/{code}/data``: an indicator's tidy open data."""

from __future__ import annotations

from typing import Any

from barometer.editions.indicator_data import COLUMNS, NAMES
from barometer.views.api_editions_paths import _CODE, _NOT_MODIFIED, _ok
from barometer.views.api_editions_schema import PERIOD, object_schema, ref
from core.api import error_response

_STR = {"type": "string"}
_INT = {"type": "integer"}
_TEXT = ref("Text")
_DESCRIPTIONS = {name: description for name, _, description in COLUMNS}


def _column(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "description": _DESCRIPTIONS[name]}


_ROW = object_schema(
    list(NAMES),
    {
        "indicator": _column("indicator", _STR),
        "period": _column("period", PERIOD),
        "dimension": _column("dimension", _STR),
        "category": _column("category", _STR),
        "value": _column("value", {"type": ["string", "null"]}),
        "unit": _column("unit", _STR),
        "status": _column("status", _STR),
        "note": _column("note", _STR),
        "edition": _column("edition", _INT),
    },
)
_URL = {"type": "string", "format": "uri"}
_DATA = object_schema(
    ["indicator", "edition", "columns", "rows", "links"],
    {
        "indicator": object_schema(
            ["code", "name", "kind", "unit", "decimals", "direction", "frequency"],
            {
                "code": _STR,
                "name": _TEXT,
                "kind": _STR,
                "unit": _STR,
                "decimals": _INT,
                "direction": {"type": "integer", "enum": [1, -1]},
                "frequency": {"type": "string", "enum": ["half_yearly", "annual", "irregular"]},
                "measured_half": {
                    "type": ["integer", "null"],
                    "enum": [1, 2, None],
                    "description": "The half-year an annual indicator is measured in",
                },
                "illustrative": {"type": "boolean"},
                "focus_area": object_schema(["code", "name"], {"code": _STR, "name": _TEXT}),
                "goal": object_schema(["code", "text"], {"code": _STR, "text": _TEXT}),
            },
        ),
        "edition": {
            **object_schema(["id", "period"], {"id": _INT, "period": PERIOD}),
            "description": "The newest published edition that has the indicator",
        },
        "columns": {"type": "array", "items": {"type": "string", "enum": list(NAMES)}},
        "rows": {
            "type": "array",
            "items": ref("IndicatorDataRow"),
            "description": "Every published period, each from the newest edition that has it; "
            "the total has an empty dimension and category",
        },
        "links": object_schema(
            ["page", "csv", "json", "xlsx", "dcat", "api"],
            dict.fromkeys(("page", "csv", "json", "xlsx", "dcat", "api"), _URL),
        ),
    },
)

SCHEMAS: dict[str, dict[str, Any]] = {"IndicatorDataRow": _ROW, "IndicatorData": _DATA}

PATHS: dict[str, dict[str, Any]] = {
    "/indicators/{code}/data": {
        "get": {
            "operationId": "getIndicatorData",
            "summary": (
                "An indicator's published data in tidy rows (indicator, period, dimension, "
                "category, value, unit, status, note, edition): every published period, from "
                "published editions only; the same as /barometer/indicators/{code}/data.json"
            ),
            "parameters": [_CODE],
            "responses": {
                "200": _ok("The indicator's data", ref("IndicatorData")),
                "304": _NOT_MODIFIED,
                "400": error_response("The code is not valid"),
                "404": error_response("No published edition has the indicator"),
            },
        }
    },
}
