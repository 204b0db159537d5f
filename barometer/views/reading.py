"""Staff pages of the reading, under /barometer/reading: the reading of a period, one
indicator's history, and the assessments per focus area."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import permissions as perms
from barometer.bilingual import DanishOnly, pick
from barometer.blueprint import bp
from barometer.breakdown_reading import indicator_breakdowns
from barometer.comparison_charts import staff_category_charts, staff_chart
from barometer.forms.measurements import AssessmentForm
from barometer.models import Assessment, CatalogueVersion, MeasurementPeriod
from barometer.period import Period
from barometer.queries import measurement_periods, period_codes
from barometer.queries_in_force import in_force_info, periods_in_force, version_in_force
from barometer.reading import (
    indicator_history,
    load_catalogue,
    load_reading,
    readable_versions,
)
from barometer.reading_values import Catalogue, IndicatorInfo
from barometer.services import assessments as assessment_svc
from barometer.services import measurements as svc
from barometer.status import NOT_AN_EVALUATION
from core.clock import utcnow
from core.i18n import current_locale
from core.markdown import render_markdown
from core.paging import AREA_AT_A_TIME, chosen_part
from core.permissions import require
from core.views.unit_of_work import run

Page = Response | str | tuple[str, int]
PREFIX = "/reading"
KINDS = ("all", "effect", "activity")


def period_or_404(code: str) -> MeasurementPeriod:
    row = svc.period_by_code(code)
    if row is None:
        abort(404)
    return row


def version_for_reading(period: MeasurementPeriod) -> CatalogueVersion:
    """The version asked for (?version=N, approved or superseded), else the version in
    force for the period."""
    number = request.args.get("version", type=int)
    if number is not None:
        chosen = next((v for v in readable_versions() if v.number == number), None)
        if chosen is None:
            abort(404)
        return chosen
    in_force = version_in_force(period.period)
    if in_force is None:
        abort(404)
    return in_force


def _assessment_shown(assessment: Assessment) -> tuple[Assessment, Any, bool]:
    """The assessment, its text rendered in the page's language, and whether that text is the
    Danish one shown on an English page (marked "only in Danish")."""
    text = pick(assessment.text, assessment.text_en, current_locale())
    return assessment, render_markdown(text), isinstance(text, DanishOnly)


@bp.get(f"{PREFIX}/")
def reading_index() -> str:
    require(perms.can_view_reading(current_user))
    return render_template(
        "barometer/reading/index.html",
        periods=measurement_periods(),
        in_force=periods_in_force(),
    )


@bp.get(f"{PREFIX}/<code>")
def reading(code: str) -> str:
    require(perms.can_view_reading(current_user))
    period = period_or_404(code)
    version = version_for_reading(period)
    kind = request.args.get("kind", "all")
    if kind not in KINDS:
        kind = "all"
    assessments = assessment_svc.assessments_of(period).items()
    page = load_reading(period.period, version)
    chosen = chosen_area(page, request.args.get("area", ""))
    return render_template(
        "barometer/reading/reading.html", period=period,
        page=page, kind=kind, version=version, chosen_area=chosen,
        shown_areas=[a for a in page.areas if chosen is None or a.info.code == chosen],
        versions=readable_versions(), in_force=in_force_info(period.period),
        asked_version=request.args.get("version", type=int),
        assessments={code: _assessment_shown(a) for code, a in assessments},
        caveat=NOT_AN_EVALUATION.get(current_locale()),
        can_write=perms.can_write_assessment(current_user),
    )  # fmt: skip


def chosen_area(page: Any, asked: str) -> str | None:
    """The focus area whose indicators the reading shows (``?area=CODE``), or None for
    every area: a catalogue of more than ``AREA_AT_A_TIME`` indicators shows one area at a
    time, the first unless another is asked for; ``?area=all`` shows every area."""
    indicators = sum(len(g.lines) for a in page.areas for g in a.goals)
    return chosen_part([a.info.code for a in page.areas], indicators, asked, AREA_AT_A_TIME)


def _indicator_or_404(catalogue: Catalogue, code: str) -> IndicatorInfo:
    info = catalogue.indicator(code)
    if info is None:
        abort(404)
    return info


@bp.get(f"{PREFIX}/<code>/indicators/<indicator_code>")
def reading_indicator(code: str, indicator_code: str) -> str:
    require(perms.can_view_reading(current_user))
    period = period_or_404(code)
    version = version_for_reading(period)
    info = _indicator_or_404(load_catalogue(version), indicator_code)
    locale = current_locale()
    shown = [p for p in (Period.parse(c) for c in period_codes()) if p <= period.period]
    rows = indicator_history(info, shown)  # never a value of a later period
    chart, comparisons, _table = staff_chart(info, rows, period.period, locale)
    breakdowns = indicator_breakdowns(version.id, info.code, shown, period.period,
                                      min_change=info.min_change, pairs=_gap_pairs())  # fmt: skip
    return render_template(
        "barometer/reading/indicator.html", period=period, version=version, info=info, rows=rows,
        current=next((r for r in rows if r.period == period.period), None),
        chart=chart, comparisons=comparisons, corrections=svc.corrections_for(info.code),
        can_compare=perms.can_manage_comparisons(current_user, info.owner_id),
        caveat=NOT_AN_EVALUATION.get(locale),
        can_enter=perms.can_enter_value(current_user, info.owner_id, period),
        breakdowns=breakdowns,
        category_charts=staff_category_charts(info, rows, breakdowns, comparisons, locale),
        period_labels={str(p): p.label(locale) for p in shown},
    )  # fmt: skip


def _gap_pairs() -> dict[str, tuple[str, str]]:
    """The two categories chosen per dimension for the gap (``?first-<dim>=&second-<dim>=``)."""
    pairs = {}
    for key, first in request.args.items():
        if key.startswith("first-"):
            second = request.args.get(f"second-{key[6:]}", "")
            pairs[key[6:]] = (first[:20], second[:20])
    return pairs


def _area_or_404(period: MeasurementPeriod, area_code: str) -> Any:
    catalogue = load_catalogue(version_for_reading(period))
    area = next((a for a in catalogue.areas if a.code == area_code), None)
    if area is None:
        abort(404)
    return area


def _assessment_form(row: Any) -> AssessmentForm:
    form = AssessmentForm(obj=None if request.method == "POST" else row)
    if request.method == "GET":
        form.lock_version.data = str(row.lock_version if row else 0)
    return form


@bp.route(f"{PREFIX}/<code>/assessments/<area_code>", methods=["GET", "POST"])
def assessment(code: str, area_code: str) -> Page:
    require(perms.can_write_assessment(current_user))
    period = period_or_404(code)
    area = _area_or_404(period, area_code)
    row = assessment_svc.assessment_for(period, area_code)
    form = _assessment_form(row)
    asked = request.args.get("version", type=int)
    back = url_for("barometer.reading", code=period.code, version=asked) + f"#area-{area.code}"
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        outcome = run(
            lambda: assessment_svc.save_assessment(
                period, area_code, form.to_data(), actor=current_user, now=utcnow(),
                expected_version=form.expected_version(),
            ),
            success=_("The assessment was saved."),
        )  # fmt: skip
        if outcome.ok:
            return redirect(back)
        status = outcome.status
    return render_template(
        "barometer/reading/assessment.html", form=form, period=period, area=area, row=row,
        back=back,
    ), status  # fmt: skip
