"""Single sign-on: the log-in through the identity provider and its return, and the
administrators' table of the provider's groups and the roles they give."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from core import permissions, queries, sso
from core.auth import start_session
from core.clock import utcnow
from core.forms import LoginForm
from core.i18n import error_text
from core.routing import external_url
from core.services import sso as sso_service
from core.sso_forms import GroupMappingForm
from core.views.common import safe_next
from core.views.unit_of_work import run

bp = Blueprint("sso", __name__)
groups_bp = Blueprint("sso_groups", __name__, url_prefix="/admin/sso-groups")

NEXT = "sso_next"
# Kept for the provider's log-out only while it fits the session cookie with room to spare.
MAX_ID_TOKEN_IN_COOKIE = 1800
Page = Response | str | tuple[str, int]


def _refused(message: str, status: int) -> tuple[str, int]:
    return render_template("core/login.html", form=LoginForm(), sso_error=message), status


@bp.get("/login/sso")
def start() -> Response | tuple[str, int]:
    if not sso.enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    session[NEXT] = safe_next(request.args.get("next"), url_for("main.index"))
    try:
        redirected: Response = sso.client().authorize_redirect(external_url("sso.callback"))
    except sso.FLOW_ERRORS:
        current_app.logger.exception("The identity provider could not be reached.")
        return _refused(_("The municipality's log-in cannot be reached just now. Try again."), 503)
    return redirected


@bp.get("/login/sso/callback")
def callback() -> Response | tuple[str, int]:
    if not sso.enabled():
        abort(404)
    try:
        claims = sso.receive_claims()
    except sso.FLOW_ERRORS as error:
        current_app.logger.warning("Single sign-on refused: %r", error)
        return _refused(_("The log-in with the municipality's account failed. Try again."), 401)
    config = current_app.config
    next_page = session.get(NEXT) or url_for("main.index")
    outcome = run(
        lambda: sso_service.sign_in(
            sso.identity_from_claims(claims, config),
            now=utcnow(),
            create_users=config["OIDC_CREATE_USERS"],
            link_by_email=config["OIDC_LINK_BY_EMAIL"],
        ),
        flash_errors=False,
    )
    if outcome.error is not None:
        return _refused(error_text(outcome.error), outcome.status)
    user = outcome.result()
    started = run(lambda: start_session(user))  # clears the session: keep the rest after it
    if not started.ok:
        return _refused(_("The log-in with the municipality's account failed. Try again."), 503)
    id_token = str(claims.get("_id_token") or "")
    session[sso.SIGNED_IN] = True
    if len(id_token) <= MAX_ID_TOKEN_IN_COOKIE:
        session[sso.ID_TOKEN] = id_token
    flash(_("You are logged in."), "success")
    return redirect(safe_next(next_page, url_for("main.index")))


# -- the group table -------------------------------------------------------------------------


@groups_bp.before_request
def _only_admins() -> None:
    permissions.require(permissions.can_manage_sso_groups(current_user))


def _page(form: GroupMappingForm, status: int) -> tuple[str, int]:
    page = render_template(
        "core/admin/sso_groups.html",
        form=form,
        mappings=queries.sso_group_mappings(),
        enabled=sso.enabled(),
    )
    return page, status


@groups_bp.get("/")
def index() -> Page:
    return _page(GroupMappingForm(bodies=queries.bodies()), 200)


@groups_bp.post("/")
def add() -> Page:
    form = GroupMappingForm(bodies=queries.bodies())
    if not form.validate_on_submit():
        return _page(form, 400)
    outcome = run(
        lambda: sso_service.add_group_mapping(form.to_data(), actor=current_user, now=utcnow()),
        success=lambda mapping: _("The group %(group)s was added.", group=mapping.group_name),
        form=form,
    )
    if not outcome.ok:
        return _page(form, outcome.status)
    return redirect(url_for("sso_groups.index"))


@groups_bp.post("/<id:mapping_id>/remove")
def remove(mapping_id: int) -> Response:
    mapping = queries.sso_group_mapping(mapping_id) or abort(404)
    group = mapping.group_name
    run(
        lambda: sso_service.remove_group_mapping(mapping, actor=current_user, now=utcnow()),
        success=_("The group %(group)s was removed.", group=group),
    )
    return redirect(url_for("sso_groups.index"))
