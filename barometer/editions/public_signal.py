"""A token every process can read cheaply that changes after any change to the editions.

The public pages are answered from each worker's memory under the *generation* of the
published set (:mod:`barometer.editions.public_cache`). Reading the generation from the
database on every request costs a connection and a statement per page; remembering it for
a while lets processes disagree. Instead every process remembers it together with this
token and asks the database again only when the token has changed:

* with ``REDIS_URL``: a counter in Redis (``INCR``), shared by every machine;
* without: a file in ``STORAGE_DIR`` replaced at each change (its inode and time change),
  shared by the processes of one machine (several machines need Redis anyway).

The token changes *after* the commit of any transaction that added or changed an
``Edition``, so a process that sees the new token finds the new editions in the database.
When Redis cannot be reached the token is None and the caller asks the database.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from barometer.models import Edition

KEY = "barometer:public-generation"
FILE = "public-generation"
_CHANGED = "editions_changed"

log = logging.getLogger(__name__)


def token() -> str | None:
    """The current token (None: unknown, ask the database)."""
    if current_app.config.get("REDIS_URL"):
        from core.jobs import redis_connection

        try:
            value = redis_connection(current_app).get(KEY)
        except Exception:  # Redis down: every request asks the database
            log.warning("The public generation token could not be read from Redis.")
            return None
        return "r" + (value.decode() if value else "0")
    try:
        stat = (Path(current_app.config["STORAGE_DIR"]) / FILE).stat()
    except FileNotFoundError:
        return "f0"
    except OSError:
        return None
    return f"f{stat.st_ino}-{stat.st_mtime_ns}"


def bump() -> None:
    """Change the token (after a commit that changed editions)."""
    if current_app.config.get("REDIS_URL"):
        from core.jobs import redis_connection

        redis_connection(current_app).incr(KEY)
        return
    folder = Path(current_app.config["STORAGE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{FILE}.{secrets.token_hex(8)}"
    temporary.write_text(secrets.token_hex(8), encoding="utf-8")
    temporary.replace(folder / FILE)


def pending(session: Session) -> bool:
    """Whether ``session`` has changed editions that are not committed yet."""
    return bool(session.info.get(_CHANGED))


def _note_edition_changes(session: Session, context: Any, instances: Any) -> None:
    if any(isinstance(o, Edition) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False) and has_app_context():
        try:
            bump()
        except Exception:
            log.exception("The public generation token could not be changed.")


def _after_rollback(session: Session, previous_transaction: Any = None) -> None:
    session.info.pop(_CHANGED, None)


def listen() -> None:
    """Watch every session for changes to editions (once per process)."""
    for name, handler in (
        ("before_flush", _note_edition_changes),
        ("after_commit", _after_commit),
        ("after_soft_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)
