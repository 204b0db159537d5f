"""Named permission predicates of the catalogue, used by views and templates alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from barometer.models import CatalogueVersion, Edition, MeasurementPeriod, VersionStatus
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
    """Edit, import into, approve or discard: a draft that no hearing has locked."""
    return (
        can_manage_catalogue(user)
        and version.status == VersionStatus.DRAFT
        and not version.is_locked
    )


def can_approve_version(user: Any, version: CatalogueVersion) -> bool:
    return can_edit_catalogue(user, version)


def can_discard_version(user: Any, version: CatalogueVersion) -> bool:
    return can_edit_catalogue(user, version)


# Editions
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


# Measurements, the reading and assessments
def can_view_reading(user: Any) -> bool:
    """Staff: the secretariat, administrators and the administrations' data contacts."""
    return _is_user(user) and bool(
        user.has_role(Role.SECRETARIAT) or user.has_role(Role.ADMIN) or user.data_contact_bodies
    )


def can_manage_periods(user: Any) -> bool:
    """Open and close measurement periods: the secretariat."""
    return _is_user(user) and user.has_role(Role.SECRETARIAT)


def can_enter_measurements(user: Any) -> bool:
    """Reach the entry pages at all: data contacts and the secretariat."""
    return _is_user(user) and bool(user.has_role(Role.SECRETARIAT) or user.data_contact_bodies)


def can_enter_value(user: Any, owner_id: int, period: MeasurementPeriod) -> bool:
    """Enter or correct one indicator's value: its administration's data contacts while the
    period is open, and the secretariat at any time."""
    if not _is_user(user):
        return False
    if user.has_role(Role.SECRETARIAT):
        return True
    return period.is_open and any(b.id == owner_id for b in user.data_contact_bodies)


def can_write_assessment(user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.SECRETARIAT)


def can_manage_comparisons(user: Any, owner_id: int) -> bool:
    """Import and delete an indicator's comparison series: the secretariat, or a data
    contact of the administration that owns the indicator (as for its measurements)."""
    if not can_enter_measurements(user):
        return False
    return bool(user.has_role(Role.SECRETARIAT)) or any(
        b.id == owner_id for b in user.data_contact_bodies
    )


PREDICATES: dict[str, Callable[..., bool]] = {
    "can_manage_catalogue": can_manage_catalogue,
    "can_view_catalogue": can_view_catalogue,
    "can_view_version": can_view_version,
    "can_edit_catalogue": can_edit_catalogue,
    "can_approve_version": can_approve_version,
    "can_discard_version": can_discard_version,
    "can_manage_editions": can_manage_editions,
    "can_view_edition_drafts": can_view_edition_drafts,
    "can_publish_edition": can_publish_edition,
    "can_correct_edition": can_correct_edition,
    "can_view_reading": can_view_reading,
    "can_manage_periods": can_manage_periods,
    "can_enter_measurements": can_enter_measurements,
    "can_enter_value": can_enter_value,
    "can_write_assessment": can_write_assessment,
    "can_manage_comparisons": can_manage_comparisons,
}
