"""A catalogue version's snapshot, kept per process while the version cannot change.

An approved or superseded version never changes, and a draft does not change while a
hearing has it locked (every write to a version checks that it is a draft no hearing is
consulting on: :mod:`barometer.services.catalogue_versions`). Pages that show such a
version on every request (a hearing's response form, its consolidation workspace, the
public hearing page) get its snapshot (:func:`barometer.queries.version_snapshot`) from
this process's memory instead of loading the whole tree again: one small statement reads
what the key is made of (the version's status, when it was superseded, when it was locked,
and the edit counters of the bodies, whose names the snapshot carries as owners) and a
version whose key has changed is loaded anew, so no process can show a stale catalogue.
An unlocked draft is always loaded. Each caller gets its own copy (the snapshot is kept as
JSON), so no caller can change what another one reads.

Off under ``TESTING`` unless ``CATALOGUE_MEMORY`` says otherwise: the test suite empties
its tables between tests and numbers versions from 1 again.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from barometer.models import CatalogueVersion, CatalogueVersionLock, VersionStatus
from barometer.queries import load_version_tree, version_snapshot
from core.extensions import db
from core.models import Body

MEMORY_ENTRIES = 32
_MEMORY: dict[tuple[Any, ...], str] = {}


def enabled() -> bool:
    return bool(current_app.config.get("CATALOGUE_MEMORY", not current_app.testing))


def version_key(version_id: int) -> tuple[Any, ...] | None:
    """What tells this frozen version from any later state of it (None: not frozen)."""
    bodies = select(func.coalesce(func.sum(Body.version), 0)).scalar_subquery()
    row = db.session.execute(
        select(CatalogueVersion.status, CatalogueVersion.superseded_at,
               CatalogueVersionLock.locked_at, bodies)
        .outerjoin(CatalogueVersionLock, CatalogueVersionLock.version_id == CatalogueVersion.id)
        .where(CatalogueVersion.id == version_id)
    ).first()  # fmt: skip
    if row is None:
        return None
    status, superseded_at, locked_at, body_edits = row
    if status == VersionStatus.DRAFT and locked_at is None:
        return None
    return (version_id, str(status), superseded_at, locked_at, int(body_edits))


def snapshot_of(version_id: int) -> dict[str, Any] | None:
    """The version's snapshot (None: no such version), from memory when it is frozen."""
    key = version_key(version_id) if enabled() else None
    if key is not None and key in _MEMORY:
        loaded: dict[str, Any] = json.loads(_MEMORY[key])
        return loaded
    version = load_version_tree(version_id)
    if version is None:
        return None
    snapshot = version_snapshot(version)
    if key is not None:
        if len(_MEMORY) >= MEMORY_ENTRIES:
            _MEMORY.clear()
        _MEMORY[key] = json.dumps(snapshot)
    return snapshot


def forget() -> None:
    """Empty this process's memory (tests)."""
    _MEMORY.clear()
