"""Whole-version pages: approve, discard, import, the overview table and the diff."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.catalogue_sheet import export_xlsx
from barometer.diff import VersionDiff, diff_versions
from barometer.errors import ImportRejected
from barometer.forms.catalogue import ApproveForm, DiscardForm, ImportForm
from barometer.frozen_versions import snapshot_of
from barometer.overview import build_overview
from barometer.pdf import overview_filename, overview_pdf
from barometer.queries import decision_of_changes, version_numbers
from barometer.services import catalogue_import, edition_jobs
from barometer.services import catalogue_versions as svc
from barometer.views.common import Page, editable, viewable_version
from core.clock import utcnow
from core.i18n import current_locale
from core.pdf import pdf_response
from core.views.unit_of_work import Outcome, run

PREFIX = "/catalogue"


def _snapshot(number: int) -> dict[str, Any]:
    """The version as plain values, from memory while it cannot change
    (:mod:`barometer.frozen_versions`); 404 when the user may not see it."""
    snapshot = snapshot_of(viewable_version(number).id)
    if snapshot is None:  # pragma: no cover - the version was just found
        abort(404)
    return snapshot


def _approve_page(form: ApproveForm, version: Any, status: int) -> tuple[str, int]:
    return render_template(
        "barometer/catalogue/approve.html",
        form=form,
        version=version,
        prefilled=decision_of_changes(version) is not None,
    ), status


@bp.route(f"{PREFIX}/versions/<id:number>/approve", methods=["GET", "POST"])
def approve(number: int) -> Page:
    version = editable(viewable_version(number))
    svc.ensure_editable(version)
    form = ApproveForm()
    decided = decision_of_changes(version)
    if request.method == "GET" and decided is not None:  # the committee's decision, known
        form.decision_text.data, form.decision_date.data = decided
    if not form.validate_on_submit():
        return _approve_page(form, version, 400 if form.errors else 200)
    data = form.to_data()
    outcome = run(
        lambda: svc.approve_version(
            version, decision_text=data.decision_text, decision_date=data.decision_date,
            actor=current_user, now=utcnow(),
        ),
        success=_("Version %(number)s is approved.", number=number),
        form=form,
    )  # fmt: skip
    if not outcome.ok:
        return _approve_page(form, version, outcome.status)
    return redirect(url_for("barometer.version", number=number))


@bp.route(f"{PREFIX}/versions/<id:number>/discard", methods=["GET", "POST"])
def discard(number: int) -> Page:
    version = editable(viewable_version(number))
    svc.ensure_editable(version)
    form = DiscardForm()
    if form.validate_on_submit():
        run(
            lambda: svc.discard_draft(version, actor=current_user, now=utcnow()),
            success=_("The draft version %(number)s was discarded.", number=number),
            flash_errors=False,
        ).result()
        return redirect(url_for("barometer.catalogue_index"))
    status = 400 if form.errors else 200
    return render_template("barometer/catalogue/discard.html", form=form, version=version), status


def _import(version: Any, filename: str, data: bytes) -> Outcome[Any]:
    return run(
        lambda: catalogue_import.import_file(
            version, filename, data, actor=current_user, now=utcnow()
        ),
        success=lambda plan: _("The file was imported: %(rows)s rows.", rows=plan.rows),
    )


@bp.route(f"{PREFIX}/versions/<id:number>/import", methods=["GET", "POST"])
def import_file(number: int) -> Page:
    version = editable(viewable_version(number))
    svc.ensure_editable(version)
    form = ImportForm()
    problems: list[Any] = []
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        rows = edition_jobs.catalogue_rows(upload.filename or "", data)
        if rows >= int(current_app.config["IMPORT_JOB_ROWS"]):
            problems = edition_jobs.check_catalogue_file(version, upload.filename or "", data)
        if problems:
            pass  # listed on the page below, with nothing imported
        elif rows >= int(current_app.config["IMPORT_JOB_ROWS"]):
            started = run(
                lambda: edition_jobs.start_catalogue_import(
                    number, upload.filename or "", data, rows=rows, actor=current_user,
                    now=utcnow(),
                )
            )  # fmt: skip
            if started.ok:
                return redirect(url_for("jobs.show", job_id=started.result().id), 303)
        if not problems:
            outcome = _import(version, upload.filename or "", data)
            if outcome.ok:
                return redirect(url_for("barometer.version", number=number))
            if isinstance(outcome.error, ImportRejected):
                problems = outcome.error.problems
    status = 400 if form.errors or problems or request.method == "POST" else 200
    return render_template(
        "barometer/catalogue/import.html", form=form, version=version, problems=problems
    ), status


# -- the overview table ------------------------------------------------------------------


@bp.get(f"{PREFIX}/versions/<id:number>/overview")
def overview(number: int) -> str:
    snapshot = _snapshot(number)
    table = build_overview(snapshot, current_locale())
    return render_template("barometer/catalogue/overview.html", table=table, snapshot=snapshot)


@bp.get(f"{PREFIX}/versions/<id:number>/overview.pdf")
def overview_pdf_file(number: int) -> Response:
    lang = current_locale()
    data = overview_pdf(_snapshot(number), lang)
    return pdf_response(data, overview_filename(number, "pdf", lang))


@bp.get(f"{PREFIX}/versions/<id:number>/overview.xlsx")
def overview_xlsx(number: int) -> Response:
    import io

    from flask import send_file

    lang = current_locale()
    snapshot = _snapshot(number)
    title = f"{_('Version')} {number}"
    data = export_xlsx(snapshot, lang, title)
    return send_file(
        io.BytesIO(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=overview_filename(number, "xlsx", lang),
        max_age=0,
    )


@bp.get(f"{PREFIX}/versions/<id:number>/overview.json")
def overview_json(number: int) -> Response:
    return jsonify(build_overview(_snapshot(number), current_locale()).to_dict())


# -- the diff -------------------------------------------------------------------------------


def _diff_numbers() -> tuple[int | None, int | None]:
    def number(name: str) -> int | None:
        value = request.args.get(name, "")
        if not value:
            return None
        if not value.isdigit():
            abort(400)
        return int(value)

    return number("from"), number("to")


def _visible_numbers() -> list[tuple[int, str, str]]:
    show_drafts = perms.can_manage_catalogue(current_user)
    numbers = version_numbers(current_locale())
    return [v for v in numbers if show_drafts or v[2] != "draft"]


def _diff(old: int, new: int) -> VersionDiff:
    return diff_versions(_snapshot(old), _snapshot(new))


@bp.get(f"{PREFIX}/diff")
def diff() -> str:
    versions = _visible_numbers()
    old, new = _diff_numbers()
    if (old is None or new is None) and len(versions) >= 2:
        old, new = old or versions[-2][0], new or versions[-1][0]
    result = _diff(old, new) if old is not None and new is not None else None
    return render_template(
        "barometer/catalogue/diff.html", versions=versions, diff=result, old=old, new=new
    )


@bp.get(f"{PREFIX}/diff.json")
def diff_json() -> Response:
    old, new = _diff_numbers()
    if old is None or new is None:
        abort(400)
    return jsonify(_diff(old, new).to_dict())
