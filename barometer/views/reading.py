"""Staff pages of the reading, under /barometer/reading: the reading of a period, one
indicator's history, and the assessments per focus area."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.forms.measurements import AssessmentForm
from barometer.models import CatalogueVersion, MeasurementPeriod
from barometer.period import Period
from barometer.reading import (
    indicator_history,
    latest_approved_version,
    load_catalogue,
    load_reading,
    readable_versions,
)
from barometer.reading_values import Catalogue
from barometer.services import assessments as assessment_svc
from barometer.services import measurements as svc
from barometer.status import NOT_AN_EVALUATION
from barometer.views.reading_helpers import history_chart
from core.clock import utcnow
from core.errors import DomainError
from core.extensions import db
from core.i18n import current_locale
from core.markdown import render_markdown
from core.permissions import require
from core.views.common import flash_error

Page = Response | str | tuple[str, int]
PREFIX = "/reading"
KINDS = ("all", "effect", "activity")


def period_or_404(code: str) -> MeasurementPeriod:
    row = svc.period_by_code(code)
    if row is None:
        abort(404)
    return row


def version_for_reading() -> CatalogueVersion:
    """The version asked for (?version=N, approved or superseded), else the latest approved."""
    number = request.args.get("version", type=int)
    versions = readable_versions()
    if number is not None:
        chosen = next((v for v in versions if v.number == number), None)
        if chosen is None:
            abort(404)
        return chosen
    latest = latest_approved_version()
    if latest is None:
        abort(404)
    return latest


def _periods() -> list[MeasurementPeriod]:
    return list(
        db.session.scalars(db.select(MeasurementPeriod).order_by(MeasurementPeriod.code.desc()))
    )


@bp.get(f"{PREFIX}/")
def reading_index() -> str:
    require(perms.can_view_reading(current_user))
    return render_template(
        "barometer/reading/index.html",
        periods=_periods(),
        version=latest_approved_version(),
    )


@bp.get(f"{PREFIX}/<code>")
def reading(code: str) -> str:
    require(perms.can_view_reading(current_user))
    period = period_or_404(code)
    version = version_for_reading()
    kind = request.args.get("kind", "all")
    if kind not in KINDS:
        kind = "all"
    page = load_reading(period.period, version)
    return render_template(
        "barometer/reading/reading.html",
        period=period,
        page=page,
        kind=kind,
        version=version,
        versions=readable_versions(),
        assessments={
            code: (a, render_markdown(a.text))
            for code, a in assessment_svc.assessments_of(period).items()
        },
        caveat=NOT_AN_EVALUATION.get(current_locale()),
        can_write=perms.can_write_assessment(current_user),
    )


def _indicator_or_404(catalogue: Catalogue, code: str) -> object:
    info = catalogue.indicator(code)
    if info is None:
        abort(404)
    return info


@bp.get(f"{PREFIX}/<code>/indicators/<indicator_code>")
def reading_indicator(code: str, indicator_code: str) -> str:
    require(perms.can_view_reading(current_user))
    period = period_or_404(code)
    version = version_for_reading()
    catalogue = load_catalogue(version)
    info = catalogue.indicator(indicator_code)
    if info is None:
        abort(404)
    locale = current_locale()
    periods = [Period.parse(c) for c in db.session.scalars(
        db.select(MeasurementPeriod.code).order_by(MeasurementPeriod.code)
    )]  # fmt: skip
    rows = indicator_history(info, periods)
    current = next((r for r in rows if r.period == period.period), None)
    points = [(str(r.period), r.value.value if r.value else None, r.period.label(locale))
              for r in rows]  # fmt: skip
    return render_template(
        "barometer/reading/indicator.html",
        period=period,
        version=version,
        info=info,
        rows=rows,
        current=current,
        chart=history_chart(info, points, locale),
        corrections=svc.corrections_for(info.code),
        caveat=NOT_AN_EVALUATION.get(locale),
        can_enter=perms.can_enter_value(current_user, info.owner_id, period),
    )


@bp.route(f"{PREFIX}/<code>/assessments/<area_code>", methods=["GET", "POST"])
def assessment(code: str, area_code: str) -> Page:
    require(perms.can_write_assessment(current_user))
    period = period_or_404(code)
    version = latest_approved_version()
    catalogue = load_catalogue(version) if version else None
    area = next((a for a in catalogue.areas if a.code == area_code), None) if catalogue else None
    if area is None:
        abort(404)
    row = assessment_svc.assessment_for(period, area_code)
    form = AssessmentForm(obj=None if request.method == "POST" else row)
    if request.method == "GET":
        form.lock_version.data = str(row.lock_version if row else 0)
    back = url_for("barometer.reading", code=period.code) + f"#area-{area.code}"
    if form.validate_on_submit():
        try:
            assessment_svc.save_assessment(
                period,
                area_code,
                form.to_data(),
                actor=current_user,
                now=utcnow(),
                expected_version=form.expected_version(),
            )
        except DomainError as err:
            db.session.rollback()
            flash_error(err)
            return render_template(
                "barometer/reading/assessment.html", form=form, period=period, area=area,
                row=row, back=back,
            ), err.status_code  # fmt: skip
        db.session.commit()
        flash(_("The assessment was saved."), "success")
        return redirect(back)
    status = 400 if form.errors else 200
    return render_template(
        "barometer/reading/assessment.html", form=form, period=period, area=area, row=row,
        back=back,
    ), status  # fmt: skip
