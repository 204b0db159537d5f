"""Browsing the audit log (administrators and the secretariat)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select

from core import permissions
from core.clock import LOCAL_TZ
from core.extensions import db
from core.forms import AuditFilterForm
from core.models import AuditEvent

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
def index() -> tuple[str, int]:
    permissions.require(permissions.can_view_audit_log(current_user))
    form = AuditFilterForm(request.args)
    valid = form.validate()
    query = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if valid:
        query = _filtered(query, form)
    page = db.paginate(
        query,
        page=max(form.page.data or 1, 1),
        per_page=current_app.config["AUDIT_PAGE_SIZE"],
        error_out=False,
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("core/audit.html", form=form, page=page, args=args), (
        200 if valid else 400
    )


def _filtered(query, form: AuditFilterForm):  # type: ignore[no-untyped-def]
    if form.actor.data:
        query = query.where(AuditEvent.actor_label.ilike(f"%{form.actor.data.strip()}%"))
    if form.action.data:
        query = query.where(AuditEvent.action.startswith(form.action.data.strip()))
    if form.object_type.data:
        query = query.where(AuditEvent.object_type == form.object_type.data.strip())
    if form.object_id.data:
        query = query.where(AuditEvent.object_id == form.object_id.data.strip())
    if form.date_from.data:
        start = datetime.combine(form.date_from.data, time.min, LOCAL_TZ)
        query = query.where(AuditEvent.occurred_at >= start)
    if form.date_to.data:
        end = datetime.combine(form.date_to.data + timedelta(days=1), time.min, LOCAL_TZ)
        query = query.where(AuditEvent.occurred_at < end)
    return query
