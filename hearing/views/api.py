"""The hearings' public API (read-only): public, issued hearings only.

A draft or a non-public hearing answers 404, exactly like one that does not exist.
Deadlines are ISO 8601 with the Copenhagen offset (``2007-02-01T23:59:59+01:00``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify
from flask_babel import force_locale
from werkzeug.wrappers import Response

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
from core.routing import external_url
from hearing import permissions, workflow
from hearing.models import Hearing
from hearing.queries import hearings as queries
from hearing.views.api_outcome import SCHEMA as OUTCOME_SCHEMA
from hearing.views.api_outcome import outcome_of


def _instant(value: datetime) -> str:
    """Local time with its offset, to the second (a date-only deadline ends at 23:59:59)."""
    return workflow.to_local(value).replace(microsecond=0).isoformat()


def _links(hearing: Hearing) -> dict[str, str]:
    return {
        "page": external_url("hearing.public_show", hearing_id=hearing.id),
        "letter_pdf": external_url("hearing.public_letter_pdf", hearing_id=hearing.id),
        "letter_docx": external_url("hearing.public_letter_docx", hearing_id=hearing.id),
        "self": external_url("api.hearing", hearing_id=hearing.id),
    }


def _summary(hearing: Hearing) -> dict[str, Any]:
    return {
        "id": hearing.id,
        "reference": hearing.reference,
        "title": hearing.title,
        "state": str(hearing.current_state),
        "deadline": _instant(hearing.deadline),
        "links": _links(hearing),
    }


@bp.get("/hearings")
def hearings() -> Response:
    return jsonify({"hearings": [_summary(h) for h in queries.public_hearings()]})


@bp.get("/hearings/<id:hearing_id>")
def hearing(hearing_id: int) -> Response:
    found = queries.get_hearing(hearing_id)
    if found is None or not permissions.is_public_hearing(found):
        api_abort(404, f"No public hearing with id {hearing_id}.")
    return jsonify(_summary(found) | _details(found))


def _details(found: Hearing) -> dict[str, Any]:
    """Letter, questions, hearing list, outcome and annexes of a public hearing."""
    with force_locale("da"):  # the letter is the Danish document; annex titles follow it
        letter = queries.letter_of(found, "da", utcnow())
    rows = queries.consultee_rows(found, utcnow())
    return {
        "issued_at": _instant(found.issued_at) if found.issued_at else None,
        "issuing_body": found.issuing_body.code,
        "reply_body": letter.reply_body,
        "letter_text": found.letter_text,
        "questions": [
            {"position": q.position, "kind": q.kind, "text": q.text} for q in letter.questions
        ],
        "catalogue_version": letter.version_number,
        "hearing_list": [
            {
                "code": r.consultee.body.code,
                "name": r.consultee.body.name("da"),
                "effective_deadline": _instant(r.effective_deadline),
                "extended": r.extended,
            }
            for r in rows
        ],
        "outcome": outcome_of(found),
        "annexes": [
            {
                "number": a.number,
                "title": a.title,
                "kind": a.kind,
                "file_name": a.original_name,
                "url": external_url("hearing.public_annex", hearing_id=found.id, annex_id=a.id),
            }
            for a in letter.annexes
        ],
    }


# -- the OpenAPI description ------------------------------------------------------------


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_STATE = {
    "type": "string",
    "enum": ["open", "closed", "consolidation", "decided", "archived", "cancelled"],
}
_INSTANT = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with the Europe/Copenhagen offset, e.g. 2007-02-01T23:59:59+01:00.",
}
_URL = {"type": "string", "format": "uri"}

SCHEMAS: dict[str, dict[str, Any]] = {
    "HearingSummary": _object(
        ["id", "reference", "title", "state", "deadline", "links"],
        {
            "id": {"type": "integer"},
            "reference": {"type": "string", "description": "Case reference, e.g. BIU 227/2006."},
            "title": {"type": "string"},
            "state": _STATE,
            "deadline": _INSTANT,
            "links": _object(
                ["page", "letter_pdf", "letter_docx", "self"],
                {"page": _URL, "letter_pdf": _URL, "letter_docx": _URL, "self": _URL},
            ),
        },
    ),
    "Hearing": {
        "allOf": [
            _ref("HearingSummary"),
            _object(
                ["letter_text", "questions", "catalogue_version", "hearing_list", "annexes"],
                {
                    "issued_at": {**_INSTANT, "type": ["string", "null"]},
                    "issuing_body": {"type": "string"},
                    "reply_body": {"type": "string"},
                    "letter_text": {"type": "string", "description": "Markdown."},
                    "questions": {
                        "type": "array",
                        "items": _object(
                            ["position", "kind", "text"],
                            {
                                "position": {"type": "integer", "minimum": 1},
                                "kind": {
                                    "type": "string",
                                    "enum": ["coverage", "proposals", "free_text"],
                                },
                                "text": {"type": "string"},
                            },
                        ),
                    },
                    "catalogue_version": {
                        "type": "integer",
                        "description": "Number of the catalogue version consulted.",
                    },
                    "hearing_list": {
                        "type": "array",
                        "items": _object(
                            ["code", "name", "effective_deadline", "extended"],
                            {
                                "code": {"type": "string"},
                                "name": {"type": "string"},
                                "effective_deadline": _INSTANT,
                                "extended": {"type": "boolean"},
                            },
                        ),
                    },
                    "outcome": OUTCOME_SCHEMA,
                    "annexes": {
                        "type": "array",
                        "items": _object(
                            ["number", "title", "kind", "file_name", "url"],
                            {
                                "number": {"type": "integer", "minimum": 1},
                                "title": {"type": "string"},
                                "kind": {"type": "string", "enum": ["overview_table", "upload"]},
                                "file_name": {"type": "string"},
                                "url": _URL,
                            },
                        ),
                    },
                },
            ),
        ]
    },
}

PATHS: dict[str, dict[str, Any]] = {
    "/hearings": {
        "get": {
            "operationId": "listHearings",
            "summary": "Public hearings (issued; drafts and non-public hearings are not listed)",
            "responses": {
                "200": json_response(
                    "The public hearings, newest first",
                    _object(
                        ["hearings"],
                        {"hearings": {"type": "array", "items": _ref("HearingSummary")}},
                    ),
                )
            },
        }
    },
    "/hearings/{hearing_id}": {
        "get": {
            "operationId": "getHearing",
            "summary": "A public hearing: letter, questions, hearing list and annexes",
            "parameters": [id_parameter("hearing_id")],
            "responses": {
                "200": json_response("The hearing", _ref("Hearing")),
                "404": error_response("No public hearing with this id"),
            },
        }
    },
}

register_paths(PATHS)
register_schemas(SCHEMAS)
