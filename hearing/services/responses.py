"""The shared draft of a body's response: coverage, remarks, proposals and attachments.

Every function takes the acting user and ``now``, checks that the hearing is open and the
body's effective deadline has not passed (``workflow.is_before_deadline``), flushes, writes
the audit log and never commits. Every change to the draft raises the response's
``edit_version`` (SQLAlchemy's version counter), so a form loaded earlier is detected as
stale: :func:`save_draft` merges field by field and refuses only real collisions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from barometer.models import Goal, Indicator, Unit
from core import audit, uploads
from core.errors import N_, NotFound, ValidationFailed
from core.extensions import db
from core.models import AuditEvent, User
from hearing import workflow
from hearing.errors import (
    DeadlinePassed,
    HearingNotOpen,
    ResponseNotDraft,
    StaleDraft,
)
from hearing.models import Consultee, Hearing
from hearing.models.responses import (
    PROPOSAL_FIELDS,
    Assessment,
    CoverageAssessment,
    Proposal,
    ProposalKind,
    Response,
    ResponseAttachment,
)
from hearing.response_content import Merge, merge
from hearing.workflow import HearingState, ResponseState

TEXT_MAX = 10_000
SHORT_MAX = 300
REASON_MAX = 1_000
PERIOD = re.compile(r"^\d{4}(-H[12])?$")


# -- plain data in ---------------------------------------------------------------------------


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
class ProposalData:
    kind: str
    target_goal_code: str | None = None
    target_indicator_code: str | None = None
    text: str = ""
    target_value: str = ""
    target_period: str = ""
    decision_reference: str = ""
    decision_date: date | None = None
    name: str = ""
    definition: str = ""
    unit: str = ""
    direction: int | None = None
    source: str = ""
    justification: str = ""
    confidential: bool = False
    confidential_reason: str = ""


@dataclass(frozen=True)
class SaveResult:
    response: Response
    changed: tuple[str, ...]
    merged_from_others: tuple[str, ...] = ()


# -- loading and the checks every change makes ---------------------------------------------


def effective_deadline(response: Response) -> datetime:
    return workflow.effective_deadline(
        response.hearing.deadline, response.consultee.extension_until
    )


def is_open_for(response: Response, now: datetime) -> bool:
    """Whether the body may still change, submit, amend or withdraw its response."""
    return response.hearing.state == HearingState.OPEN and workflow.is_before_deadline(
        now, effective_deadline(response)
    )


def check_open(response: Response, now: datetime) -> None:
    if not workflow.is_before_deadline(now, effective_deadline(response)):
        raise DeadlinePassed(effective_deadline(response))
    if response.hearing.state != HearingState.OPEN:
        raise HearingNotOpen()


def check_draft(response: Response) -> None:
    if response.state != ResponseState.DRAFT:
        raise ResponseNotDraft()


def response_for(consultee: Consultee) -> Response | None:
    return db.session.scalar(select(Response).where(Response.consultee_id == consultee.id))


def ensure_response(consultee: Consultee, *, now: datetime) -> Response:
    """The body's response, created empty the first time (safe when two members race)."""
    found = response_for(consultee)
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
            found = response_for(consultee)
            if found is None:
                raise
            return found
    else:
        db.session.add(response)
        db.session.flush()
    return response


def lock(response: Response) -> Response:
    """Re-read the response under a row lock (PostgreSQL; SQLite serialises writers)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.flush()
        db.session.execute(
            select(Response.id)
            .where(Response.id == response.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        db.session.refresh(response)
    return response


def touch(response: Response, actor: User | None, now: datetime) -> None:
    """Mark the draft as changed: the update raises ``edit_version`` by one."""
    response.last_edited_at = now
    response.last_edited_by_id = actor.id if actor else None
    response.edit_version = response.edit_version + 1
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleDraft(None, current_version=-1) from exc


# -- the consulted catalogue --------------------------------------------------------------------


def goal_codes(hearing: Hearing) -> list[str]:
    """The goals of the consulted version in catalogue order (focus area, then position)."""
    from barometer.models import FocusArea

    return list(
        db.session.scalars(
            select(Goal.code)
            .join(FocusArea, Goal.focus_area_id == FocusArea.id)
            .where(Goal.version_id == hearing.version_id)
            .order_by(FocusArea.number, Goal.position, Goal.id)
        )
    )


def indicator_codes(hearing: Hearing) -> set[str]:
    return set(
        db.session.scalars(select(Indicator.code).where(Indicator.version_id == hearing.version_id))
    )


# -- cleaning ------------------------------------------------------------------------------------


def _text(value: str | None, max_length: int = TEXT_MAX) -> str:
    text = (value or "").strip().replace("\r\n", "\n")
    if len(text) > max_length:
        raise ValidationFailed(N_("A text is longer than %(max)s characters."), max=max_length)
    return text


def _reason(confidential: bool, reason: str | None) -> str | None:
    if not confidential:
        return None
    text = _text(reason, REASON_MAX)
    if not text:
        raise ValidationFailed(N_("Give the reason a part is confidential."))
    return text


def _assessment(value: str | None) -> Assessment | None:
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
    check_open(response, now)
    check_draft(response)
    lock(response)
    check_draft(response)
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
            summary=_summary(response),
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
                _assessment(item.assessment),
                _text(item.comment),
                bool(item.confidential),
                _reason(item.confidential, item.confidential_reason),
            )
        )
    return CleanDraft(
        _text(data.general_remarks),
        bool(data.confidential),
        _reason(data.confidential, data.confidential_reason),
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


def _summary(response: Response) -> str:
    return f"{response.hearing.reference}: {response.consultee.body.code}"


# -- proposals ------------------------------------------------------------------------------------


def _decimal(text: str) -> Decimal | None:
    value = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if "," in value and "." in value:
        value = value.replace(".", "")  # Danish thousands separator
    value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationFailed(N_("Write the target value as a number, e.g. 47,5.")) from None
    if not number.is_finite() or abs(number) >= Decimal("1e14") or -number.as_tuple().exponent > 4:  # type: ignore[operator]
        raise ValidationFailed(N_("Write the target value as a number, e.g. 47,5."))
    return number


def clean_proposal(hearing: Hearing, data: ProposalData) -> dict[str, Any]:
    """The columns of a proposal, checked for its kind; refuses what the kind needs but lacks."""
    try:
        kind = ProposalKind(data.kind)
    except ValueError:
        raise ValidationFailed(N_("Choose the kind of proposal.")) from None
    goal = (data.target_goal_code or "").strip() or None
    indicator = (data.target_indicator_code or "").strip() or None
    if goal is not None and goal not in goal_codes(hearing):
        raise ValidationFailed(N_("The goal %(code)s is not in the consulted version."), code=goal)
    if indicator is not None and indicator not in indicator_codes(hearing):
        raise ValidationFailed(
            N_("The indicator %(code)s is not in the consulted version."), code=indicator
        )
    values: dict[str, Any] = {
        "kind": kind,
        "target_goal_code": goal,
        "target_indicator_code": indicator,
        "text": _text(data.text),
        "justification": _text(data.justification),
        "confidential": bool(data.confidential),
        "confidential_reason": _reason(data.confidential, data.confidential_reason),
        "target_value": None,
        "target_period": None,
        "decision_reference": None,
        "decision_date": None,
        "name": None,
        "definition": None,
        "unit": None,
        "direction": None,
        "source": None,
    }
    if not values["justification"]:
        raise ValidationFailed(N_("Give a justification for the proposal."))
    _CLEANERS[kind](values, data)
    return values


def _clean_criterion(values: dict[str, Any], data: ProposalData) -> None:
    if (values["target_goal_code"] is None) == (values["target_indicator_code"] is None):
        raise ValidationFailed(N_("Choose the goal or the indicator the criterion belongs to."))
    if not values["text"]:
        raise ValidationFailed(N_("Write the success criterion."))
    period = (data.target_period or "").strip().upper()
    if period and not PERIOD.match(period):
        raise ValidationFailed(
            N_("Write the target period as a year or a half-year, e.g. 2010-H2.")
        )
    reference = _text(data.decision_reference, 100)
    if not reference:
        raise ValidationFailed(
            N_("Give the political decision the criterion rests on (case number).")
        )
    values.update(
        target_value=_decimal(data.target_value),
        target_period=period or None,
        decision_reference=reference,
        decision_date=data.decision_date,
    )


def _clean_new_indicator(values: dict[str, Any], data: ProposalData) -> None:
    if values["target_goal_code"] is None:
        raise ValidationFailed(N_("Choose the goal the indicator measures."))
    values["target_indicator_code"] = None
    name = _text(data.name, SHORT_MAX)
    if not name:
        raise ValidationFailed(N_("Give the new indicator a name."))
    unit = (data.unit or "").strip() or None
    if unit is not None and unit not in {u.value for u in Unit}:
        raise ValidationFailed(N_("Choose one of the listed units."))
    if data.direction not in (None, 1, -1):
        raise ValidationFailed(N_("Choose whether higher or lower is better."))
    values.update(
        name=name,
        definition=_text(data.definition),
        unit=unit,
        direction=data.direction,
        source=_text(data.source, SHORT_MAX) or None,
    )


def _clean_indicator_change(values: dict[str, Any], data: ProposalData) -> None:
    if values["target_indicator_code"] is None:
        raise ValidationFailed(N_("Choose the indicator."))
    values["target_goal_code"] = None
    if values["kind"] == ProposalKind.CHANGE_INDICATOR and not values["text"]:
        raise ValidationFailed(N_("Describe the change."))


def _clean_other(values: dict[str, Any], data: ProposalData) -> None:
    if not values["text"]:
        raise ValidationFailed(N_("Write the proposal."))


_CLEANERS = {
    ProposalKind.ADD_SUCCESS_CRITERION: _clean_criterion,
    ProposalKind.ADD_INDICATOR: _clean_new_indicator,
    ProposalKind.CHANGE_INDICATOR: _clean_indicator_change,
    ProposalKind.REMOVE_INDICATOR: _clean_indicator_change,
    ProposalKind.OTHER: _clean_other,
}


def draft_proposal(response: Response, proposal_id: int) -> Proposal:
    """A proposal of this draft; any other id (another body's, a version's) is not found."""
    found = next((p for p in response.proposals if p.id == proposal_id), None)
    if found is None:
        raise NotFound(N_("The proposal does not exist."))
    return found


def _begin_change(response: Response, now: datetime) -> None:
    check_open(response, now)
    check_draft(response)
    lock(response)
    check_draft(response)


def add_proposal(
    response: Response, data: ProposalData, *, actor: User | None, now: datetime
) -> Proposal:
    _begin_change(response, now)
    values = clean_proposal(response.hearing, data)
    position = max((p.position for p in response.proposals), default=0) + 1
    proposal = Proposal(position=position, **values)
    response.proposals.append(proposal)
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_proposal_added",
        response,
        now=now,
        summary=_summary(response),
        changes=audit.diff_fields({}, audit.snapshot(proposal, PROPOSAL_FIELDS))
        | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )
    return proposal


def update_proposal(
    response: Response,
    proposal_id: int,
    data: ProposalData,
    *,
    actor: User | None,
    now: datetime,
    expected_revision: int,
) -> Proposal:
    _begin_change(response, now)
    proposal = draft_proposal(response, proposal_id)
    if proposal.revision != expected_revision:
        raise StaleDraft(None, response.edit_version)
    values = clean_proposal(response.hearing, replace(data, kind=str(proposal.kind)))
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    for name, value in values.items():
        setattr(proposal, name, value)
    changes = audit.diff_fields(before, audit.snapshot(proposal, PROPOSAL_FIELDS))
    if not changes:
        return proposal
    proposal.revision += 1
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_proposal_changed",
        response,
        now=now,
        summary=f"{_summary(response)}: {proposal.id}",
        changes=changes | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )
    return proposal


def remove_proposal(
    response: Response, proposal_id: int, *, actor: User | None, now: datetime
) -> None:
    _begin_change(response, now)
    proposal = draft_proposal(response, proposal_id)
    before = audit.snapshot(proposal, PROPOSAL_FIELDS)
    response.proposals.remove(proposal)
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_proposal_removed",
        response,
        now=now,
        summary=_summary(response),
        changes=audit.diff_fields(before, {})
        | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )


# -- attachments ----------------------------------------------------------------------------------


def draft_attachment(response: Response, attachment_id: int) -> ResponseAttachment:
    found = next((a for a in response.attachments if a.id == attachment_id), None)
    if found is None:
        raise NotFound(N_("The attachment does not exist."))
    return found


def add_attachment(
    response: Response,
    data: bytes,
    filename: str,
    *,
    confidential: bool = False,
    confidential_reason: str = "",
    folder: Path,
    max_bytes: int,
    actor: User | None,
    now: datetime,
) -> ResponseAttachment:
    """Check and store a PDF on the draft; nothing is stored when a check fails."""
    _begin_change(response, now)
    reason = _reason(confidential, confidential_reason)
    stored = uploads.store_pdf(data, filename, folder=folder, max_bytes=max_bytes)
    try:
        attachment = ResponseAttachment(
            position=max((a.position for a in response.attachments), default=0) + 1,
            stored_name=stored.stored_name,
            original_name=stored.original_name,
            size=stored.size,
            sha256=stored.sha256,
            confidential=confidential,
            confidential_reason=reason,
            uploaded_at=now,
            uploaded_by_id=actor.id if actor else None,
        )
        response.attachments.append(attachment)
        old_version = response.edit_version
        touch(response, actor, now)
    except Exception:
        uploads.remove_stored(stored.stored_name, folder=folder)
        raise
    audit.record(
        actor,
        "response.draft_attachment_added",
        response,
        now=now,
        summary=f"{_summary(response)}: {stored.original_name}",
        changes={
            "attachment": {"old": None, "new": stored.original_name},
            "edit_version": {"old": old_version, "new": response.edit_version},
        },
    )
    return attachment


def attachment_state(attachment: ResponseAttachment) -> str:
    """A digest of the attachment's confidentiality as a form loaded it (the stale-edit check)."""
    text = f"{'y' if attachment.confidential else ''}\n{attachment.confidential_reason or ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def change_attachment_confidentiality(
    response: Response,
    attachment_id: int,
    *,
    confidential: bool,
    confidential_reason: str = "",
    expected_state: str | None = None,
    actor: User | None,
    now: datetime,
) -> ResponseAttachment:
    """Make an attachment of the draft confidential (with a reason) or public again.

    The rules are those of an upload. ``expected_state`` is the :func:`attachment_state`
    the form was loaded with: when someone else changed it since, nothing is saved.
    """
    _begin_change(response, now)
    attachment = draft_attachment(response, attachment_id)
    if expected_state is not None and attachment_state(attachment) != expected_state:
        raise StaleDraft(None, response.edit_version)
    reason = _reason(confidential, confidential_reason)
    before = {
        "confidential": attachment.confidential,
        "confidential_reason": attachment.confidential_reason,
    }
    attachment.confidential = bool(confidential)
    attachment.confidential_reason = reason
    changes = audit.diff_fields(
        before,
        {"confidential": attachment.confidential, "confidential_reason": reason},
    )
    if not changes:
        return attachment
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_attachment_changed",
        response,
        now=now,
        summary=f"{_summary(response)}: {attachment.original_name}",
        changes=changes | {"edit_version": {"old": old_version, "new": response.edit_version}},
    )
    return attachment


def remove_attachment(
    response: Response, attachment_id: int, *, folder: Path, actor: User | None, now: datetime
) -> None:
    _begin_change(response, now)
    attachment = draft_attachment(response, attachment_id)
    stored_name, name = attachment.stored_name, attachment.original_name
    response.attachments.remove(attachment)
    old_version = response.edit_version
    touch(response, actor, now)
    audit.record(
        actor,
        "response.draft_attachment_removed",
        response,
        now=now,
        summary=f"{_summary(response)}: {name}",
        changes={
            "attachment": {"old": name, "new": None},
            "edit_version": {"old": old_version, "new": response.edit_version},
        },
    )
    still_used = db.session.scalar(
        select(func.count())
        .select_from(ResponseAttachment)
        .where(ResponseAttachment.stored_name == stored_name)
    )
    if not still_used:
        # The file goes once the database agrees; a submitted version keeps its copy.
        @event.listens_for(db.session(), "after_commit", once=True)
        def _remove_file(session: object) -> None:
            uploads.remove_stored(stored_name, folder=folder)
