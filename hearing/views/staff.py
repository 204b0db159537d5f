"""Staff pages: create and edit a draft, the hearing list, annexes, the letter and its PDF,
issuing, the dashboard and extensions. Thin: load, check permission, call one service,
commit, respond."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.errors import DomainError
from core.forms import Form
from core.i18n import current_locale, error_text
from core.models import BodyKind
from core.permissions import require
from core.views.unit_of_work import run
from hearing import permissions
from hearing.blueprint import bp
from hearing.errors import FieldsInvalid
from hearing.forms.hearings import (
    AddConsulteeForm,
    AnnexForm,
    ExtensionForm,
    HearingForm,
    HearingListForm,
    standard_questions,
)
from hearing.forms.search import HearingSearchForm
from hearing.labels import overlap_warning
from hearing.models import Annex, Hearing
from hearing.queries import hearings as queries
from hearing.search import HearingFilter, hearings_matching
from hearing.services import annexes as annex_services
from hearing.services import extensions, notifications, transitions
from hearing.services import hearings as hearing_services
from hearing.services.lifecycle import move_hearing
from hearing.views.common import annex_of, load_or_404, one_page_of_rows, send_annex, upload_folder
from hearing.views.state_refusals import require_hearing_editable, require_issuable
from hearing.workflow import HearingState, to_local

Page = Response | str | tuple[str, int]
CONSULTEES_PER_PAGE = 25  # bodies per page of the hearing list on the dashboard


def _form_context() -> dict[str, Any]:
    return {
        "bodies": queries.active_bodies(),
        "versions": queries.consultable_versions(),
        "signatories": queries.signatories(),
    }


def _csrf_or_400() -> None:
    if not Form().validate_on_submit():
        abort(400)


def _render_form(form: HearingForm, hearing: Hearing | None, status: int = 200) -> Page:
    return render_template("hearing/form.html", form=form, hearing=hearing), status


@bp.get("/")
def index() -> Page:
    """The hearing list, with search and filters (a refused filter shows every hearing)."""
    require(permissions.can_list_hearings(current_user))
    form = HearingSearchForm(request.args)
    valid = form.validate()
    hearings = queries.hearings_for(current_user)
    wanted = form.to_filter() if valid else HearingFilter()
    shown = hearings_matching(hearings, wanted, utcnow())
    page = render_template(
        "hearing/index.html", form=form, hearings=shown, total=len(hearings), filtered=wanted.active
    )
    return page, 200 if valid else 400


@bp.route("/new", methods=["GET", "POST"])
def new() -> Page:
    require(permissions.can_create_hearing(current_user))
    form = _new_form()
    if not form.validate_on_submit():
        return _render_form(form, None, _form_status())
    outcome = run(
        lambda: hearing_services.create_hearing(form.to_data(), actor=current_user, now=utcnow()),
        success=lambda hearing: _(
            "The hearing %(reference)s was saved as a draft.", reference=hearing.reference
        ),
        form=form,
    )
    if not outcome.ok:
        return _render_form(form, None, outcome.status)
    created = outcome.result()
    overlapping = queries.overlapping_hearings(created)
    if overlapping:
        flash(overlap_warning(overlapping), "warning")
    return redirect(url_for("hearing.hearing_list", hearing_id=created.id))


def _new_form() -> HearingForm:
    if request.method != "GET":
        return HearingForm(**_form_context())
    initial = {
        "questions": standard_questions(),
        "is_public": True,
        "signatory_id": current_user.id,
        "contact_name": current_user.name,
        "contact_email": current_user.email,
    }
    reply = _own_secretariat()
    if reply is not None:  # responses go to the secretariat, not the first body in the list
        initial["reply_body_id"] = reply
    return HearingForm(data=initial, **_form_context())


def _own_secretariat() -> int | None:
    """The secretariat the user belongs to, else the only (or first) secretariat body."""
    own = [b.id for b in current_user.member_bodies if b.kind == BodyKind.SECRETARIAT]
    if own:
        return own[0]
    bodies = [b.id for b in queries.active_bodies() if b.kind == BodyKind.SECRETARIAT]
    return bodies[0] if bodies else None


def _form_status() -> int:
    """A form that was not submitted is a page (200); one that did not validate, a 400."""
    return 400 if request.method == "POST" else 200


@bp.route("/<id:hearing_id>/edit", methods=["GET", "POST"])
def edit(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_hearing_editable(hearing)
    if request.method == "GET":
        form = HearingForm(obj=hearing, data=_initial_deadline(hearing), **_form_context())
    else:
        form = HearingForm(**_form_context())
    if not form.validate_on_submit():
        return _render_form(form, hearing, _form_status())
    data, expected = form.to_data(), form.expected_version()
    outcome = run(
        lambda: hearing_services.update_hearing(
            hearing, data, actor=current_user, now=utcnow(), expected_version=expected
        ),
        success=_("The hearing was saved."),
        form=form,
    )
    if not outcome.ok:
        return _render_form(form, hearing, outcome.status)
    return redirect(url_for("hearing.show", hearing_id=hearing.id))


def _initial_deadline(hearing: Hearing) -> dict[str, Any]:
    """The stored deadline as the Copenhagen date and time the form shows."""
    local = to_local(hearing.deadline)
    end_of_day = local.hour == 23 and local.minute == 59 and local.second == 59
    return {
        "deadline_date": local.date(),
        "deadline_time": "" if end_of_day else local.strftime("%H:%M"),
    }


@bp.get("/<id:hearing_id>")
def show(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_hearing(current_user, hearing))
    now = utcnow()
    context: dict[str, Any] = {
        "hearing": hearing,
        "letter": queries.letter_of(hearing, current_locale(), now),
        "rows": queries.consultee_rows(hearing, now),
        "now": now,
        "overlapping": queries.overlapping_hearings(hearing),
    }
    if permissions.can_manage_hearing(current_user, hearing):
        one_page_of_rows(context, CONSULTEES_PER_PAGE)
        on_list = {c.body_id for c in hearing.consultees}
        context["add_form"] = AddConsulteeForm(
            bodies=[b for b in queries.consultable_bodies() if b.id not in on_list]
        )
        return render_template("hearing/dashboard.html", **context)
    # A member lands here from the invitation: their own body's deadline and the way in.
    context["own_rows"] = [
        row
        for row in context["rows"]
        if permissions.is_member_of(current_user, row.consultee.body_id)
    ]
    return render_template("hearing/consultee.html", **context)


@bp.route("/<id:hearing_id>/list", methods=["GET", "POST"])
def hearing_list(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_hearing_editable(hearing)
    form = HearingListForm(bodies=queries.consultable_bodies())
    if request.method == "GET":
        form.bodies.data = [c.body_id for c in hearing.consultees]
    if not form.validate_on_submit():
        return render_template("hearing/list.html", form=form, hearing=hearing), _form_status()
    outcome = run(
        lambda: hearing_services.set_hearing_list(
            hearing, form.to_data(), actor=current_user, now=utcnow()
        ),
        success=_("The hearing list was saved."),
    )
    if not outcome.ok:
        return render_template("hearing/list.html", form=form, hearing=hearing), outcome.status
    return redirect(url_for("hearing.show", hearing_id=hearing.id))


@bp.post("/<id:hearing_id>/consultees")
def add_consultee(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    form = AddConsulteeForm(bodies=queries.consultable_bodies())
    if not form.validate_on_submit():
        abort(400)
    run(
        lambda: hearing_services.add_consultee(
            hearing, form.to_data(), actor=current_user, now=utcnow()
        ),
        success=lambda consultee: _(
            "%(code)s was added to the hearing list.", code=consultee.body.code
        ),
    )
    return redirect(url_for("hearing.show", hearing_id=hearing.id))


@bp.route("/<id:hearing_id>/annexes", methods=["GET", "POST"])
def annexes(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_hearing_editable(hearing)
    form = AnnexForm()
    if not form.validate_on_submit():
        return _annexes_page(hearing, form, _form_status())
    outcome = run(
        lambda: _add_annex(hearing, form),
        success=lambda annex: _("Annex %(number)s was added.", number=annex.number),
    )
    if not outcome.ok:
        form.file.errors = [*form.file.errors, _("The file was not added.")]
        return _annexes_page(hearing, form, outcome.status)
    return redirect(url_for("hearing.annexes", hearing_id=hearing.id))


def _add_annex(hearing: Hearing, form: AnnexForm) -> Annex:
    upload = form.to_data()
    return annex_services.add_annex(
        hearing,
        upload.data,
        upload.filename,
        upload.title,
        folder=upload_folder(),
        max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"]),
        actor=current_user,
        now=utcnow(),
    )


def _annexes_page(hearing: Hearing, form: AnnexForm, status: int) -> Page:
    letter = queries.letter_of(hearing, current_locale(), utcnow())
    return render_template(
        "hearing/annexes.html", form=form, hearing=hearing, letter=letter
    ), status


@bp.post("/<id:hearing_id>/annexes/<id:annex_id>/remove")
def remove_annex(hearing_id: int, annex_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require_hearing_editable(hearing)
    run(
        lambda: annex_services.remove_annex(
            hearing, annex_id, folder=upload_folder(), actor=current_user, now=utcnow()
        ),
        success=_("The annex was removed."),
    )
    return redirect(url_for("hearing.annexes", hearing_id=hearing.id))


@bp.get("/<id:hearing_id>/annexes/<id:annex_id>")
def annex(hearing_id: int, annex_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    item = annex_of(hearing, annex_id)
    require(permissions.can_view_annex(current_user, item))
    return send_annex(hearing, item)


@bp.get("/<id:hearing_id>/letter")
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


@bp.get("/<id:hearing_id>/letter.pdf")
def letter_pdf(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_view_hearing(current_user, hearing))
    from hearing.pdf import letter_response

    return letter_response(hearing)


@bp.route("/<id:hearing_id>/issue", methods=["GET", "POST"])
def issue(hearing_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require_issuable(hearing)
    if request.method == "POST":
        _csrf_or_400()
        outcome = run(
            lambda: move_hearing(hearing, HearingState.OPEN, actor=current_user, now=utcnow()),
            success=_("The hearing was issued and the bodies on the hearing list were invited."),
            flash_errors=False,
        )
        for problem in _every_problem(outcome.error):
            flash(error_text(problem), "error")
        target = "hearing.show" if outcome.ok else "hearing.issue"
        return redirect(url_for(target, hearing_id=hearing.id))
    return render_template(
        "hearing/issue.html",
        hearing=hearing,
        problems=[error_text(p) for p in transitions.issue_problems(hearing, now=utcnow())],
        letter=queries.letter_of(hearing, current_locale(), utcnow()),
        recipients=notifications.recipients(hearing),
        overlapping=queries.overlapping_hearings(hearing),
    )


def _every_problem(err: DomainError | None) -> list[DomainError]:
    """A refusal's problems, each on its own (one, when it holds no list)."""
    if err is None:
        return []
    return list(err.problems) if isinstance(err, FieldsInvalid) else [err]


@bp.route("/<id:hearing_id>/consultees/<id:consultee_id>/extend", methods=["GET", "POST"])
def extend(hearing_id: int, consultee_id: int) -> Page:
    hearing = load_or_404(hearing_id)
    require(permissions.can_extend_deadline(current_user, hearing, utcnow()))
    consultee = next((c for c in hearing.consultees if c.id == consultee_id), None)
    if consultee is None:
        abort(404)
    form = ExtensionForm()
    page = partial(render_template, "hearing/extend.html", form=form, hearing=hearing)
    if not form.validate_on_submit():
        return page(consultee=consultee), _form_status()
    data = form.to_data()
    outcome = run(
        lambda: extensions.extend_deadline(
            consultee, data.until, data.reason, actor=current_user, now=utcnow()
        ),
        success=_("%(code)s was given an extension.", code=consultee.body.code),
        form=form,
    )
    if not outcome.ok:
        return page(consultee=consultee), outcome.status
    return redirect(url_for("hearing.show", hearing_id=hearing.id))


@bp.post("/<id:hearing_id>/state")
def change_state(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    require(permissions.can_manage_hearing(current_user, hearing))
    target = request.form.get("target", "")
    _csrf_or_400()
    if target not in {s.value for s in HearingState}:
        abort(400)
    if target == HearingState.OPEN and hearing.state == HearingState.CLOSED:
        return redirect(url_for("hearing.reopen_hearing", hearing_id=hearing.id))
    if target == HearingState.OPEN:
        return redirect(url_for("hearing.issue", hearing_id=hearing.id))
    if target == HearingState.CANCELLED:  # with a reason, after confirmation
        return redirect(url_for("hearing.cancel_hearing", hearing_id=hearing.id))
    if target == HearingState.DECIDED:  # only by recording the committee's decision
        return redirect(url_for("hearing.decision", hearing_id=hearing.id))
    run(
        lambda: move_hearing(hearing, target, actor=current_user, now=utcnow()),
        success=_("The hearing's state was changed."),
    )
    return redirect(url_for("hearing.show", hearing_id=hearing.id))
