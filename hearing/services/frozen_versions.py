"""Frozen versions: what a submitted or registered response holds, numbered, hashed and
never changed afterwards.

A new version gets its own copies of the rows, a receipt number from the consultee's
receipt code (``receipt_code_for``; the caller holds the row lock on the response; the
unique constraints on the code and the number are the final guard), the canonical JSON of
``hearing.response_content`` and its SHA-256. A listener refuses any update or delete of a
version or its rows except marking it superseded or withdrawn.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from core.extensions import db
from core.models import User
from hearing import canonical
from hearing.errors import VersionFrozen
from hearing.models import Consultee
from hearing.models.responses import (
    Channel,
    CoverageAssessment,
    Proposal,
    Response,
    ResponseAttachment,
    ResponseVersion,
)
from hearing.proposals import PROPOSAL_FIELDS
from hearing.response_content import (
    AssessmentPart,
    AttachmentPart,
    ProposalPart,
    VersionContent,
    canonical_text,
    verify,
)
from hearing.services.response_drafts import CleanDraft

# What may change on a frozen version: the marks that it no longer counts.
_MARKS = {"superseded_at", "superseded_by_id", "withdrawn_at", "withdrawn_by_id", "superseded_by"}


def _salt() -> str:
    return secrets.token_hex(16)


# -- receipt codes ------------------------------------------------------------------------------


def _code_taken(code: str) -> bool:
    return db.session.scalar(select(Consultee.id).where(Consultee.receipt_code == code)) is not None


def receipt_code_for(consultee: Consultee) -> str:
    """The consultee's receipt code, allocated on first use and never changed afterwards.

    Two references ("BIU 1/2007", "BIU-1-2007") or a reference and a body code
    ("X 9" + "Y/Z", "X 9 Y" + "Z") can read alike; the later one then gets the hearing's id
    in its code. Codes are unique, so receipt numbers (code, then the version) are too.
    """
    if consultee.receipt_code:
        return consultee.receipt_code
    hearing, body = consultee.hearing, consultee.body
    reference, body_part = canonical.receipt_parts(hearing.reference, body.code)
    natural = f"{reference}-{body_part}"
    with_hearing = f"{reference}-H{hearing.id}-{body_part}"
    candidates = itertools.chain(
        (natural, with_hearing), (f"{with_hearing}-{n}" for n in itertools.count(2))
    )
    code = next(c for c in candidates if not _code_taken(c))
    consultee.receipt_code = code
    return code


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
                **({name: getattr(p, name) for name in PROPOSAL_FIELDS} | {"kind": str(p.kind)}),
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


def new_assessments(clean: CleanDraft) -> list[CoverageAssessment]:
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


def copy_assessment(a: CoverageAssessment) -> CoverageAssessment:
    return CoverageAssessment(
        position=a.position,
        goal_code=a.goal_code,
        assessment=a.assessment,
        comment=a.comment,
        confidential=a.confidential,
        confidential_reason=a.confidential_reason,
        salt=_salt() if a.confidential else None,
    )


def copy_proposal(p: Proposal) -> Proposal:
    values = {name: getattr(p, name) for name in PROPOSAL_FIELDS}
    return Proposal(position=p.position, **values, salt=_salt() if p.confidential else None)


def copy_attachment(a: ResponseAttachment) -> ResponseAttachment:
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
class Frozen:
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


def freeze(response: Response, frozen: Frozen, *, now: datetime) -> ResponseVersion:
    """Number, hash and store a new version; the previous current one is superseded."""
    previous = response.current_version
    number = response.receipt_sequence + 1
    # In the order the relationships read them back, so a reloaded version hashes the same.
    for rows in (frozen.assessments, frozen.proposals, frozen.attachments):
        rows.sort(key=lambda row: row.position)
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
        receipt_number=canonical.receipt_number(receipt_code_for(response.consultee), number),
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
    version.sha256 = canonical.content_sha256(content)
    db.session.flush()
    del version._sealing
    response.receipt_sequence = number
    db.session.flush()
    if previous is not None:
        previous.superseded_at = now
        previous.superseded_by_id = version.id
        db.session.flush()
    return version


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
