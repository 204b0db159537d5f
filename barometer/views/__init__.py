"""Blueprints of ``barometer``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("barometer", __name__, url_prefix="/barometer")
