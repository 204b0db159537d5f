"""Discarding the draft a decision made ("Kassér kladden"): the draft goes, the recorded
decision stays and says its changes were discarded; nothing fails."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from barometer.services import catalogue_versions as catalogue_services
from core.extensions import db as _db
from hearing.queries.consolidation import decision_of
from hearing.services.decision import record_decision
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import secretariat
from tests.hearing.test_decision_services import _data, _prepared
from tests.web import login, post, text_of


def test_the_draft_a_decision_made_can_be_discarded(client: FlaskClient, db: Any) -> None:
    hearing, groups = _prepared()
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    number = decision.draft_version.number
    commit()
    login(client, "sek@example.dk")
    url = f"/barometer/catalogue/versions/{number}/discard"
    assert client.get(url).status_code == 200
    response = post(client, url, {"confirm": "y"})
    assert response.status_code == 302, text_of(response)[:1500]
    _db.session.expire_all()
    assert catalogue_services.draft_of(hearing.version.policy) is None
    recorded = decision_of(hearing)
    assert recorded is not None and recorded.draft_version is None
    assert all(o.change_record_id is None for o in recorded.outcomes)
    page = client.get(f"/hearings/{hearing.id}/decision")
    assert page.status_code == 200
    text = text_of(page)
    assert "kladden med beslutningens ændringer blev kasseret" in text
