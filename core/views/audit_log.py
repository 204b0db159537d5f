"""Browsing the audit log (administrators and the secretariat)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from core import permissions, queries
from core.audit_labels import private_actions
from core.forms import AuditFilterForm
from core.models import Role

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
def index() -> tuple[str, int]:
    permissions.require(permissions.can_view_audit_log(current_user))
    form = AuditFilterForm(request.args)
    valid = form.validate()
    page = queries.audit_page(
        form.to_data() if valid else None,
        page=form.page.data or 1,
        per_page=current_app.config["AUDIT_PAGE_SIZE"],
        # A body's unsubmitted draft is its own: only an administrator sees its entries.
        hidden_actions=() if current_user.has_role(Role.ADMIN) else private_actions(),
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("core/audit.html", form=form, page=page, args=args), (
        200 if valid else 400
    )
