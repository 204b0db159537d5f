"""The recorded decision is shown read-only; a change that waits is resolved on it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from core.extensions import db as _db
from hearing.queries.consolidation import decision_of
from tests.factories import commit
from tests.hearing.test_decision_overlap import _conflicted
from tests.web import login, post, text_of


def test_the_decision_page_of_a_decided_hearing_shows_the_decision(
    client: FlaskClient, db: Any
) -> None:
    _draft, decision = _conflicted()
    commit()
    login(client, "sek@example.dk")
    page = client.get(f"/hearings/{decision.hearing_id}/decision")
    assert page.status_code == 200
    text = text_of(page)
    assert "BIU 45/2007" in text and "Afvist" in text
    assert "1 tiltrådt ændring venter på dig" in text
    # Recording it again is refused as the state it is in, not as "no access".
    again = post(client, f"/hearings/{decision.hearing_id}/decision", {"case_reference": "x"})
    assert again.status_code == 409


def test_a_waiting_change_is_made_from_the_decision_page(client: FlaskClient, db: Any) -> None:
    draft, decision = _conflicted()
    [waiting] = [o for o in decision.outcomes if o.open_conflict]
    commit()
    login(client, "sek@example.dk")
    url = f"/hearings/{decision.hearing_id}/decision/outcomes/{waiting.id}/resolve"
    response = post(client, url, {"resolution": "applied"})
    assert response.status_code == 302
    _db.session.expire_all()
    outcome = next(o for o in decision_of(decision.hearing).outcomes if o.id == waiting.id)
    assert outcome.conflict_resolution == "applied"
    assert outcome.change_record.version_id == draft.id


def test_only_the_secretariat_resolves(client: FlaskClient, db: Any) -> None:
    _draft, decision = _conflicted()
    [waiting] = [o for o in decision.outcomes if o.open_conflict]
    commit()
    login(client, "buu@example.dk")
    url = f"/hearings/{decision.hearing_id}/decision/outcomes/{waiting.id}/resolve"
    assert post(client, url, {"resolution": "applied"}).status_code == 403
    assert client.get(f"/hearings/{decision.hearing_id}/decision").status_code == 403
