"""Staff pages of the catalogue, under /barometer/catalogue.

Thin views: load the object, check permission, call one service, commit, respond.
A refused rule is shown beside its field; nothing is half saved because the view only
commits after the service returned.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.errors import CatalogueInvalid
from barometer.forms.catalogue import (
    CriterionForm,
    DraftForm,
    FocusAreaForm,
    GoalForm,
    IndicatorForm,
    PolicyForm,
    attach_problems,
)
from barometer.models import (
    REPLACED_UNAPPROVED,
    FocusArea,
    Goal,
    Indicator,
    Policy,
    SuccessCriterion,
)
from barometer.origin_links import change_sources
from barometer.queries import policies_with_versions, versions_based_on
from barometer.services import catalogue_checks
from barometer.services import catalogue_nodes as svc
from barometer.services import catalogue_versions as versions
from barometer.views.common import editable, get_or_404, version_of, viewable_version
from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import Form
from core.permissions import require
from core.views.common import flash_error

Page = Response | str | tuple[str, int]
PREFIX = "/catalogue"


@bp.get(f"{PREFIX}/")
def catalogue_index() -> str:
    require(perms.can_view_catalogue(current_user))
    policies = policies_with_versions()
    forms = {p.id: DraftForm(prefix=f"draft-{p.id}") for p in policies}
    return render_template("barometer/catalogue/index.html", policies=policies, forms=forms)


@bp.route(f"{PREFIX}/policies/new", methods=["GET", "POST"])
def new_policy() -> Page:
    require(perms.can_manage_catalogue(current_user))
    form = PolicyForm()
    if form.validate_on_submit():
        try:
            versions.create_policy(form.to_data(), actor=current_user, now=utcnow())
        except DomainError as err:
            return _refused(
                form,
                err,
                "barometer/catalogue/form.html",
                _form_context(form, _("New policy"), url_for("barometer.catalogue_index")),
            )
        db.session.commit()
        flash(_("The policy was created."), "success")
        return redirect(url_for("barometer.catalogue_index"))
    return _form_page(form, _("New policy"), url_for("barometer.catalogue_index"))


@bp.post(f"{PREFIX}/policies/<int:policy_id>/drafts")
def new_draft(policy_id: int) -> Page:
    require(perms.can_manage_catalogue(current_user))
    policy = get_or_404(Policy, policy_id)
    form = DraftForm(prefix=f"draft-{policy.id}")
    if not form.validate_on_submit():
        flash(_("Give the new version a label."), "error")
        return redirect(url_for("barometer.catalogue_index")), 400  # type: ignore[return-value]
    try:
        draft = versions.create_draft(
            policy, label=form.to_data().label, actor=current_user, now=utcnow()
        )
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
        return redirect(url_for("barometer.catalogue_index"))
    db.session.commit()
    flash(_("Draft version %(number)s was made.", number=draft.number), "success")
    return redirect(url_for("barometer.version", number=draft.number))


@bp.get(f"{PREFIX}/versions/<int:number>")
def version(number: int) -> str:
    version = viewable_version(number, tree=True)
    return render_template(
        "barometer/catalogue/version.html",
        version=version,
        can_edit=perms.can_edit_catalogue(current_user, version),
        illustrative=_illustrative(version),
        replaced_by=[
            v for v in versions_based_on(version) if perms.can_view_version(current_user, v)
        ]
        if version.shown_status == REPLACED_UNAPPROVED
        else [],
        sources=change_sources(version),
    )


def _illustrative(version: Any) -> bool:
    return any(
        area.illustrative
        or any(g.illustrative or any(i.illustrative for i in g.indicators) for g in area.goals)
        for area in version.focus_areas
    )


# -- generic form handling -------------------------------------------------------------


def _form_context(form: Form, title: str, cancel: str, **extra: Any) -> dict[str, Any]:
    return {"form": form, "title": title, "cancel_url": cancel, **extra}


def _form_page(
    form: Form, title: str, cancel: str, status: int | None = None, **extra: Any
) -> tuple[str, int]:
    code = status or (400 if form.errors else 200)
    return render_template(
        "barometer/catalogue/form.html", **_form_context(form, title, cancel, **extra)
    ), code


def _refused(form: Form, err: DomainError, template: str, context: dict[str, Any]) -> Page:
    db.session.rollback()
    if isinstance(err, CatalogueInvalid):
        for text in attach_problems(form, err.problems):
            flash(text, "error")
    else:
        flash_error(err)
    return render_template(template, **context), err.status_code


def _save(
    form: Form,
    action: Callable[[], Any],
    done: str,
    message: str,
    title: str,
    cancel: str,
    **extra: Any,
) -> Page:
    """Validate, call the service, commit and redirect; or show the form with its errors."""
    if form.validate_on_submit():
        try:
            action()
        except DomainError as err:
            return _refused(
                form,
                err,
                "barometer/catalogue/form.html",
                _form_context(form, title, cancel, **extra),
            )
        db.session.commit()
        flash(message, "success")
        return redirect(done)
    return _form_page(form, title, cancel, **extra)


def _tree_url(version: Any, anchor: str = "") -> str:
    url = url_for("barometer.version", number=version.number)
    return f"{url}#{anchor}" if anchor else url


def _delete(obj: Any, action: Callable[..., None], message: str) -> Response:
    version = editable(version_of(obj))
    try:
        action(obj, actor=current_user, now=utcnow())
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
        return redirect(_tree_url(version))
    db.session.commit()
    flash(message, "success")
    return redirect(_tree_url(version))


# -- focus areas ------------------------------------------------------------------------


@bp.route(f"{PREFIX}/versions/<int:number>/focus-areas/new", methods=["GET", "POST"])
def new_focus_area(number: int) -> Page:
    version = editable(viewable_version(number))
    versions.ensure_editable(version)
    form = FocusAreaForm()
    if request.method == "GET":
        form.number.data = len(version.focus_areas) + 1
    return _save(
        form,
        lambda: svc.add_focus_area(version, form.to_data(), actor=current_user, now=utcnow()),
        _tree_url(version),
        _("The focus area was added."),
        _("New focus area"),
        _tree_url(version),
        version=version,
    )


@bp.route(f"{PREFIX}/focus-areas/<int:area_id>/edit", methods=["GET", "POST"])
def edit_focus_area(area_id: int) -> Page:
    area = get_or_404(FocusArea, area_id)
    version = editable(area.version)
    versions.ensure_editable(version)
    form = FocusAreaForm(obj=area if request.method == "GET" else None)
    return _save(
        form,
        lambda: svc.update_focus_area(
            area,
            form.to_data(),
            actor=current_user,
            now=utcnow(),
            expected_version=form.expected_version(),
        ),
        _tree_url(version, f"area-{area.code}"),
        _("The focus area was saved."),
        _("Edit focus area %(code)s", code=area.code),
        _tree_url(version),
        version=version,
        delete_url=url_for("barometer.delete_focus_area", area_id=area.id),
    )


@bp.post(f"{PREFIX}/focus-areas/<int:area_id>/delete")
def delete_focus_area(area_id: int) -> Response:
    return _delete(
        get_or_404(FocusArea, area_id), svc.delete_focus_area, _("The focus area was deleted.")
    )


# -- goals ---------------------------------------------------------------------------------


@bp.route(f"{PREFIX}/focus-areas/<int:area_id>/goals/new", methods=["GET", "POST"])
def new_goal(area_id: int) -> Page:
    area = get_or_404(FocusArea, area_id)
    version = editable(area.version)
    versions.ensure_editable(version)
    form = GoalForm(focus_areas=version.focus_areas)
    if request.method == "GET":
        form.focus_area.data = area.id

    def action() -> Goal:
        target = get_or_404(FocusArea, form.focus_area.data)
        return svc.add_goal(target, form.to_data(), actor=current_user, now=utcnow())

    return _save(
        form,
        action,
        _tree_url(version),
        _("The goal was added."),
        _("New goal"),
        _tree_url(version),
        version=version,
    )


@bp.route(f"{PREFIX}/goals/<int:goal_id>/edit", methods=["GET", "POST"])
def edit_goal(goal_id: int) -> Page:
    goal = get_or_404(Goal, goal_id)
    version = editable(version_of(goal))
    versions.ensure_editable(version)
    form = GoalForm(focus_areas=version.focus_areas, obj=goal if request.method == "GET" else None)
    if request.method == "GET":
        form.focus_area.data = goal.focus_area_id

    def action() -> Goal:
        target = get_or_404(FocusArea, form.focus_area.data)
        return svc.update_goal(
            goal,
            form.to_data(),
            actor=current_user,
            now=utcnow(),
            focus_area=target,
            expected_version=form.expected_version(),
        )

    return _save(
        form,
        action,
        _tree_url(version, f"goal-{goal.code}"),
        _("The goal was saved."),
        _("Edit goal %(code)s", code=goal.code),
        _tree_url(version),
        version=version,
        delete_url=url_for("barometer.delete_goal", goal_id=goal.id),
    )


@bp.post(f"{PREFIX}/goals/<int:goal_id>/delete")
def delete_goal(goal_id: int) -> Response:
    return _delete(get_or_404(Goal, goal_id), svc.delete_goal, _("The goal was deleted."))


def _move(obj: Goal | Indicator, anchor: str) -> Response:
    version = editable(version_of(obj))
    offset = -1 if request.form.get("direction") == "up" else 1
    try:
        svc.move(obj, offset, actor=current_user, now=utcnow())
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
    else:
        db.session.commit()
    return redirect(_tree_url(version, anchor))


@bp.post(f"{PREFIX}/goals/<int:goal_id>/move")
def move_goal(goal_id: int) -> Response:
    goal = get_or_404(Goal, goal_id)
    return _move(goal, f"goal-{goal.code}")


# -- indicators -----------------------------------------------------------------------------


def _indicator_form(version: Any, obj: Indicator | None = None) -> IndicatorForm:
    goals = [g for area in version.focus_areas for g in area.goals]
    owners = sorted(catalogue_checks.administrations().values(), key=lambda b: b.code)
    if obj is not None and obj.owner not in owners:
        owners.append(obj.owner)  # a deactivated owner stays visible (the service refuses it)
    form = IndicatorForm(goals=goals, owners=owners, obj=obj if request.method == "GET" else None)
    if request.method == "GET" and obj is not None:
        form.goal.data, form.owner.data = obj.goal_id, obj.owner.code
        form.kind.data, form.unit.data = str(obj.kind), str(obj.unit)
    return form


@bp.route(f"{PREFIX}/goals/<int:goal_id>/indicators/new", methods=["GET", "POST"])
def new_indicator(goal_id: int) -> Page:
    goal = get_or_404(Goal, goal_id)
    version = editable(version_of(goal))
    versions.ensure_editable(version)
    form = _indicator_form(version)
    if request.method == "GET":
        form.goal.data = goal.id

    def action() -> Indicator:
        target = get_or_404(Goal, form.goal.data)
        return svc.add_indicator(target, form.to_data(), actor=current_user, now=utcnow())

    return _save(
        form,
        action,
        _tree_url(version, f"goal-{goal.code}"),
        _("The indicator was added."),
        _("New indicator"),
        _tree_url(version),
        version=version,
    )


@bp.route(f"{PREFIX}/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
def edit_indicator(indicator_id: int) -> Page:
    indicator = get_or_404(Indicator, indicator_id)
    version = editable(version_of(indicator))
    versions.ensure_editable(version)
    form = _indicator_form(version, indicator)

    def action() -> Indicator:
        target = get_or_404(Goal, form.goal.data)
        return svc.update_indicator(
            indicator,
            form.to_data(),
            actor=current_user,
            now=utcnow(),
            goal=target,
            expected_version=form.expected_version(),
        )

    return _save(
        form,
        action,
        _tree_url(version, f"indicator-{indicator.code}"),
        _("The indicator was saved."),
        _("Edit indicator %(code)s", code=indicator.code),
        _tree_url(version),
        version=version,
        delete_url=url_for("barometer.delete_indicator", indicator_id=indicator.id),
    )


@bp.post(f"{PREFIX}/indicators/<int:indicator_id>/delete")
def delete_indicator(indicator_id: int) -> Response:
    return _delete(
        get_or_404(Indicator, indicator_id), svc.delete_indicator, _("The indicator was deleted.")
    )


@bp.post(f"{PREFIX}/indicators/<int:indicator_id>/move")
def move_indicator(indicator_id: int) -> Response:
    indicator = get_or_404(Indicator, indicator_id)
    return _move(indicator, f"indicator-{indicator.code}")


# -- success criteria -----------------------------------------------------------------------


def _new_criterion(target: Goal | Indicator) -> Page:
    version = editable(version_of(target))
    versions.ensure_editable(version)
    baseline = target.baseline_period if isinstance(target, Indicator) else None
    form = CriterionForm(baseline_period=baseline)
    return _save(
        form,
        lambda: svc.add_criterion(target, form.to_data(), actor=current_user, now=utcnow()),
        _tree_url(version, f"{type(target).__name__.lower()}-{target.code}"),
        _("The success criterion was added."),
        _("New success criterion for %(code)s", code=target.code),
        _tree_url(version),
        version=version,
    )


@bp.route(f"{PREFIX}/goals/<int:goal_id>/criteria/new", methods=["GET", "POST"])
def new_goal_criterion(goal_id: int) -> Page:
    return _new_criterion(get_or_404(Goal, goal_id))


@bp.route(f"{PREFIX}/indicators/<int:indicator_id>/criteria/new", methods=["GET", "POST"])
def new_indicator_criterion(indicator_id: int) -> Page:
    return _new_criterion(get_or_404(Indicator, indicator_id))


@bp.route(f"{PREFIX}/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
def edit_criterion(criterion_id: int) -> Page:
    criterion = get_or_404(SuccessCriterion, criterion_id)
    version = editable(version_of(criterion))
    versions.ensure_editable(version)
    target = criterion.indicator or criterion.goal
    baseline = criterion.indicator.baseline_period if criterion.indicator else None
    form = CriterionForm(
        baseline_period=baseline, obj=criterion if request.method == "GET" else None
    )
    return _save(
        form,
        lambda: svc.update_criterion(
            criterion,
            form.to_data(),
            actor=current_user,
            now=utcnow(),
            expected_version=form.expected_version(),
        ),
        _tree_url(version),
        _("The success criterion was saved."),
        _("Edit success criterion %(code)s", code=criterion.code),
        _tree_url(version),
        version=version,
        target=target,
        delete_url=url_for("barometer.delete_criterion", criterion_id=criterion.id),
    )


@bp.post(f"{PREFIX}/criteria/<int:criterion_id>/delete")
def delete_criterion(criterion_id: int) -> Response:
    return _delete(
        get_or_404(SuccessCriterion, criterion_id),
        svc.delete_criterion,
        _("The success criterion was deleted."),
    )
