"""Error pages in the user's language, and domain errors turned into responses."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.datastructures import Headers
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from core.errors import DomainError, RequestTooLarge
from core.extensions import db
from core.i18n import error_text
from core.views.oversize import form_again, recover_text_fields
from core.write_faults import FAULT_CLASSES, is_write_fault, write_failed


def _wants_json() -> bool:
    return request.path.startswith("/api/")


Page = tuple[str | dict[str, object], int, Headers]


def _page(
    status: int,
    title: str,
    message: str,
    headers: Headers | None = None,
    unsaved: list[tuple[str, str]] | None = None,
) -> Page:
    if _wants_json():
        body: str | dict[str, object] = {
            "error": {"status": status, "title": title, "message": message}
        }
    else:
        body = render_template(
            "errors/error.html", status=status, title=title, message=message, unsaved=unsaved
        )
    return body, status, headers or Headers()


# Fields of a form that carry no text of the user's (tokens, counters, buttons).
_MACHINERY = {"csrf_token", "edit_version", "base", "revision", "state", "action", "next"}


def typed_texts() -> list[tuple[str, str]]:
    """The texts of a POST's form that could not be saved, to show them for copying."""
    if request.method != "POST":
        return []
    texts: list[tuple[str, str]] = []
    for name, value in request.form.items(multi=True):
        lowered = name.lower()
        if lowered in _MACHINERY or "password" in lowered or "token" in lowered:
            continue
        if value.strip():
            texts.append((_("Text %(number)s", number=len(texts) + 1), value))
    return texts


def _kept_headers(err: HTTPException) -> Headers:
    """What the exception says beside its page (``Allow`` on a 405, ``Retry-After``...)."""
    return Headers([(k, v) for k, v in err.get_headers() if k.lower() != "content-type"])


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(err: CSRFError) -> Page:
        return _page(
            400,
            _("The form had expired or was not sent from this site"),
            _("Nothing was saved. Go back, reload the page and try again."),
        )

    @app.errorhandler(401)
    def _unauthorised(err: HTTPException) -> Response | Page:
        if _wants_json():
            return _page(401, _("Log-in required"), _("Log in to see this page."))
        flash(_("Log in to see this page."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.errorhandler(DomainError)
    def _domain(err: DomainError) -> Page:
        db.session.rollback()
        return _page(err.status_code, _("The action was not carried out"), error_text(err))

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException) -> Page | HTTPException:
        titles = {
            400: (_("Bad request"), _("The request could not be understood. Nothing was saved.")),
            403: (
                _("You do not have access"),
                _("Your account does not give access to this page or action."),
            ),
            404: (_("Page not found"), _("The page does not exist or has been moved.")),
            405: (_("Not allowed"), _("This address does not accept that kind of request.")),
            413: (_("The file is too large"), _("Nothing was saved. Choose a smaller file.")),
            429: (
                _("Too many attempts"),
                _("Too many attempts in a short time. Wait a few minutes and try again."),
            ),
        }
        code = err.code or 500
        if code not in titles:
            return err
        title, message = titles[code]
        return _page(code, title, message, _kept_headers(err))

    @app.errorhandler(413)
    def _too_large(err: HTTPException) -> Response | Page:
        limit = int(app.config.get("MAX_CONTENT_LENGTH") or 0)
        form = recover_text_fields()
        if form is not None:
            return form_again(form, limit)
        return _page(
            413,
            _("The file is too large"),
            error_text(RequestTooLarge(limit)),
            _kept_headers(err),
        )

    @app.errorhandler(DBAPIError)
    @app.errorhandler(OSError)
    def _write_fault(err: Exception) -> Page:
        """A write fault outside a unit of work: 503, nothing saved, the text shown back.
        Any other such error (or one while reading a page) is a 500."""
        if request.method in ("GET", "HEAD") or not is_write_fault(err):
            raise err
        try:
            db.session.rollback()
        except FAULT_CLASSES:
            db.session.close()
        failed = write_failed(err)
        unsaved = typed_texts()
        message = error_text(failed)
        if unsaved:
            message = _(
                "Nothing was saved: the system could not store your changes just now. What "
                "you typed is shown below: copy it, go back and try again in a moment."
            )
        return _page(failed.status_code, _("Nothing was saved"), message, unsaved=unsaved)

    @app.errorhandler(500)
    def _server_error(err: Exception) -> Page:
        db.session.rollback()
        return _page(
            500,
            _("Something went wrong"),
            _("An error occurred on our side. It has been logged; please try again later."),
        )
