"""Who holds the lock on a draft catalogue version, for the version's page.

A draft consulted in a hearing is locked (``barometer.services.version_lock``); the
catalogue knows only the lock's reason. The package that locks it (``hearing``) registers
a function with :func:`register_lock_holder` that names the hearing, its deadline and the
page that tells more; ``barometer`` never imports it. Without one the page shows the
lock's reason alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask.sansio.app import App

from barometer.models import CatalogueVersion

_KEY = "barometer.lock_holder"


@dataclass(frozen=True)
class LockHolder:
    """What locks a version: its name (reference and title), until when, and a link."""

    name: str
    until: datetime | None = None
    url: str | None = None


HolderOf = Callable[[int], LockHolder | None]


def register_lock_holder(app: App, holder_of: HolderOf) -> None:
    """``holder_of(version_id)`` tells what locks the version, or None."""
    app.extensions[_KEY] = holder_of


def lock_holder(version: CatalogueVersion) -> LockHolder | None:
    """What locks the version (None when it is not locked)."""
    lock = version.lock
    if lock is None:
        return None
    holder_of: HolderOf | None = current_app.extensions.get(_KEY)
    found = holder_of(version.id) if holder_of is not None else None
    return found or LockHolder(lock.reason)
