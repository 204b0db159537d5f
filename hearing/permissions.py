"""Named permission predicates of hearings, used by views and templates alike.

The secretariat creates, edits, issues and follows hearings. A member of a consulted
body sees the hearings its body is on once they are issued. Anyone sees an issued public
hearing. A predicate that takes ``now`` reads the state at that instant (views pass the
clock): an open hearing whose deadlines have all passed counts as closed before its closing
is saved (``Hearing.state_at``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from core.models import Role
from core.permissions import _is_user
from hearing.confidentiality import is_confidential_source
from hearing.models import Annex, Hearing
from hearing.models.consolidation import Recommendation
from hearing.models.responses import Proposal, Response, ResponseAttachment, ResponseVersion
from hearing.workflow import HearingState, ResponseState, accepts_answers


def is_secretariat(user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.SECRETARIAT)


def is_anonymous(user: Any) -> bool:
    """Not logged in (the public menu entry is for visitors)."""
    return not getattr(user, "is_authenticated", False)


def can_list_hearings(user: Any) -> bool:
    return _is_user(user)


def can_create_hearing(user: Any) -> bool:
    return is_secretariat(user)


def can_manage_hearing(user: Any, hearing: Hearing | None = None) -> bool:
    """Follow a hearing's dashboard, give extensions, add bodies after issue."""
    return is_secretariat(user)


def can_edit_hearing(user: Any, hearing: Hearing) -> bool:
    return is_secretariat(user) and hearing.state == HearingState.DRAFT


def can_issue_hearing(user: Any, hearing: Hearing) -> bool:
    return is_secretariat(user) and hearing.state == HearingState.DRAFT


def _state(hearing: Hearing, now: datetime | None) -> HearingState:
    """The stored state, or the state at ``now`` when the caller gives the clock."""
    return HearingState(hearing.state) if now is None else hearing.state_at(now)


def can_extend_deadline(user: Any, hearing: Hearing, now: datetime | None = None) -> bool:
    return is_secretariat(user) and _state(hearing, now) == HearingState.OPEN


def can_shorten_deadline(user: Any, hearing: Hearing, now: datetime | None = None) -> bool:
    return is_secretariat(user) and _state(hearing, now) == HearingState.OPEN


def can_reopen_hearing(user: Any, hearing: Hearing, now: datetime | None = None) -> bool:
    return is_secretariat(user) and _state(hearing, now) == HearingState.CLOSED


def can_cancel_hearing(user: Any, hearing: Hearing, now: datetime | None = None) -> bool:
    """Delete a draft, or cancel an issued hearing before its consolidation starts."""
    cancellable = (HearingState.DRAFT, HearingState.OPEN, HearingState.CLOSED)
    return is_secretariat(user) and _state(hearing, now) in cancellable


def can_send_to_parties(user: Any, hearing: Hearing) -> bool:
    """Send the note and the decision to every consulted body, once the decision is in."""
    return is_secretariat(user) and hearing.state in (HearingState.DECIDED, HearingState.ARCHIVED)


def is_public_hearing(hearing: Hearing) -> bool:
    return hearing.is_public and hearing.state != HearingState.DRAFT


def is_consulted(user: Any, hearing: Hearing) -> bool:
    if not _is_user(user) or hearing.state == HearingState.DRAFT:
        return False
    body_ids = {c.body_id for c in hearing.consultees}
    return any(b.id in body_ids for b in user.member_bodies)


def can_view_hearing(user: Any, hearing: Hearing) -> bool:
    """The staff view of a hearing (letter, list, annexes): secretariat or a consulted member."""
    return is_secretariat(user) or is_consulted(user, hearing)


def can_view_annex(user: Any, annex: Annex) -> bool:
    hearing = annex.hearing
    return is_public_hearing(hearing) or can_view_hearing(user, hearing)


# -- consolidation and decision (the secretariat only) ---------------------------------------


def can_start_consolidation(user: Any, hearing: Hearing, now: datetime | None = None) -> bool:
    return is_secretariat(user) and _state(hearing, now) == HearingState.CLOSED


def can_consolidate(user: Any, hearing: Hearing) -> bool:
    return is_secretariat(user) and hearing.state == HearingState.CONSOLIDATION


def can_view_consolidation(user: Any, hearing: Hearing) -> bool:
    return is_secretariat(user) and hearing.state in (
        HearingState.CONSOLIDATION,
        HearingState.DECIDED,
        HearingState.ARCHIVED,
    )


def can_record_decision(user: Any, hearing: Hearing) -> bool:
    return is_secretariat(user) and hearing.state == HearingState.CONSOLIDATION


def can_resolve_decision_conflict(user: Any, hearing: Hearing) -> bool:
    """Apply or keep a decided change that waits because the catalogue changed meanwhile."""
    return is_secretariat(user) and hearing.state == HearingState.DECIDED


# Responses
REGISTRABLE = (HearingState.OPEN, HearingState.CLOSED, HearingState.CONSOLIDATION)
# A cancelled hearing's responses stay with the secretariat: the hearing never concluded.
AFTER_CLOSE = frozenset(HearingState) - {
    HearingState.DRAFT,
    HearingState.OPEN,
    HearingState.CANCELLED,
}


def can_view_own_hearings(user: Any) -> bool:
    """The "my hearings" page: for members of at least one body."""
    return _is_user(user) and bool(user.member_bodies)


def is_member_of(user: Any, body_id: int) -> bool:
    return _is_user(user) and any(b.id == body_id for b in user.member_bodies)


def _open_for_body(response: Response, now: datetime) -> bool:
    """The one rule (:func:`hearing.workflow.accepts_answers`) for the body's deadline."""
    hearing = response.hearing
    extension = response.consultee.extension_until
    return accepts_answers(hearing.state, hearing.deadline, extension, now)


def can_answer_hearing(user: Any, hearing: Hearing) -> bool:
    """A member of a body on the issued hearing's list (may open the response page)."""
    if hearing.state == HearingState.DRAFT:
        return False
    return any(is_member_of(user, c.body_id) for c in hearing.consultees)


def can_view_response(user: Any, response: Response) -> bool:
    """The draft and the body's own versions: members of the body only."""
    return response.hearing.state != HearingState.DRAFT and is_member_of(
        user, response.consultee.body_id
    )


def can_edit_response(user: Any, response: Response, now: datetime) -> bool:
    return (
        can_view_response(user, response)
        and response.state == ResponseState.DRAFT
        and _open_for_body(response, now)
    )


def can_submit_response(user: Any, response: Response, now: datetime) -> bool:
    return can_edit_response(user, response, now)


def can_amend_response(user: Any, response: Response, now: datetime) -> bool:
    return (
        can_view_response(user, response)
        and response.state in (ResponseState.SUBMITTED, ResponseState.WITHDRAWN)
        and _open_for_body(response, now)
    )


def can_withdraw_response(user: Any, response: Response, now: datetime) -> bool:
    return (
        can_view_response(user, response)
        and response.state == ResponseState.SUBMITTED
        and _open_for_body(response, now)
    )


def can_view_response_version(user: Any, version: ResponseVersion) -> bool:
    """A version in full (receipt, PDF, confidential parts): the body or the secretariat."""
    return is_secretariat(user) or can_view_response(user, version.response)


def can_view_all_versions(user: Any, hearing: Hearing) -> bool:
    return is_secretariat(user) and hearing.state != HearingState.DRAFT


def can_register_response(user: Any, hearing: Hearing) -> bool:
    return is_secretariat(user) and hearing.state in REGISTRABLE


def responses_are_public(hearing: Hearing, now: datetime | None = None) -> bool:
    """Public parts of current submitted versions are open to all once the hearing closed."""
    return hearing.is_public and _state(hearing, now) in AFTER_CLOSE


def is_public_version(version: ResponseVersion, now: datetime | None = None) -> bool:
    return responses_are_public(version.response.hearing, now) and version.is_current


def can_download_attachment(user: Any, attachment: ResponseAttachment) -> bool:
    if attachment.response is not None:  # a draft's attachment
        return can_view_response(user, attachment.response)
    version = attachment.version
    if version is None:  # pragma: no cover - the check constraint forbids it
        return False
    return can_view_response_version(user, version)


def is_public_attachment(attachment: ResponseAttachment, now: datetime | None = None) -> bool:
    version = attachment.version
    return (
        version is not None
        and is_public_version(version, now)
        and not version.confidential
        and not attachment.confidential
    )


# -- text derived from confidential parts ----------------------------------------------------


def can_see_proposal_text(user: Any, proposal: Proposal) -> bool:
    """A confidential proposal's text (or one of a response confidential as a whole): only
    for who may see its response version in full."""
    if not is_confidential_source(proposal):
        return True
    return proposal.version is not None and can_view_response_version(user, proposal.version)


def can_see_recommendation_text(user: Any, recommendation: Recommendation) -> bool:
    """A recommendation's texts derived from confidential parts: the secretariat, or a user
    who may see every confidential proposal of its group; anyone once a rewrite is
    confirmed."""
    if not recommendation.withheld or is_secretariat(user):
        return True
    return all(can_see_proposal_text(user, p) for p in recommendation.group.proposals)


PREDICATES: dict[str, Callable[..., bool]] = {
    "can_list_hearings": can_list_hearings,
    "can_create_hearing": can_create_hearing,
    "can_manage_hearing": can_manage_hearing,
    "can_edit_hearing": can_edit_hearing,
    "can_issue_hearing": can_issue_hearing,
    "can_extend_deadline": can_extend_deadline,
    "can_shorten_deadline": can_shorten_deadline,
    "can_reopen_hearing": can_reopen_hearing,
    "can_cancel_hearing": can_cancel_hearing,
    "can_send_to_parties": can_send_to_parties,
    "can_view_hearing": can_view_hearing,
    "can_answer_hearing": can_answer_hearing,
    "can_view_response": can_view_response,
    "can_edit_response": can_edit_response,
    "can_submit_response": can_submit_response,
    "can_amend_response": can_amend_response,
    "can_withdraw_response": can_withdraw_response,
    "can_view_response_version": can_view_response_version,
    "can_view_all_versions": can_view_all_versions,
    "can_register_response": can_register_response,
    "responses_are_public": responses_are_public,
    "can_start_consolidation": can_start_consolidation,
    "can_consolidate": can_consolidate,
    "can_view_consolidation": can_view_consolidation,
    "can_record_decision": can_record_decision,
    "can_resolve_decision_conflict": can_resolve_decision_conflict,
    "can_see_proposal_text": can_see_proposal_text,
    "can_see_recommendation_text": can_see_recommendation_text,
}
