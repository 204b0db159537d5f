"""``GET /api/v1/hearings/{id}/responses``: public responses as open data.

Once a public hearing has closed: the current submitted version of each body that
answered, with its receipt number, its SHA-256 and ``canonical``, the exact text that was
hashed (so anyone can check the hash), and its public parts in structured form. Confidential
parts are left out of the structured fields; in the canonical text they are salted digests,
so the hash covers them without revealing them (``docs/responses.md``). Any other hearing
answers 404, the same as an unknown one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response as HTTPResponse

from core.api import (
    api_abort,
    bp,
    error_response,
    id_parameter,
    json_response,
    register_paths,
    register_schemas,
)
from core.clock import utcnow
from hearing import permissions as perms
from hearing.queries import hearings as queries
from hearing.queries import responses as rq


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_API_FIELDS = (
    "body_code",
    "number",
    "submitted_at",
    "late",
    "accepted_reason",
    "channel",
    "no_remarks",
    "receipt_number",
    "sha256",
    "canonical",
    "confidential",
    "withheld_parts",
    "general_remarks",
    "coverage",
    "proposals",
    "attachments",
)


def _api_version(data: dict[str, Any]) -> dict[str, Any]:
    item = {name: data[name] for name in _API_FIELDS}
    item["version_number"] = item.pop("number")
    for part in ("coverage", "proposals", "attachments"):
        item[part] = [
            {k: v for k, v in row.items() if k != "confidential_reason"} for row in item[part]
        ]
    item["attachments"] = [
        {k: v for k, v in a.items() if k not in ("id", "version_id")} for a in item["attachments"]
    ]
    return _plain(item)


@bp.get("/hearings/<id:hearing_id>/responses")
def hearing_responses(hearing_id: int) -> HTTPResponse:
    hearing = queries.get_hearing(hearing_id)
    if hearing is None or not perms.responses_are_public(hearing, utcnow()):
        api_abort(404, f"No closed public hearing with id {hearing_id}.")
    versions = [rq.version_dict(v, public=True) for v in rq.current_submitted_versions(hearing)]
    return jsonify(
        {
            "hearing": {"id": hearing.id, "reference": hearing.reference, "title": hearing.title},
            "canonical_format": "integrationsbarometer.response/1",
            "responses": [_api_version(v) for v in versions],
        }
    )


_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_PROPOSAL = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "description": "Stable id of the proposal."},
        "number": {"type": "integer"},
        "kind": {
            "type": "string",
            "enum": [
                "add_success_criterion",
                "add_indicator",
                "change_indicator",
                "remove_indicator",
                "other",
            ],
        },
        "goal": _NSTR,
        "indicator": _NSTR,
        "text": _STR,
        "target_value": {**_NSTR, "description": "A decimal number as text."},
        "target_period": _NSTR,
        "decision_reference": _NSTR,
        "decision_date": {"type": ["string", "null"], "format": "date"},
        "name": _NSTR,
        "definition": _NSTR,
        "unit": _NSTR,
        "direction": {"type": ["integer", "null"], "enum": [1, -1, None]},
        "source": _NSTR,
        "justification": _STR,
        "confidential": {"type": "boolean", "const": False},
    },
}
_RESPONSE = {
    "type": "object",
    "required": [
        "body_code",
        "version_number",
        "submitted_at",
        "late",
        "receipt_number",
        "sha256",
        "canonical",
    ],
    "properties": {
        "body_code": _STR,
        "version_number": {"type": "integer"},
        "submitted_at": {"type": "string", "format": "date-time"},
        "late": {"type": "boolean"},
        "accepted_reason": _NSTR,
        "channel": {"type": "string", "enum": ["system", "letter", "email"]},
        "no_remarks": {"type": "boolean"},
        "receipt_number": _STR,
        "sha256": {
            "type": "string",
            "description": "SHA-256 (hex) of the UTF-8 bytes of canonical.",
        },
        "canonical": {
            "type": "string",
            "description": "The exact canonical JSON that was hashed. Confidential parts appear "
            "in it only as salted digests, so the hash covers them without revealing them.",
        },
        "confidential": {"type": "boolean", "description": "The whole response is confidential."},
        "withheld_parts": {"type": "integer", "description": "Confidential parts left out."},
        "general_remarks": _STR,
        "coverage": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "goal": _STR,
                    "assessment": {
                        "type": ["string", "null"],
                        "enum": ["covers", "partly", "not_covered", "no_opinion", None],
                    },
                    "comment": _STR,
                },
            },
        },
        "proposals": {"type": "array", "items": {"$ref": "#/components/schemas/ResponseProposal"}},
        "attachments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": _STR, "size": {"type": "integer"}, "sha256": _STR},
            },
        },
    },
}

register_schemas({"HearingResponse": _RESPONSE, "ResponseProposal": _PROPOSAL})
register_paths(
    {
        "/hearings/{hearing_id}/responses": {
            "get": {
                "operationId": "listHearingResponses",
                "summary": "The public responses of a closed public hearing",
                "description": "The current submitted version of each body that answered, "
                "public parts only. 404 for a hearing that is not public or not yet closed.",
                "parameters": [id_parameter("hearing_id")],
                "responses": {
                    "200": json_response(
                        "The responses",
                        {
                            "type": "object",
                            "properties": {
                                "hearing": {"type": "object"},
                                "canonical_format": _STR,
                                "responses": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/HearingResponse"},
                                },
                            },
                        },
                    ),
                    "404": error_response("Unknown, not public or not yet closed"),
                },
            }
        }
    }
)
