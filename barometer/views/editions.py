"""Staff pages of editions: prepare a draft, preview it, publish it, correct a published one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer import permissions as perms
from barometer.blueprint import bp
from barometer.editions import public_site as site
from barometer.editions import snapshot as snap
from barometer.forms.editions import ConfirmForm, CorrectionForm, EditionForm, PublishForm
from barometer.labels import status_label
from barometer.models import CatalogueVersion, Edition
from barometer.queries import (
    by_id,
    editions_newest_first,
    measurement_periods,
    version_numbers_by_id,
)
from barometer.queries_in_force import periods_in_force
from barometer.reading import readable_versions
from barometer.services import editions as svc
from core import background
from core.clock import utcnow
from core.forms import Form
from core.i18n import current_locale
from core.permissions import require
from core.views.unit_of_work import run

Page = Response | str | tuple[str, int]


def _edition_or_404(edition_id: int) -> Edition:
    edition = by_id(Edition, edition_id)
    if edition is None:
        abort(404)
    return edition


def _public_page(edition: Edition) -> str:
    """The edition's public page in the language the staff member works in."""
    if current_locale() == "en":
        return url_for("barometer.public_edition", edition_id=edition.id, lang="en")
    return url_for("barometer.public_edition", edition_id=edition.id)


def _choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    locale = current_locale()
    periods = [(p.code, p.label(locale)) for p in measurement_periods()]
    versions = [
        (str(v.number), f"{v.number}: {v.label_in(locale)} ({status_label(v.shown_status)})")
        for v in readable_versions()
    ]
    return periods, versions


@bp.get("/editions/manage")
def editions_index() -> str:
    require(perms.can_view_edition_drafts(current_user))
    return render_template(
        "barometer/editions/index.html",
        editions=editions_newest_first(),
        numbers=version_numbers_by_id(),
    )


def _preselect(form: EditionForm, periods: list[tuple[str, str]], in_force: dict[str, int]) -> None:
    """On a new form: the period asked for (?period=), else the newest; and the version in
    force for it."""
    codes = [code for code, _label in periods]
    asked = request.args.get("period")
    period = asked if asked in codes else (codes[0] if codes else None)
    if period is not None:
        form.period.data = period
        if period in in_force:
            form.version.data = str(in_force[period])


def _form_page(form: EditionForm, in_force: dict[str, int], status: int) -> tuple[str, int]:
    page = render_template("barometer/editions/form.html", form=form, in_force=in_force)
    return page, status


@bp.route("/editions/new", methods=["GET", "POST"])
def edition_new() -> Page:
    require(perms.can_manage_editions(current_user))
    periods, versions = _choices()
    in_force = {code: found.number for code, found in periods_in_force().items() if found}
    form = EditionForm(periods=periods, versions=versions)
    if request.method == "GET":
        _preselect(form, periods, in_force)
    if not form.validate_on_submit():
        return _form_page(form, in_force, _form_status(form))
    outcome = run(
        lambda: svc.create_draft(form.to_data(), actor=current_user, now=utcnow()),
        success=_("The draft edition was created. Check the preview before publishing."),
    )
    if not outcome.ok:
        return _form_page(form, in_force, outcome.status)
    return redirect(url_for("barometer.edition_preview", edition_id=outcome.result().id))


def _form_status(form: Form) -> int:
    return 400 if form.errors else 200


@bp.get("/editions/<id:edition_id>/preview")
def edition_preview(edition_id: int) -> Page:
    require(perms.can_view_edition_drafts(current_user))
    edition = _edition_or_404(edition_id)
    if edition.is_published:
        return redirect(_public_page(edition))
    lang = current_locale()
    return site.render_edition(edition, site.Links(lang), preview=svc.preview(edition))


def _confirmation(edition: Edition, form: PublishForm, status: int = 200) -> tuple[str, int]:
    content = svc.preview(edition)
    form.fingerprint.data = svc.fingerprint(content)
    summary = snap.summary(content)
    return render_template(
        "barometer/editions/publish.html",
        edition=edition,
        form=form,
        version=by_id(CatalogueVersion, edition.catalogue_version_id),
        period=svc.period_by_code(edition.period_code),
        summary=summary,
        gaps=svc.has_gaps(summary),
        lang=current_locale(),
    ), status


@bp.route("/editions/<id:edition_id>/publish", methods=["GET", "POST"])
def edition_publish(edition_id: int) -> Page:
    edition = _edition_or_404(edition_id)
    require(perms.can_manage_editions(current_user))
    if edition.is_published:
        flash(_("This edition is already published."), "info")
        return redirect(_public_page(edition))
    form = PublishForm()
    if not form.validate_on_submit():
        return _confirmation(edition, form, _form_status(form))
    outcome = run(
        lambda: svc.publish(edition, actor=current_user, now=utcnow(),
                            expected_fingerprint=form.fingerprint.data,
                            acknowledged=bool(form.acknowledged.data)),
        success=_("The edition was published."),
    )  # fmt: skip
    if not outcome.ok:
        return _confirmation(_edition_or_404(edition_id), PublishForm(formdata=None),
                             outcome.status)  # fmt: skip
    # The open data and the report are stored in the background (an edition is published
    # once). While the report renders, its job's page shows the progress, the edition's
    # other jobs, and then links to the published edition. The open-data job alone does
    # not hold the publisher up: until it has stored the files, the site makes them from
    # the snapshot (the job is on the job list).
    job = background.latest_for(svc.REPORT_JOB, ("Edition", edition_id))
    if job is not None:
        return redirect(url_for("jobs.show", job_id=job.id))
    return redirect(_public_page(edition))


def _correct_page(form: CorrectionForm, edition: Edition, status: int) -> tuple[str, int]:
    return render_template("barometer/editions/correct.html", form=form, edition=edition), status


@bp.route("/editions/<id:edition_id>/correct", methods=["GET", "POST"])
def edition_correct(edition_id: int) -> Page:
    edition = _edition_or_404(edition_id)
    require(perms.can_correct_edition(current_user, edition))
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _correct_page(form, edition, _form_status(form))
    outcome = run(
        lambda: svc.create_correction(edition, form.reason.data or "", actor=current_user,
                                      now=utcnow(), reason_en=form.reason_en.data or ""),
        success=_("A correcting draft was created. Check it and publish it."),
    )  # fmt: skip
    if not outcome.ok:
        return _correct_page(form, edition, outcome.status)
    return redirect(url_for("barometer.edition_preview", edition_id=outcome.result().id))


@bp.post("/editions/<id:edition_id>/discard")
def edition_discard(edition_id: int) -> Response:
    edition = _edition_or_404(edition_id)
    require(perms.can_manage_editions(current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run(
        lambda: svc.discard_draft(edition, actor=current_user, now=utcnow()),
        success=_("The draft edition was discarded."),
    )
    return redirect(url_for("barometer.editions_index"))
