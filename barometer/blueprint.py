"""The ``barometer`` blueprint: staff pages under ``/barometer`` (the catalogue under
``/barometer/catalogue``). The public API routes go on ``core.api.bp`` (``/api/v1``)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("barometer", __name__, url_prefix="/barometer")
