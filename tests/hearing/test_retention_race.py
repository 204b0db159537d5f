"""Two ``flask privacy purge`` runs at the same moment (two crons, or cron and a person at
the command line): the hearing is purged once, its audit entry written once, the inactive
account warned once, and neither run fails.

Each run is a thread with its own app context, database connection and transaction, as two
processes are. Run it on PostgreSQL with ``TEST_DATABASE_URL`` too: there both runs read
the hearing as due before either has committed, unless the purge is serialised.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from core.extensions import db as _db
from core.mail_models import OutboundEmail
from core.models import AuditEvent
from core.services import privacy
from hearing.services.retention import retention_date
from tests.factories import make_user
from tests.hearing.test_retention import _at, _hearing


def _count(action: str, object_id: int | None = None) -> int:
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == str(object_id))
    return int(_db.session.scalar(query) or 0)


def test_two_purges_at_once_purge_each_hearing_once(app: Flask, db: Any, configured: Any) -> None:
    configured(USER_INACTIVE_DEACTIVATE_DAYS=100, USER_INACTIVE_WARNING_DAYS=14)
    hearing = _hearing()
    idle = make_user("idle.reader@example.org", name="Ida Inaktiv")
    _db.session.commit()
    when = _at(retention_date(hearing) or date.max) + timedelta(hours=12)
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def purge(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                report = privacy.purge(when)
                _db.session.commit()
                results[i] = ("ok", report)
            except Exception as err:
                _db.session.rollback()
                results[i] = ("error", repr(err))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=purge, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert [r[0] for r in results if r] == ["ok", "ok"], results
    assert sorted(r[1]["hearings"]["hearings"] for r in results) == [0, 1], results
    _db.session.expire_all()
    assert _count("hearing.personal_data_purged") == 1
    assert _count("user.inactivity_warned", idle.id) == 1
    warnings = select(func.count()).where(OutboundEmail.to_address == idle.email)
    assert _db.session.scalar(warnings.select_from(OutboundEmail)) == 1
