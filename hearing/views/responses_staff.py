"""The secretariat's side of responses: every version of every body, and registering a
response that came by letter or e-mail (also a late one, with the reason it was accepted)."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.i18n import error_text
from core.permissions import require
from core.views.common import flash_error
from hearing import permissions as perms
from hearing.blueprint import bp
from hearing.errors import ProposalsInvalid
from hearing.forms.proposals import ProposalForm
from hearing.forms.registration import (
    RegistrationForm,
    proposal_rows,
    registration_form,
    with_rows_changed,
)
from hearing.models import Hearing
from hearing.proposals import ProposalKind
from hearing.queries import responses as rq
from hearing.services import response_registration as registration
from hearing.views.common import load_or_404, upload_folder
from hearing.views.response_common import Page, goal_choices, indicator_choices


@bp.get("/<int:hearing_id>/responses")
def all_responses(hearing_id: int) -> str:
    hearing = load_or_404(hearing_id)
    require(perms.can_view_all_versions(current_user, hearing))
    return render_template(
        "hearing/responses/versions.html",
        hearing=hearing,
        rows=rq.versions_of(hearing),
        can_register=perms.can_register_response(current_user, hearing),
    )


@bp.route("/<int:hearing_id>/responses/register", methods=["GET", "POST"])
def register_response(hearing_id: int) -> Page | HTTPResponse:
    hearing = load_or_404(hearing_id)
    require(perms.can_register_response(current_user, hearing))
    catalogue = rq.catalogue_of(hearing)
    codes = [g["code"] for area in catalogue["focus_areas"] for g in area["goals"]]
    bodies = [
        (c.body_id, f"{c.body.code} – {c.body.name_da}")
        for c in sorted(hearing.consultees, key=lambda c: c.body.code)
    ]
    targets = {"goals": goal_choices(catalogue), "indicators": indicator_choices(catalogue)}
    action, _sep, arg = request.form.get("action", "register").partition(":")
    if request.method == "POST" and action in ("add_proposal", "remove_proposal"):
        # Add or remove a proposal row: the page comes back with what was typed, unchecked.
        if action == "add_proposal" and arg not in {k.value for k in ProposalKind}:
            abort(400)
        if action == "remove_proposal" and not arg.isdigit():
            abort(400)
        formdata = with_rows_changed(
            request.form,
            add=arg if action == "add_proposal" else None,
            remove=int(arg) if action == "remove_proposal" else None,
        )
        return _register_page(
            hearing,
            registration_form(codes, formdata=formdata, bodies=bodies),
            proposal_rows(formdata, **targets),
            catalogue,
            rows_changed=True,
        )
    form = registration_form(codes, bodies=bodies)
    rows = proposal_rows(request.form, **targets) if request.method == "POST" else []
    if request.method == "GET" and request.args.get("body_id", "").isdigit():
        form.body_id.data = int(request.args["body_id"])
    status = 200
    problems: dict[int, str] = {}
    form_valid = form.validate_on_submit()
    invalid_rows = [row for row in rows if not row.validate()]  # every row shows its errors
    if form_valid and not invalid_rows:
        consultee = rq.consultee_of(hearing, form.body_id.data)
        try:
            if consultee is None:
                from core.errors import N_, NotFound

                raise NotFound(N_("The body is not on the hearing list."))
            version = registration.register_response(
                consultee,
                form.to_registration(rows),
                actor=current_user,
                now=utcnow(),
                folder=upload_folder(),
                max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"]),
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            status = err.status_code
            if isinstance(err, ProposalsInvalid):
                problems = {n: error_text(e) for n, e in err.problems.items()}
        else:
            db.session.commit()
            flash(
                _(
                    "The response was registered with receipt %(number)s.",
                    number=version.receipt_number,
                ),
                "success",
            )
            return redirect(url_for("hearing.all_responses", hearing_id=hearing.id))
    elif request.method == "POST":
        status = 400
    return _register_page(hearing, form, rows, catalogue, status=status, problems=problems)


def _register_page(
    hearing: Hearing,
    form: RegistrationForm,
    rows: list[ProposalForm],
    catalogue: dict[str, Any],
    *,
    status: int = 200,
    problems: dict[int, str] | None = None,
    rows_changed: bool = False,
) -> Page:
    return render_template(
        "hearing/responses/register.html",
        hearing=hearing,
        form=form,
        rows=rows,
        problems=problems or {},
        rows_changed=rows_changed,
        catalogue=catalogue,
        goals=rq.goal_index(catalogue),
        indicators=rq.indicator_index(catalogue),
    ), status
