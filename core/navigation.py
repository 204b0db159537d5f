"""The main menu: each package registers its entries with the predicate that shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, request, url_for
from flask_login import current_user

from core import permissions


@dataclass(frozen=True)
class NavEntry:
    order: int
    endpoint: str
    label: Any  # a lazy_gettext string
    visible: Callable[[Any], bool]


_ENTRIES: list[NavEntry] = []


def register(order: int, endpoint: str, label: Any, visible: Callable[[Any], bool]) -> None:
    if all(e.endpoint != endpoint for e in _ENTRIES):
        _ENTRIES.append(NavEntry(order, endpoint, label, visible))


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def items_for(user: Any) -> list[NavItem]:
    current = request.endpoint or ""
    return [
        NavItem(url_for(e.endpoint), str(e.label), current == e.endpoint)
        for e in sorted(_ENTRIES, key=lambda e: e.order)
        if e.visible(user)
    ]


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    register(0, "main.index", _l("Home"), lambda user: True)
    register(80, "admin.users", _l("Users"), permissions.can_manage_users)
    register(81, "admin.bodies", _l("Bodies"), permissions.can_manage_bodies)
    register(90, "audit.index", _l("Audit log"), permissions.can_view_audit_log)
    register(95, "auth.change_password", _l("Password"), permissions.can_change_own_password)

    @app.context_processor
    def _navigation() -> dict[str, object]:
        return {
            "navigation": lambda: items_for(current_user),
            "can": permissions.PREDICATES,
        }
