"""The demo, built once per test process and put back from memory afterwards.

Building the demo runs every step through the services (publishing editions renders their
PDFs) and takes seconds; many tests only need it as a world to look at. The first call with
a given instant builds it as ``core.demo.load_demo`` does and keeps a copy of every row; later
calls with the same instant insert those rows again. Files the demo wrote (scans, PDFs) stay
in the session's folders, so the rows find them. A copy is kept only when the database was
empty before, and only for the same app, folders and demo password.

Tests of the demo itself (its steps, its idempotence, its CLI) call ``load_demo`` directly.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select, text

from core.clock import utcnow
from core.demo import load_demo
from core.extensions import db
from tests.conftest import filled_tables

# One "today" for the whole run, so that every test asking for the demo as of today gets
# the same one (the clock moves a few minutes during a run; no deadline is that close).
DEMO_NOW: datetime = utcnow().replace(microsecond=0)
SIX_WEEKS_AGO: datetime = DEMO_NOW - timedelta(weeks=6)

_Rows = dict[str, list[dict[str, Any]]]
_copies: dict[tuple[Any, ...], tuple[list[str], _Rows]] = {}


def load_demo_once(now: datetime = DEMO_NOW, *, until: int | None = None) -> list[str]:
    """``load_demo(now, until=until)``, from memory after the first time. The first time
    commits, so that the jobs the demo started (the hearing note's PDFs, the editions' files)
    have run and are in the copy, as they are after ``flask demo load``; later times do not
    commit."""
    config = current_app.config
    key = (
        id(current_app._get_current_object()),  # type: ignore[attr-defined]
        now,
        until,
        config.get("DEMO_PASSWORD"),
        config.get("UPLOAD_FOLDER"),
        config.get("STORAGE_DIR"),
    )
    copy = _copies.get(key)
    if copy is not None and _empty():
        names, rows = copy
        _insert(rows)
        return list(names)
    was_empty = _empty()
    names = load_demo(now, until=until)
    if was_empty:
        db.session.commit()  # the jobs started by the demo run after the commit
        db.session.expire_all()
        _copies[key] = (list(names), _rows())
    else:
        db.session.flush()
    return names


def _tables() -> list[Any]:
    return list(db.metadata.sorted_tables)


def _empty() -> bool:
    return not filled_tables()


def _rows() -> _Rows:
    """Every row, in primary-key order: a table that refers to itself (a catalogue version
    based on an earlier one) is put back in the order its references need. Without the
    order PostgreSQL returns rows in the order they are stored, where an updated row may
    come after the rows that refer to it."""
    return {
        table.name: [
            dict(row)
            for row in db.session.execute(
                table.select().order_by(*table.primary_key.columns)
            ).mappings()
        ]
        for table in _tables()
    }


def _insert(rows: _Rows) -> None:
    for table in _tables():
        if rows[table.name]:
            db.session.execute(table.insert(), rows[table.name])
    if db.engine.dialect.name == "postgresql":
        _move_sequences_past(rows)


def _move_sequences_past(rows: _Rows) -> None:
    """Rows came back with their ids; the next id each sequence gives must follow them."""
    for table in _tables():
        if not rows[table.name] or "id" not in table.c:
            continue
        sequence = db.session.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}
        ).scalar()
        if sequence:
            highest = db.session.execute(select(func.max(table.c.id))).scalar()
            db.session.execute(text("SELECT setval(:s, :v)"), {"s": sequence, "v": highest})
