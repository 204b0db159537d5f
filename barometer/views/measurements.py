"""Entering measurements, under /barometer/measurements: periods, the entry form per period,
and one value with its corrections (files: :mod:`barometer.views.measurement_files`)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import measurement_import as mi
from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.forms.measurements import EntryForm, MeasurementForm, PeriodForm
from barometer.measurement_import import IndicatorSpec
from barometer.models import MeasurementPeriod
from barometer.period import Period
from barometer.queries import measurement_periods
from barometer.reading import (
    catalogue_in_force,
    catalogues_in_force,
    load_values,
    missing_counts,
    readable_versions,
)
from barometer.reading_values import Catalogue, IndicatorInfo
from barometer.services import measurements as svc
from barometer.services.breakdowns import version_breakdowns
from barometer.views.reading import period_or_404
from core.clock import utcnow
from core.forms import Form
from core.models import Role
from core.permissions import require
from core.views.unit_of_work import Outcome, run

Page = Response | str | tuple[str, int]
PREFIX = "/measurements"


def period_catalogue(period: MeasurementPeriod) -> Catalogue | None:
    """The catalogue in force for the period: its indicators are the ones measured."""
    return catalogue_in_force(period.period)


def own_indicators(catalogue: Catalogue | None) -> list[IndicatorInfo]:
    """The indicators the user enters values for: all for the secretariat."""
    if catalogue is None:
        return []
    if current_user.has_role(Role.SECRETARIAT):
        return catalogue.indicators()
    own = {b.id for b in current_user.data_contact_bodies}
    return [i for i in catalogue.indicators() if i.owner_id in own]


def due_specs(catalogue: Catalogue, period_code: str) -> dict[str, IndicatorSpec]:
    """The indicators a value is expected from in the period: an annual indicator's other
    half-year (off-cycle) is not counted as missing."""
    period = Period.parse(period_code)
    return {i.code: i.spec() for i in catalogue.indicators() if i.cycle.is_due(period)}


def _owner_ids() -> set[int] | None:
    if current_user.has_role(Role.SECRETARIAT):
        return None
    return {b.id for b in current_user.data_contact_bodies}


def _index_page(form: PeriodForm, owner_ids: set[int] | None, can_manage: bool) -> str:
    catalogues = catalogues_in_force()
    specs = {code: due_specs(c, code) for code, c in catalogues.items() if c is not None}
    return render_template(
        "barometer/reading/measurements_index.html",
        periods=measurement_periods(),
        counts=missing_counts(specs, owner_ids),
        versions={code: c.number for code, c in catalogues.items() if c is not None},
        form=form,
        can_manage=can_manage,
        has_catalogue=bool(readable_versions()),
    )


@bp.get(f"{PREFIX}/")
def measurements_index() -> str:
    require(perms.can_enter_measurements(current_user))
    return _index_page(PeriodForm(), _owner_ids(), perms.can_manage_periods(current_user))


@bp.post(f"{PREFIX}/periods")
def open_period() -> Page:
    require(perms.can_manage_periods(current_user))
    form = PeriodForm()
    if form.validate_on_submit():
        outcome = run(
            lambda: svc.open_period(form.to_data(), actor=current_user, now=utcnow()),
            success=lambda row: _("The period %(code)s is open for measurements.", code=row.code),
        )
        if outcome.ok:
            return redirect(url_for("barometer.measurements_index"))
    return _index_page(form, None, True), 400


@bp.post(f"{PREFIX}/<code>/state")
def period_state(code: str) -> Response:
    require(perms.can_manage_periods(current_user))
    period = period_or_404(code)
    if not Form().validate_on_submit():  # the CSRF token
        abort(400)
    if request.form.get("state") == "closed":
        change, done = svc.close_period, _("The period %(code)s is closed.", code=period.code)
    else:
        change, done = svc.reopen_period, _("The period %(code)s is open again.", code=period.code)
    run(lambda: change(period, actor=current_user, now=utcnow()), success=done,
        flash_errors=False).result()  # fmt: skip
    return redirect(url_for("barometer.measurements_index"))


# -- the entry form ------------------------------------------------------------------------


def entry_rows(period: MeasurementPeriod, indicators: list[IndicatorInfo]) -> list[dict[str, Any]]:
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


def counts(result: mi.Plan) -> dict[str, str]:
    """The new values and the corrections that a saved plan wrote, counted in words."""
    new, corrected = (len(result.of_kind(k)) for k in (mi.ChangeKind.NEW, mi.ChangeKind.CORRECTION))
    return {
        "new": ngettext("%(num)s new value", "%(num)s new values", new),
        "corrected": ngettext("%(num)s correction", "%(num)s corrections", corrected),
    }


def _save_entries(
    period: MeasurementPeriod, form: EntryForm, catalogue: Any, rows: list[dict[str, Any]]
) -> Outcome[Any]:
    if [r.form.code.data for r in form.rows] != [r["info"].code for r in rows]:
        # The list of indicators changed since the form was opened: nothing is saved.
        flash(_("The list of indicators changed after you opened the form. Reload it."), "error")
        return Outcome()
    specs = catalogue.specs() if catalogue else {}
    return run(
        lambda: svc.save_entries(period, form.entries(), specs, actor=current_user, now=utcnow()),
        success=lambda result: _("Saved: %(new)s and %(corrected)s.", **counts(result)),
        form=form,
        rows=[row.form for row in form.rows],
        list_problems=True,
    )


@bp.route(f"{PREFIX}/<code>/", methods=["GET", "POST"])
def entry(code: str) -> Page:
    require(perms.can_enter_measurements(current_user))
    period = period_or_404(code)
    catalogue = period_catalogue(period)
    indicators = own_indicators(catalogue)
    rows, form = entry_rows(period, indicators), EntryForm()
    if request.method == "GET":
        _prefill(form, rows)
    outcome: Outcome[Any] = Outcome()
    if form.validate_on_submit():
        outcome = _save_entries(period, form, catalogue, rows)
        if outcome.ok:
            return redirect(url_for("barometer.entry", code=period.code))
    return render_template(
        "barometer/reading/entry.html", period=period, form=form,
        rows=list(zip(rows, form.rows, strict=False)), problems=list(outcome.problems),
        may_write=bool(indicators) and (period.is_open or current_user.has_role(Role.SECRETARIAT)),
        breakdown_codes=_breakdown_codes(catalogue, indicators),
    ), _status(outcome)  # fmt: skip


def _breakdown_codes(catalogue: Catalogue | None, indicators: list[IndicatorInfo]) -> set[str]:
    """The indicators with values per category (each gets a link to their form)."""
    if catalogue is None:
        return set()
    return set(version_breakdowns(catalogue.version_id, [i.code for i in indicators]))


def _status(outcome: Outcome[Any]) -> int:
    """A refused save's status; 400 for a form that did not validate; else 200."""
    return outcome.status if not outcome.ok else 400 if request.method == "POST" else 200


# -- one value -----------------------------------------------------------------------------


def _indicator_or_404(period: MeasurementPeriod, indicator_code: str) -> IndicatorInfo:
    catalogue = period_catalogue(period)
    info = catalogue.indicator(indicator_code) if catalogue else None
    if info is None:
        abort(404)
    return info


def _value_form(current: Any) -> MeasurementForm:
    form = MeasurementForm()
    if request.method == "GET":
        form.lock_version.data = str(current.lock_version if current else 0)
        if current is not None:
            form.value.data = current.value.normalize() if current.value is not None else None
            form.provisional.data = current.provisional
            form.note.data = current.note
            form.source.data = current.source
            form.note_en.data = current.note_en
            form.source_en.data = current.source_en
    return form


@bp.route(f"{PREFIX}/<code>/values/<indicator_code>", methods=["GET", "POST"])
def measurement(code: str, indicator_code: str) -> Page:
    period = period_or_404(code)
    info = _indicator_or_404(period, indicator_code)
    require(perms.can_enter_value(current_user, info.owner_id, period))
    current = load_values([info.code], up_to=period.period).get(info.code, {}).get(period.period)
    form = _value_form(current)
    outcome: Outcome[Any] = Outcome()
    if form.validate_on_submit():
        outcome = run(
            lambda: svc.save_entries(
                period, [form.to_entry(info.code)], {info.code: info.spec()},
                actor=current_user, now=utcnow(), source_label="value form",
            ),
            success=_("The value of %(code)s was saved.", code=info.code),
            form=form, list_problems=True,
        )  # fmt: skip
        if outcome.ok:
            return redirect(url_for("barometer.entry", code=period.code))
    return render_template(
        "barometer/reading/measurement.html", period=period, info=info, current=current,
        form=form, problems=list(outcome.problems),
        corrections=[c for c in svc.corrections_for(info.code) if c[1] == period.code],
    ), _status(outcome)  # fmt: skip
