"""Det Fælles Designsystem, served from the npm package the set-up command installs."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

import config

bp = Blueprint("assets", __name__)
DKFDS_DIST = config.BASE_DIR / "node_modules" / "dkfds" / "dist"
ALLOWED_DIRS = ("css", "js", "fonts", "img")


@bp.get("/assets/dkfds/<path:filename>")
def dkfds(filename: str) -> Response:
    if Path(filename).parts[:1] not in [(d,) for d in ALLOWED_DIRS]:
        abort(404)
    return send_from_directory(DKFDS_DIST, filename, max_age=86400)
