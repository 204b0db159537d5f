"""Named permission predicates of the catalogue, used by views and templates alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from barometer.models import CatalogueVersion, VersionStatus
from core.models import Role
from core.permissions import _is_user


def can_manage_catalogue(user: Any) -> bool:
    """Keep the catalogue: make drafts, edit, import, approve and discard (the secretariat)."""
    return _is_user(user) and user.has_role(Role.SECRETARIAT)


def can_view_catalogue(user: Any) -> bool:
    """See the list of versions: anyone signed in (approved versions are public anyway)."""
    return _is_user(user)


def can_view_version(user: Any, version: CatalogueVersion) -> bool:
    """Approved and superseded versions are public; a draft only for the secretariat."""
    if version.status != VersionStatus.DRAFT:
        return True
    return can_manage_catalogue(user)


def can_edit_catalogue(user: Any, version: CatalogueVersion) -> bool:
    return can_manage_catalogue(user) and version.status == VersionStatus.DRAFT


def can_approve_version(user: Any, version: CatalogueVersion) -> bool:
    return can_edit_catalogue(user, version)


def can_discard_version(user: Any, version: CatalogueVersion) -> bool:
    return can_edit_catalogue(user, version)


PREDICATES: dict[str, Callable[..., bool]] = {
    "can_manage_catalogue": can_manage_catalogue,
    "can_view_catalogue": can_view_catalogue,
    "can_view_version": can_view_version,
    "can_edit_catalogue": can_edit_catalogue,
    "can_approve_version": can_approve_version,
    "can_discard_version": can_discard_version,
}
