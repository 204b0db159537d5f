"""Named permission predicates of editions (the public site needs none: it is public)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from barometer.models import Edition
from core.models import Role
from core.permissions import _is_user


def can_manage_editions(user: Any) -> bool:
    """Prepare, preview, publish and correct editions: the secretariat."""
    return _is_user(user) and user.has_role(Role.SECRETARIAT)


def can_view_edition_drafts(user: Any) -> bool:
    """See draft previews: the secretariat and administrators."""
    return _is_user(user) and bool(user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN))


def can_publish_edition(user: Any, edition: Edition) -> bool:
    return can_manage_editions(user) and not edition.is_published


def can_correct_edition(user: Any, edition: Edition) -> bool:
    return can_manage_editions(user) and edition.is_published


PREDICATES: dict[str, Callable[..., bool]] = {
    "can_manage_editions": can_manage_editions,
    "can_view_edition_drafts": can_view_edition_drafts,
    "can_publish_edition": can_publish_edition,
    "can_correct_edition": can_correct_edition,
}
