"""The versions in force per measurement period, under /barometer/catalogue/in-force: the
secretariat sees which version each period is read on and why, and may choose another
approved version for a period, with a reason, or let the rule decide again."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.forms.in_force import OverrideForm
from barometer.period import Period
from barometer.queries import measurement_periods
from barometer.queries_in_force import in_force_info, overrides, periods_in_force
from barometer.reading import readable_versions
from barometer.services import version_overrides as svc
from barometer.views.common import Page
from core.clock import utcnow
from core.forms import Form
from core.i18n import current_locale
from core.permissions import require
from core.views.unit_of_work import run

PREFIX = "/catalogue/in-force"


@bp.get(f"{PREFIX}/")
def in_force_index() -> str:
    require(perms.can_view_reading(current_user) or perms.can_manage_catalogue(current_user))
    return render_template(
        "barometer/catalogue/in_force.html",
        periods=measurement_periods(),
        in_force=periods_in_force(),
        overrides=overrides(),
        versions={v.number: v for v in readable_versions()},
    )


def _period_or_404(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError:
        abort(404)


def _override_page(period: Period, form: OverrideForm, status: int) -> tuple[str, int]:
    page = render_template(
        "barometer/catalogue/in_force_period.html", period=period, form=form,
        in_force=in_force_info(period), override=overrides().get(str(period)),
        clear_form=Form(),
    )  # fmt: skip
    return page, status


@bp.route(f"{PREFIX}/<code>", methods=["GET", "POST"])
def in_force_period(code: str) -> Page:
    require(perms.can_manage_catalogue(current_user))
    period = _period_or_404(code)
    locale = current_locale()
    versions = [(str(v.number), f"{v.number}: {v.label_in(locale)} ({v.policy.name_in(locale)})")
                for v in readable_versions()]  # fmt: skip
    form = OverrideForm(versions=versions)
    if not form.is_submitted():
        found = in_force_info(period)
        form.version.data = str(found.number) if found else None
    if not form.validate_on_submit():
        return _override_page(period, form, 400 if form.is_submitted() else 200)
    number, reason = form.to_data()
    outcome = run(
        lambda: svc.set_override(str(period), number, reason, actor=current_user, now=utcnow()),
        success=_("Version %(number)s is in force for %(period)s.", number=number,
                  period=period.label(current_locale())),
        form=form,
    )  # fmt: skip
    if not outcome.ok:
        return _override_page(period, form, outcome.status)
    return redirect(url_for("barometer.in_force_index"))


@bp.post(f"{PREFIX}/<code>/clear")
def clear_in_force(code: str) -> Page:
    require(perms.can_manage_catalogue(current_user))
    period = _period_or_404(code)
    if not Form().validate_on_submit():  # the CSRF token
        abort(400)
    run(
        lambda: svc.clear_override(str(period), actor=current_user, now=utcnow()),
        success=_(
            "The rule decides the version of %(period)s again.",
            period=period.label(current_locale()),
        ),
    )
    return redirect(url_for("barometer.in_force_index"))
