"""The secretariat's side of responses: every version of every body, and registering a
response that came by letter or e-mail (also a late one, with the reason it was accepted)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.errors import N_, DomainError, NotFound
from core.i18n import current_locale, error_text
from core.paging import page_of, requested
from core.permissions import require
from core.views.unit_of_work import attach_problems, run
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
from hearing.forms.search import ResponseFilterForm
from hearing.models import Hearing
from hearing.proposals import ProposalKind
from hearing.queries import responses as rq
from hearing.search import ResponseFilter, responses_matching
from hearing.services import response_registration as registration
from hearing.views.common import load_or_404, upload_folder
from hearing.views.response_common import Page, goal_choices, indicator_choices
from hearing.views.state_refusals import require_registrable

BODIES_PER_PAGE = 25  # bodies per page of the list of responses


@bp.get("/<id:hearing_id>/responses")
def all_responses(hearing_id: int) -> Page:
    """Every version of every body, filtered by body and answer (a refused filter shows all),
    a page of bodies at a time."""
    hearing = load_or_404(hearing_id)
    require(perms.can_view_all_versions(current_user, hearing))
    form = ResponseFilterForm(request.args)
    valid = form.validate()
    rows = rq.versions_of(hearing)
    wanted = form.to_filter() if valid else ResponseFilter()
    matching = responses_matching(rows, wanted, current_locale())
    shown = page_of(requested("page"), BODIES_PER_PAGE, len(matching))
    page = render_template(
        "hearing/responses/versions.html",
        hearing=hearing,
        form=form,
        rows=matching[shown.offset : shown.offset + shown.per_page],
        matching=len(matching),
        page=shown,
        total=len(rows),
        filtered=wanted.active,
        can_register=perms.can_register_response(current_user, hearing),
    )
    return page, 200 if valid else 400


@dataclass(frozen=True)
class _Choices:
    """What the registration form offers: the consulted version's goals and indicators."""

    catalogue: dict[str, Any]
    codes: list[str]
    bodies: list[tuple[int, str]]
    targets: dict[str, list[tuple[str, str]]]


def _choices(hearing: Hearing) -> _Choices:
    catalogue = rq.catalogue_of(hearing)
    return _Choices(
        catalogue,
        [g["code"] for area in catalogue["focus_areas"] for g in area["goals"]],
        [
            (c.body_id, f"{c.body.code} – {c.body.name(current_locale())}")
            for c in sorted(hearing.consultees, key=lambda c: c.body.code)
        ],
        {"goals": goal_choices(catalogue), "indicators": indicator_choices(catalogue)},
    )


@bp.route("/<id:hearing_id>/responses/register", methods=["GET", "POST"])
def register_response(hearing_id: int) -> Page | HTTPResponse:
    hearing = load_or_404(hearing_id)
    require_registrable(hearing)
    choices = _choices(hearing)
    action, _sep, arg = request.form.get("action", "register").partition(":")
    if request.method == "POST" and action in ("add_proposal", "remove_proposal"):
        return _rows_changed(hearing, choices, action, arg)
    form, rows = _registration_forms(choices)
    if not _all_valid(form, rows):
        status = 400 if request.method == "POST" else 200
        return _register_page(hearing, form, rows, choices.catalogue, status=status)
    outcome = run(lambda: _register(hearing, form, rows), success=_registered, flash_errors=False)
    if outcome.error is None:
        return redirect(url_for("hearing.all_responses", hearing_id=hearing.id))
    _show_refusal(form, outcome.error)
    return _register_page(
        hearing,
        form,
        rows,
        choices.catalogue,
        status=outcome.status,
        problems=_row_problems(outcome.error),
    )


def _registration_forms(choices: _Choices) -> tuple[RegistrationForm, list[ProposalForm]]:
    """The form and its proposal rows; a link from a body's row names the body."""
    form = registration_form(choices.codes, bodies=choices.bodies)
    rows = proposal_rows(request.form, **choices.targets) if request.method == "POST" else []
    if request.method == "GET" and request.args.get("body_id", "").isdigit():
        form.body_id.data = int(request.args["body_id"])
    return form, rows


def _all_valid(form: RegistrationForm, rows: list[ProposalForm]) -> bool:
    form_valid = form.validate_on_submit()
    invalid_rows = [row for row in rows if not row.validate()]  # every row shows its errors
    return form_valid and not invalid_rows


def _show_refusal(form: RegistrationForm, err: DomainError) -> None:
    """Each problem beside the field it names; the rows' problems are listed per row."""
    for problem in err.others if isinstance(err, ProposalsInvalid) else [err]:
        for text in attach_problems(form, problem):
            flash(text, "error")


def _row_problems(err: DomainError | None) -> dict[int, str]:
    """The refusals of each proposal row, all of them, by row number (from 1)."""
    if not isinstance(err, ProposalsInvalid):
        return {}
    return {n: " ".join(_texts(e)) for n, e in err.problems.items()}


def _texts(err: DomainError) -> list[str]:
    problems = getattr(err, "problems", None)
    if isinstance(problems, list) and problems:
        return [gettext(p.message, **p.params) for p in problems]
    return [error_text(err)]


def _rows_changed(hearing: Hearing, choices: _Choices, action: str, arg: str) -> Page:
    """Add or remove a proposal row: the page comes back with what was typed, unchecked."""
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
        registration_form(choices.codes, formdata=formdata, bodies=choices.bodies),
        proposal_rows(formdata, **choices.targets),
        choices.catalogue,
        rows_changed=True,
    )


def _register(hearing: Hearing, form: RegistrationForm, rows: list[ProposalForm]) -> Any:
    consultee = rq.consultee_of(hearing, form.body_id.data)
    if consultee is None:
        raise NotFound(N_("The body is not on the hearing list."))
    return registration.register_response(
        consultee,
        form.to_registration(rows),
        actor=current_user,
        now=utcnow(),
        folder=upload_folder(),
        max_bytes=int(current_app.config["UPLOAD_MAX_BYTES"]),
    )


def _registered(version: Any) -> str:
    return _("The response was registered with receipt %(number)s.", number=version.receipt_number)


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
