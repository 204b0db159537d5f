"""The hearing's archive package for the records system (secretariat; see docs/records.md)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file
from werkzeug.wrappers import Response

from hearing import archive
from hearing.blueprint import bp
from hearing.views.common import load_or_404
from hearing.views.state_refusals import require_consolidation_view


@bp.get("/<id:hearing_id>/archive.zip")
def archive_package(hearing_id: int) -> Response:
    hearing = load_or_404(hearing_id)
    if hearing.issued_at is None:
        abort(404)
    require_consolidation_view(hearing)
    answer = send_file(
        BytesIO(archive.package(hearing)),
        mimetype="application/zip",
        as_attachment=True,
        download_name=archive.filename(hearing),
    )
    answer.headers["Cache-Control"] = "private, no-store"
    return answer
