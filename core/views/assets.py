"""Det Fælles Designsystem, served from the npm package the set-up command installs."""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

from core.design_system import DKFDS_DIST, is_served

bp = Blueprint("assets", __name__)


@bp.get("/assets/dkfds/<path:filename>")
def dkfds(filename: str) -> Response:
    if not is_served(filename):
        abort(404)
    return send_from_directory(DKFDS_DIST, filename, max_age=86400)
