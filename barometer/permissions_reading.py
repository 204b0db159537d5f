"""Named permission predicates of measurements, the reading and assessments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from barometer.models import MeasurementPeriod
from core.models import Role
from core.permissions import _is_user


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


PREDICATES: dict[str, Callable[..., bool]] = {
    "can_view_reading": can_view_reading,
    "can_manage_periods": can_manage_periods,
    "can_enter_measurements": can_enter_measurements,
    "can_enter_value": can_enter_value,
    "can_write_assessment": can_write_assessment,
}
