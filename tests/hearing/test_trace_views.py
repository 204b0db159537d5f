"""The traceability pages: a body's "what became of our proposals", a row's origin."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from hearing.services.decision import record_decision
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import body, secretariat
from tests.hearing.test_decision_services import _data, _prepared
from tests.web import login, text_of


@pytest.fixture
def decided(db: Any) -> Any:
    hearing, groups = _prepared()
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    return hearing, decision


def test_a_member_sees_what_became_of_the_bodys_proposals(
    client: FlaskClient, decided: Any
) -> None:
    hearing, _ = decided
    login(client, "buu@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/fate/{body('BUU').id}"))
    assert "Hvad blev der af forslagene fra BUU" in page
    assert "Tiltrådt som indstillet" in page and "Afvist" in page
    assert client.get(f"/hearings/{hearing.id}/fate/{body('IR').id}").status_code == 403


def test_a_body_without_a_response_has_no_fate_page(client: FlaskClient, decided: Any) -> None:
    hearing, _ = decided
    login(client, "sek@example.dk")
    assert client.get(f"/hearings/{hearing.id}/fate/{body('KFU').id}").status_code == 404


def test_the_origin_of_a_goal_names_the_decision_recommendation_and_bodies(
    client: FlaskClient, decided: Any
) -> None:
    _, decision = decided
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/origin/{decision.draft_version.number}/A1-M1"))
    assert "BIU 45/2007" in page and "Tiltrædes" in page and "BUU" in page
    assert "Ledigheden halveres inden 2010" not in page  # ØU's proposal is confidential
    assert client.get("/hearings/origin/99/A1-M1").status_code == 404


def test_the_trace_pages_need_a_log_in(client: FlaskClient, decided: Any) -> None:
    hearing, decision = decided
    assert client.get(f"/hearings/origin/{decision.draft_version.number}/A1-M1").status_code == 302
    assert client.get(f"/hearings/{hearing.id}/fate/{body('BUU').id}").status_code == 302
