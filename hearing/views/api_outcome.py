"""The outcome of a decided public hearing in the API: the hearing note's PDF and Word
document, the decision and, for every public proposal, its group, recommendation, decision
outcome and change."""

from __future__ import annotations

from typing import Any

from core.routing import external_url
from hearing.models import Hearing
from hearing.queries import consolidation as cq
from hearing.workflow import HearingState


def outcome_of(hearing: Hearing) -> dict[str, Any] | None:
    """None until the hearing is decided (or for a hearing without a recorded decision)."""
    if hearing.state not in (HearingState.DECIDED, HearingState.ARCHIVED):
        return None
    decision = cq.decision_of(hearing)
    if decision is None:
        return None
    by_rec = {o.recommendation_id: o for o in decision.outcomes}
    proposals = []
    for group in cq.groups_of(hearing):
        rec = group.recommendation
        outcome = by_rec.get(rec.id) if rec else None
        change = outcome.change_record if outcome else None
        for p in group.proposals:
            if p.confidential or (p.version is not None and p.version.confidential):
                continue
            proposals.append(
                {
                    "id": p.id,
                    "receipt_number": p.version.receipt_number if p.version else None,
                    "body": p.version.response.consultee.body.code if p.version else None,
                    "group": group.id,
                    "recommendation": str(rec.outcome) if rec else None,
                    "decision_outcome": str(outcome.result) if outcome else None,
                    "change": (
                        {"id": change.id, "kind": change.kind, "target_code": change.target_code}
                        if change
                        else None
                    ),
                }
            )
    version = decision.draft_version
    return {
        "hearing_note_pdf": external_url("hearing.public_note_pdf", hearing_id=hearing.id),
        "hearing_note_docx": external_url("hearing.public_note_docx", hearing_id=hearing.id),
        "decision": {
            "body": decision.deciding_body.code,
            "meeting_date": decision.meeting_date.isoformat(),
            "case_reference": decision.case_reference,
            "catalogue_version": version.number if version else None,
        },
        "proposals": proposals,
    }


SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    "description": "Only for a decided hearing: the note, the decision and each proposal's fate.",
    "required": ["hearing_note_pdf", "hearing_note_docx", "decision", "proposals"],
    "properties": {
        "hearing_note_pdf": {"type": "string", "format": "uri"},
        "hearing_note_docx": {
            "type": "string",
            "format": "uri",
            "description": "The public hearing note as a Word document (.docx).",
        },
        "decision": {
            "type": "object",
            "required": ["body", "meeting_date", "case_reference", "catalogue_version"],
            "properties": {
                "body": {"type": "string"},
                "meeting_date": {"type": "string", "format": "date"},
                "case_reference": {"type": "string"},
                "catalogue_version": {"type": ["integer", "null"]},
            },
        },
        "proposals": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "group", "recommendation", "decision_outcome", "change"],
                "properties": {
                    "id": {"type": "integer"},
                    "receipt_number": {"type": ["string", "null"]},
                    "body": {"type": ["string", "null"]},
                    "group": {"type": "integer"},
                    "recommendation": {
                        "type": ["string", "null"],
                        "enum": ["accept", "accept_with_changes", "reject", "out_of_scope", None],
                    },
                    "decision_outcome": {
                        "type": ["string", "null"],
                        "enum": ["approved", "approved_with_change", "rejected", None],
                    },
                    "change": {
                        "type": ["object", "null"],
                        "properties": {
                            "id": {"type": "integer"},
                            "kind": {"type": "string"},
                            "target_code": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}
