"""The traceability pages: a body's "what became of our proposals", a row's origin."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
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
    # ØU's proposal is confidential: the secretariat may see it, marked as such (other
    # users do not: test_confidential_derived.py)
    assert "Ledigheden halveres inden 2010 <em>(fortrolig)</em>" in page
    assert client.get("/hearings/origin/99/A1-M1").status_code == 404


def test_the_trace_pages_need_a_log_in(client: FlaskClient, decided: Any) -> None:
    hearing, decision = decided
    assert client.get(f"/hearings/origin/{decision.draft_version.number}/A1-M1").status_code == 302
    assert client.get(f"/hearings/{hearing.id}/fate/{body('BUU').id}").status_code == 302


def test_the_demos_version_2_links_each_decided_change_to_its_origin(
    app: Flask, client: FlaskClient, db: Any
) -> None:
    import re

    from tests.demo_cache import load_demo_once

    load_demo_once()
    db.session.commit()
    public = text_of(client.get("/barometer/catalogue/versions/2"))
    assert public.count('<div class="app-origin">Kommer fra høring BIU 227/2006') == 3
    assert "/hearings/origin/" not in public  # the origin page needs a log-in
    login(client, "sekretariat@example.dk", app.config["DEMO_PASSWORD"])
    html = text_of(client.get("/barometer/catalogue/versions/2"))
    lines = re.findall(r'<div class="app-origin"><a href="([^"]+)">([^<]+)<', html)
    assert sorted(lines) == [
        (f"/hearings/origin/2/{code}", "Kommer fra høring BIU 227/2006, beslutning BIU 118/2007")
        for code in ("SUN-01", "TRY-M2", "UDD-M3")
    ]
    # Each line sits on the criterion the decision added, not on its goal or indicator.
    added = html.index("Mindst 85 pct. af en ungdomsårgang")
    assert html.index('href="/hearings/origin/2/UDD-M3"') > added
    assert html.count('class="app-origin"') == 3  # unchanged rows say nothing
    origin = text_of(client.get("/hearings/origin/2/UDD-M3"))
    assert "BIU 118/2007" in origin and "BUU" in origin and "IR" in origin
    assert 'class="app-origin"' not in text_of(client.get("/barometer/catalogue/versions/1"))
    draft = text_of(client.get("/barometer/catalogue/versions/3"))  # the open hearing's draft
    assert draft.count('href="/hearings/origin/3/') == 3


def _fate_link(hearing: Any, code: str) -> str:
    return f'href="/hearings/{hearing.id}/fate/{body(code).id}"'


def test_my_hearings_and_the_response_page_link_to_the_fate_page_once_decided(
    client: FlaskClient, db: Any
) -> None:
    hearing, groups = _prepared()
    commit()
    login(client, "buu@example.dk")
    response_page = f"/hearings/{hearing.id}/bodies/{body('BUU').id}/response"
    assert _fate_link(hearing, "BUU") not in text_of(client.get("/hearings/mine"))
    assert _fate_link(hearing, "BUU") not in text_of(client.get(response_page))

    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    mine = text_of(client.get("/hearings/mine"))
    assert _fate_link(hearing, "BUU") in mine and "Hvad blev der af vores forslag?" in mine
    page = text_of(client.get(response_page))
    assert _fate_link(hearing, "BUU") in page
    fate = text_of(client.get(f"/hearings/{hearing.id}/fate/{body('BUU').id}"))
    assert "Hvad blev der af forslagene fra BUU" in fate
    assert "Succeskriterium tilføjet til A1-M1: " in fate  # the change, in words


@pytest.mark.parametrize("code", ["TMU", "KFU"])  # "no remarks"; no response at all
def test_a_body_with_no_proposals_to_follow_gets_no_fate_link(
    client: FlaskClient, decided: Any, code: str
) -> None:
    hearing, _ = decided
    login(client, f"{code.lower()}@example.dk")
    mine = text_of(client.get("/hearings/mine"))
    assert hearing.reference in mine
    assert "/fate/" not in mine
    page = text_of(client.get(f"/hearings/{hearing.id}/bodies/{body(code).id}/response"))
    assert "/fate/" not in page


def test_the_origin_page_tells_the_change_in_words_with_the_committees_value(
    client: FlaskClient, decided: Any
) -> None:
    _, decision = decided
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/origin/{decision.draft_version.number}/A2-M1-I1"))
    assert "Succeskriterium tilføjet til A2-M1-I1: Mindst 60 % i 2010 – målværdi 65" in page
