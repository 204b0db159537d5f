"""Editing the nodes of a draft version: focus areas, goals, indicators, success criteria.

Each form goes through :func:`barometer.views.common.save`: validate, call one service,
commit, back to the version's tree; a refused rule is shown beside its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer.blueprint import bp
from barometer.forms.catalogue import (
    CriterionForm,
    FocusAreaForm,
    GoalForm,
    IndicatorForm,
    cycle_choice,
)
from barometer.models import CatalogueVersion, FocusArea, Goal, Indicator, SuccessCriterion
from barometer.services import catalogue_checks, catalogue_versions
from barometer.services import catalogue_nodes as svc
from barometer.views.common import (
    Page,
    editable,
    get_or_404,
    save,
    tree_url,
    version_of,
    viewable_version,
)
from core.clock import utcnow
from core.forms import Form
from core.views.unit_of_work import run

PREFIX = "/catalogue"


def _delete(obj: Any, action: Callable[..., None], message: str) -> Response:
    version = editable(version_of(obj))
    run(lambda: action(obj, actor=current_user, now=utcnow()), success=message)
    return redirect(tree_url(version))


def _draft_of(obj: Any) -> CatalogueVersion:
    """The draft version ``obj`` belongs to, if the user may edit it (else 403/409)."""
    version = editable(version_of(obj))
    catalogue_versions.ensure_editable(version)
    return version


def _new() -> dict[str, Any]:
    """What every service that adds a node takes besides the node and its data."""
    return {"actor": current_user, "now": utcnow()}


def _edit(form: Form) -> dict[str, Any]:
    """What every service that saves a node takes: the version the form was opened at."""
    return {"actor": current_user, "now": utcnow(), "expected_version": form.expected_version()}


def _save(form: Form, version: CatalogueVersion, action: Callable[[], Any], anchor: str,
          message: str, title: str, **extra: Any) -> Page:  # fmt: skip
    """Save through the unit of work and go back to the node in the version's tree."""
    done, cancel = tree_url(version, anchor), tree_url(version)
    return save(form, action, done, message, title, cancel, version=version, **extra)


def _on_get() -> bool:
    return request.method == "GET"


# -- focus areas ------------------------------------------------------------------------


@bp.route(f"{PREFIX}/versions/<id:number>/focus-areas/new", methods=["GET", "POST"])
def new_focus_area(number: int) -> Page:
    version = editable(viewable_version(number))
    catalogue_versions.ensure_editable(version)
    form = FocusAreaForm()
    if _on_get():
        form.number.data = len(version.focus_areas) + 1
    return _save(form, version,
                 lambda: svc.add_focus_area(version, form.to_data(), **_new()), "",
                 _("The focus area was added."), _("New focus area"))  # fmt: skip


@bp.route(f"{PREFIX}/focus-areas/<id:area_id>/edit", methods=["GET", "POST"])
def edit_focus_area(area_id: int) -> Page:
    area = get_or_404(FocusArea, area_id)
    version = _draft_of(area)
    form = FocusAreaForm(obj=area if _on_get() else None)
    return _save(form, version,
                 lambda: svc.update_focus_area(area, form.to_data(), **_edit(form)),
                 f"area-{area.code}", _("The focus area was saved."),
                 _("Edit focus area %(code)s", code=area.code),
                 delete_url=url_for("barometer.delete_focus_area", area_id=area.id))  # fmt: skip


@bp.post(f"{PREFIX}/focus-areas/<id:area_id>/delete")
def delete_focus_area(area_id: int) -> Response:
    return _delete(
        get_or_404(FocusArea, area_id), svc.delete_focus_area, _("The focus area was deleted.")
    )


# -- goals ---------------------------------------------------------------------------------


@bp.route(f"{PREFIX}/focus-areas/<id:area_id>/goals/new", methods=["GET", "POST"])
def new_goal(area_id: int) -> Page:
    area = get_or_404(FocusArea, area_id)
    version = _draft_of(area)
    form = GoalForm(focus_areas=version.focus_areas)
    if _on_get():
        form.focus_area.data = area.id

    def action() -> Goal:
        target = get_or_404(FocusArea, form.focus_area.data)
        return svc.add_goal(target, form.to_data(), **_new())

    return _save(form, version, action, "", _("The goal was added."), _("New goal"))


@bp.route(f"{PREFIX}/goals/<id:goal_id>/edit", methods=["GET", "POST"])
def edit_goal(goal_id: int) -> Page:
    goal = get_or_404(Goal, goal_id)
    version = _draft_of(goal)
    form = GoalForm(focus_areas=version.focus_areas, obj=goal if _on_get() else None)
    if _on_get():
        form.focus_area.data = goal.focus_area_id

    def action() -> Goal:
        target = get_or_404(FocusArea, form.focus_area.data)
        return svc.update_goal(goal, form.to_data(), focus_area=target, **_edit(form))

    return _save(form, version, action, f"goal-{goal.code}", _("The goal was saved."),
                 _("Edit goal %(code)s", code=goal.code),
                 delete_url=url_for("barometer.delete_goal", goal_id=goal.id))  # fmt: skip


@bp.post(f"{PREFIX}/goals/<id:goal_id>/delete")
def delete_goal(goal_id: int) -> Response:
    return _delete(get_or_404(Goal, goal_id), svc.delete_goal, _("The goal was deleted."))


def _move(obj: Goal | Indicator, anchor: str) -> Response:
    version = editable(version_of(obj))
    offset = -1 if request.form.get("direction") == "up" else 1
    run(lambda: svc.move(obj, offset, actor=current_user, now=utcnow()))
    return redirect(tree_url(version, anchor))


@bp.post(f"{PREFIX}/goals/<id:goal_id>/move")
def move_goal(goal_id: int) -> Response:
    goal = get_or_404(Goal, goal_id)
    return _move(goal, f"goal-{goal.code}")


# -- indicators -----------------------------------------------------------------------------


def _indicator_form(version: Any, obj: Indicator | None = None) -> IndicatorForm:
    goals = [g for area in version.focus_areas for g in area.goals]
    owners = sorted(catalogue_checks.administrations().values(), key=lambda b: b.code)
    if obj is not None and obj.owner not in owners:
        owners.append(obj.owner)  # a deactivated owner stays visible (the service refuses it)
    form = IndicatorForm(goals=goals, owners=owners, obj=obj if _on_get() else None)
    if _on_get() and obj is not None:
        form.goal.data, form.owner.data = obj.goal_id, obj.owner.code
        form.kind.data, form.unit.data = str(obj.kind), str(obj.unit)
        form.cycle.data = cycle_choice(obj.frequency, obj.measured_half)
    return form


@bp.route(f"{PREFIX}/goals/<id:goal_id>/indicators/new", methods=["GET", "POST"])
def new_indicator(goal_id: int) -> Page:
    goal = get_or_404(Goal, goal_id)
    version = _draft_of(goal)
    form = _indicator_form(version)
    if _on_get():
        form.goal.data = goal.id

    def action() -> Indicator:
        target = get_or_404(Goal, form.goal.data)
        return svc.add_indicator(target, form.to_data(), **_new())

    return _save(form, version, action, f"goal-{goal.code}", _("The indicator was added."),
                 _("New indicator"))  # fmt: skip


@bp.route(f"{PREFIX}/indicators/<id:indicator_id>/edit", methods=["GET", "POST"])
def edit_indicator(indicator_id: int) -> Page:
    indicator = get_or_404(Indicator, indicator_id)
    version = _draft_of(indicator)
    form = _indicator_form(version, indicator)
    delete_url = url_for("barometer.delete_indicator", indicator_id=indicator.id)

    def action() -> Indicator:
        target = get_or_404(Goal, form.goal.data)
        return svc.update_indicator(indicator, form.to_data(), goal=target, **_edit(form))

    return _save(form, version, action, f"indicator-{indicator.code}",
                 _("The indicator was saved."), _("Edit indicator %(code)s", code=indicator.code),
                 delete_url=delete_url)  # fmt: skip


@bp.post(f"{PREFIX}/indicators/<id:indicator_id>/delete")
def delete_indicator(indicator_id: int) -> Response:
    return _delete(
        get_or_404(Indicator, indicator_id), svc.delete_indicator, _("The indicator was deleted.")
    )


@bp.post(f"{PREFIX}/indicators/<id:indicator_id>/move")
def move_indicator(indicator_id: int) -> Response:
    indicator = get_or_404(Indicator, indicator_id)
    return _move(indicator, f"indicator-{indicator.code}")


# -- success criteria -----------------------------------------------------------------------


def _new_criterion(target: Goal | Indicator) -> Page:
    version = _draft_of(target)
    baseline = target.baseline_period if isinstance(target, Indicator) else None
    form = CriterionForm(baseline_period=baseline)
    return _save(form, version,
                 lambda: svc.add_criterion(target, form.to_data(), **_new()),
                 f"{type(target).__name__.lower()}-{target.code}",
                 _("The success criterion was added."),
                 _("New success criterion for %(code)s", code=target.code))  # fmt: skip


@bp.route(f"{PREFIX}/goals/<id:goal_id>/criteria/new", methods=["GET", "POST"])
def new_goal_criterion(goal_id: int) -> Page:
    return _new_criterion(get_or_404(Goal, goal_id))


@bp.route(f"{PREFIX}/indicators/<id:indicator_id>/criteria/new", methods=["GET", "POST"])
def new_indicator_criterion(indicator_id: int) -> Page:
    return _new_criterion(get_or_404(Indicator, indicator_id))


@bp.route(f"{PREFIX}/criteria/<id:criterion_id>/edit", methods=["GET", "POST"])
def edit_criterion(criterion_id: int) -> Page:
    criterion = get_or_404(SuccessCriterion, criterion_id)
    version = _draft_of(criterion)
    baseline = criterion.indicator.baseline_period if criterion.indicator else None
    form = CriterionForm(baseline_period=baseline, obj=criterion if _on_get() else None)
    delete_url = url_for("barometer.delete_criterion", criterion_id=criterion.id)
    return _save(form, version,
                 lambda: svc.update_criterion(criterion, form.to_data(), **_edit(form)), "",
                 _("The success criterion was saved."),
                 _("Edit success criterion %(code)s", code=criterion.code),
                 target=criterion.indicator or criterion.goal,
                 delete_url=delete_url)  # fmt: skip


@bp.post(f"{PREFIX}/criteria/<id:criterion_id>/delete")
def delete_criterion(criterion_id: int) -> Response:
    return _delete(
        get_or_404(SuccessCriterion, criterion_id),
        svc.delete_criterion,
        _("The success criterion was deleted."),
    )
