"""The main menu: each package's ``init_app`` registers its entries on the app, with the
predicate that shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for

_KEY = "core.navigation"


@dataclass(frozen=True)
class NavEntry:
    order: int
    endpoint: str
    label: Any  # a lazy_gettext string
    visible: Callable[[Any], bool]


def register(
    app: Flask, order: int, endpoint: str, label: Any, visible: Callable[[Any], bool]
) -> None:
    """Add a menu entry to ``app``'s menu (an endpoint is listed once)."""
    entries: list[NavEntry] = app.extensions.setdefault(_KEY, [])
    if all(e.endpoint != endpoint for e in entries):
        entries.append(NavEntry(order, endpoint, label, visible))


def entries(app: Flask) -> list[NavEntry]:
    """The entries registered on ``app``, in menu order."""
    return sorted(app.extensions.get(_KEY, []), key=lambda e: e.order)


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def items_for(user: Any) -> list[NavItem]:
    current = request.endpoint or ""
    return [
        NavItem(url_for(e.endpoint), str(e.label), current == e.endpoint)
        for e in entries(current_app)
        if e.visible(user)
    ]
