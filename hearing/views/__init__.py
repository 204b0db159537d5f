"""Blueprints of ``hearing``: staff pages under /hearings/, public pages under
/hearings/public/ (no log-in). The blueprint also carries the ``flask hearing ...``
commands and the menu entries, so the app factory only registers it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from barometer.origin_links import register_origin_link
from core import navigation
from hearing import labels, permissions
from hearing import labels as labels_trace

bp = Blueprint("hearing", __name__, url_prefix="/hearings", cli_group="hearing")


@bp.app_context_processor
def _hearing_template_helpers() -> dict[str, Any]:
    return {
        "hearing_can": permissions.PREDICATES,
        **labels.JINJA_GLOBALS,
        **labels_trace.JINJA_GLOBALS,
    }


@bp.record_once
def _register_menu(state: BlueprintSetupState) -> None:
    navigation.register(30, "hearing.index", _l("Hearings"), permissions.can_list_hearings)
    navigation.register(
        31, "hearing.public_index", _l("Public hearings"), lambda user: not user.is_authenticated
    )


@bp.record_once
def _register_origin_link(state: BlueprintSetupState) -> None:
    register_origin_link(state.app, _origin_url)


def _origin_url(number: int, code: str) -> str | None:
    """The catalogue's pages link here for "where does this come from" (logged-in users)."""
    if not permissions.can_list_hearings(current_user):
        return None
    return url_for("hearing.origin", number=number, code=code)


import hearing.views.response_routes  # noqa: E402, F401 - consultee responses
from hearing import cli  # noqa: E402, F401 - `flask hearing ...`
from hearing.views import (  # noqa: E402, F401 - routes
    api,
    consolidation,
    note,
    public,
    staff,
    trace,
)
