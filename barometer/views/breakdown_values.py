"""Category values, under /barometer/measurements/<period>: the entry form of one
indicator's categories, the tidy template and the all-or-nothing import of a tidy file."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import breakdown_sheet
from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.breakdown_sheet import CategoryEntry, TemplateRow
from barometer.errors import ImportProblem, ImportRejected
from barometer.forms.measurements import ImportForm
from barometer.models import MeasurementPeriod
from barometer.reading_values import Catalogue, IndicatorInfo
from barometer.services import breakdown_values as svc
from barometer.services.breakdowns import DimensionInfo, version_breakdowns
from barometer.views.measurements import own_indicators, period_catalogue
from barometer.views.reading import period_or_404
from core.clock import utcnow
from core.forms import Form
from core.i18n import current_locale
from core.permissions import require
from core.spreadsheets import BadValue, parse_decimal
from core.views.unit_of_work import run

Page = Response | str | tuple[str, int]
PREFIX = "/measurements"


def _saved(count: int) -> str:
    return ngettext("%(num)s category value saved.", "%(num)s category values saved.", count)


# -- the entry form of one indicator ---------------------------------------------------------


def _field(kind: str, dimension: str, category: str) -> str:
    return f"{kind}-{dimension}-{category}"


def _form_entries(
    code: str, dimensions: Sequence[DimensionInfo]
) -> tuple[list[CategoryEntry], list[ImportProblem]]:
    """The entries typed in the form, one per category; a value that is not a number is a
    problem of its field (row: the category's place in the form)."""
    entries, problems, row = [], [], 0
    comma = current_locale() != "en"
    for d in dimensions:
        for c in d.categories:
            row += 1
            text = request.form.get(_field("value", d.code, c.code), "").strip()[:40]
            value: Decimal | None = None
            try:
                value = parse_decimal(text, comma)
            except BadValue as err:
                problems.append(ImportProblem(row, "value", err.message, **err.params))
            entries.append(
                CategoryEntry(
                    code,
                    d.code,
                    c.code,
                    value,
                    request.form.get(_field("suppressed", d.code, c.code)) == "y",
                    request.form.get(_field("reason", d.code, c.code), "").strip()[:1000],
                    row,
                )
            )
    return entries, problems


def _labels(dimensions: Sequence[DimensionInfo]) -> dict[int, tuple[str, str]]:
    """Per row of the form: the id of its value field and the category's name."""
    locale = current_locale()
    pairs = [(d, c) for d in dimensions for c in d.categories]
    return {
        row: (_field("value", d.code, c.code), f"{d.name(locale)}: {c.name(locale)}")
        for row, (d, c) in enumerate(pairs, start=1)
    }


def _indicator(period: MeasurementPeriod, code: str) -> tuple[Catalogue, IndicatorInfo]:
    catalogue = period_catalogue(period)
    info = catalogue.indicator(code) if catalogue else None
    if catalogue is None or info is None:
        abort(404)
    return catalogue, info


@bp.route(f"{PREFIX}/<code>/values/<indicator_code>/categories", methods=["GET", "POST"])
def category_entry(code: str, indicator_code: str) -> Page:
    period = period_or_404(code)
    catalogue, info = _indicator(period, indicator_code)
    require(perms.can_enter_value(current_user, info.owner_id, period))
    breakdowns = version_breakdowns(catalogue.version_id, [info.code])
    dimensions = breakdowns.get(info.code, [])
    current = svc.current_values(period, [info.code])
    form, status = Form(), 200
    problems: list[ImportProblem] = []
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            entries, problems = _form_entries(info.code, dimensions)
            if not problems:
                outcome = run(
                    lambda: svc.save_category_values(
                        period,
                        entries,
                        {info.code: info.spec()},
                        breakdowns,
                        actor=current_user,
                        now=utcnow(),
                        expected_stamp=request.form.get("stamp", ""),
                    ),
                    success=_saved,
                    list_problems=True,
                )
                if outcome.ok:
                    return redirect(
                        url_for(
                            "barometer.category_entry", code=period.code, indicator_code=info.code
                        )
                    )
                status = outcome.status
                if isinstance(outcome.error, ImportRejected):
                    problems = outcome.error.problems
    by_row = {p.row: p for p in problems}
    return render_template(
        "barometer/reading/categories.html",
        period=period,
        info=info,
        dimensions=dimensions,
        current=current,
        stamp=svc.stamp(current),
        form=form,
        problems=by_row,
        typed=request.form if request.method == "POST" else None,
        field_name=_field,
        other_problems=[p for p in problems if not p.row],
        labels=_labels(dimensions),
    ), status


# -- the tidy template and import -------------------------------------------------------------


def _template_rows(period: MeasurementPeriod, locale: str) -> list[TemplateRow]:
    catalogue = period_catalogue(period)
    indicators = own_indicators(catalogue)
    if catalogue is None or not indicators:
        return []
    breakdowns = version_breakdowns(catalogue.version_id, [i.code for i in indicators])
    return [
        TemplateRow(i.spec(), d.code, c.code, c.name(locale))
        for i in indicators
        for d in breakdowns.get(i.code, [])
        for c in d.categories
    ]


@bp.get(f"{PREFIX}/<code>/categories/template.<fmt>")
def category_template(code: str, fmt: str) -> Response:
    require(perms.can_enter_measurements(current_user))
    if fmt not in ("xlsx", "csv"):
        abort(404)
    period = period_or_404(code)
    locale = current_locale()
    rows = _template_rows(period, locale)
    if fmt == "xlsx":
        data = breakdown_sheet.template_xlsx(rows, period.period, locale)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data, mimetype = (
            breakdown_sheet.template_csv(rows, period.period, locale),
            "text/csv; charset=utf-8",
        )
    stem = "kategorier" if locale == "da" else "categories"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{stem}-{period.code}.{fmt}"'},
    )


def _import_page(
    period: MeasurementPeriod, form: Any, problems: Any, status: int
) -> tuple[str, int]:
    return render_template(
        "barometer/reading/categories_import.html",
        period=period,
        form=form,
        problems=problems,
        column_label=lambda key: breakdown_sheet.header(key, current_locale()),
    ), status


@bp.route(f"{PREFIX}/<code>/categories/import", methods=["GET", "POST"])
def import_categories(code: str) -> Page:
    require(perms.can_enter_measurements(current_user))
    period = period_or_404(code)
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(period, form, [], 400 if request.method == "POST" else 200)
    upload = form.file.data
    filename, data = upload.filename or "", upload.read()
    catalogue = period_catalogue(period)
    specs = catalogue.specs() if catalogue else {}
    breakdowns = version_breakdowns(catalogue.version_id) if catalogue else {}
    outcome = run(
        lambda: svc.import_category_file(
            period, filename, data, specs, breakdowns, actor=current_user, now=utcnow()
        ),
        success=_saved,
        list_problems=True,
    )
    if isinstance(outcome.error, ImportRejected):
        return _import_page(period, form, outcome.error.problems, 400)
    if not outcome.ok:
        return _import_page(period, form, [], outcome.status)
    return redirect(url_for("barometer.entry", code=period.code))
