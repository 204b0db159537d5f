"""Submitting, amending and withdrawing a body's response.

Submitting freezes the draft into a new version (``frozen_versions``). The deadline is
checked with the ``now`` the view passes in, under the row lock, right before the version
is written; the receipts go to the body's members.
"""

from __future__ import annotations

from datetime import datetime

from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.errors import AlreadySubmitted, StaleDraft
from hearing.models.responses import Response, ResponseVersion
from hearing.services import hearing_mail
from hearing.services.frozen_versions import (
    Frozen,
    copy_assessment,
    copy_attachment,
    copy_proposal,
    freeze,
)
from hearing.services.receipts import send_receipts
from hearing.services.response_guard import check_open, lock, summary, touch
from hearing.workflow import ResponseState


def _draft_is_empty(response: Response) -> bool:
    answered = any(a.assessment or a.comment for a in response.assessments)
    return not (
        answered or response.proposals or response.attachments or response.general_remarks.strip()
    )


def check_not_submitted(response: Response) -> None:
    """Refuse a second submission of the version that counts (a double click, or two
    members at once), naming its receipt."""
    current = response.current_version
    if response.state == ResponseState.SUBMITTED and current is not None:
        raise AlreadySubmitted(current.number, current.receipt_number)


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
    check_not_submitted(response)
    workflow.check_response_transition(response.state, ResponseState.SUBMITTED)
    if response.edit_version != expected_version:
        raise StaleDraft(None, response.edit_version)
    if not no_remarks and _draft_is_empty(response):
        raise ValidationFailed(
            N_("The response is empty. Answer at least one part, or answer 'no remarks'.")
        )
    frozen = Frozen(submitted_at=now, submitted_by=actor, no_remarks=no_remarks)
    if not no_remarks:
        frozen.confidential = response.confidential
        frozen.confidential_reason = response.confidential_reason
        frozen.general_remarks = response.general_remarks
        frozen.assessments = [
            copy_assessment(a) for a in sorted(response.assessments, key=lambda a: a.position)
        ]
        frozen.proposals = [copy_proposal(p) for p in response.proposals]
        frozen.attachments = [copy_attachment(a) for a in response.attachments]
    check_open(response, now)
    version = freeze(response, frozen, now=now)
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
    hearing_mail.response_submitted(version, now=now)
    return version


def amend_response(response: Response, *, actor: User, now: datetime) -> Response:
    """Reopen the draft; the submitted version keeps counting until a new one is submitted."""
    check_open(response, now)
    lock(response)
    old = response.state
    workflow.check_response_transition(old, ResponseState.DRAFT)
    response.state = ResponseState.DRAFT
    touch(response, actor, now)
    audit.record(
        actor,
        "response.amending",
        response,
        now=now,
        summary=summary(response),
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
    hearing_mail.response_withdrawn(version, actor=actor, now=now)
    return version
