"""Traceability pages: what became of a body's proposals, and where a catalogue row of a
version comes from (the changes, decisions, recommendations, proposals and bodies)."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from barometer.permissions import can_view_version
from barometer.queries import version_by_number
from core.permissions import require
from hearing import permissions
from hearing.blueprint import bp
from hearing.forms.consolidation import (
    RECOMMENDATION_LABELS,
    RESULT_LABELS,
    decision_result_label,
)
from hearing.permissions import is_member_of
from hearing.queries import responses as rq
from hearing.queries.trace import fates, origins
from hearing.views.common import load_or_404


@bp.get("/<id:hearing_id>/fate/<id:body_id>")
def fate(hearing_id: int, body_id: int) -> str:
    """The body's members and the secretariat see what became of each proposal."""
    hearing = load_or_404(hearing_id)
    require(
        permissions.can_manage_hearing(current_user, hearing) or is_member_of(current_user, body_id)
    )
    version = rq.current_submitted_version_of(hearing, body_id)
    if version is None:
        abort(404)
    return render_template(
        "hearing/trace/fate.html",
        hearing=hearing,
        version=version,
        fates=fates(version),
        recommendation_labels=RECOMMENDATION_LABELS,
        result_labels=RESULT_LABELS,
        result_label=decision_result_label,
    )


@bp.get("/origin/<id:number>/<code>")
def origin(number: int, code: str) -> str:
    """Where a goal or indicator (or its success criteria) of version ``number`` comes from."""
    require(permissions.can_list_hearings(current_user))
    version = version_by_number(number)
    # A version the user may not see (a draft) is not there for them, nor are its records.
    if version is None or not can_view_version(current_user, version):
        abort(404)
    return render_template(
        "hearing/trace/origin.html",
        number=number,
        code=code,
        origins=origins(version, code, visible=lambda v: can_view_version(current_user, v)),
        recommendation_labels=RECOMMENDATION_LABELS,
        result_labels=RESULT_LABELS,
        result_label=decision_result_label,
    )
