"""Comparison series on the staff pages: the reading's indicator chart with its series and
downloads, and the page that imports, lists and deletes an indicator's series."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import chart_files
from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.comparison_charts import staff_chart
from barometer.errors import ImportRejected
from barometer.forms.measurements import ComparisonImportForm, DeleteComparisonForm
from barometer.models import MeasurementPeriod
from barometer.period import Period
from barometer.queries import period_codes
from barometer.reading import indicator_history, load_catalogue
from barometer.reading_values import IndicatorInfo
from barometer.services import comparisons as svc
from barometer.views.reading import PREFIX, period_or_404, version_for_reading
from core.clock import utcnow
from core.i18n import current_locale
from core.permissions import require
from core.spreadsheets import UnreadableFile
from core.views.unit_of_work import run

Page = Response | str | tuple[str, int]


def _info(period: MeasurementPeriod, indicator_code: str) -> IndicatorInfo:
    info = load_catalogue(version_for_reading(period)).indicator(indicator_code)
    if info is None:
        abort(404)
    return info


@bp.get(f"{PREFIX}/<code>/indicators/<indicator_code>/chart.<fmt>")
def reading_chart_file(code: str, indicator_code: str, fmt: str) -> Response:
    """The reading's chart of an indicator as SVG or PNG, or its table as CSV or XLSX."""
    require(perms.can_view_reading(current_user))
    if fmt not in chart_files.FORMATS:
        abort(404)
    period = period_or_404(code)
    info = _info(period, indicator_code)
    locale = current_locale()
    shown = [p for p in (Period.parse(c) for c in period_codes()) if p <= period.period]
    chart, _comparisons, table = staff_chart(info, indicator_history(info, shown), period.period,
                                             locale)  # fmt: skip
    name = chart_files.filename(info.code, fmt, locale, f"-{period.code}")
    return Response(
        chart_files.render(fmt, table, chart, locale), mimetype=chart_files.FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


def _page(period: MeasurementPeriod, info: IndicatorInfo, form: Any, problems: Any,
          status: int) -> tuple[str, int]:  # fmt: skip
    return render_template(
        "barometer/reading/comparisons.html", period=period, info=info, form=form,
        problems=problems, series=svc.series_of([info.code])[info.code],
        delete_form=DeleteComparisonForm(), asked_version=request.args.get("version", type=int),
    ), status  # fmt: skip


@bp.route(f"{PREFIX}/<code>/indicators/<indicator_code>/comparisons", methods=["GET", "POST"])
def comparisons(code: str, indicator_code: str) -> Page:
    period = period_or_404(code)
    info = _info(period, indicator_code)
    require(perms.can_manage_comparisons(current_user, info.owner_id))
    form = ComparisonImportForm()
    if not form.validate_on_submit():
        return _page(period, info, form, [], 400 if request.method == "POST" else 200)
    upload = form.file.data
    filename, data = upload.filename or "", upload.read()
    outcome = run(
        lambda: svc.import_file(
            info.code, filename, data, actor=current_user, now=utcnow(),
            source=(form.source.data or "").strip(), illustrative=bool(form.illustrative.data),
        ),
        success=lambda rows: _("Imported %(count)s comparison series.", count=len(rows)),
        list_problems=True,
    )  # fmt: skip
    if isinstance(outcome.error, ImportRejected):
        return _page(period, info, form, outcome.error.problems, 400)
    if isinstance(outcome.error, UnreadableFile) or not outcome.ok:
        return _page(period, info, form, [], outcome.status)
    current_app.logger.info("comparison series imported for %s", info.code)
    return redirect(url_for("barometer.comparisons", code=period.code, indicator_code=info.code))


@bp.post(f"{PREFIX}/<code>/indicators/<indicator_code>/comparisons/<id:series_id>/delete")
def delete_comparison(code: str, indicator_code: str, series_id: int) -> Response:
    period = period_or_404(code)
    info = _info(period, indicator_code)
    require(perms.can_manage_comparisons(current_user, info.owner_id))
    if not DeleteComparisonForm().validate_on_submit():
        abort(400)
    outcome = run(
        lambda: svc.delete_series(series_id, info.code, actor=current_user, now=utcnow()),
        success=_("The comparison series was deleted."),
    )
    if outcome.ok and not outcome.result():
        abort(404)
    return redirect(url_for("barometer.comparisons", code=period.code, indicator_code=info.code))
