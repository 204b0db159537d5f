"""Registering a response with proposals through the page (CSRF on): the proposals become
part of the registered version and reach the consolidation; a bad proposal refuses the whole
registration, says which proposal and why, and keeps what was typed."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db as _db
from core.models import AuditEvent
from hearing.models.responses import Proposal, ResponseAttachment, ResponseVersion
from hearing.queries.consolidation import groups_of
from hearing.services import consolidation
from tests.factories import PDF
from tests.hearing.consolidation_factories import LATER, answered_hearing
from tests.hearing.factories import secretariat
from tests.hearing.response_factories import consultee
from tests.web import login, post, text_of


def _count(model: Any) -> int:
    return int(_db.session.scalar(select(func.count()).select_from(model)) or 0)


def _state() -> tuple[int, ...]:
    return tuple(_count(m) for m in (ResponseVersion, Proposal, ResponseAttachment, AuditEvent))


@pytest.fixture
def hearing(client: FlaskClient, db: Any) -> Any:
    """Closed; KFU has not answered. The secretariat is logged in."""
    found = answered_hearing()
    _db.session.commit()
    login(client, "sek@example.dk")
    return found


def _url(hearing: Any) -> str:
    return f"/hearings/{hearing.id}/responses/register"


def _letter(hearing: Any, **fields: Any) -> dict[str, Any]:
    return {
        "body_id": str(consultee(hearing, "KFU").body_id),
        "channel": "letter",
        "received_date": "2007-03-22",
        "received_time": "10:00",
        "scan": (io.BytesIO(PDF), "kfu-brev.pdf"),
        "accepted_reason": "Udvalget kunne først behandle sagen i marts.",
        "g1_assessment": "partly",
        "general_remarks": "Svar modtaget med brev.",
        **fields,
    }


CRITERION = {
    "p0-kind": "add_success_criterion",
    "p0-target_goal_code": "A1-M2",
    "p0-text": "Flere unge indvandrere i foreningslivet",
    "p0-target_value": "47,5",
    "p0-target_period": "2010-H2",
    "p0-decision_reference": "KFU 160/2007",
    "p0-decision_date": "2007-03-20",
    "p0-justification": "Besluttet på udvalgets møde i marts.",
}
OTHER = {
    "p1-kind": "other",
    "p1-text": "Hold et årligt dialogmøde med foreningerne",
    "p1-justification": "Dialog.",
    "p1-confidential": "y",
    "p1-confidential_reason": "Drøftes i lukket møde",
}


def test_the_page_offers_a_row_per_kind_and_keeps_what_was_typed(
    client: FlaskClient, hearing: Any
) -> None:
    page = text_of(client.get(_url(hearing)))
    assert 'value="add_proposal:add_success_criterion"' in page and "p0-kind" not in page
    before = _state()
    added = post(
        client,
        _url(hearing),
        _letter(hearing, **CRITERION, action="add_proposal:other"),
        content_type="multipart/form-data",
    )
    assert added.status_code == 200
    page = text_of(added)
    assert 'name="p1-kind" type="hidden" value="other"' in page
    assert "Flere unge indvandrere i foreningslivet" in page and "Svar modtaget med brev." in page
    assert "Vælg den scannede fil igen" in page
    removed = post(
        client,
        _url(hearing),
        _letter(hearing, **CRITERION, **OTHER, action="remove_proposal:0"),
        content_type="multipart/form-data",
    )
    page = text_of(removed)
    assert 'name="p0-kind" type="hidden" value="other"' in page and "p1-kind" not in page
    assert "Hold et årligt dialogmøde med foreningerne" in page
    assert "Flere unge indvandrere" not in page
    assert _state() == before


def test_registered_proposals_are_part_of_the_version_and_reach_consolidation(
    client: FlaskClient, hearing: Any
) -> None:
    answer = post(
        client,
        _url(hearing),
        _letter(hearing, **CRITERION, **OTHER, action="register"),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, text_of(answer)[:3000]
    version = _db.session.scalar(
        select(ResponseVersion).where(ResponseVersion.receipt_number.like("%-KFU-%"))
    )
    assert version is not None and version.late
    first, second = version.proposals
    assert (first.kind, first.target_goal_code, first.target_value, first.target_period) == (
        "add_success_criterion",
        "A1-M2",
        Decimal("47.5"),
        "2010-H2",
    )
    assert first.decision_reference == "KFU 160/2007"
    assert second.kind == "other" and second.confidential
    assert second.confidential_reason == "Drøftes i lukket møde"
    assert '"target_value":"47.5"' in version.canonical_json
    consolidation.start_consolidation(hearing, actor=secretariat(), now=LATER)
    _db.session.commit()
    grouped = {m.proposal_id: g for g in groups_of(hearing) for m in g.members}
    assert first.id in grouped and second.id in grouped
    group = grouped[first.id]
    assert (group.target_code, group.proposal_kind) == ("A1-M2", "add_success_criterion")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"p1-justification": ""}, "Forslag 2 – Begrundelse"),
        ({"p1-text": ""}, "Forslag 2: Skriv forslaget."),
        ({"p0-decision_reference": ""}, "Forslag 1: Angiv den politiske beslutning"),
        ({"p0-target_value": "mange"}, "Forslag 1: Skriv målværdien som et tal"),
        ({"p0-target_period": "i 2010"}, "Forslag 1: Skriv måltidspunktet som et år"),
        (
            {"p1-confidential_reason": ""},
            "Forslag 2: Angiv begrundelsen for, at en del er fortrolig.",
        ),
        ({"p0-target_goal_code": "Z9-M9"}, "Forslag 1 – Mål"),
    ],
)
def test_a_bad_proposal_refuses_the_registration_and_keeps_the_text(
    client: FlaskClient, hearing: Any, change: dict[str, str], message: str
) -> None:
    before = _state()
    answer = post(
        client,
        _url(hearing),
        _letter(hearing, **{**CRITERION, **OTHER, **change}, action="register"),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    page = text_of(answer)
    assert message in page, page[:4000]
    assert "Flere unge indvandrere i foreningslivet" in page and "Svar modtaget med brev." in page
    _db.session.rollback()
    assert _state() == before
    assert not list(_db.session.scalars(select(Proposal).where(Proposal.text.like("Flere unge%"))))


def test_no_remarks_with_proposals_is_refused_rather_than_dropped(
    client: FlaskClient, hearing: Any
) -> None:
    before = _state()
    answer = post(
        client,
        _url(hearing),
        _letter(hearing, **CRITERION, no_remarks="y", action="register"),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400
    page = text_of(answer)
    assert "Svaret er markeret" in page, page[:4000]
    assert "Flere unge indvandrere i foreningslivet" in page
    _db.session.rollback()
    assert _state() == before
