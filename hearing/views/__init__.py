"""Blueprints of ``hearing``: staff pages under /hearings/, public pages under
/hearings/public/ (no log-in). The blueprint also carries the ``flask hearing ...``
commands and the menu entries, so the app factory only registers it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l

from core import navigation
from hearing import labels, permissions

bp = Blueprint("hearing", __name__, url_prefix="/hearings", cli_group="hearing")


@bp.app_context_processor
def _hearing_template_helpers() -> dict[str, Any]:
    return {"hearing_can": permissions.PREDICATES, **labels.JINJA_GLOBALS}


@bp.record_once
def _register_menu(state: BlueprintSetupState) -> None:
    navigation.register(30, "hearing.index", _l("Hearings"), permissions.can_list_hearings)
    navigation.register(
        31, "hearing.public_index", _l("Public hearings"), lambda user: not user.is_authenticated
    )


import hearing.views.response_routes  # noqa: E402, F401 - consultee responses
from hearing import api, cli  # noqa: E402, F401 - the API routes and `flask hearing ...`
from hearing.views import consolidation, note, public, staff, trace  # noqa: E402, F401 - routes
