"""The read side of responses: "my hearings", the dashboard states, versions, the catalogue tree.

The next module (consolidation) reads :func:`current_submitted_versions`: the version of
each body that counts, with its assessments and proposals (their ids never change).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from barometer.frozen_versions import snapshot_of
from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.models import Consultee, Hearing
from hearing.models.responses import Response, ResponseVersion
from hearing.proposals import proposal_values
from hearing.queries.hearings import responses_of
from hearing.workflow import HearingState, ResponseState


def current_submitted_versions(hearing: Hearing) -> list[ResponseVersion]:
    """The version that counts for each body that answered (submitted or registered).

    Superseded and withdrawn versions are left out; rows (assessments, proposals,
    attachments) are loaded. Ordered by body code.
    """
    versions = current_versions_with_rows(hearing)
    return sorted(versions, key=lambda v: v.response.consultee.body.code)


def current_submitted_version_of(hearing: Hearing, body_id: int) -> ResponseVersion | None:
    """The body's current submitted version, or None."""
    return next(
        (v for v in current_submitted_versions(hearing) if v.response.consultee.body_id == body_id),
        None,
    )


def current_versions_with_rows(hearing: Hearing) -> list[ResponseVersion]:
    """The current submitted version of each body, rows loaded (for pages and the API)."""
    return list(
        db.session.scalars(
            select(ResponseVersion)
            .join(Response, ResponseVersion.response_id == Response.id)
            .where(
                Response.hearing_id == hearing.id,
                ResponseVersion.superseded_at.is_(None),
                ResponseVersion.withdrawn_at.is_(None),
            )
            .options(
                selectinload(ResponseVersion.assessments),
                selectinload(ResponseVersion.proposals),
                selectinload(ResponseVersion.attachments),
                selectinload(ResponseVersion.response).selectinload(Response.consultee),
            )
            .order_by(ResponseVersion.id)
        )
    )


@dataclass(frozen=True)
class MyHearing:
    hearing: Hearing
    consultee: Consultee
    response: Response | None
    effective_deadline: datetime
    time_left: timedelta
    open: bool

    @property
    def state(self) -> str:
        """The response's state; "not answered" once the body can no longer answer and has
        nothing submitted (a withdrawn answer stays "withdrawn")."""
        state = "not_started" if self.response is None else str(self.response.state)
        if not self.open and state in ("not_started", "draft"):
            return "not_answered"
        return state

    @property
    def current_version(self) -> ResponseVersion | None:
        return self.response.current_version if self.response is not None else None

    @property
    def shows_fate(self) -> bool:
        return shows_fate(self.hearing, self.current_version)


def shows_fate(hearing: Hearing, version: ResponseVersion | None) -> bool:
    """Whether a body's response leads to "what became of our proposals": the hearing is
    decided and the body's current submitted version has something to follow."""
    return (
        hearing.state in (HearingState.DECIDED, HearingState.ARCHIVED)
        and version is not None
        and not version.no_remarks
    )


def my_hearings(user: User, now: datetime) -> list[MyHearing]:
    """Issued hearings the user's bodies are on, the open ones first, by deadline."""
    body_ids = [b.id for b in user.member_bodies]
    if not body_ids:
        return []
    consultees = list(
        db.session.scalars(
            select(Consultee)
            .join(Hearing, Consultee.hearing_id == Hearing.id)
            .where(Consultee.body_id.in_(body_ids), Hearing.state != HearingState.DRAFT)
            .options(selectinload(Consultee.hearing))
        )
    )
    responses = {
        r.consultee_id: r
        for r in db.session.scalars(
            select(Response)
            .where(Response.consultee_id.in_([c.id for c in consultees]))
            .options(selectinload(Response.versions), selectinload(Response.last_edited_by))
        )
    }
    rows = []
    for c in consultees:
        deadline = workflow.effective_deadline(c.hearing.deadline, c.extension_until)
        is_open = c.accepts_answers(now)
        rows.append(
            MyHearing(
                c.hearing,
                c,
                responses.get(c.id),
                deadline,
                workflow.time_left(now, deadline),
                is_open,
            )
        )
    return sorted(rows, key=lambda r: (not r.open, r.effective_deadline, r.consultee.body.code))


def consultee_of(hearing: Hearing, body_id: int) -> Consultee | None:
    return next((c for c in hearing.consultees if c.body_id == body_id), None)


def response_of(consultee: Consultee) -> Response | None:
    """The body's response to the hearing, or None before its first save."""
    return db.session.scalar(select(Response).where(Response.consultee_id == consultee.id))


def unsaved_response(consultee: Consultee, now: datetime) -> Response:
    """The empty draft a body sees before its first save. It is never added to the session,
    so showing it writes nothing; the first change creates the row."""
    return Response(
        hearing=consultee.hearing,
        consultee=consultee,
        state=ResponseState.DRAFT,
        general_remarks="",
        confidential=False,
        receipt_sequence=0,
        created_at=now,
        edit_version=1,
    )


def catalogue_of(hearing: Hearing) -> dict[str, Any]:
    """The consulted version as plain values: focus areas, goals, indicators, criteria
    (kept in memory while the version is locked or approved: :mod:`barometer.frozen_versions`)."""
    snapshot = snapshot_of(hearing.version_id)
    if snapshot is None:  # pragma: no cover - a hearing always has its version
        return {"focus_areas": []}
    return snapshot


def goal_index(catalogue: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["code"]: g for area in catalogue["focus_areas"] for g in area["goals"]}


def indicator_index(catalogue: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        i["code"]: i
        for area in catalogue["focus_areas"]
        for g in area["goals"]
        for i in g["indicators"]
    }


def load_response(response_id: int) -> Response | None:
    return db.session.scalar(
        select(Response)
        .where(Response.id == response_id)
        .options(
            selectinload(Response.assessments),
            selectinload(Response.proposals),
            selectinload(Response.attachments),
            selectinload(Response.versions),
        )
    )


def versions_of(hearing: Hearing) -> list[tuple[Consultee, list[ResponseVersion]]]:
    """Every version of every body (for the secretariat), bodies by code."""
    responses = responses_of(hearing)
    return [
        (c, list(responses[c.id].versions) if c.id in responses else [])
        for c in sorted(hearing.consultees, key=lambda c: c.body.code)
    ]


VERSION_BATCH = 50  # bodies whose versions iter_versions holds at a time


def iter_versions(hearing: Hearing, batch: int = VERSION_BATCH) -> Iterator[ResponseVersion]:
    """The versions of :func:`versions_of` in the same order, one at a time, read for
    ``batch`` bodies at a time and let go of before the next bodies (the archive package):
    what a version loads for its receipt (its assessments, proposals, attachments) is held
    for one batch of bodies, not for the whole hearing."""
    consultees = sorted(hearing.consultees, key=lambda c: c.body.code)
    for start in range(0, len(consultees), batch):
        part = consultees[start : start + batch]
        responses = responses_of(hearing, [c.id for c in part])
        versions = [v for c in part if c.id in responses for v in responses[c.id].versions]
        del responses
        while versions:
            yield versions.pop(0)
        gc.collect()  # the batch's objects refer to each other (version <-> response)


def public_response_states() -> tuple[str, ...]:
    """Hearing states in which public submitted responses are shown to everyone (never
    those of a cancelled hearing: it did not conclude)."""
    hidden = (HearingState.DRAFT, HearingState.OPEN, HearingState.CANCELLED)
    return tuple(s.value for s in HearingState if s not in hidden)


def submitted_state(response: Response | None) -> bool:
    return response is not None and response.state == ResponseState.SUBMITTED


# -- versions as plain values (pages, PDFs, the API) ---------------------------------------------


def version_dict(version: ResponseVersion, *, public: bool) -> dict[str, Any]:
    """A version as plain values. ``public`` leaves out every confidential part (and names).

    This is the one place public outputs (page, PDF, API) take a version's content from.
    """
    body = version.response.consultee.body
    withheld_whole = public and version.confidential
    coverage = [
        {
            "goal": a.goal_code,
            "assessment": str(a.assessment) if a.assessment else None,
            "comment": a.comment,
            "confidential": a.confidential,
            "confidential_reason": None if public else a.confidential_reason,
        }
        for a in version.assessments
        if not (public and a.confidential)
    ]
    proposals = [
        {
            "id": p.id,
            "number": n,
            **proposal_values(p),
            "confidential_reason": None if public else p.confidential_reason,
        }
        for n, p in enumerate(version.proposals, start=1)
        if not (public and p.confidential)
    ]
    attachments = [
        {
            "id": a.id,
            "version_id": version.id,
            "name": a.original_name,
            "size": a.size,
            "sha256": a.sha256,
            "confidential": a.confidential,
            "confidential_reason": None if public else a.confidential_reason,
        }
        for a in version.attachments
        if not (public and a.confidential)
    ]
    parts = len(version.assessments) + len(version.proposals) + len(version.attachments)
    shown = len(coverage) + len(proposals) + len(attachments)
    data: dict[str, Any] = {
        "id": version.id,
        "body_id": body.id,
        "body_code": body.code,
        "body_name_da": body.name_da,
        "body_name_en": body.name_en,
        "number": version.number,
        "receipt_number": version.receipt_number,
        "submitted_at": version.submitted_at,
        "channel": str(version.channel),
        "registered": version.is_registered,
        "late": version.late,
        "accepted_reason": version.accepted_reason,
        "no_remarks": version.no_remarks,
        "sha256": version.sha256,
        "canonical": version.canonical_json,
        "catalogue_version": version.catalogue_version_number,
        "current": version.is_current,
        "superseded_at": version.superseded_at,
        "withdrawn_at": version.withdrawn_at,
        "confidential": version.confidential,
        "confidential_reason": None if public else version.confidential_reason,
        "general_remarks": "" if withheld_whole else version.general_remarks,
        "coverage": [] if withheld_whole else coverage,
        "proposals": [] if withheld_whole else proposals,
        "attachments": [] if withheld_whole else attachments,
        "withheld_parts": parts if withheld_whole else parts - shown,
    }
    if not public:
        data["submitted_by"] = version.submitted_by.name if version.submitted_by else ""
        data["registered_by"] = version.registered_by.name if version.registered_by else ""
        data["registered_at"] = version.registered_at
        data["withdrawn_by"] = version.withdrawn_by.name if version.withdrawn_by else ""
    return data


def version_of(response: Response, number: int) -> ResponseVersion | None:
    return next((v for v in response.versions if v.number == number), None)
