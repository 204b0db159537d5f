"""Registering a response that came by letter or e-mail: the secretariat records it with
the scan, late or not, as a new frozen version of the body's response."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core import audit, uploads
from core.errors import N_, DomainError, ValidationFailed
from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.errors import FieldInvalid, HearingNotOpen, ProposalsInvalid
from hearing.models import Consultee, Hearing
from hearing.models.responses import (
    Channel,
    Proposal,
    Response,
    ResponseAttachment,
    ResponseVersion,
)
from hearing.proposals import ConsultedCodes, ProposalData, clean_proposal
from hearing.response_fields import REASON_MAX, clean_text
from hearing.services.consulted_catalogue import consulted_codes, goal_codes
from hearing.services.frozen_versions import Frozen, copy_proposal, freeze, new_assessments
from hearing.services.receipts import send_receipts
from hearing.services.response_drafts import (
    AssessmentData,
    CleanDraft,
    DraftData,
    clean_draft,
    ensure_response,
)
from hearing.services.response_guard import lock
from hearing.workflow import HearingState, ResponseState

REGISTRABLE_STATES = (HearingState.OPEN, HearingState.CLOSED, HearingState.CONSOLIDATION)


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
    proposals: tuple[ProposalData, ...] = ()


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
    Everything is checked before the scan is stored; the scan goes again when the version
    cannot be written.
    """
    hearing: Hearing = consultee.hearing
    if hearing.state not in REGISTRABLE_STATES:
        raise HearingNotOpen()
    channel = _channel(data.channel)
    arrival, clean, proposals = _checked(consultee, data, now=now)
    stored = uploads.store_pdf(data.scan, data.scan_filename, folder=folder, max_bytes=max_bytes)
    try:
        response = ensure_response(consultee, now=now)
        lock(response)
        frozen = Frozen(
            submitted_at=arrival.received,
            channel=channel,
            registered_by=actor,
            registered_at=now,
            late=arrival.late,
            accepted_reason=arrival.reason or None,
            no_remarks=data.no_remarks,
            general_remarks="" if data.no_remarks else clean.general_remarks,
            confidential=clean.confidential,
            confidential_reason=clean.confidential_reason,
            assessments=[] if data.no_remarks else new_assessments(clean),
            proposals=[] if data.no_remarks else [copy_proposal(p) for p in proposals],
            attachments=[_scan_attachment(stored, actor=actor, now=now)],
        )
        version = freeze(response, frozen, now=now)
        _mark_submitted(response)
    except Exception:
        uploads.remove_stored(stored.stored_name, folder=folder)
        raise
    _record(version, channel, arrival, actor=actor, now=now)
    if notify:
        send_receipts(version, now=now)
    return version


def _checked(
    consultee: Consultee, data: RegistrationData, *, now: datetime
) -> tuple[_Arrival, CleanDraft, list[Proposal]]:
    """The arrival and the content checked together: every problem is named at once."""
    others: list[DomainError] = []
    rows: dict[int, DomainError] = {}
    arrival = content = None
    try:
        arrival = _arrival(consultee, data.received_at, data.accepted_reason, now=now)
    except ValidationFailed as err:
        others.append(err)
    try:
        content = _clean_content(consultee.hearing, data)
    except ProposalsInvalid as err:
        rows = err.problems
    except ValidationFailed as err:
        others.append(err)
    if rows or others or arrival is None or content is None:
        raise others[0] if len(others) == 1 and not rows else ProposalsInvalid(rows, others)
    return arrival, content[0], content[1]


def _channel(value: str) -> Channel:
    if value not in ("letter", "email"):
        raise ValidationFailed(N_("Choose how the response arrived."))
    return Channel(value)


@dataclass(frozen=True)
class _Arrival:
    received: datetime
    late: bool
    reason: str  # why a late response was accepted; empty when it was in time


def _arrival(
    consultee: Consultee, received_at: datetime, accepted_reason: str, *, now: datetime
) -> _Arrival:
    """When the response arrived, whether that was late, and why a late one was accepted."""
    received = workflow.to_utc(received_at)
    if received > now:
        raise FieldInvalid("received_date", N_("The response cannot have arrived in the future."))
    deadline = workflow.effective_deadline(consultee.hearing.deadline, consultee.extension_until)
    late = not workflow.is_before_deadline(received, deadline)
    reason = clean_text(accepted_reason, REASON_MAX) if late else ""
    if late and not reason:
        raise FieldInvalid(
            "accepted_reason",
            N_("The response arrived after the deadline: give the reason it was accepted."),
        )
    return _Arrival(received, late, reason)


def _clean_content(hearing: Hearing, data: RegistrationData) -> tuple[CleanDraft, list[Proposal]]:
    """The coverage, remarks and proposals checked; "no remarks" must say nothing else."""
    clean = clean_draft(
        DraftData(
            data.general_remarks, data.confidential, data.confidential_reason, data.assessments
        ),
        goal_codes(hearing),
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
    return clean, proposals


def _clean_proposals(hearing: Hearing, items: Sequence[ProposalData]) -> list[Proposal]:
    """The proposals checked one by one; every invalid one is named by its number."""
    if not items:
        return []
    codes: ConsultedCodes = consulted_codes(hearing)
    proposals: list[Proposal] = []
    problems: dict[int, DomainError] = {}
    for n, item in enumerate(items, start=1):
        try:
            proposals.append(Proposal(position=n, **clean_proposal(item, codes)))
        except ValidationFailed as err:
            problems[n] = err
    if problems:
        raise ProposalsInvalid(problems)
    return proposals


def _scan_attachment(
    stored: uploads.StoredFile, *, actor: User, now: datetime
) -> ResponseAttachment:
    """The scanned letter or e-mail, the one attachment of a registered version (public)."""
    return ResponseAttachment(
        position=1,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        size=stored.size,
        sha256=stored.sha256,
        confidential=False,
        uploaded_at=now,
        uploaded_by_id=actor.id,
    )


def _mark_submitted(response: Response) -> None:
    """A registered version counts as submitted, whatever state the draft was in."""
    old = response.state
    if old == ResponseState.WITHDRAWN:
        workflow.check_response_transition(old, ResponseState.DRAFT)
        old = ResponseState.DRAFT
    if old == ResponseState.DRAFT:
        workflow.check_response_transition(old, ResponseState.SUBMITTED)
    response.state = ResponseState.SUBMITTED
    db.session.flush()


def _record(
    version: ResponseVersion, channel: Channel, arrival: _Arrival, *, actor: User, now: datetime
) -> None:
    late = arrival.late
    audit.record(
        actor,
        "response.registered",
        version.response,
        now=now,
        summary=f"{version.receipt_number} ({channel.value}{', late' if late else ''})",
        changes={
            "version": {"old": None, "new": version.number},
            "late": {"old": None, "new": late},
            "accepted_reason": {"old": None, "new": arrival.reason or None},
        },
    )
