"""Named permission predicates of hearings, used by views and templates alike.

The secretariat creates, edits, issues and follows hearings. A member of a consulted
body sees the hearings its body is on once they are issued. Anyone sees an issued public
hearing.
"""

from __future__ import annotations

from typing import Any

from core.models import Role
from core.permissions import _is_user
from hearing.models import Annex, Hearing
from hearing.workflow import HearingState


def _is_secretariat(user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.SECRETARIAT)


def can_list_hearings(user: Any) -> bool:
    return _is_user(user)


def can_create_hearing(user: Any) -> bool:
    return _is_secretariat(user)


def can_manage_hearing(user: Any, hearing: Hearing | None = None) -> bool:
    """Follow a hearing's dashboard, give extensions, add bodies after issue."""
    return _is_secretariat(user)


def can_edit_hearing(user: Any, hearing: Hearing) -> bool:
    return _is_secretariat(user) and hearing.state == HearingState.DRAFT


def can_issue_hearing(user: Any, hearing: Hearing) -> bool:
    return _is_secretariat(user) and hearing.state == HearingState.DRAFT


def can_extend_deadline(user: Any, hearing: Hearing) -> bool:
    return _is_secretariat(user) and hearing.state == HearingState.OPEN


def is_public_hearing(hearing: Hearing) -> bool:
    return hearing.is_public and hearing.state != HearingState.DRAFT


def is_consulted(user: Any, hearing: Hearing) -> bool:
    if not _is_user(user) or hearing.state == HearingState.DRAFT:
        return False
    body_ids = {c.body_id for c in hearing.consultees}
    return any(b.id in body_ids for b in user.member_bodies)


def can_view_hearing(user: Any, hearing: Hearing) -> bool:
    """The staff view of a hearing (letter, list, annexes): secretariat or a consulted member."""
    return _is_secretariat(user) or is_consulted(user, hearing)


def can_view_annex(user: Any, annex: Annex) -> bool:
    hearing = annex.hearing
    return is_public_hearing(hearing) or can_view_hearing(user, hearing)


PREDICATES = {
    "can_list_hearings": can_list_hearings,
    "can_create_hearing": can_create_hearing,
    "can_manage_hearing": can_manage_hearing,
    "can_edit_hearing": can_edit_hearing,
    "can_issue_hearing": can_issue_hearing,
    "can_extend_deadline": can_extend_deadline,
    "can_view_hearing": can_view_hearing,
}


# -- consolidation and decision (the secretariat only) ---------------------------------------


def can_start_consolidation(user: Any, hearing: Hearing) -> bool:
    return _is_secretariat(user) and hearing.state == HearingState.CLOSED


def can_consolidate(user: Any, hearing: Hearing) -> bool:
    return _is_secretariat(user) and hearing.state == HearingState.CONSOLIDATION


def can_view_consolidation(user: Any, hearing: Hearing) -> bool:
    return _is_secretariat(user) and hearing.state in (
        HearingState.CONSOLIDATION,
        HearingState.DECIDED,
        HearingState.ARCHIVED,
    )


def can_record_decision(user: Any, hearing: Hearing) -> bool:
    return _is_secretariat(user) and hearing.state == HearingState.CONSOLIDATION


PREDICATES.update(
    can_start_consolidation=can_start_consolidation,
    can_consolidate=can_consolidate,
    can_view_consolidation=can_view_consolidation,
    can_record_decision=can_record_decision,
)
