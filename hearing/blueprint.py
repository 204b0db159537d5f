"""The ``hearing`` blueprint: staff pages under ``/hearings/``, public pages under
``/hearings/public/`` (no log-in). The public API routes go on ``core.api.bp``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("hearing", __name__, url_prefix="/hearings")
