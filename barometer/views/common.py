"""Helpers shared by the catalogue's views: load, check permission, or stop; show a node's
form, save it through the unit of work, and go back to the version's tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import permissions as perms
from barometer.models import CatalogueVersion, FocusArea, Goal, Indicator, SuccessCriterion
from barometer.queries import area_of_anchor, by_id, version_by_number
from core.forms import Form
from core.paging import AREA_AT_A_TIME
from core.permissions import require
from core.views.unit_of_work import run

T = TypeVar("T")
Page = Response | str | tuple[str, int]


def get_or_404(model: type[T], object_id: int) -> T:
    obj = by_id(model, object_id)
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


def tree_url(version: Any, anchor: str = "") -> str:
    """The version's page at a node (``goal-CODE``, ``indicator-CODE``, ``area-CODE``); on
    a version shown one focus area at a time, the page of the node's focus area."""
    area = area_of_anchor(version.id, anchor, AREA_AT_A_TIME) if anchor else None
    url = url_for("barometer.version", number=version.number, area=area)
    return f"{url}#{anchor}" if anchor else url


def form_page(
    form: Form, title: str, cancel: str, status: int | None = None, **extra: Any
) -> tuple[str, int]:
    code = status or (400 if form.errors else 200)
    context = {"form": form, "title": title, "cancel_url": cancel, **extra}
    return render_template("barometer/catalogue/form.html", **context), code


def save(
    form: Form,
    action: Callable[[], Any],
    done: str,
    message: str,
    title: str,
    cancel: str,
    **extra: Any,
) -> Page:
    """Validate, call the service, commit and redirect; or show the form with its errors."""
    if not form.validate_on_submit():
        return form_page(form, title, cancel, **extra)
    outcome = run(action, success=message, form=form)
    if not outcome.ok:
        return form_page(form, title, cancel, outcome.status, **extra)
    return redirect(done)
