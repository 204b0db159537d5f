"""The hearing note (høringsnotat) as plain values, for its page and its PDF.

Following Danish practice: the hearing's facts and questions, the hearing list with who
answered, per focus area the summary and the administration's comments, the table of
proposals with recommendation and reasoning, the bodies with no remarks, and as annex the
public responses in full. ``public=True`` leaves out every confidential part.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from barometer import labels, units
from hearing.confidentiality import is_confidential_source
from hearing.labels import proposal_summary
from hearing.models import Hearing
from hearing.models.consolidation import FocusAreaSummary, HearingNote, ProposalGroup
from hearing.queries import consolidation as cq
from hearing.queries import responses as rq

NOTE_TEMPLATE = "hearing/pdf/note.html"
# The values that name the version rather than say what the note says.
VERSION_KEYS = ("note_number", "note_generated_at", "note_finalised")


def pdf_context(hearing: Hearing, *, public: bool, locale: str) -> dict[str, Any]:
    """The note's values plus the label tables its template uses."""
    return with_labels(note_context(hearing, public=public, locale=locale))


def with_labels(values: dict[str, Any]) -> dict[str, Any]:
    """The note's values plus the label tables its template uses."""
    from hearing.forms.consolidation import RECOMMENDATION_LABELS, body_outcome_label

    return {
        **values,
        "recommendation_labels": RECOMMENDATION_LABELS,
        "body_outcome_label": body_outcome_label,
    }


def with_version(values: dict[str, Any], note: HearingNote | None) -> dict[str, Any]:
    """The values, labelled as the given stored version (or as a draft without one)."""
    return {
        **values,
        "note_number": note.number if note else None,
        "note_generated_at": note.generated_at if note else None,
        "note_finalised": bool(note and note.finalised),
    }


def content_digest(values: dict[str, Any]) -> str:
    """SHA-256 of what the note says (its values without the version's number and time):
    equal digests, equal notes."""
    content = {k: v for k, v in values.items() if k not in VERSION_KEYS}
    canonical = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _area_of_targets(catalogue: dict[str, Any]) -> dict[str, str]:
    """Goal and indicator codes -> the code of their focus area."""
    areas: dict[str, str] = {}
    for area in catalogue["focus_areas"]:
        for goal in area["goals"]:
            areas[goal["code"]] = area["code"]
            for indicator in goal["indicators"]:
                areas[indicator["code"]] = area["code"]
    return areas


def changed_content_lines(content: dict[str, Any]) -> list[tuple[str, str]]:
    """The recommendation's changed content as (label, value) lines in the reader's language:
    the catalogue's own field names, and its words for a kind, a unit and a direction."""
    shown = {
        "kind": labels.kind_label,
        "unit": units.label,
        "direction": lambda value: labels.direction_label(int(value)),
    }
    lines = []
    for name, value in content.items():
        field = "owner" if name == "owner_code" else name
        text = shown[name](value) if name in shown else str(value)
        lines.append((labels.field_label(field), text))
    return lines


def _proposal_row(group: ProposalGroup, *, public: bool) -> dict[str, Any]:
    rec = group.recommendation
    sources = []
    for p in group.proposals:
        withheld = public and is_confidential_source(p)
        sources.append(
            {
                "body_code": p.version.response.consultee.body.code if p.version else "",
                "receipt_number": p.version.receipt_number if p.version else "",
                "text": None if withheld else proposal_summary(p),
                "target_value": None if withheld or p.target_value is None else p.target_value,
                "target_period": None if withheld else p.target_period,
                "justification": None if withheld else p.justification,
            }
        )
    hidden = public and rec is not None and rec.withheld
    return {
        "group_id": group.id,
        "target_kind": str(group.target_kind),
        "target_code": group.target_code,
        "kind": group.proposal_kind,
        "sources": sources,
        "outcome": str(rec.outcome) if rec else None,
        # Derived from a confidential part and not confirmed as rewritten: left out.
        "withheld": hidden,
        "administration_comment": rec.administration_comment if rec and not hidden else "",
        "reasoning": rec.reasoning if rec and not hidden else "",
        "changed_content": (
            changed_content_lines(dict(rec.changed_content or {})) if rec and not hidden else []
        ),
    }


def _summary(summary: FocusAreaSummary | None, *, public: bool) -> dict[str, Any]:
    """The area's summary; in public, none that is derived from confidential input and not
    confirmed as rewritten."""
    withheld = bool(public and summary is not None and summary.withheld)
    text = summary.text if summary is not None and not withheld else ""
    return {"summary": text, "summary_withheld": withheld}


_ASSESSMENTS = ("covers", "partly", "not_covered", "no_opinion")


def _coverage(workspace: cq.Workspace, *, public: bool, locale: str) -> list[dict[str, Any]]:
    """Question 1 summed up: per goal how many bodies said each assessment, and what they
    wrote (in public without the comments a body marked as confidential)."""
    codes = [c.body.code for c in workspace.columns]
    areas = []
    for area in workspace.matrix:
        goals = []
        for row in area.rows:
            given = [(code, cell) for code, cell in zip(codes, row.cells, strict=False) if cell]
            counts = {a: sum(1 for _, c in given if str(c.assessment) == a) for a in _ASSESSMENTS}
            comments = [
                (code, cell.comment)
                for code, cell in given
                if cell.comment and not (public and cell.confidential)
            ]
            text = row.goal.get("text_en") if locale == "en" else None
            goals.append(
                {
                    "code": row.goal["code"],
                    "text": text or row.goal.get("text_da", ""),
                    "counts": counts,
                    "assessed": row.assessed,
                    "comments": comments,
                }
            )
        name = area.area.get("name_en") if locale == "en" else None
        areas.append(
            {"code": area.area["code"], "name": name or area.area["name_da"], "goals": goals}
        )
    return areas


def note_context(hearing: Hearing, *, public: bool, locale: str) -> dict[str, Any]:
    workspace = cq.workspace(hearing)
    catalogue = workspace.catalogue
    area_of = _area_of_targets(catalogue)
    rows = [_proposal_row(g, public=public) for target in workspace.targets for g in target.groups]
    areas = [
        {
            "code": area["code"],
            "name": area["name_en"] if locale == "en" and area["name_en"] else area["name_da"],
            **_summary(workspace.summaries.get(area["code"]), public=public),
            "proposals": [r for r in rows if area_of.get(r["target_code"]) == area["code"]],
        }
        for area in catalogue["focus_areas"]
    ]
    note = workspace.note
    # The bodies' current versions, as the workspace loaded them (ordered by body code).
    public_versions = [
        rq.version_dict(row.version, public=True)
        for row in workspace.outcomes
        if row.version is not None
    ]
    return {
        "hearing_id": hearing.id,
        "reference": hearing.reference,
        "title": hearing.title,
        "issued_at": hearing.issued_at,
        "deadline": hearing.deadline,
        "questions": [q.text for q in hearing.questions],
        # Signed as the letter was: by the hearing's signatory, set on the hearing's form.
        "signatory": hearing.signatory.name if hearing.signatory else "",
        "signatory_title": hearing.signatory_title or "",
        "issuing_body": hearing.issuing_body.name(locale) if hearing.issuing_body else "",
        "note_number": note.number if note else None,
        "note_generated_at": note.generated_at if note else None,
        "note_finalised": bool(note and note.finalised),
        "public": public,
        "hearing_list": [
            {
                "code": row.consultee.body.code,
                "name": row.consultee.body.name(locale),
                "outcome": str(row.outcome),
                "answered": row.version is not None,
            }
            for row in workspace.outcomes
        ],
        "areas": areas,
        "coverage": _coverage(workspace, public=public, locale=locale),
        "proposals": rows,
        "no_remarks": [
            (row.consultee.body.code, row.consultee.body.name(locale))
            for row in workspace.outcomes
            if str(row.outcome) == cq.BodyOutcome.NO_REMARKS
        ],
        "progress": (workspace.progress.handled, workspace.progress.total),
        "versions": [v for v in public_versions if not v.get("withheld")],
        "goals": rq.goal_index(catalogue),
        "indicators": rq.indicator_index(catalogue),
    }


CLOSED_ANNEX_TEMPLATE = "hearing/pdf/closed_annex.html"


def closed_annex_context(hearing: Hearing, *, locale: str) -> dict[str, Any]:
    """The closed annex for the committee: in full, every response that has a part left
    out of the public note (never published; the secretariat downloads it)."""
    workspace = cq.workspace(hearing)
    versions = []
    for row in workspace.outcomes:
        if row.version is None:
            continue
        shown = rq.version_dict(row.version, public=True)
        if shown["confidential"] or shown["withheld_parts"]:
            versions.append(rq.version_dict(row.version, public=False))
    return {
        "hearing_id": hearing.id,
        "reference": hearing.reference,
        "title": hearing.title,
        "versions": versions,
        "goals": rq.goal_index(workspace.catalogue),
        "indicators": rq.indicator_index(workspace.catalogue),
    }
