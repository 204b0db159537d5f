"""Blueprints of ``barometer``.

``bp`` owns ``/barometer``; the staff catalogue lives under ``/barometer/catalogue`` and
the public API routes are added to ``core.api.bp`` (``/api/v1``).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("barometer", __name__, url_prefix="/barometer")

from barometer.views import (  # noqa: E402, F401 - routes register on import  # noqa: E402, F401 - measurements and reading
    api,
    api_editions,
    catalogue,
    catalogue_nodes,
    catalogue_versions,
    editions,
    measurement_files,
    measurements,
    public,
    reading,
)
