"""Staff pages of the catalogue, under /barometer/catalogue: policies, drafts, a version.

Thin views: load the object, check permission, call one service, commit, respond.
A refused rule is shown beside its field; nothing is half saved because the view only
commits after the service returned. The nodes of a version are edited in
:mod:`barometer.views.catalogue_nodes`, whole versions in ``catalogue_versions``.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.forms.catalogue import DraftForm, PolicyForm
from barometer.lock_holders import lock_holder
from barometer.models import REPLACED_UNAPPROVED, Policy
from barometer.origin_links import change_sources
from barometer.queries import policies_with_versions, version_by_number, versions_based_on
from barometer.reading import readable_versions
from barometer.services import breakdowns
from barometer.services import catalogue_versions as svc
from barometer.views.common import Page, get_or_404, save, viewable_version
from core.clock import utcnow
from core.forms import choices
from core.i18n import current_locale
from core.paging import AREA_AT_A_TIME, chosen_part
from core.permissions import require
from core.views.unit_of_work import run

PREFIX = "/catalogue"


def _draft_form(policy: Policy, approved: list[Any]) -> DraftForm:
    """The form for a policy's next draft; a policy without an approved version may start
    from another policy's approved version (the newest preselected)."""
    form = DraftForm(prefix=f"draft-{policy.id}")
    if any(v.was_approved for v in policy.versions):
        return form
    others = [v for v in approved if v.policy_id != policy.id]
    locale = current_locale()
    form.based_on.choices = choices(
        [("", _("An empty catalogue"))]
        + [
            (str(v.number), f"{v.number}: {v.label_in(locale)} ({v.policy.name_in(locale)})")
            for v in others
        ]
    )
    if not form.is_submitted() and others:
        form.based_on.data = str(others[0].number)
    return form


@bp.get(f"{PREFIX}/")
def catalogue_index() -> str:
    require(perms.can_view_catalogue(current_user))
    policies = policies_with_versions()
    approved = readable_versions()
    forms = {p.id: _draft_form(p, approved) for p in policies}
    return render_template("barometer/catalogue/index.html", policies=policies, forms=forms)


@bp.route(f"{PREFIX}/policies/new", methods=["GET", "POST"])
def new_policy() -> Page:
    require(perms.can_manage_catalogue(current_user))
    form = PolicyForm()
    index = url_for("barometer.catalogue_index")
    return save(
        form,
        lambda: svc.create_policy(form.to_data(), actor=current_user, now=utcnow()),
        index,
        _("The policy was created."),
        _("New policy"),
        index,
    )


@bp.post(f"{PREFIX}/policies/<id:policy_id>/drafts")
def new_draft(policy_id: int) -> Page:
    require(perms.can_manage_catalogue(current_user))
    policy = get_or_404(Policy, policy_id)
    form = _draft_form(policy, readable_versions())
    if not form.validate_on_submit():
        flash(_("Give the new version a label."), "error")
        return redirect(url_for("barometer.catalogue_index")), 400  # type: ignore[return-value]
    data = form.to_data()
    source = version_by_number(data.based_on) if data.based_on else None
    outcome = run(
        lambda: svc.create_draft(
            policy,
            label=data.label,
            label_en=data.label_en,
            actor=current_user,
            now=utcnow(),
            based_on=source,
        ),
        success=lambda draft: _("Draft version %(number)s was made.", number=draft.number),
    )
    if not outcome.ok:
        return redirect(url_for("barometer.catalogue_index"))
    return redirect(url_for("barometer.version", number=outcome.result().number))


@bp.get(f"{PREFIX}/versions/<id:number>")
def version(number: int) -> str:
    version = viewable_version(number, tree=True)
    indicators = sum(len(g.indicators) for a in version.focus_areas for g in a.goals)
    codes = [a.code for a in version.focus_areas]
    chosen = chosen_part(codes, indicators, request.args.get("area", ""), AREA_AT_A_TIME)
    return render_template(
        "barometer/catalogue/version.html",
        version=version,
        chosen_area=chosen,
        shown_areas=[a for a in version.focus_areas if chosen is None or a.code == chosen],
        can_edit=perms.can_edit_catalogue(current_user, version),
        locked_by=lock_holder(version) if version.is_draft else None,
        illustrative=_illustrative(version),
        replaced_by=[
            v for v in versions_based_on(version) if perms.can_view_version(current_user, v)
        ]
        if version.shown_status == REPLACED_UNAPPROVED
        else [],
        sources=change_sources(version),
        dimensions=breakdowns.version_dimensions(version.id),
        chosen=breakdowns.version_breakdowns(version.id),
    )


def _illustrative(version: Any) -> bool:
    return any(
        area.illustrative
        or any(g.illustrative or any(i.illustrative for i in g.indicators) for g in area.goals)
        for area in version.focus_areas
    )
