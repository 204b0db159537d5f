"""Helpers shared by the hearing views: loading a hearing, annex files."""

from __future__ import annotations

from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import abort, current_app, request, send_file
from werkzeug.wrappers import Response

from core import uploads
from core.clock import utcnow
from core.errors import DomainError
from core.paging import page_of, requested
from hearing.models import Annex, AnnexKind, Hearing
from hearing.queries import hearings as queries
from hearing.services import transitions


def load_or_404(hearing_id: int, *, lean: bool = False) -> Hearing:
    """The hearing. Reading never writes: a GET shows an expired open hearing as closed
    (``Hearing.current_state``); a request that changes something saves the closing first,
    in its own unit of work (committed with the change, rolled back with a refusal).
    ``lean``: with its consultees only (:func:`hearing.queries.hearings.get_hearing_lean`)."""
    hearing = (queries.get_hearing_lean if lean else queries.get_hearing)(hearing_id)
    if hearing is None:
        abort(404)
    if not is_reading():
        transitions.close_if_expired(hearing, now=utcnow())
    return hearing


def is_reading() -> bool:
    """A request that only reads (GET, HEAD, OPTIONS): it never writes."""
    return request.method in ("GET", "HEAD", "OPTIONS")


def upload_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def annex_of(hearing: Hearing, annex_id: int) -> Annex:
    annex = next((a for a in hearing.annexes if a.id == annex_id), None)
    if annex is None:
        abort(404)
    return annex


def send_annex(hearing: Hearing, annex: Annex) -> Response:
    """The annex as a download under its original name (never from the static folder)."""
    if annex.kind == AnnexKind.OVERVIEW_TABLE and not annex.stored_name:
        from hearing.pdf import overview_pdf

        data = overview_pdf(hearing)
    else:
        try:
            data = uploads.read_stored(annex.stored_name or "", folder=upload_folder())
        except DomainError:
            abort(404)
    response = send_file(
        BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=annex.original_name,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def one_page_of_rows(context: dict[str, Any], per_page: int) -> None:
    """A hearing list (``context["rows"]``, consultee rows) counted per state and cut to the
    page asked for (``?page=N``): ``state_counts``, ``page`` and the page's ``rows``."""
    rows = context["rows"]
    page = page_of(requested("page"), per_page, len(rows))
    context["state_counts"] = Counter(row.state for row in rows)
    context["rows"] = rows[page.offset : page.offset + page.per_page]
    context["page"] = page
