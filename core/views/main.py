"""The home page, the language switch, the health check, security.txt and the favicon."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from core import queries
from core.clock import utcnow
from core.routing import external_url
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


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for on every site: a file, never a 404 page (which would
    start a session and give an anonymous visitor a cookie)."""
    response = send_from_directory(current_app.static_folder or "static", "favicon.ico")
    response.headers["Cache-Control"] = "public, max-age=604800"
    return response


@bp.get("/.well-known/security.txt")
def security_txt() -> Response:
    """RFC 9116: where to report a security problem (``SECURITY_CONTACT``)."""
    contact = current_app.config.get("SECURITY_CONTACT", "").strip()
    if not contact:
        abort(404)
    if "@" in contact and ":" not in contact:
        contact = f"mailto:{contact}"
    expires = (utcnow() + timedelta(days=365)).replace(microsecond=0)
    lines = (
        f"Contact: {contact}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: da, en",
        f"Canonical: {external_url('main.security_txt')}",
    )
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
