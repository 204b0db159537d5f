"""Drafting a body's response: coverage per goal, remarks and confidentiality.

A draft is shared by the members of the body. Every change raises the response's
``edit_version`` (SQLAlchemy's version counter), so a form loaded earlier is detected as
stale: :func:`save_draft` merges field by field and refuses only real collisions. Like every
service, these take the acting user and ``now``, flush, audit and never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.models import AuditEvent, User
from hearing.errors import StaleDraft
from hearing.models import Consultee
from hearing.models.responses import Assessment, CoverageAssessment, Response
from hearing.queries.responses import response_of
from hearing.response_content import Merge, merge
from hearing.response_fields import clean_reason, clean_text
from hearing.services.consulted_catalogue import goal_codes
from hearing.services.response_guard import begin_change, summary, touch
from hearing.workflow import ResponseState


@dataclass(frozen=True)
class AssessmentData:
    goal_code: str
    assessment: str | None = None  # an Assessment value, or None: not assessed yet
    comment: str = ""
    confidential: bool = False
    confidential_reason: str = ""


@dataclass(frozen=True)
class DraftData:
    general_remarks: str = ""
    confidential: bool = False
    confidential_reason: str = ""
    assessments: Sequence[AssessmentData] = field(default_factory=tuple)


@dataclass(frozen=True)
class SaveResult:
    response: Response
    changed: tuple[str, ...]
    merged_from_others: tuple[str, ...] = ()


# -- loading -------------------------------------------------------------------------------------


def ensure_response(consultee: Consultee, *, now: datetime) -> Response:
    """The body's response, created empty the first time (safe when two members race)."""
    found = response_of(consultee)
    if found is not None:
        return found
    response = Response(
        hearing_id=consultee.hearing_id,
        consultee_id=consultee.id,
        state=ResponseState.DRAFT,
        created_at=now,
    )
    if db.session.get_bind().dialect.name == "postgresql":
        try:
            with db.session.begin_nested():
                db.session.add(response)
        except IntegrityError:
            found = response_of(consultee)
            if found is None:
                raise
            return found
    else:
        db.session.add(response)
        db.session.flush()
    return response


def _clean_assessment(value: str | None) -> Assessment | None:
    if not value:
        return None
    try:
        return Assessment(value)
    except ValueError:
        raise ValidationFailed(N_("Choose one of the listed assessments.")) from None


# -- the flat fields of a draft (for the stale-edit merge) ---------------------------------------


def draft_fields(response: Response) -> dict[str, str]:
    values = {
        "general_remarks": response.general_remarks or "",
        "confidential": "y" if response.confidential else "",
        "confidential_reason": response.confidential_reason or "",
    }
    for a in response.assessments:
        values |= _assessment_fields(
            AssessmentData(
                a.goal_code,
                a.assessment,
                a.comment,
                a.confidential,
                a.confidential_reason or "",
            )
        )
    return values


def _assessment_fields(a: AssessmentData) -> dict[str, str]:
    prefix = f"coverage.{a.goal_code}."
    return {
        prefix + "assessment": str(a.assessment or ""),
        prefix + "comment": a.comment or "",
        prefix + "confidential": "y" if a.confidential else "",
        prefix + "confidential_reason": a.confidential_reason or "",
    }


def data_fields(data: DraftData) -> dict[str, str]:
    values = {
        "general_remarks": data.general_remarks or "",
        "confidential": "y" if data.confidential else "",
        "confidential_reason": data.confidential_reason or "",
    }
    for a in data.assessments:
        values |= _assessment_fields(a)
    return values


def data_from_fields(values: Mapping[str, str], codes: Sequence[str]) -> DraftData:
    def get(key: str) -> str:
        return values.get(key, "")

    return DraftData(
        general_remarks=get("general_remarks"),
        confidential=bool(get("confidential")),
        confidential_reason=get("confidential_reason"),
        assessments=tuple(
            AssessmentData(
                code,
                get(f"coverage.{code}.assessment") or None,
                get(f"coverage.{code}.comment"),
                bool(get(f"coverage.{code}.confidential")),
                get(f"coverage.{code}.confidential_reason"),
            )
            for code in codes
        ),
    )


def _editors_since(response: Response, version: int) -> tuple[str, ...]:
    """Who changed the draft after ``version`` (from the audit log), newest first."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.object_type == "Response",
            AuditEvent.object_id == str(response.id),
            AuditEvent.action.like("response.draft%"),
        )
        .order_by(AuditEvent.id.desc())
        .limit(50)
    )
    names: list[str] = []
    for e in events:
        new = (e.changes or {}).get("edit_version", {}).get("new")
        if isinstance(new, int) and new > version:
            label = e.actor.name if e.actor is not None else e.actor_label
            if label not in names:
                names.append(label)
    return tuple(names)


# -- saving the draft ----------------------------------------------------------------------------


def save_draft(
    response: Response,
    data: DraftData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int,
    base_digests: Mapping[str, str] | None = None,
) -> SaveResult:
    """Save coverage, remarks and confidentiality of the draft.

    When someone else saved after ``expected_version``, the fields are merged with
    ``base_digests`` (the digests the form was loaded with): a clean merge is saved and
    says which fields came from the others; a collision raises :class:`StaleDraft` and
    saves nothing. Without ``base_digests`` any stale save is refused.
    """
    begin_change(response, now)
    codes = goal_codes(response.hearing)
    merged: Merge | None = None
    if response.edit_version != expected_version:
        if base_digests is None:
            raise StaleDraft(
                None, response.edit_version, _editors_since(response, expected_version)
            )
        merged = merge(base_digests, data_fields(data), draft_fields(response))
        if not merged.clean:
            raise StaleDraft(
                merged, response.edit_version, _editors_since(response, expected_version)
            )
        data = data_from_fields(merged.values, codes)
    before = draft_fields(response)
    _apply(response, data, codes)
    after = draft_fields(response)
    changes = audit.diff_fields(before, after)
    if changes:
        old_version = response.edit_version
        touch(response, actor, now)
        audit.record(
            actor,
            "response.draft_saved",
            response,
            now=now,
            summary=summary(response),
            changes=changes | {"edit_version": {"old": old_version, "new": response.edit_version}},
        )
    return SaveResult(
        response, tuple(changes), merged.taken_from_others if merged is not None else ()
    )


@dataclass(frozen=True)
class CleanAssessment:
    goal_code: str
    position: int
    assessment: Assessment | None
    comment: str
    confidential: bool
    confidential_reason: str | None

    @property
    def is_empty(self) -> bool:
        return self.assessment is None and not self.comment and not self.confidential


@dataclass(frozen=True)
class CleanDraft:
    general_remarks: str
    confidential: bool
    confidential_reason: str | None
    assessments: tuple[CleanAssessment, ...]


def clean_draft(data: DraftData, codes: Sequence[str]) -> CleanDraft:
    """The draft's values checked against the consulted goals; refuses unknown goals."""
    position = {code: n for n, code in enumerate(codes)}
    assessments = []
    for item in data.assessments:
        if item.goal_code not in position:
            raise ValidationFailed(
                N_("The goal %(code)s is not in the consulted version."), code=item.goal_code
            )
        assessments.append(
            CleanAssessment(
                item.goal_code,
                position[item.goal_code],
                _clean_assessment(item.assessment),
                clean_text(item.comment),
                bool(item.confidential),
                clean_reason(item.confidential, item.confidential_reason),
            )
        )
    return CleanDraft(
        clean_text(data.general_remarks),
        bool(data.confidential),
        clean_reason(data.confidential, data.confidential_reason),
        tuple(assessments),
    )


def _apply(response: Response, data: DraftData, codes: Sequence[str]) -> None:
    clean = clean_draft(data, codes)
    response.general_remarks = clean.general_remarks
    response.confidential = clean.confidential
    response.confidential_reason = clean.confidential_reason
    rows = {a.goal_code: a for a in response.assessments}
    for item in clean.assessments:
        row = rows.get(item.goal_code)
        if row is None and item.is_empty:
            continue
        if row is None:
            row = CoverageAssessment(goal_code=item.goal_code)
            response.assessments.append(row)
        row.position = item.position
        row.assessment = item.assessment
        row.comment = item.comment
        row.confidential = item.confidential
        row.confidential_reason = item.confidential_reason
    response.assessments.sort(key=lambda a: (a.position, a.goal_code))
