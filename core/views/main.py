"""The home page, the language switch and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from core import queries
from core.views.common import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str:
    return render_template("core/index.html", user=current_user)


@bp.post("/language")
def set_language() -> Response:
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    queries.ping()
    return {"status": "ok"}, 200
