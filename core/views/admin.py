"""Administration of users and bodies (administrators only)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from core import permissions, queries
from core.clock import utcnow
from core.forms import BodyForm, UserForm
from core.models import Body, User
from core.services import accounts
from core.views.unit_of_work import run

bp = Blueprint("admin", __name__, url_prefix="/admin")

Page = Response | str | tuple[str, int]


@bp.before_request
def _only_admins() -> None:
    permissions.require(permissions.can_manage_users(current_user))


def _user_form(user: User) -> UserForm:
    """The edit form: on a GET showing ``user`` as saved, on a POST what was sent."""
    form = UserForm(bodies=queries.bodies(), obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.show(user)
    return form


def _body_form(body: Body) -> BodyForm:
    form = BodyForm(committees=queries.committees(), obj=None if request.method == "POST" else body)
    if request.method == "GET":
        form.show(body)
    return form


def _user_page(form: UserForm, user: User | None, status: int) -> tuple[str, int]:
    return render_template("core/admin/user_form.html", form=form, user=user), status


def _body_page(form: BodyForm, body: Body | None, status: int) -> tuple[str, int]:
    return render_template("core/admin/body_form.html", form=form, body=body), status


@bp.get("/users")
def users() -> str:
    term = request.args.get("q", "").strip()
    return render_template("core/admin/users.html", users=queries.users_matching(term), q=term)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Page:
    form = UserForm(bodies=queries.bodies())
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors = [_("Give the new user a first password.")]
        else:
            outcome = run(
                lambda: accounts.create_user(
                    form.to_data(), form.password.data or "", actor=current_user, now=utcnow()
                ),
                success=lambda user: _("The user %(email)s was created.", email=user.email),
            )
            if outcome.ok:
                return redirect(url_for("admin.users"))
    return _user_page(form, None, 400 if form.errors or request.method == "POST" else 200)


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Page:
    user = queries.user(user_id) or abort(404)
    form = _user_form(user)
    if not form.validate_on_submit():
        return _user_page(form, user, 400 if form.errors else 200)
    outcome = run(
        lambda: accounts.update_user(
            user,
            form.to_data(),
            actor=current_user,
            now=utcnow(),
            expected_version=form.expected_version(),
            password=form.password.data or None,
        ),
        success=lambda saved: _("The user %(email)s was saved.", email=saved.email),
    )
    if not outcome.ok:
        return _user_page(form, user, outcome.status)
    return redirect(url_for("admin.users"))


@bp.post("/users/<id:user_id>/deactivate")
def deactivate_user(user_id: int) -> Response:
    user = queries.user(user_id) or abort(404)
    run(
        lambda: accounts.deactivate_user(user, actor=current_user, now=utcnow()),
        success=lambda done: _("The user %(email)s was deactivated.", email=done.email),
    )
    return redirect(url_for("admin.users"))


@bp.get("/bodies")
def bodies() -> str:
    return render_template("core/admin/bodies.html", bodies=queries.bodies())


@bp.route("/bodies/new", methods=["GET", "POST"])
def new_body() -> Page:
    form = BodyForm(committees=queries.committees())
    if not form.validate_on_submit():
        return _body_page(form, None, 400 if form.errors else 200)
    outcome = run(
        lambda: accounts.create_body(form.to_data(), actor=current_user, now=utcnow()),
        success=lambda body: _("The body %(code)s was created.", code=body.code),
    )
    if not outcome.ok:
        return _body_page(form, None, 400)
    return redirect(url_for("admin.bodies"))


@bp.route("/bodies/<id:body_id>", methods=["GET", "POST"])
def edit_body(body_id: int) -> Page:
    body = queries.body(body_id) or abort(404)
    form = _body_form(body)
    if not form.validate_on_submit():
        return _body_page(form, body, 400 if form.errors else 200)
    outcome = run(
        lambda: accounts.update_body(
            body,
            form.to_data(),
            actor=current_user,
            now=utcnow(),
            expected_version=form.expected_version(),
        ),
        success=lambda saved: _("The body %(code)s was saved.", code=saved.code),
    )
    if not outcome.ok:
        return _body_page(form, body, outcome.status)
    return redirect(url_for("admin.bodies"))
