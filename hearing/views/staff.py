"""Staff pages: create and edit a draft, the hearing list, annexes, the letter and its PDF,
issuing, the dashboard and extensions. Thin: load, check permission, call one service,
commit, respond."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.i18n import current_locale
from core.models import Body
from core.permissions import require
from core.views.common import flash_error
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.hearings import (
    AddConsulteeForm,
    AnnexForm,
    ExtensionForm,
    HearingForm,
    HearingListForm,
    standard_questions,
)
from hearing.models import Hearing
from hearing.queries import hearings as queries
from hearing.services import annexes as annex_services
from hearing.services import extensions, notifications
from hearing.services import hearings as hearing_services
from hearing.services.lifecycle import move_hearing
from hearing.views.common import annex_of, load_or_404, send_annex, upload_folder
from hearing.workflow import HearingState, to_local

Page = Response | str | tuple[str, int]


def _form_context() -> dict[str, Any]:
    bodies = list(db.session.scalars(select(Body).where(Body.active.is_(True)).order_by(Body.code)))
    versions = queries.consultable_versions()
    return {"bodies": bodies, "versions": versions, "signatories": queries.signatories()}


def _render_form(form: HearingForm, hearing: Hearing | None, status: int = 200) -> Page:
    return render_template("hearing/form.html", form=form, hearing=hearing), status


@bp.get("/")
def index() -> str:
    require(permissions.can_list_hearings(current_user))
    return render_template("hearing/index.html", hearings=queries.hearings_for(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new() -> Page:
    require(permissions.can_create_hearing(current_user))
    if request.method == "GET":
        initial = {
            "questions": standard_questions(),
            "is_public": True,
            "signatory_id": current_user.id,
        }
        form = HearingForm(data=initial, **_form_context())
    else:
        form = HearingForm(**_form_context())
    if form.validate_on_submit():
        try:
            hearing = hearing_services.create_hearing(
                form.to_data(), actor=current_user, now=utcnow()
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return _render_form(form, None, err.status_code)
        db.session.commit()
        flash(
            _("The hearing %(reference)s was saved as a draft.", reference=hearing.reference),
            "success",
        )
        return redirect(url_for("hearing.hearing_list", hearing_id=hearing.id))
    return _render_form(form, None, 400 if request.method == "POST" else 200)


@bp.route("/<int:hearing_id>/edit", methods=["GET", "POST"])
def edit(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_edit_hearing(current_user, hearing))
    if request.method == "GET":
        form = HearingForm(obj=hearing, data=_initial_deadline(hearing), **_form_context())
    else:
        form = HearingForm(**_form_context())
    if form.validate_on_submit():
        try:
            hearing_services.update_hearing(
                hearing,
                form.to_data(),
                actor=current_user,
                now=utcnow(),
                expected_version=form.expected_version(),
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return _render_form(form, hearing, err.status_code)
        db.session.commit()
        flash(_("The hearing was saved."), "success")
        return redirect(url_for("hearing.show", hearing_id=hearing.id))
    return _render_form(form, hearing, 400 if request.method == "POST" else 200)


def _initial_deadline(hearing: Hearing) -> dict[str, Any]:
    """The stored deadline as the Copenhagen date and time the form shows."""
    local = to_local(hearing.deadline)
    end_of_day = local.hour == 23 and local.minute == 59 and local.second == 59
    return {
        "deadline_date": local.date(),
        "deadline_time": "" if end_of_day else local.strftime("%H:%M"),
    }


@bp.get("/<int:hearing_id>")
def show(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_hearing(current_user, hearing))
    now = utcnow()
    context: dict[str, Any] = {
        "hearing": hearing,
        "letter": queries.letter_of(hearing, current_locale(), now),
        "rows": queries.consultee_rows(hearing, now),
        "now": now,
    }
    if permissions.can_manage_hearing(current_user, hearing):
        on_list = {c.body_id for c in hearing.consultees}
        context["add_form"] = AddConsulteeForm(
            bodies=[b for b in queries.consultable_bodies() if b.id not in on_list]
        )
        return render_template("hearing/dashboard.html", **context)
    return render_template("hearing/consultee.html", **context)


@bp.route("/<int:hearing_id>/list", methods=["GET", "POST"])
def hearing_list(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_edit_hearing(current_user, hearing))
    form = HearingListForm(bodies=queries.consultable_bodies())
    if request.method == "GET":
        form.bodies.data = [c.body_id for c in hearing.consultees]
    if form.validate_on_submit():
        try:
            hearing_services.set_hearing_list(
                hearing, form.to_data(), actor=current_user, now=utcnow()
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return render_template("hearing/list.html", form=form, hearing=hearing), (
                err.status_code
            )
        db.session.commit()
        flash(_("The hearing list was saved."), "success")
        return redirect(url_for("hearing.show", hearing_id=hearing.id))
    status = 400 if request.method == "POST" else 200
    return render_template("hearing/list.html", form=form, hearing=hearing), status


@bp.post("/<int:hearing_id>/consultees")
def add_consultee(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    form = AddConsulteeForm(bodies=queries.consultable_bodies())
    if not form.validate_on_submit():
        abort(400)
    try:
        consultee = hearing_services.add_consultee(
            hearing, form.to_data(), actor=current_user, now=utcnow()
        )
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
    else:
        db.session.commit()
        flash(_("%(code)s was added to the hearing list.", code=consultee.body.code), "success")
    return redirect(url_for("hearing.show", hearing_id=hearing.id))


@bp.route("/<int:hearing_id>/annexes", methods=["GET", "POST"])
def annexes(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_edit_hearing(current_user, hearing))
    form = AnnexForm()
    letter = queries.letter_of(hearing, current_locale(), utcnow())
    if form.validate_on_submit():
        upload = form.to_data()
        try:
            annex = annex_services.add_annex(
                hearing,
                upload.data,
                upload.filename,
                upload.title,
                folder=upload_folder(),
                max_bytes=_max_bytes(),
                actor=current_user,
                now=utcnow(),
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            form.file.errors = [*form.file.errors, _("The file was not added.")]
            return render_template(
                "hearing/annexes.html", form=form, hearing=hearing, letter=letter
            ), err.status_code
        db.session.commit()
        flash(_("Annex %(number)s was added.", number=annex.number), "success")
        return redirect(url_for("hearing.annexes", hearing_id=hearing.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "hearing/annexes.html", form=form, hearing=hearing, letter=letter
    ), status


def _max_bytes() -> int:
    from flask import current_app

    return int(current_app.config["UPLOAD_MAX_BYTES"])


@bp.post("/<int:hearing_id>/annexes/<int:annex_id>/remove")
def remove_annex(hearing_id: int, annex_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_edit_hearing(current_user, hearing))
    try:
        annex_services.remove_annex(
            hearing, annex_id, folder=upload_folder(), actor=current_user, now=utcnow()
        )
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
    else:
        db.session.commit()
        flash(_("The annex was removed."), "success")
    return redirect(url_for("hearing.annexes", hearing_id=hearing.id))


@bp.get("/<int:hearing_id>/annexes/<int:annex_id>")
def annex(hearing_id: int, annex_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    item = annex_of(hearing, annex_id)
    require(permissions.can_view_annex(current_user, item))
    return send_annex(hearing, item)


@bp.get("/<int:hearing_id>/letter")
def letter(hearing_id: int) -> str:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_hearing(current_user, hearing))
    return render_template(
        "hearing/letter.html",
        hearing=hearing,
        letter=queries.letter_of(hearing, current_locale(), utcnow()),
        pdf_url=url_for("hearing.letter_pdf", hearing_id=hearing.id),
        annex_endpoint="hearing.annex",
    )


@bp.get("/<int:hearing_id>/letter.pdf")
def letter_pdf(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_hearing(current_user, hearing))
    from hearing.pdf import letter_response

    return letter_response(hearing)


@bp.route("/<int:hearing_id>/issue", methods=["GET", "POST"])
def issue(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_issue_hearing(current_user, hearing))
    if request.method == "POST":
        from core.forms import Form

        if not Form().validate_on_submit():
            abort(400)
        try:
            move_hearing(hearing, HearingState.OPEN, actor=current_user, now=utcnow())
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return redirect(url_for("hearing.issue", hearing_id=hearing.id))
        db.session.commit()
        flash(
            _("The hearing was issued and the bodies on the hearing list were invited."), "success"
        )
        return redirect(url_for("hearing.show", hearing_id=hearing.id))
    return render_template(
        "hearing/issue.html",
        hearing=hearing,
        letter=queries.letter_of(hearing, current_locale(), utcnow()),
        recipients=notifications.recipients(hearing),
    )


@bp.route("/<int:hearing_id>/consultees/<int:consultee_id>/extend", methods=["GET", "POST"])
def extend(hearing_id: int, consultee_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_extend_deadline(current_user, hearing, utcnow()))
    consultee = next((c for c in hearing.consultees if c.id == consultee_id), None)
    if consultee is None:
        abort(404)
    form = ExtensionForm()
    if form.validate_on_submit():
        data = form.to_data()
        try:
            extensions.extend_deadline(
                consultee, data.until, data.reason, actor=current_user, now=utcnow()
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return render_template(
                "hearing/extend.html", form=form, hearing=hearing, consultee=consultee
            ), err.status_code
        db.session.commit()
        flash(_("%(code)s was given an extension.", code=consultee.body.code), "success")
        return redirect(url_for("hearing.show", hearing_id=hearing.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "hearing/extend.html", form=form, hearing=hearing, consultee=consultee
    ), status


@bp.post("/<int:hearing_id>/state")
def change_state(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    from core.forms import Form

    target = request.form.get("target", "")
    if not Form().validate_on_submit() or target not in {s.value for s in HearingState}:
        abort(400)
    if target == HearingState.OPEN:
        return redirect(url_for("hearing.issue", hearing_id=hearing.id))
    if target == HearingState.DECIDED:  # only by recording the committee's decision
        return redirect(url_for("hearing.decision", hearing_id=hearing.id))
    try:
        move_hearing(hearing, target, actor=current_user, now=utcnow())
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
    else:
        db.session.commit()
        flash(_("The hearing's state was changed."), "success")
    return redirect(url_for("hearing.show", hearing_id=hearing.id))
