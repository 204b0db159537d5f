"""Measurements as files, under /barometer/measurements/<period>: the spreadsheet template
to fill in, and the import of a filled-in file with a preview before it is saved."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import measurement_import as mi
from barometer import measurement_sheet
from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.errors import ImportRejected
from barometer.forms.measurements import ConfirmImportForm, ImportForm
from barometer.models import MeasurementPeriod
from barometer.services import edition_jobs
from barometer.services import measurements as svc
from barometer.views.measurements import counts, entry_rows, own_indicators, period_catalogue
from barometer.views.reading import period_or_404
from core import uploads
from core.clock import utcnow
from core.i18n import current_locale
from core.permissions import require
from core.views.unit_of_work import Outcome, run

Page = Response | str | tuple[str, int]
PREFIX = "/measurements"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _template(period: MeasurementPeriod, fmt: str, locale: str) -> tuple[bytes | str, str]:
    """The template's content and type: the user's indicators with their last values."""
    rows = [
        measurement_sheet.TemplateRow(
            r["info"].spec(),
            r["previous"].value if r["previous"] else None,
            r["current"].value if r["current"] else None,
        )
        for r in entry_rows(period, own_indicators(period_catalogue(period)))
    ]
    if fmt == "xlsx":
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return measurement_sheet.template_xlsx(rows, period.period, locale), xlsx
    return measurement_sheet.template_csv(rows, period.period, locale), "text/csv; charset=utf-8"


@bp.get(f"{PREFIX}/<code>/template.<fmt>")
def entry_template(code: str, fmt: str) -> Response:
    require(perms.can_enter_measurements(current_user))
    if fmt not in ("xlsx", "csv"):
        abort(404)
    period = period_or_404(code)
    locale = current_locale()
    data, mimetype = _template(period, fmt, locale)
    name = (
        f"maalinger-{period.code}.{fmt}" if locale == "da" else f"measurements-{period.code}.{fmt}"
    )
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _import_dir() -> Path:
    path = Path(current_app.config["STORAGE_DIR"]) / "measurement-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stash(period: MeasurementPeriod, filename: str, data: bytes, plan: mi.Plan) -> str:
    """Keep the uploaded file until it is confirmed (the preview shows a token only)."""
    token = secrets.token_urlsafe(24)
    uploads.write_atomically(_import_dir() / f"{token}.bin", data)
    # What the preview showed: a value saved by someone else before the confirmation
    # makes the import stale instead of silently overwriting it.
    expected = {c.entry.code: c.old.lock_version if c.old else 0 for c in plan.changes}
    meta = {
        "period": period.code,
        "filename": filename,
        "user": current_user.id,
        "expected": expected,
    }
    uploads.write_atomically(_import_dir() / f"{token}.json", json.dumps(meta).encode("utf-8"))
    session["measurement_import"] = token
    return token


def _stashed(token: str, period: MeasurementPeriod) -> tuple[str, bytes, dict[str, int]]:
    if not _TOKEN.match(token or "") or session.get("measurement_import") != token:
        abort(400)
    meta_path, data_path = _import_dir() / f"{token}.json", _import_dir() / f"{token}.bin"
    if not meta_path.exists() or not data_path.exists():
        abort(400)
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta["period"] != period.code or meta["user"] != current_user.id:
        abort(400)
    return str(meta["filename"]), data_path.read_bytes(), dict(meta["expected"])


def _forget(token: str) -> None:
    for suffix in (".json", ".bin"):
        (_import_dir() / f"{token}{suffix}").unlink(missing_ok=True)
    session.pop("measurement_import", None)


def _import_page(
    period: MeasurementPeriod, form: Any, problems: Any, status: int
) -> tuple[str, int]:
    return render_template(
        "barometer/reading/import.html",
        period=period,
        form=form,
        problems=problems,
        column_label=lambda key: measurement_sheet.header(key, current_locale()),
    ), status


@bp.route(f"{PREFIX}/<code>/import", methods=["GET", "POST"])
def import_measurements(code: str) -> Page:
    require(perms.can_enter_measurements(current_user))
    period = period_or_404(code)
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(period, form, [], 400 if request.method == "POST" else 200)
    upload = form.file.data
    filename, data = upload.filename or "", upload.read()
    catalogue = period_catalogue(period)
    try:
        result, _entries = svc.plan_file(
            period, filename, data, catalogue.specs() if catalogue else {}, actor=current_user
        )
    except ImportRejected as err:
        return _import_page(period, form, err.problems, 400)
    if result.problems:
        return _import_page(period, form, result.problems, 400)
    stashed = run(lambda: _stash(period, filename, data, result))  # a full or read-only disk
    if not stashed.ok:
        return _import_page(period, form, [], stashed.status)
    return render_template(
        "barometer/reading/import_preview.html", period=period, plan=result, filename=filename,
        form=ConfirmImportForm(token=stashed.result()),
        infos={i.code: i for i in catalogue.indicators()} if catalogue else {},
    )  # fmt: skip


@bp.post(f"{PREFIX}/<code>/import/confirm")
def confirm_import(code: str) -> Page:
    require(perms.can_enter_measurements(current_user))
    period = period_or_404(code)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    _name, _data, expected = _stashed(form.token.data, period)
    if len(expected) >= int(current_app.config["IMPORT_JOB_ROWS"]):
        return _import_in_background(period, form.token.data, len(expected))
    outcome = _import(period, form.token.data)
    if isinstance(outcome.error, ImportRejected):
        return _import_page(period, ImportForm(), outcome.error.problems, 400)
    if not outcome.ok:
        return redirect(url_for("barometer.import_measurements", code=period.code))
    _forget(form.token.data)
    return redirect(url_for("barometer.entry", code=period.code))


def _import_in_background(period: MeasurementPeriod, token: str, rows: int) -> Response:
    """A large file is imported by a job; its page shows the progress and the outcome."""
    started = run(
        lambda: edition_jobs.start_measurement_import(
            period.code, token, rows=rows, actor=current_user, now=utcnow()
        )
    )
    if not started.ok:
        return redirect(url_for("barometer.import_measurements", code=period.code))
    session.pop("measurement_import", None)  # the job owns the stashed file now
    return redirect(url_for("jobs.show", job_id=started.result().id), 303)


def _import(period: MeasurementPeriod, token: str) -> Outcome[Any]:
    filename, data, expected = _stashed(token, period)
    catalogue = period_catalogue(period)
    specs = catalogue.specs() if catalogue else {}
    return run(
        lambda: svc.import_file(
            period, filename, data, specs, actor=current_user, now=utcnow(), expected=expected
        ),
        success=lambda result: _("Imported: %(new)s and %(corrected)s.", **counts(result)),
        list_problems=True,  # the page lists a rejected file's problems
    )
