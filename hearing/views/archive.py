"""The hearing's archive package for the records system (secretariat; see docs/records.md)."""

from __future__ import annotations

import tempfile

from flask import abort, send_file
from werkzeug.wrappers import Response

from hearing import archive
from hearing.blueprint import bp
from hearing.views.common import load_or_404
from hearing.views.state_refusals import require_consolidation_view


@bp.get("/<id:hearing_id>/archive.zip")
def archive_package(hearing_id: int) -> Response:
    """The package is written document by document into a temporary file (deleted when
    closed) and sent from it in chunks: memory stays flat however many responses."""
    hearing = load_or_404(hearing_id)
    if hearing.issued_at is None:
        abort(404)
    require_consolidation_view(hearing)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response when sent
    try:
        archive.write_package(hearing, out)
        size = out.tell()
        out.seek(0)
    except BaseException:
        out.close()
        raise
    answer = send_file(
        out,
        mimetype="application/zip",
        as_attachment=True,
        download_name=archive.filename(hearing),
    )
    answer.content_length = size
    answer.headers["Cache-Control"] = "private, no-store"
    return answer
