"""Blueprints of ``hearing``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("hearing", __name__, url_prefix="/hearings")
