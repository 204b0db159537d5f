"""Loading helpers shared by the catalogue's views: load, check permission, or stop."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from barometer import permissions as perms
from barometer.models import CatalogueVersion, FocusArea, Goal, Indicator, SuccessCriterion
from barometer.queries import version_by_number
from core.extensions import db
from core.permissions import require

T = TypeVar("T")


def get_or_404(model: type[T], object_id: int) -> T:
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def viewable_version(number: int, *, tree: bool = False) -> CatalogueVersion:
    version = version_by_number(number, tree=tree)
    if version is None:
        abort(404)
    if not perms.can_view_version(current_user, version):
        # A draft is not shown to whoever may not see it: it does not exist for them.
        if current_user.is_authenticated:
            abort(404)
        require(False)
    return version


def editable(version: CatalogueVersion) -> CatalogueVersion:
    require(perms.can_manage_catalogue(current_user))
    return version


def version_of(obj: Any) -> CatalogueVersion:
    if isinstance(obj, FocusArea):
        return obj.version
    if isinstance(obj, Goal):
        return obj.focus_area.version
    if isinstance(obj, Indicator):
        return obj.goal.focus_area.version
    if isinstance(obj, SuccessCriterion):
        return version_of(obj.indicator or obj.goal)
    raise TypeError(type(obj))
