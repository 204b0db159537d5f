"""Entering measurements, under /barometer/measurements: periods, the entry form per period,
one value with its corrections, the spreadsheet template and the import with a preview."""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from typing import Any

from flask import (
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

from barometer import measurement_import as mi
from barometer import measurement_sheet
from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.errors import ImportRejected
from barometer.forms.measurements import (
    ConfirmImportForm,
    EntryForm,
    ImportForm,
    MeasurementForm,
    PeriodForm,
)
from barometer.models import MeasurementPeriod
from barometer.reading import latest_approved_version, load_catalogue, load_values, missing_counts
from barometer.reading_values import Catalogue, IndicatorInfo
from barometer.services import measurements as svc
from barometer.views.reading import period_or_404
from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.forms import Form
from core.i18n import current_locale
from core.models import Role
from core.permissions import require
from core.views.common import flash_error

Page = Response | str | tuple[str, int]
PREFIX = "/measurements"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _catalogue() -> Catalogue | None:
    version = latest_approved_version()
    return load_catalogue(version) if version else None


def _own_indicators(catalogue: Catalogue | None) -> list[IndicatorInfo]:
    """The indicators the user enters values for: all for the secretariat."""
    if catalogue is None:
        return []
    if current_user.has_role(Role.SECRETARIAT):
        return catalogue.indicators()
    own = {b.id for b in current_user.data_contact_bodies}
    return [i for i in catalogue.indicators() if i.owner_id in own]


def _owner_ids() -> set[int] | None:
    if current_user.has_role(Role.SECRETARIAT):
        return None
    return {b.id for b in current_user.data_contact_bodies}


@bp.get(f"{PREFIX}/")
def measurements_index() -> str:
    require(perms.can_enter_measurements(current_user))
    catalogue = _catalogue()
    periods = list(
        db.session.scalars(db.select(MeasurementPeriod).order_by(MeasurementPeriod.code.desc()))
    )
    counts = missing_counts(catalogue.specs(), _owner_ids()) if catalogue else {}
    return render_template(
        "barometer/reading/measurements_index.html",
        periods=periods,
        counts=counts,
        form=PeriodForm(),
        can_manage=perms.can_manage_periods(current_user),
        has_catalogue=catalogue is not None,
    )


@bp.post(f"{PREFIX}/periods")
def open_period() -> Page:
    require(perms.can_manage_periods(current_user))
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            row = svc.open_period(form.to_data(), actor=current_user, now=utcnow())
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
        else:
            db.session.commit()
            flash(_("The period %(code)s is open for measurements.", code=row.code), "success")
            return redirect(url_for("barometer.measurements_index"))
    periods = list(
        db.session.scalars(db.select(MeasurementPeriod).order_by(MeasurementPeriod.code.desc()))
    )
    catalogue = _catalogue()
    return render_template(
        "barometer/reading/measurements_index.html",
        periods=periods,
        counts=missing_counts(catalogue.specs(), None) if catalogue else {},
        form=form,
        can_manage=True,
        has_catalogue=catalogue is not None,
    ), 400


@bp.post(f"{PREFIX}/<code>/state")
def period_state(code: str) -> Response:
    require(perms.can_manage_periods(current_user))
    period = period_or_404(code)
    if not Form().validate_on_submit():  # the CSRF token
        abort(400)
    if request.form.get("state") == "closed":
        svc.close_period(period, actor=current_user, now=utcnow())
        flash(_("The period %(code)s is closed.", code=period.code), "success")
    else:
        svc.reopen_period(period, actor=current_user, now=utcnow())
        flash(_("The period %(code)s is open again.", code=period.code), "success")
    db.session.commit()
    return redirect(url_for("barometer.measurements_index"))


# -- the entry form ------------------------------------------------------------------------


def _entry_rows(period: MeasurementPeriod, indicators: list[IndicatorInfo]) -> list[dict[str, Any]]:
    """Per indicator: its info, the current measurement and the previous period's value."""
    codes = [i.code for i in indicators]
    values = load_values(codes, up_to=period.period)
    previous_period = period.period.previous()
    rows = []
    for info in indicators:
        own = values.get(info.code, {})
        earlier = [p for p in own if p < period.period and own[p].value is not None]
        latest = max(earlier, default=None)
        rows.append(
            {
                "info": info,
                "current": own.get(period.period),
                "previous": own[latest] if latest else None,
                "previous_is_last_half": latest == previous_period,
            }
        )
    return rows


def _prefill(form: EntryForm, rows: list[dict[str, Any]]) -> None:
    while len(form.rows):
        form.rows.pop_entry()
    for r in rows:
        current = r["current"]
        form.rows.append_entry(
            {
                "code": r["info"].code,
                "lock_version": str(current.lock_version if current else 0),
                "value": current.value.normalize()
                if current and current.value is not None
                else None,
                "provisional": current.provisional if current else False,
                "note": current.note if current else "",
                "source": current.source if current else "",
            }
        )


def _attach(form: EntryForm, problems: list[mi.ImportProblem]) -> list[str]:
    """Show each problem beside its field; return those with no field."""
    rest = []
    by_code = {row.form.code.data: row.form for row in form.rows}
    rows = list(form.rows)
    for p in problems:
        text = _(p.message, **p.params) if p.params else _(p.message)
        sub = rows[p.row - 1].form if 0 < p.row <= len(rows) else by_code.get(p.params.get("code"))
        field = getattr(sub, p.column, None) if sub is not None else None
        if field is not None:
            field.errors = [*field.errors, text]
        else:
            rest.append(text)
    return rest


@bp.route(f"{PREFIX}/<code>/", methods=["GET", "POST"])
def entry(code: str) -> Page:
    require(perms.can_enter_measurements(current_user))
    period = period_or_404(code)
    catalogue = _catalogue()
    indicators = _own_indicators(catalogue)
    rows = _entry_rows(period, indicators)
    form = EntryForm()
    if request.method == "GET":
        _prefill(form, rows)
    problems: list[str] = []
    status = 200
    if form.validate_on_submit():
        codes = [r.form.code.data for r in form.rows]
        if codes != [r["info"].code for r in rows]:
            # The list of indicators changed since the form was opened.
            flash(
                _("The list of indicators changed after you opened the form. Reload it."), "error"
            )
            return redirect(url_for("barometer.entry", code=period.code))
        specs = catalogue.specs() if catalogue else {}
        try:
            result = svc.save_entries(
                period, form.entries(), specs, actor=current_user, now=utcnow()
            )
        except ImportRejected as err:
            db.session.rollback()
            problems = _attach(form, err.problems)
            status = 400
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            status = err.status_code
        else:
            db.session.commit()
            flash(
                _(
                    "Saved: %(new)s new values and %(corrected)s corrections.",
                    new=len(result.of_kind(mi.ChangeKind.NEW)),
                    corrected=len(result.of_kind(mi.ChangeKind.CORRECTION)),
                ),
                "success",
            )
            return redirect(url_for("barometer.entry", code=period.code))
    elif request.method == "POST":
        status = 400
    return render_template(
        "barometer/reading/entry.html",
        period=period,
        form=form,
        rows=list(zip(rows, form.rows, strict=False)),
        problems=problems,
        may_write=bool(indicators) and (period.is_open or current_user.has_role(Role.SECRETARIAT)),
    ), status


# -- one value -----------------------------------------------------------------------------


@bp.route(f"{PREFIX}/<code>/values/<indicator_code>", methods=["GET", "POST"])
def measurement(code: str, indicator_code: str) -> Page:
    period = period_or_404(code)
    catalogue = _catalogue()
    info = catalogue.indicator(indicator_code) if catalogue else None
    if info is None:
        abort(404)
    require(perms.can_enter_value(current_user, info.owner_id, period))
    current = load_values([info.code], up_to=period.period).get(info.code, {}).get(period.period)
    form = MeasurementForm()
    if request.method == "GET":
        form.lock_version.data = str(current.lock_version if current else 0)
        if current is not None:
            form.value.data = current.value.normalize() if current.value is not None else None
            form.provisional.data = current.provisional
            form.note.data = current.note
            form.source.data = current.source
    status = 200
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            svc.save_entries(
                period, [form.to_entry(info.code)], {info.code: info.spec()},
                actor=current_user, now=utcnow(), source_label="value form",
            )  # fmt: skip
        except ImportRejected as err:
            db.session.rollback()
            status = 400
            for p in err.problems:
                text = _(p.message, **p.params) if p.params else _(p.message)
                field = getattr(form, p.column, None)
                if field is not None:
                    field.errors = [*field.errors, text]
                else:
                    problems.append(text)
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            status = err.status_code
        else:
            db.session.commit()
            flash(_("The value of %(code)s was saved.", code=info.code), "success")
            return redirect(url_for("barometer.entry", code=period.code))
    elif request.method == "POST":
        status = 400
    return render_template(
        "barometer/reading/measurement.html",
        period=period,
        info=info,
        current=current,
        form=form,
        problems=problems,
        corrections=[c for c in svc.corrections_for(info.code) if c[1] == period.code],
    ), status


# -- template and import -------------------------------------------------------------------


@bp.get(f"{PREFIX}/<code>/template.<fmt>")
def entry_template(code: str, fmt: str) -> Response:
    require(perms.can_enter_measurements(current_user))
    if fmt not in ("xlsx", "csv"):
        abort(404)
    period = period_or_404(code)
    locale = current_locale()
    rows = [
        measurement_sheet.TemplateRow(
            r["info"].spec(),
            r["previous"].value if r["previous"] else None,
            r["current"].value if r["current"] else None,
        )
        for r in _entry_rows(period, _own_indicators(_catalogue()))
    ]
    if fmt == "xlsx":
        data = measurement_sheet.template_xlsx(rows, period.period, locale)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = measurement_sheet.template_csv(rows, period.period, locale)
        mimetype = "text/csv; charset=utf-8"
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
    (_import_dir() / f"{token}.bin").write_bytes(data)
    # What the preview showed: a value saved by someone else before the confirmation
    # makes the import stale instead of silently overwriting it.
    expected = {c.entry.code: c.old.lock_version if c.old else 0 for c in plan.changes}
    meta = {
        "period": period.code,
        "filename": filename,
        "user": current_user.id,
        "expected": expected,
    }
    (_import_dir() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
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
    catalogue = _catalogue()
    try:
        result, _entries = svc.plan_file(
            period, filename, data, catalogue.specs() if catalogue else {}, actor=current_user
        )
    except ImportRejected as err:
        return _import_page(period, form, err.problems, 400)
    if result.problems:
        return _import_page(period, form, result.problems, 400)
    token = _stash(period, filename, data, result)
    confirm = ConfirmImportForm(token=token)
    return render_template(
        "barometer/reading/import_preview.html",
        period=period,
        plan=result,
        filename=filename,
        form=confirm,
        infos={i.code: i for i in catalogue.indicators()} if catalogue else {},
    )


@bp.post(f"{PREFIX}/<code>/import/confirm")
def confirm_import(code: str) -> Page:
    require(perms.can_enter_measurements(current_user))
    period = period_or_404(code)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    filename, data, expected = _stashed(form.token.data, period)
    catalogue = _catalogue()
    specs = catalogue.specs() if catalogue else {}
    try:
        result = svc.import_file(
            period, filename, data, specs, actor=current_user, now=utcnow(), expected=expected
        )
    except ImportRejected as err:
        db.session.rollback()
        return _import_page(period, ImportForm(), err.problems, 400)
    except DomainError as err:
        db.session.rollback()
        flash_error(err)
        return redirect(url_for("barometer.import_measurements", code=period.code))
    db.session.commit()
    _forget(form.token.data)
    flash(
        _(
            "Imported: %(new)s new values and %(corrected)s corrections.",
            new=len(result.of_kind(mi.ChangeKind.NEW)),
            corrected=len(result.of_kind(mi.ChangeKind.CORRECTION)),
        ),
        "success",
    )
    return redirect(url_for("barometer.entry", code=period.code))
