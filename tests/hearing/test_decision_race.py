"""Two secretaries record the committee's decision on one hearing at the same moment: one
wins, the other is told the decision is already recorded, and nothing is applied twice.

Each secretary is a thread with its own app context, database connection and unit of
work (``core.views.unit_of_work.run``), as two requests are. Run it on PostgreSQL with
``TEST_DATABASE_URL`` too: there the hearing's row lock makes the second wait.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from barometer.models import CatalogueChangeRecord, CatalogueVersion
from core.errors import DomainError
from core.extensions import db as _db
from core.i18n import error_text
from core.models import AuditEvent, User
from core.views.unit_of_work import run
from hearing.errors import DecisionAlreadyRecorded
from hearing.models import Hearing
from hearing.models.consolidation import Decision, DecisionOutcome
from hearing.services.lifecycle import move_hearing
from hearing.workflow import HearingState
from tests.factories import commit, make_secretariat
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import secretariat
from tests.hearing.test_decision_services import _data, _prepared


def _counts() -> dict[str, int]:
    _db.session.expire_all()
    models = (Decision, DecisionOutcome, CatalogueVersion, CatalogueChangeRecord)
    counts = {m.__name__: int(_db.session.scalar(select(func.count()).select_from(m)) or 0)
              for m in models}  # fmt: skip
    recorded = AuditEvent.action == "hearing.decision_recorded"
    query = select(func.count()).select_from(AuditEvent).where(recorded)
    counts["recorded"] = int(_db.session.scalar(query) or 0)
    return counts


def test_two_secretaries_recording_the_decision_at_once_one_wins(app: Flask, db: Any) -> None:
    hearing, groups = _prepared()
    data = _data(groups)
    other = make_secretariat(email="sek2@example.dk")
    commit()
    hearing_id, user_ids = hearing.id, (secretariat().id, other.id)
    before = _counts()
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def record(i: int) -> None:
        with app.test_request_context("/"):
            found = _db.session.get(Hearing, hearing_id)
            actor = _db.session.get(User, user_ids[i])
            assert found is not None and found.state == HearingState.CONSOLIDATION
            barrier.wait(timeout=10)
            outcome = run(
                lambda: move_hearing(
                    found, HearingState.DECIDED, actor=actor, now=_later(), decision=data
                )
            )
            text = error_text(outcome.error) if outcome.error else ""
            results[i] = (outcome.ok, outcome.error, text)
            _db.session.remove()

    threads = [threading.Thread(target=record, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(r is not None for r in results), results
    oks = [r for r in results if r[0]]
    refused = [r for r in results if not r[0]]
    assert len(oks) == 1 and len(refused) == 1, results
    error = refused[0][1]
    assert isinstance(error, DecisionAlreadyRecorded) and isinstance(error, DomainError)
    assert "allerede" in refused[0][2]
    after = _counts()
    assert after["Decision"] == before["Decision"] + 1
    assert after["CatalogueVersion"] == before["CatalogueVersion"] + 1
    assert after["DecisionOutcome"] == before["DecisionOutcome"] + len(data.outcomes)
    assert after["CatalogueChangeRecord"] - before["CatalogueChangeRecord"] == 2
    assert after["recorded"] - before["recorded"] == 1


def _later() -> Any:
    return LATER
