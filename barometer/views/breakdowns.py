"""Breakdown dimensions of a draft version, under /barometer/catalogue: a dimension with its
categories, and the dimensions chosen for an indicator (simple forms, through
:func:`barometer.views.common.save`)."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from barometer.blueprint import bp
from barometer.forms.breakdowns import DimensionForm, IndicatorDimensionsForm, categories_text
from barometer.models import BreakdownDimension, CatalogueVersion, Indicator
from barometer.services import breakdowns as svc
from barometer.services import catalogue_versions
from barometer.views.common import (
    Page,
    editable,
    get_or_404,
    save,
    tree_url,
    version_of,
    viewable_version,
)
from core.clock import utcnow
from core.i18n import current_locale
from core.views.unit_of_work import run

PREFIX = "/catalogue"


def _draft(version: CatalogueVersion) -> CatalogueVersion:
    editable(version)
    catalogue_versions.ensure_editable(version)
    return version


def _page(
    form: DimensionForm | IndicatorDimensionsForm,
    version: CatalogueVersion,
    action: object,
    anchor: str,
    message: str,
    title: str,
    **extra: object,
) -> Page:
    done, cancel = tree_url(version, anchor), tree_url(version, "dimensions")
    return save(form, action, done, message, title, cancel, version=version, **extra)  # type: ignore[arg-type]


@bp.route(f"{PREFIX}/versions/<id:number>/dimensions/new", methods=["GET", "POST"])
def new_dimension(number: int) -> Page:
    version = _draft(viewable_version(number))
    form = DimensionForm()
    return _page(
        form,
        version,
        lambda: svc.add_dimension(version, form.to_data(), actor=current_user, now=utcnow()),
        "dimensions",
        _("The breakdown dimension was added."),
        _("New breakdown dimension"),
    )


@bp.route(f"{PREFIX}/dimensions/<id:dimension_id>/edit", methods=["GET", "POST"])
def edit_dimension(dimension_id: int) -> Page:
    dimension = get_or_404(BreakdownDimension, dimension_id)
    version = _draft(get_or_404(CatalogueVersion, dimension.version_id))
    form = DimensionForm(obj=dimension if request.method == "GET" else None)
    if request.method == "GET":
        form.categories.data = categories_text(dimension.categories)
    return _page(
        form,
        version,
        lambda: svc.update_dimension(
            dimension,
            form.to_data(),
            actor=current_user,
            now=utcnow(),
            expected_version=form.expected_version(),
        ),
        "dimensions",
        _("The breakdown dimension was saved."),
        _("Edit breakdown dimension %(code)s", code=dimension.code),
        delete_url=url_for("barometer.delete_dimension", dimension_id=dimension.id),
    )


@bp.post(f"{PREFIX}/dimensions/<id:dimension_id>/delete")
def delete_dimension(dimension_id: int) -> Response:
    dimension = get_or_404(BreakdownDimension, dimension_id)
    version = editable(get_or_404(CatalogueVersion, dimension.version_id))
    run(
        lambda: svc.delete_dimension(dimension, actor=current_user, now=utcnow()),
        success=_("The breakdown dimension was deleted."),
    )
    return redirect(tree_url(version, "dimensions"))


@bp.route(f"{PREFIX}/indicators/<id:indicator_id>/dimensions", methods=["GET", "POST"])
def indicator_dimensions(indicator_id: int) -> Page:
    indicator = get_or_404(Indicator, indicator_id)
    version = _draft(version_of(indicator))
    locale = current_locale()
    options = [(d.code, f"{d.name(locale)} ({d.code})") for d in svc.version_dimensions(version.id)]
    form = IndicatorDimensionsForm(options=options)
    if request.method == "GET":
        chosen = svc.chosen_codes(indicator)
        form.dimensions.data, form.expected.data = chosen, ",".join(chosen)
    return _page(
        form,
        version,
        lambda: svc.set_indicator_dimensions(
            indicator,
            form.dimensions.data or [],
            actor=current_user,
            now=utcnow(),
            expected=form.expected_codes(),
        ),
        f"indicator-{indicator.code}",
        _("The breakdown dimensions were saved."),
        _("Breakdown dimensions of %(code)s", code=indicator.code),
    )
