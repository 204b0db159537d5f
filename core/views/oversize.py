"""A form sent with a file over the size limit comes back with its text.

Werkzeug refuses a request over ``MAX_CONTENT_LENGTH`` (413) before anything is read, so
the text typed beside the file would be lost. For a logged-in user's form (multipart, up
to ``OVERSIZE_FORM_MB``) the body is read once more with every file discarded as it
streams by (its text fields are kept, each within the usual limits), and the request is
handled again without the files: the before-request checks (CSRF among them) run on the
recovered fields, and the view's unit of work refuses with
:class:`~core.errors.RequestTooLarge` without calling the service
(:func:`core.views.unit_of_work.refuse_next_run`). The page is the view's own form, with
what was typed, answered 413. Anything else gets the plain 413 page.
"""

from __future__ import annotations

import io
from typing import Any

from flask import current_app, request
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.formparser import FormDataParser
from werkzeug.wrappers import Response

from core.errors import RequestTooLarge
from core.views.common import flash_error
from core.views.unit_of_work import refuse_next_run

TEXT_FIELDS_MAX_BYTES = 2 * 1024 * 1024  # the text fields together, as read here


class _Discard(io.BytesIO):
    """Where a file's bytes go while the text fields are recovered: nowhere."""

    def write(self, data: Any) -> int:
        return len(data)


def _discard(*args: Any, **kwargs: Any) -> io.BytesIO:
    return _Discard()


def recover_text_fields() -> MultiDict[str, str] | None:
    """The text fields of this POST, its files discarded; None when not to be read."""
    if request.method != "POST" or request.mimetype != "multipart/form-data":
        return None
    if not current_user.is_authenticated or request.endpoint is None:
        return None
    length = request.content_length
    cap = int(current_app.config.get("OVERSIZE_FORM_MB", 0)) * 1024 * 1024
    if length is None or length > cap:
        return None
    parser = FormDataParser(
        stream_factory=_discard,  # type: ignore[arg-type]
        max_form_memory_size=TEXT_FIELDS_MAX_BYTES,
        max_content_length=None,
        silent=False,
    )
    stream = request.environ["wsgi.input"]
    try:
        _stream, form, _files = parser.parse(
            stream, request.mimetype, length, request.mimetype_params
        )
    except (HTTPException, ValueError):
        return None
    return form


def form_again(form: MultiDict[str, str], limit_bytes: int) -> Response:
    """Handle the request again with ``form`` and no files; the answer is 413."""
    request.__dict__["form"] = ImmutableMultiDict(form)
    request.__dict__["files"] = ImmutableMultiDict()
    error = RequestTooLarge(limit_bytes)
    flash_error(error)
    refuse_next_run(error, flashed=True)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        value = app.preprocess_request()
        if value is None:
            value = app.dispatch_request()
    except HTTPException as err:
        value = app.handle_http_exception(err)
    response = app.make_response(value)
    if response.status_code < 300 or 400 <= response.status_code < 500:
        response.status_code = 413  # the form again; a redirect stays one
    return response
