"""Submitting, amending, withdrawing and registering responses: the frozen versions.

Submitting freezes the draft into a new :class:`ResponseVersion` with its own copies of
the rows, a receipt number from ``workflow.receipt_number`` (the sequence is read and
raised under a row lock on the response, and the unique constraint on the number is the
final guard), the canonical JSON of ``hearing.response_content`` and its SHA-256. The
deadline is checked with the ``now`` the view passes in, right before the version is
written. A version is never changed afterwards: a listener refuses any update or delete
of a version or its rows except marking it superseded or withdrawn.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session, selectinload

from core import audit, uploads
from core.errors import N_, DomainError, ValidationFailed
from core.extensions import db
from core.mail import queue_templated_email
from core.models import User
from hearing import workflow
from hearing.errors import HearingNotOpen, ProposalsInvalid, StaleDraft, VersionFrozen
from hearing.models import Consultee, Hearing
from hearing.models.responses import (
    PROPOSAL_FIELDS,
    Channel,
    CoverageAssessment,
    Proposal,
    Response,
    ResponseAttachment,
    ResponseVersion,
)
from hearing.response_content import (
    AssessmentPart,
    AttachmentPart,
    ProposalPart,
    VersionContent,
    canonical_text,
    verify,
)
from hearing.services import responses as drafts
from hearing.services.responses import AssessmentData, check_open, lock
from hearing.workflow import HearingState, ResponseState

REGISTRABLE_STATES = (HearingState.OPEN, HearingState.CLOSED, HearingState.CONSOLIDATION)
# What may change on a frozen version: the marks that it no longer counts.
_MARKS = {"superseded_at", "superseded_by_id", "withdrawn_at", "withdrawn_by_id", "superseded_by"}


def _salt() -> str:
    return secrets.token_hex(16)


# -- the content of a version ---------------------------------------------------------------------


def version_content(version: ResponseVersion) -> VersionContent:
    """The plain content of a stored version, as hashed when it was frozen."""
    response = version.response
    return VersionContent(
        hearing_reference=response.hearing.reference,
        body_code=response.consultee.body.code,
        number=version.number,
        receipt_number=version.receipt_number,
        submitted_at=version.submitted_at,
        channel=str(version.channel),
        late=version.late,
        accepted_reason=version.accepted_reason,
        catalogue_version=version.catalogue_version_number,
        no_remarks=version.no_remarks,
        general_remarks=version.general_remarks,
        assessments=tuple(
            AssessmentPart(
                a.goal_code,
                str(a.assessment) if a.assessment else None,
                a.comment,
                a.confidential,
                a.confidential_reason,
                a.salt,
            )
            for a in version.assessments
        ),
        proposals=tuple(
            ProposalPart(
                kind=str(p.kind),
                target_goal_code=p.target_goal_code,
                target_indicator_code=p.target_indicator_code,
                text=p.text,
                target_value=p.target_value,
                target_period=p.target_period,
                decision_reference=p.decision_reference,
                decision_date=p.decision_date,
                name=p.name,
                definition=p.definition,
                unit=p.unit,
                direction=p.direction,
                source=p.source,
                justification=p.justification,
                confidential=p.confidential,
                confidential_reason=p.confidential_reason,
                salt=p.salt,
            )
            for p in version.proposals
        ),
        attachments=tuple(
            AttachmentPart(
                a.original_name, a.sha256, a.size, a.confidential, a.confidential_reason, a.salt
            )
            for a in version.attachments
        ),
        confidential=version.confidential,
        confidential_reason=version.confidential_reason,
        confidential_salt=version.confidential_salt,
    )


def verify_version(version: ResponseVersion) -> bool:
    """The stored text hashes to the stored SHA-256 and is what the stored rows give."""
    return verify(version.canonical_json, version.sha256) and (
        canonical_text(version_content(version)) == version.canonical_json
    )


# -- freezing -------------------------------------------------------------------------------------


def _new_assessments(clean: drafts.CleanDraft) -> list[CoverageAssessment]:
    return [
        CoverageAssessment(
            position=a.position,
            goal_code=a.goal_code,
            assessment=a.assessment,
            comment=a.comment,
            confidential=a.confidential,
            confidential_reason=a.confidential_reason,
            salt=_salt() if a.confidential else None,
        )
        for a in clean.assessments
        if not a.is_empty
    ]


def _copy_assessment(a: CoverageAssessment) -> CoverageAssessment:
    return CoverageAssessment(
        position=a.position,
        goal_code=a.goal_code,
        assessment=a.assessment,
        comment=a.comment,
        confidential=a.confidential,
        confidential_reason=a.confidential_reason,
        salt=_salt() if a.confidential else None,
    )


_PROPOSAL_COPY = ("position", *PROPOSAL_FIELDS)


def _copy_proposal(p: Proposal) -> Proposal:
    values = {name: getattr(p, name) for name in _PROPOSAL_COPY}
    return Proposal(**values, salt=_salt() if p.confidential else None)


def _copy_attachment(a: ResponseAttachment) -> ResponseAttachment:
    return ResponseAttachment(
        position=a.position,
        stored_name=a.stored_name,
        original_name=a.original_name,
        size=a.size,
        sha256=a.sha256,
        confidential=a.confidential,
        confidential_reason=a.confidential_reason,
        salt=_salt() if a.confidential else None,
        uploaded_at=a.uploaded_at,
        uploaded_by_id=a.uploaded_by_id,
    )


@dataclass
class _Frozen:
    """What a new version holds, before it is numbered and hashed."""

    submitted_at: datetime
    channel: Channel = Channel.SYSTEM
    submitted_by: User | None = None
    registered_by: User | None = None
    registered_at: datetime | None = None
    late: bool = False
    accepted_reason: str | None = None
    no_remarks: bool = False
    general_remarks: str = ""
    confidential: bool = False
    confidential_reason: str | None = None
    assessments: list[CoverageAssessment] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    attachments: list[ResponseAttachment] = field(default_factory=list)


def _freeze(response: Response, frozen: _Frozen, *, now: datetime) -> ResponseVersion:
    """Number, hash and store a new version; the previous current one is superseded."""
    previous = response.current_version
    number = response.receipt_sequence + 1
    # In the order the relationships read them back, so a reloaded version hashes the same.
    for rows in (frozen.assessments, frozen.proposals, frozen.attachments):
        rows.sort(key=lambda row: row.position)
    body = response.consultee.body
    version = ResponseVersion(
        number=number,
        submitted_at=frozen.submitted_at,
        submitted_by_id=frozen.submitted_by.id if frozen.submitted_by else None,
        channel=frozen.channel,
        registered_at=frozen.registered_at,
        registered_by_id=frozen.registered_by.id if frozen.registered_by else None,
        late=frozen.late,
        accepted_reason=frozen.accepted_reason,
        no_remarks=frozen.no_remarks,
        general_remarks=frozen.general_remarks,
        confidential=frozen.confidential,
        confidential_reason=frozen.confidential_reason,
        confidential_salt=_salt() if frozen.confidential else None,
        catalogue_version_number=response.hearing.version.number,
        receipt_number=workflow.receipt_number(response.hearing.reference, body.code, number),
        assessments=frozen.assessments,
        proposals=frozen.proposals,
        attachments=frozen.attachments,
        canonical_json="",
        sha256="0" * 64,
    )
    version.response = response
    # The guard lets it be hashed.
    version._sealing = True  # type: ignore[attr-defined]
    db.session.add(version)
    # Written first, so column defaults are set on every row before the content is read.
    db.session.flush()
    content = canonical_text(version_content(version))
    version.canonical_json = content
    version.sha256 = workflow.content_sha256(content)
    db.session.flush()
    del version._sealing
    response.receipt_sequence = number
    db.session.flush()
    if previous is not None:
        previous.superseded_at = now
        previous.superseded_by_id = version.id
        db.session.flush()
    return version


def _draft_is_empty(response: Response) -> bool:
    answered = any(a.assessment or a.comment for a in response.assessments)
    return not (
        answered or response.proposals or response.attachments or response.general_remarks.strip()
    )


def submit_response(
    response: Response,
    *,
    actor: User,
    now: datetime,
    expected_version: int,
    no_remarks: bool = False,
) -> ResponseVersion:
    """Freeze the draft (or a plain "no remarks") as the body's new current version.

    ``now`` is the server's clock at the request; it is compared with the body's effective
    deadline under the row lock, right before the version is written.
    """
    check_open(response, now)
    lock(response)
    workflow.check_response_transition(response.state, ResponseState.SUBMITTED)
    if response.edit_version != expected_version:
        raise StaleDraft(None, response.edit_version)
    if not no_remarks and _draft_is_empty(response):
        raise ValidationFailed(
            N_("The response is empty. Answer at least one part, or answer 'no remarks'.")
        )
    frozen = _Frozen(submitted_at=now, submitted_by=actor, no_remarks=no_remarks)
    if not no_remarks:
        frozen.confidential = response.confidential
        frozen.confidential_reason = response.confidential_reason
        frozen.general_remarks = response.general_remarks
        frozen.assessments = [
            _copy_assessment(a) for a in sorted(response.assessments, key=lambda a: a.position)
        ]
        frozen.proposals = [_copy_proposal(p) for p in response.proposals]
        frozen.attachments = [_copy_attachment(a) for a in response.attachments]
    check_open(response, now)
    version = _freeze(response, frozen, now=now)
    response.state = ResponseState.SUBMITTED
    db.session.flush()
    audit.record(
        actor,
        "response.submitted",
        response,
        now=now,
        summary=f"{version.receipt_number} sha256:{version.sha256}",
        changes={
            "state": {"old": "draft", "new": "submitted"},
            "version": {"old": None, "new": version.number},
            "no_remarks": {"old": None, "new": no_remarks},
        },
    )
    send_receipts(version, now=now)
    return version


def amend_response(response: Response, *, actor: User, now: datetime) -> Response:
    """Reopen the draft; the submitted version keeps counting until a new one is submitted."""
    check_open(response, now)
    lock(response)
    old = response.state
    workflow.check_response_transition(old, ResponseState.DRAFT)
    response.state = ResponseState.DRAFT
    drafts.touch(response, actor, now)
    audit.record(
        actor,
        "response.amending",
        response,
        now=now,
        summary=drafts._summary(response),
        changes={"state": {"old": str(old), "new": "draft"}},
    )
    return response


def withdraw_response(response: Response, *, actor: User, now: datetime) -> ResponseVersion:
    """Withdraw the current submitted version before the deadline; it is kept, marked."""
    check_open(response, now)
    lock(response)
    workflow.check_response_transition(response.state, ResponseState.WITHDRAWN)
    version = response.current_version
    if version is None:  # pragma: no cover - a submitted response always has one
        raise ValidationFailed(N_("There is no submitted version to withdraw."))
    version.withdrawn_at = now
    version.withdrawn_by_id = actor.id
    response.state = ResponseState.WITHDRAWN
    db.session.flush()
    audit.record(
        actor,
        "response.withdrawn",
        response,
        now=now,
        summary=version.receipt_number,
        changes={"state": {"old": "submitted", "new": "withdrawn"}},
    )
    return version


# -- registered responses --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationData:
    channel: str  # letter or email
    received_at: datetime
    scan: bytes
    scan_filename: str
    general_remarks: str = ""
    no_remarks: bool = False
    accepted_reason: str = ""
    confidential: bool = False
    confidential_reason: str = ""
    assessments: tuple[AssessmentData, ...] = ()
    proposals: tuple[drafts.ProposalData, ...] = ()


def register_response(
    consultee: Consultee,
    data: RegistrationData,
    *,
    actor: User,
    now: datetime,
    folder: Path,
    max_bytes: int,
    notify: bool = True,
) -> ResponseVersion:
    """Record a response that came by letter or e-mail, with the scan, late or not.

    A late one (received after the body's effective deadline) needs the reason it was
    accepted. The body's draft is left as it is; the new version supersedes a current one.
    """
    hearing: Hearing = consultee.hearing
    if hearing.state not in REGISTRABLE_STATES:
        raise HearingNotOpen()
    channel = Channel(data.channel) if data.channel in ("letter", "email") else None
    if channel is None:
        raise ValidationFailed(N_("Choose how the response arrived."))
    received = workflow.to_utc(data.received_at)
    if received > now:
        raise ValidationFailed(N_("The response cannot have arrived in the future."))
    deadline = workflow.effective_deadline(hearing.deadline, consultee.extension_until)
    late = not workflow.is_before_deadline(received, deadline)
    reason = drafts._text(data.accepted_reason, drafts.REASON_MAX) if late else ""
    if late and not reason:
        raise ValidationFailed(
            N_("The response arrived after the deadline: give the reason it was accepted.")
        )
    clean = drafts.clean_draft(
        drafts.DraftData(
            data.general_remarks, data.confidential, data.confidential_reason, data.assessments
        ),
        drafts.goal_codes(hearing),
    )
    proposals = _clean_proposals(hearing, data.proposals)
    said = any(a.assessment or a.comment for a in clean.assessments)
    if data.no_remarks and (proposals or clean.general_remarks or said):
        raise ValidationFailed(
            N_(
                'The response is marked "no remarks" but has remarks, assessments or '
                'proposals: untick "no remarks" or remove them.'
            )
        )
    stored = uploads.store_pdf(data.scan, data.scan_filename, folder=folder, max_bytes=max_bytes)
    try:
        response = drafts.ensure_response(consultee, now=now)
        lock(response)
        frozen = _Frozen(
            submitted_at=received,
            channel=channel,
            registered_by=actor,
            registered_at=now,
            late=late,
            accepted_reason=reason or None,
            no_remarks=data.no_remarks,
            general_remarks="" if data.no_remarks else clean.general_remarks,
            confidential=clean.confidential,
            confidential_reason=clean.confidential_reason,
            assessments=[] if data.no_remarks else _new_assessments(clean),
            proposals=[] if data.no_remarks else [_copy_proposal(p) for p in proposals],
            attachments=[
                ResponseAttachment(
                    position=1,
                    stored_name=stored.stored_name,
                    original_name=stored.original_name,
                    size=stored.size,
                    sha256=stored.sha256,
                    confidential=False,
                    uploaded_at=now,
                    uploaded_by_id=actor.id,
                )
            ],
        )
        version = _freeze(response, frozen, now=now)
        old = response.state
        if old == ResponseState.WITHDRAWN:
            workflow.check_response_transition(old, ResponseState.DRAFT)
            old = ResponseState.DRAFT
        if old == ResponseState.DRAFT:
            workflow.check_response_transition(old, ResponseState.SUBMITTED)
        response.state = ResponseState.SUBMITTED
        db.session.flush()
    except Exception:
        uploads.remove_stored(stored.stored_name, folder=folder)
        raise
    audit.record(
        actor,
        "response.registered",
        response,
        now=now,
        summary=f"{version.receipt_number} ({channel.value}{', late' if late else ''})",
        changes={
            "version": {"old": None, "new": version.number},
            "late": {"old": None, "new": late},
            "accepted_reason": {"old": None, "new": reason or None},
        },
    )
    if notify:
        send_receipts(version, now=now)
    return version


def _clean_proposals(hearing: Hearing, items: Sequence[drafts.ProposalData]) -> list[Proposal]:
    """The proposals checked one by one; every invalid one is named by its number."""
    proposals: list[Proposal] = []
    problems: dict[int, DomainError] = {}
    for n, item in enumerate(items, start=1):
        try:
            proposals.append(Proposal(position=n, **drafts.clean_proposal(hearing, item)))
        except ValidationFailed as err:
            problems[n] = err
    if problems:
        raise ProposalsInvalid(problems)
    return proposals


# -- receipts by e-mail ---------------------------------------------------------------------


def send_receipts(version: ResponseVersion, *, now: datetime) -> int:
    """Queue the receipt to every active member of the body, each in their own language."""
    from hearing.services.notifications import members_of

    response = version.response
    consultee = response.consultee
    hearing = response.hearing
    queued = 0
    for user in members_of(consultee.body_id):
        email = queue_templated_email(
            user,
            "hearing_response_receipt",
            {
                "hearing_id": hearing.id,
                "body_id": consultee.body_id,
                "reference": hearing.reference,
                "title": hearing.title,
                "body_name": consultee.body.name(user.locale),
                "receipt_number": version.receipt_number,
                "version_number": version.number,
                "submitted_at": version.submitted_at,
                "sha256": version.sha256,
                "registered": version.is_registered,
                "late": version.late,
                "no_remarks": version.no_remarks,
                "submitted_by": version.submitted_by.name if version.submitted_by else "",
            },
            now=now,
            dedup_key=f"response-receipt:{version.receipt_number}:{user.id}",
            related=version,
        )
        queued += email is not None
    return queued


# -- the guard ----------------------------------------------------------------------------


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_frozen_versions(
    session: Session, context: object, instances: object
) -> None:
    """Nothing changes a submitted version or its rows but the superseded and withdrawn marks."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, ResponseVersion):
            if getattr(obj, "_sealing", False):
                continue
            if obj in session.deleted:
                raise VersionFrozen()
            state = db.inspect(obj)
            columns = {c.key for c in state.mapper.column_attrs}
            changed = {a.key for a in state.attrs if a.key in columns and a.history.has_changes()}
            if changed - _MARKS:
                raise VersionFrozen()
        elif isinstance(obj, CoverageAssessment | Proposal | ResponseAttachment):
            state = db.inspect(obj)
            version_id = state.committed_state.get("version_id", obj.version_id)
            if version_id is not None and (obj in session.deleted or session.is_modified(obj)):
                raise VersionFrozen()


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
