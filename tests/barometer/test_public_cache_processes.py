"""A process remembers the published set only with the shared token that any change to the
editions changes after its commit (``barometer.editions.public_signal``): a publication
committed by another process (another gunicorn worker or app server) is seen on this
process's next request, and until then a request asks the database nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete

from barometer.editions import public_cache
from barometer.models import PublicRendering
from core.extensions import db as _db
from tests.barometer.edition_factories import make_periods, make_published


def _next_request(app: Flask) -> str:
    with app.app_context(), app.test_request_context("/barometer/"):
        return public_cache.generation()


def test_a_publication_by_another_process_is_seen_on_the_next_request(
    app: Flask, db: Any, configured: Any, monkeypatch: pytest.MonkeyPatch, count_statements: Any
) -> None:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    make_published("2007-H1")
    db.session.commit()
    monkeypatch.setattr(app, "testing", False)  # as in production: memory caches on
    try:
        before = _next_request(app)
        count_statements.count = 0
        assert _next_request(app) == before
        assert count_statements.count == 0  # nothing changed: the database is not asked
        # The other process's publication: this process's own state is left alone.
        monkeypatch.setattr(
            public_cache, "clear", lambda: _db.session.execute(delete(PublicRendering))
        )
        make_published("2007-H2")
        db.session.commit()
        after = _next_request(app)
    finally:
        public_cache._MEMORY.clear()
    assert after != before
    assert after.startswith("2-")
