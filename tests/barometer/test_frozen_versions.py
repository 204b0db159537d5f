"""A version that cannot change is read from memory; one that can is always loaded anew."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select

from barometer import catalogue_data, frozen_versions
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_nodes, version_lock
from barometer.services import catalogue_versions as svc
from core.extensions import db
from core.models import Body
from tests.barometer.factories import NOW, goal, make_approved


@pytest.fixture
def memory(app: Flask) -> Iterator[None]:
    app.config["CATALOGUE_MEMORY"] = True
    frozen_versions.forget()
    yield
    app.config.pop("CATALOGUE_MEMORY")
    frozen_versions.forget()


def _statements(call: Any) -> tuple[Any, int]:
    seen: list[str] = []

    def listen(*args: Any) -> None:
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        result = call()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return result, len(seen)


def _fresh(version_id: int) -> dict[str, Any]:
    return version_snapshot(load_version_tree(version_id))


def test_an_approved_version_is_read_from_memory_after_the_first_time(
    app: Flask, db: Any, memory: None
) -> None:
    version = make_approved()
    db.session.commit()
    first, loading = _statements(lambda: frozen_versions.snapshot_of(version.id))
    again, remembered = _statements(lambda: frozen_versions.snapshot_of(version.id))
    assert first == again == _fresh(version.id)
    assert remembered == 1 < loading  # only the statement that reads the key
    again["focus_areas"].clear()  # a caller's copy is its own
    assert frozen_versions.snapshot_of(version.id) == first


def test_a_draft_is_loaded_every_time_and_a_locked_one_until_it_is_unlocked(
    app: Flask, db: Any, memory: None
) -> None:
    draft = svc.create_draft(make_approved().policy, label="Udkast", actor=None, now=NOW)
    db.session.commit()
    frozen_versions.snapshot_of(draft.id)
    _, count = _statements(lambda: frozen_versions.snapshot_of(draft.id))
    assert count > 1  # an open draft may change at any moment: never from memory
    version_lock.lock_version(draft, "BIU 300/2007: Høring", actor=None, now=NOW)
    db.session.commit()
    locked = frozen_versions.snapshot_of(draft.id)
    assert _statements(lambda: frozen_versions.snapshot_of(draft.id))[1] == 1
    version_lock.unlock_version(draft, actor=None, now=NOW)
    criterion = catalogue_data.CriterionData("Flere i job i 2010")
    catalogue_nodes.add_criterion(goal(draft, "A1-M1"), criterion, actor=None, now=NOW)
    db.session.commit()
    changed = frozen_versions.snapshot_of(draft.id)
    assert changed != locked and changed == _fresh(draft.id)


def test_off_in_the_test_suite_by_default(app: Flask, db: Any) -> None:
    version = make_approved()
    db.session.commit()
    frozen_versions.snapshot_of(version.id)
    assert _statements(lambda: frozen_versions.snapshot_of(version.id))[1] > 1


def test_renaming_an_owner_is_seen_at_once(app: Flask, db: Any, memory: None) -> None:
    version = make_approved()
    db.session.commit()
    before = frozen_versions.snapshot_of(version.id)
    assert before is not None
    owner = db.session.scalar(select(Body).where(Body.code == "BIF"))
    assert owner is not None
    owner.name_da = "Beskæftigelses- og Integrationsforvaltningen (ny)"
    db.session.commit()  # the body's edit counter moves: the version's key with it
    after = frozen_versions.snapshot_of(version.id)
    assert after is not None and after != before and after == _fresh(version.id)
