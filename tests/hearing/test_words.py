"""Names and words as people read them: a decision's outcome says what became of the
proposal, a version made by a decision is not named after the hearing, a Danish time has
no zone, headings are not doubled and Danish headings read naturally."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from hearing.services.decision import record_decision
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import body, secretariat
from tests.hearing.test_decision_services import _data, _prepared
from tests.web import login, post, text_of


@pytest.fixture
def decided(db: Any) -> Any:
    hearing, groups = _prepared()
    decision = record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    return hearing, decision


def test_a_proposal_rejected_as_recommended_is_not_called_approved(
    client: FlaskClient, decided: Any
) -> None:
    hearing, _ = decided
    login(client, "sek@example.dk")
    # IR's "other" proposal: recommended as outside the scope, the committee agreed
    page = text_of(client.get(f"/hearings/{hearing.id}/fate/{body('IR').id}"))
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if "dialogmøde" in r)
    assert "Tiltrådt som indstillet" not in row
    assert "Ikke taget op, som indstillet" in row
    public = text_of(client.get(f"/hearings/public/{hearing.id}"))
    ir_rows = [r for r in re.findall(r"<tr>.*?</tr>", public, re.S) if ">IR<" in r]
    assert ir_rows and not any(
        "Uden for høringens emne" in r and "Tiltrådt som indstillet" in r for r in ir_rows
    )


def test_a_version_made_by_a_decision_is_not_named_after_the_hearing(decided: Any) -> None:
    hearing, decision = decided
    label = decision.draft_version.label
    assert hearing.title not in label
    assert "BIU 45/2007" in label


def test_the_public_page_has_one_heading_word_and_a_natural_danish_heading(
    client: FlaskClient, decided: Any
) -> None:
    hearing, _ = decided
    page = text_of(client.get(f"/hearings/public/{hearing.id}"))
    assert "Høring: Høring" not in page
    assert re.search(r"<h1>\s*Høring over", page)
    assert "I sagde, vi gjorde" not in page
    assert "Jeres bemærkninger og hvad vi gjorde" in page


def test_a_danish_time_has_no_zone_and_an_english_one_keeps_it(
    db: Any, client: FlaskClient
) -> None:
    from tests.hearing.factories import make_hearing

    hearing = make_hearing()
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get(f"/hearings/{hearing.id}/letter"))
    assert "1. februar 2007 kl. 23.59" in page and "CET" not in page
    post(client, "/language", {"locale": "en"})
    english = text_of(client.get(f"/hearings/{hearing.id}/letter"))
    assert "1 February 2007, 23:59 CET" in english


def test_a_date_in_a_changed_criterion_is_typed_and_shown_the_danish_way(
    db: Any, client: FlaskClient
) -> None:
    from core.extensions import db as _db
    from tests.hearing.consolidation_factories import group_by, indicator_hearing

    hearing = indicator_hearing()
    commit()
    group = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    login(client, "sek@example.dk")
    fields = {
        "outcome": "accept_with_changes",
        "reasoning": "Forvaltningen er enig.",
        "revision": "0",
        "changed_text": "Flere i uddannelse",
        "changed_target_value": "55",
        "changed_target_period": "2010-H2",
        "changed_decision_reference": "BR 395/06",
        "changed_decision_date": "14.12.2006",
    }
    answer = post(
        client,
        f"/hearings/{hearing.id}/consolidation/groups/{group.id}/recommendation",
        {f"g{group.id}-{k}": v for k, v in fields.items()},
    )
    assert answer.status_code == 302, text_of(answer)[:2000]
    _db.session.expire_all()
    assert group.recommendation.changed_content["decision_date"] == "2006-12-14"
    page = text_of(client.get(f"/hearings/{hearing.id}/consolidation"))
    assert f'name="g{group.id}-changed_decision_date" type="text" value="14.12.2006"' in page


def test_a_removal_without_text_is_named_not_empty_or_none(db: Any, client: FlaskClient) -> None:
    from hearing.proposals import ProposalData
    from hearing.services import consolidation as svc
    from hearing.services import transitions
    from tests.barometer.factories import make_approved, make_policy
    from tests.hearing.consolidation_factories import CLOSED, _answer
    from tests.hearing.factories import make_issued

    version = make_approved(
        policy=make_policy("Politik med en fjernet indikator"),
        areas=2,
        goals_per_area=2,
        indicators_per_goal=1,
    )
    hearing = make_issued(version, codes=("BUU", "IR"), reference="BIU 400/2006")
    removal = ProposalData(
        kind="remove_indicator",
        target_indicator_code=hearing.version.focus_areas[0].goals[0].indicators[0].code,
        justification="Tallene findes ikke længere.",
    )
    _answer(hearing, "BUU", removal)
    transitions.close_hearing(hearing, actor=None, now=CLOSED)
    svc.start_consolidation(hearing, actor=secretariat(), now=LATER, render_note=False)
    commit()
    code = removal.target_indicator_code
    login(client, "sek@example.dk")
    for url in (f"/hearings/{hearing.id}/consolidation", f"/hearings/{hearing.id}/note"):
        page = text_of(client.get(url))
        assert f"Fjern indikator {code}" in page, url
        assert "None" not in page, url
