"""The consolidation workspace and the decision form through the test client (CSRF on)."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer.models import CatalogueChangeRecord, CatalogueVersion
from core.extensions import db as _db
from core.models import AuditEvent
from hearing.confidentiality import holds_confidential
from hearing.models.consolidation import Decision, ProposalGroup, Recommendation
from hearing.queries.consolidation import groups_of
from hearing.services import consolidation as svc
from hearing.workflow import HearingState
from tests.factories import commit
from tests.hearing.consolidation_factories import (
    LATER,
    answered_hearing,
    consolidating_hearing,
    group_by,
    recommend,
)
from tests.hearing.factories import body, secretariat
from tests.statements import StatementCounter
from tests.web import login, post, text_of


def _state() -> tuple[int, ...]:
    return tuple(
        _db.session.scalar(select(func.count()).select_from(m))
        for m in (ProposalGroup, Recommendation, Decision, CatalogueVersion, AuditEvent)
    )


@pytest.fixture
def hearing(db: Any) -> Any:
    found = consolidating_hearing()
    commit()
    return found


@pytest.fixture
def sek(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "sek@example.dk")
    return client


def _base(hearing: Any) -> str:
    return f"/hearings/{hearing.id}/consolidation"


def _rec_form(group: Any, **values: str) -> dict[str, str]:
    form = {
        f"g{group.id}-outcome": "accept",
        f"g{group.id}-reasoning": "Forvaltningen er enig.",
        f"g{group.id}-administration_comment": "",
        f"g{group.id}-revision": "0",
    }
    form.update({f"g{group.id}-{k}": v for k, v in values.items()})
    return form


def test_the_workspace_shows_outcomes_matrix_proposals_and_progress(
    sek: FlaskClient, hearing: Any
) -> None:
    page = text_of(sek.get(_base(hearing)))
    assert "0 af 5 forslag behandlet" in page
    for text in ("Har svaret", "Ingen bemærkninger", "Har ikke svaret"):
        assert text in page
    assert "3 af 3 siger ikke dækket" in page and "0 af 3 siger ikke dækket" in page
    assert "Ledigheden halveres inden 2010" in page and "Mindst 60 % i 2010" in page


def test_starting_the_consolidation_from_the_dashboard_groups_the_proposals(
    client: FlaskClient, db: Any
) -> None:
    hearing = answered_hearing()
    commit()
    login(client, "sek@example.dk")
    response = post(client, f"/hearings/{hearing.id}/state", {"target": "consolidation"})
    assert response.status_code == 302
    _db.session.expire_all()
    assert hearing.state == HearingState.CONSOLIDATION and len(groups_of(hearing)) == 5


def test_the_state_button_cannot_skip_the_decision(sek: FlaskClient, hearing: Any) -> None:
    response = post(sek, f"/hearings/{hearing.id}/state", {"target": "decided"})
    assert response.status_code == 302 and response.location.endswith(
        f"/hearings/{hearing.id}/decision"
    )
    _db.session.expire_all()
    assert hearing.state == HearingState.CONSOLIDATION


def test_merge_split_and_recommend_through_the_pages(sek: FlaskClient, hearing: Any) -> None:
    a = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    b = group_by(hearing, "ØU", "add_success_criterion", "A1-M1")
    response = post(sek, f"{_base(hearing)}/merge", {"group_ids": [str(a.id), str(b.id)]})
    assert response.status_code == 302
    assert len(groups_of(hearing)) == 4
    response = post(sek, f"{_base(hearing)}/groups/{a.id}/recommendation", _rec_form(a))
    assert response.status_code == 302
    _db.session.expire_all()
    assert "2 af 5 forslag behandlet" in text_of(sek.get(_base(hearing)))
    response = post(sek, f"{_base(hearing)}/groups/{a.id}/split")
    assert response.status_code == 302 and len(groups_of(hearing)) == 5


def test_accept_with_changes_keeps_the_edited_target_value(sek: FlaskClient, hearing: Any) -> None:
    group = group_by(hearing, "IR", "add_success_criterion", "A2-M1-I1")
    form = _rec_form(group, outcome="accept_with_changes", changed_target_value="62,5")
    assert post(sek, f"{_base(hearing)}/groups/{group.id}/recommendation", form).status_code == 302
    _db.session.expire_all()
    assert group.recommendation.changed_content == {"target_value": "62.5"}


@pytest.mark.parametrize(
    "values",
    [
        {"outcome": "maybe"},
        {"reasoning": ""},
        {"reasoning": "x" * 10_001},
        {"outcome": "accept_with_changes"},  # nothing changed
        {"revision": "7"},  # stale
        {"revision": "x"},
    ],
)
def test_bad_recommendations_get_4xx_and_change_nothing(
    sek: FlaskClient, hearing: Any, values: dict[str, str]
) -> None:
    group = group_by(hearing, "IR", "other", "")
    before = _state()
    response = post(
        sek, f"{_base(hearing)}/groups/{group.id}/recommendation", _rec_form(group, **values)
    )
    assert 400 <= response.status_code < 500
    assert _state() == before


def test_the_merge_of_different_types_is_refused_with_400_in_danish(
    sek: FlaskClient, hearing: Any
) -> None:
    a = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    b = group_by(hearing, "IR", "other", "")
    before = _state()
    response = post(sek, f"{_base(hearing)}/merge", {"group_ids": [str(a.id), str(b.id)]})
    assert response.status_code == 400
    assert "Kun forslag af samme type" in text_of(response)
    assert _state() == before


def test_a_post_without_csrf_token_is_refused(sek: FlaskClient, hearing: Any) -> None:
    group = group_by(hearing, "IR", "other", "")
    before = _state()
    response = sek.post(f"{_base(hearing)}/groups/{group.id}/recommendation", data=_rec_form(group))
    assert response.status_code == 400
    assert sek.post(f"{_base(hearing)}/finalise").status_code == 400
    assert _state() == before


def test_finalising_with_an_unhandled_proposal_is_refused(sek: FlaskClient, hearing: Any) -> None:
    response = post(sek, f"{_base(hearing)}/finalise")
    assert response.status_code == 400
    assert "ubehandlede forslag (0 af 5 behandlet)" in text_of(response)


def test_a_summary_is_saved(sek: FlaskClient, hearing: Any) -> None:
    response = post(
        sek, f"{_base(hearing)}/summaries/A1", {"sA1-text": "Tre udvalg", "sA1-revision": "0"}
    )
    assert response.status_code == 302
    assert "Tre udvalg" in text_of(sek.get(_base(hearing)))


def _decide(hearing: Any) -> dict[str, str]:
    for group in groups_of(hearing):
        if holds_confidential(group.proposals):  # accepted in the secretariat's own words
            changed = {"text": "Færre"}
            recommend(
                hearing, group, "accept_with_changes", changed_content=changed, confirm_rewrite=True
            )
        else:
            recommend(hearing, group, "accept" if group.proposal_kind != "other" else "reject")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    commit()
    form = {
        "deciding_body_id": str(body("BIU").id),
        "meeting_date": "2007-03-01",
        "case_reference": "BIU 45/2007",
    }
    for group in groups_of(hearing):
        rec = group.recommendation
        form[f"r{rec.id}-result"] = "approved"
        if group.target_code == "A2-M1-I1":
            form[f"r{rec.id}-result"] = "approved_with_change"
            form[f"r{rec.id}-changed_target_value"] = "65"
    return form


def test_recording_the_decision_makes_the_draft_and_shows_its_diff(
    sek: FlaskClient, hearing: Any
) -> None:
    form = _decide(hearing)
    assert sek.get(f"/hearings/{hearing.id}/decision").status_code == 200
    response = post(sek, f"/hearings/{hearing.id}/decision", form)
    assert response.status_code == 302, text_of(response)[:2000]
    _db.session.expire_all()
    assert hearing.state == HearingState.DECIDED
    records = _db.session.scalars(select(CatalogueChangeRecord)).all()
    assert {r.target_code for r in records} == {"A1-M1", "A2-M1-I1", "A2-M2"}
    assert sek.get(response.location).status_code == 200


@pytest.mark.parametrize(
    "values",
    [
        {"meeting_date": ""},
        {"meeting_date": "2099-01-01"},
        {"case_reference": ""},
        {"deciding_body_id": "x"},
    ],
)
def test_a_bad_decision_gets_4xx_and_changes_nothing(
    sek: FlaskClient, hearing: Any, values: dict[str, str]
) -> None:
    form = _decide(hearing) | values
    before = _state()
    response = post(sek, f"/hearings/{hearing.id}/decision", form)
    assert 400 <= response.status_code < 500
    assert _state() == before


def test_a_missing_outcome_is_refused_in_danish(sek: FlaskClient, hearing: Any) -> None:
    form = {k: v for k, v in _decide(hearing).items() if not k.endswith("-result")}
    response = post(sek, f"/hearings/{hearing.id}/decision", form)
    assert response.status_code == 400
    assert "Angiv udvalgets beslutning for hver indstilling." in text_of(response)


@pytest.mark.parametrize("email", ["buu@example.dk", None])
def test_only_the_secretariat_consolidates_and_decides(
    client: FlaskClient, hearing: Any, email: str | None
) -> None:
    if email:
        login(client, email)
    group = groups_of(hearing)[0]
    before = _state()
    for path in (_base(hearing), f"/hearings/{hearing.id}/decision"):
        assert client.get(path).status_code in (302, 403)
    for path in (
        f"{_base(hearing)}/merge",
        f"{_base(hearing)}/groups/{group.id}/split",
        f"{_base(hearing)}/groups/{group.id}/recommendation",
        f"{_base(hearing)}/summaries/A1",
        f"{_base(hearing)}/finalise",
        f"/hearings/{hearing.id}/decision",
    ):
        assert post(client, path, _rec_form(group)).status_code in (302, 403)
    assert _state() == before


def test_the_workspace_query_count_does_not_grow_with_the_number_of_bodies(
    sek: FlaskClient, hearing: Any, count_statements: StatementCounter
) -> None:
    def count(path: str) -> int:
        before = count_statements.count
        assert sek.get(path).status_code == 200
        return count_statements.count - before

    small = count(_base(hearing))
    large_hearing = consolidating_hearing_with_more_bodies()
    large = count(_base(large_hearing))
    assert large == small


def consolidating_hearing_with_more_bodies() -> Any:
    from tests.hearing import consolidation_factories as cf

    found = cf.consolidating_hearing(extra_bodies=("SUU", "SOU", "BIU"))
    commit()
    return found


def test_the_workspace_statement_count_is_the_same_past_500_proposal_groups(
    client: FlaskClient, db: Any, tmp_path: Any, count_statements: StatementCounter
) -> None:
    """SQLAlchemy splits a list of ids into batches of 500: the workspace must not load its
    groups by such lists (the bench's synthetic hearing, 10 proposals per body)."""
    from bench.consolidation import build_hearing
    from tests.conftest import _truncate_all

    counts = []
    for bodies in (2, 55):  # 20 and 550 groups
        hearing_id = build_hearing(bodies, tmp_path / str(bodies))
        login(client, "sek@example.dk")
        before = count_statements.count
        assert client.get(f"/hearings/{hearing_id}/consolidation").status_code == 200
        counts.append(count_statements.count - before)
        client.post("/logout")
        _db.session.remove()
        _truncate_all()
    assert counts[0] == counts[1]


def test_a_merge_naming_a_group_id_beyond_the_database_range_is_refused_not_a_500(
    sek: FlaskClient, hearing: Any
) -> None:
    a = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    before = _state()
    response = post(
        sek, f"{_base(hearing)}/merge", {"group_ids": [str(a.id), "99999999999999999999"]}
    )
    assert response.status_code in (400, 404)
    assert _state() == before
