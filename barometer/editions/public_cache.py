"""The store of rendered public responses: filled at publication, only read on requests.

A response of the public site or the editions API depends only on its URL and on which
editions are published, so its bytes are stored in ``public_renderings`` under a key that
carries the *generation* of the published set, with the SHA-256 of the bytes as a strong
ETag. Publishing empties the store and queues a job that stores the main responses
again (:mod:`barometer.editions.public_responses`); a request never writes: a response
that is not stored is rendered for that request alone. Each worker also keeps what it
served in memory (not under ``TESTING``, where the tables are emptied between tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g
from sqlalchemy import delete, func, select

from barometer.editions import public_signal
from barometer.editions.snapshot import sha256_hex
from barometer.models import Edition, EditionState, PublicRendering
from core.extensions import db

Made = tuple[bytes, str] | None  # body and content type; None: no such response (404)


@dataclass(frozen=True)
class Cached:
    body: bytes
    etag: str
    content_type: str


def generation() -> str:
    """Which set of editions is published: the count grows with every publication (none is
    deleted) and the latest id and instant make it unique, so a response rendered before a
    publication is never served after it from the store.

    Outside tests a worker remembers it together with the shared token of
    :mod:`barometer.editions.public_signal` (a Redis counter, or a file's stamp), which
    changes after the commit of any change to the editions, and asks the database again
    only when the token has changed: every process and machine sees a publication on its
    next request, and a page this worker served before costs no SQL statement.
    """
    testing = current_app.testing
    memo = None if testing else g.get(_GENERATION)
    if memo is not None:
        return str(memo)
    token = None if testing else public_signal.token()  # read before the database
    known = _KNOWN.get("value")
    if token is not None and known is not None and known[0] == token:
        value = known[1]
    else:
        value = _generation_in_database()
        if token is not None and not public_signal.pending(db.session()):
            _KNOWN["value"] = (token, value)
    setattr(g, _GENERATION, value)
    return value


def _generation_in_database() -> str:
    count, last_id, last_at = db.session.execute(
        select(func.count(Edition.id), func.max(Edition.id), func.max(Edition.published_at)).where(
            Edition.state == EditionState.PUBLISHED
        )
    ).one()
    stamp = last_at.isoformat() if last_at is not None else ""
    return f"{count}-{last_id or 0}-{stamp}"


_GENERATION = "public_cache_generation"  # in ``g``: once per request
_KNOWN: dict[str, tuple[str, str]] = {}  # per process: (token, generation)


def lookup(key: str, make: Callable[[], Made]) -> Cached | None:
    """The stored response of ``key``, else ``make()``'s, not stored (None: 404).

    No statement when this worker served the key before and no edition changed since
    (one when one did: the generation), one or two more when it is stored.
    """
    key = f"g{generation()}:{key}"
    memory = not current_app.testing  # tests empty the database between tests
    if memory and key in _MEMORY:  # this worker served it before: no second statement
        return _MEMORY[key]
    row = db.session.get(PublicRendering, key)
    if row is not None:
        entry: Cached | None = Cached(row.body, row.etag, row.content_type)
    else:
        entry = _cached(make())
    return remember(key, entry) if memory and entry is not None else entry


def store(key: str, make: Callable[[], Made]) -> None:
    """Render ``key`` now and store it (at publication; the caller commits)."""
    key = f"g{generation()}:{key}"
    entry = _cached(make())
    if entry is None or db.session.get(PublicRendering, key) is not None:
        return
    db.session.add(
        PublicRendering(key=key, etag=entry.etag, content_type=entry.content_type, body=entry.body)
    )
    db.session.flush()


def clear() -> None:
    """Forget every stored response: the list of editions and the latest change now."""
    db.session.execute(delete(PublicRendering))
    g.pop(_GENERATION, None)


def _cached(made: Made) -> Cached | None:
    if made is None:
        return None
    body, content_type = made
    return Cached(body, sha256_hex(body), content_type)


# Per process: the keys carry the generation, so a publication makes old entries unused.
_MEMORY: dict[str, Cached] = {}
MEMORY_ENTRIES = 200


def remember(key: str, entry: Cached) -> Cached:
    """Keep ``entry`` in this worker's memory under ``key``."""
    if len(_MEMORY) >= MEMORY_ENTRIES:
        _MEMORY.clear()
    _MEMORY[key] = entry
    return entry


def remembered(key: str) -> Cached | None:
    return _MEMORY.get(key)
