"""Administration of users and bodies (administrators only)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from core import permissions
from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import BodyForm, UserForm
from core.models import Body, BodyKind, Role, User
from core.services import accounts
from core.views.common import flash_error

bp = Blueprint("admin", __name__, url_prefix="/admin")

Page = Response | str | tuple[str, int]


@bp.before_request
def _only_admins() -> None:
    permissions.require(permissions.can_manage_users(current_user))


def _bodies() -> list[Body]:
    return list(db.session.scalars(select(Body).order_by(Body.kind, Body.code)))


@bp.get("/users")
def users() -> str:
    query = select(User).order_by(func.lower(User.name))
    term = request.args.get("q", "").strip()
    if term:
        like = f"%{term.lower()}%"
        query = query.where(func.lower(User.name).like(like) | User.email.like(like))
    return render_template("core/admin/users.html", users=db.session.scalars(query), q=term)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> Page:
    form = UserForm(bodies=_bodies())
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors = [_("Give the new user a first password.")]
        else:
            try:
                user = accounts.create_user(
                    form.to_data(), form.password.data, actor=current_user, now=utcnow()
                )
            except DomainError as err:
                db.session.rollback()
                flash_error(err)
            else:
                db.session.commit()
                flash(_("The user %(email)s was created.", email=user.email), "success")
                return redirect(url_for("admin.users"))
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("core/admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> Page:
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(bodies=_bodies(), obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.is_admin.data = user.has_role(Role.ADMIN)
        form.is_secretariat.data = user.has_role(Role.SECRETARIAT)
        form.member_of.data = [b.id for b in user.member_bodies]
        form.data_contact_for.data = [b.id for b in user.data_contact_bodies]
        form.version.data = str(user.version)
    if form.validate_on_submit():
        try:
            accounts.update_user(
                user,
                form.to_data(),
                actor=current_user,
                now=utcnow(),
                expected_version=form.expected_version(),
            )
            if form.password.data:
                accounts.set_password(user, form.password.data, actor=current_user, now=utcnow())
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return render_template("core/admin/user_form.html", form=form, user=user), (
                err.status_code
            )
        db.session.commit()
        flash(_("The user %(email)s was saved.", email=user.email), "success")
        return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("core/admin/user_form.html", form=form, user=user), status


@bp.post("/users/<int:user_id>/deactivate")
def deactivate_user(user_id: int) -> Response:
    user = db.session.get(User, user_id) or abort(404)
    try:
        accounts.deactivate_user(user, actor=current_user, now=utcnow())
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
    else:
        db.session.commit()
        flash(_("The user %(email)s was deactivated.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.get("/bodies")
def bodies() -> str:
    return render_template("core/admin/bodies.html", bodies=_bodies())


def _committees() -> list[Body]:
    return [b for b in _bodies() if b.kind == BodyKind.COMMITTEE]


@bp.route("/bodies/new", methods=["GET", "POST"])
def new_body() -> Page:
    form = BodyForm(committees=_committees())
    if form.validate_on_submit():
        try:
            body = accounts.create_body(form.to_data(), actor=current_user, now=utcnow())
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return render_template("core/admin/body_form.html", form=form, body=None), 400
        db.session.commit()
        flash(_("The body %(code)s was created.", code=body.code), "success")
        return redirect(url_for("admin.bodies"))
    status = 400 if form.errors else 200
    return render_template("core/admin/body_form.html", form=form, body=None), status


@bp.route("/bodies/<int:body_id>", methods=["GET", "POST"])
def edit_body(body_id: int) -> Page:
    body = db.session.get(Body, body_id) or abort(404)
    form = BodyForm(committees=_committees(), obj=None if request.method == "POST" else body)
    if request.method == "GET":
        form.committee_id.data = body.committee_id or 0
        form.version.data = str(body.version)
    if form.validate_on_submit():
        try:
            accounts.update_body(
                body,
                form.to_data(),
                actor=current_user,
                now=utcnow(),
                expected_version=form.expected_version(),
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return render_template("core/admin/body_form.html", form=form, body=body), (
                err.status_code
            )
        db.session.commit()
        flash(_("The body %(code)s was saved.", code=body.code), "success")
        return redirect(url_for("admin.bodies"))
    status = 400 if form.errors else 200
    return render_template("core/admin/body_form.html", form=form, body=body), status
