"""The change's fields on the workspace and the decision form, and merging across targets,
through the test client (CSRF on)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer.models import CatalogueChangeRecord, CatalogueVersion, Indicator
from core.extensions import db as _db
from core.models import AuditEvent
from hearing.models.consolidation import Decision, ProposalGroup, Recommendation
from hearing.queries.consolidation import groups_of
from hearing.services import consolidation as svc
from hearing.workflow import HearingState
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, group_by, indicator_hearing, recommend
from tests.hearing.factories import body, secretariat
from tests.web import login, post, text_of

NEW_INDICATOR = {
    "changed_code": "A1-M1-I9",
    "changed_name_da": "Andel med en uddannelse",
    "changed_name_en": "Share with an education",
    "changed_definition": "Andel af de 30-årige med en uddannelse.",
    "changed_kind": "effect",
    "changed_unit": "percent",
    "changed_decimals": "1",
    "changed_direction": "1",
    "changed_owner_code": "BIF",
    "changed_data_source": "UNI-C",
}


def _state() -> tuple[int, ...]:
    return tuple(
        _db.session.scalar(select(func.count()).select_from(m))
        for m in (
            ProposalGroup,
            Recommendation,
            Decision,
            CatalogueVersion,
            CatalogueChangeRecord,
            AuditEvent,
        )
    )


@pytest.fixture
def hearing(db: Any) -> Any:
    found = indicator_hearing()
    commit()
    return found


@pytest.fixture
def sek(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "sek@example.dk")
    return client


def _base(hearing: Any) -> str:
    return f"/hearings/{hearing.id}/consolidation"


def _rec_form(group: Any, outcome: str, **values: str) -> dict[str, str]:
    form = {
        "outcome": outcome,
        "reasoning": "Forvaltningen er enig.",
        "administration_comment": "",
        "revision": "0",
    } | values
    return {f"g{group.id}-{k}": v for k, v in form.items()}


def _value(page: str, name: str) -> str:
    """The value of a text input, or the selected option of a select, named ``name``."""
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    if found:
        return found.group(1)
    select_ = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert select_, name
    chosen = re.search(r'<option selected value="([^"]*)"', select_.group(1))
    return chosen.group(1) if chosen else ""


def _draft_indicator(hearing: Any, code: str) -> Indicator | None:
    _db.session.expire_all()
    decision = _db.session.scalar(select(Decision).where(Decision.hearing_id == hearing.id))
    return _db.session.scalar(
        select(Indicator).where(
            Indicator.version_id == decision.draft_version_id, Indicator.code == code
        )
    )


def _decision_form(hearing: Any, **results: dict[str, str]) -> dict[str, str]:
    form = {
        "deciding_body_id": str(body("BIU").id),
        "meeting_date": "2007-03-01",
        "case_reference": "BIU 45/2007",
    }
    for group in groups_of(hearing):
        rec = group.recommendation
        form[f"r{rec.id}-result"] = "approved"
        for name, value in results.get(f"g{group.id}", {}).items():
            form[f"r{rec.id}-{name}"] = value
    return form


def _handle_the_rest(hearing: Any) -> None:
    _db.session.expire_all()  # the pages changed it in their own session
    for group in groups_of(hearing):
        if group.recommendation is None:
            recommend(hearing, group, "reject")
    svc.finalise_note(hearing, actor=secretariat(), now=LATER)
    commit()


def test_the_fields_are_filled_in_from_the_proposal_and_the_indicator(
    sek: FlaskClient, hearing: Any
) -> None:
    new = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    change = group_by(hearing, "ØU", "change_indicator", "A2-M1-I1")
    page = text_of(sek.get(_base(hearing)))
    name = "Andel med erhvervskompetencegivende uddannelse"
    assert _value(page, f"g{new.id}-changed_name_da") == name
    assert _value(page, f"g{new.id}-changed_unit") == "percent"
    assert _value(page, f"g{new.id}-changed_code") == ""  # a response gives no code
    assert _value(page, f"g{change.id}-changed_name_da").startswith("Andel i beskæftigelse")
    assert _value(page, f"g{change.id}-changed_owner_code") == "BIF"
    assert _value(page, f"g{change.id}-changed_decimals") == "1"
    assert f'name="g{change.id}-changed_code"' not in page  # an indicator keeps its code
    assert "Ansvarlig forvaltning" in page and "Effektindikator" in page


def test_a_new_indicator_recommended_and_decided_through_the_pages(
    sek: FlaskClient, hearing: Any
) -> None:
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    form = _rec_form(group, "accept_with_changes", **NEW_INDICATOR)
    response = post(sek, f"{_base(hearing)}/groups/{group.id}/recommendation", form)
    assert response.status_code == 302, text_of(response)[:3000]
    _handle_the_rest(hearing)
    page = text_of(sek.get(f"/hearings/{hearing.id}/decision"))
    rec_id = group.recommendation.id
    assert _value(page, f"r{rec_id}-changed_code") == "A1-M1-I9"  # as recommended

    response = post(sek, f"/hearings/{hearing.id}/decision", _decision_form(hearing))

    assert response.status_code == 302, text_of(response)[:3000]
    made = _draft_indicator(hearing, "A1-M1-I9")
    assert made is not None and made.goal.code == "A1-M1"
    assert (made.name_da, made.name_en, made.data_source) == (
        "Andel med en uddannelse",
        "Share with an education",
        "UNI-C",
    )
    assert (str(made.kind), str(made.unit), made.decimals, made.direction, made.owner.code) == (
        "effect",
        "percent",
        1,
        1,
        "BIF",
    )


@pytest.mark.parametrize(
    ("outcome", "values", "expected"),
    [
        ("accept", {}, "Vælg &#34;Tiltrædes med ændringer&#34;, og udfyld felterne."),
        (
            "accept_with_changes",
            NEW_INDICATOR | {"changed_owner_code": ""},
            "Kataloget ville afvise ændringen: Ansvarlig forvaltning: Dette felt skal udfyldes.",
        ),
        (
            "accept_with_changes",
            NEW_INDICATOR | {"changed_code": ""},
            "Kataloget ville afvise ændringen: Kode: Dette felt skal udfyldes.",
        ),
        (
            "accept_with_changes",
            NEW_INDICATOR | {"changed_code": "A2-M1-I1"},
            "Kode: Koden A2-M1-I1 er allerede brugt i denne version.",
        ),
    ],
)
def test_a_new_indicator_the_catalogue_would_refuse_is_refused_in_danish(
    sek: FlaskClient, hearing: Any, outcome: str, values: dict[str, str], expected: str
) -> None:
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    before = _state()
    response = post(
        sek,
        f"{_base(hearing)}/groups/{group.id}/recommendation",
        _rec_form(group, outcome, **values),
    )
    assert response.status_code == 400
    assert expected in text_of(response)
    assert _state() == before


def test_a_change_of_an_indicator_keeps_only_the_edited_fields_and_changes_the_draft(
    sek: FlaskClient, hearing: Any
) -> None:
    group = group_by(hearing, "ØU", "change_indicator", "A2-M1-I1")
    page = text_of(sek.get(_base(hearing)))
    names = ("name_da", "name_en", "kind", "unit", "decimals", "direction", "owner_code")
    shown = {f"changed_{n}": _value(page, f"g{group.id}-changed_{n}") for n in names}
    edited = shown | {"changed_unit": "count", "changed_decimals": "0"}
    response = post(
        sek,
        f"{_base(hearing)}/groups/{group.id}/recommendation",
        _rec_form(group, "accept_with_changes", **edited),
    )
    assert response.status_code == 302, text_of(response)[:3000]
    _db.session.expire_all()
    assert group.recommendation.changed_content == {"unit": "count", "decimals": "0"}
    _handle_the_rest(hearing)

    response = post(sek, f"/hearings/{hearing.id}/decision", _decision_form(hearing))

    assert response.status_code == 302, text_of(response)[:3000]
    changed = _draft_indicator(hearing, "A2-M1-I1")
    assert (str(changed.unit), changed.decimals) == ("count", 0)


def test_the_committees_change_the_catalogue_would_refuse_is_named_in_danish(
    sek: FlaskClient, hearing: Any
) -> None:
    group = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    recommend(hearing, group, "reject")
    _handle_the_rest(hearing)
    change = {k: v for k, v in NEW_INDICATOR.items() if k != "changed_owner_code"}
    form = _decision_form(hearing, **{f"g{group.id}": change})
    form[f"r{group.recommendation.id}-result"] = "approved_with_change"
    before = _state()
    response = post(sek, f"/hearings/{hearing.id}/decision", form)
    assert response.status_code == 400
    assert (
        "Den ændring, der er tiltrådt for indstillingen om A1-M1 (BUU), ville blive afvist af "
        "kataloget: Ansvarlig forvaltning: Dette felt skal udfyldes." in text_of(response)
    )
    _db.session.expire_all()
    assert _state() == before and hearing.state == HearingState.CONSOLIDATION


def test_merging_across_targets_keeps_the_chosen_target_and_splitting_restores_it(
    sek: FlaskClient, hearing: Any
) -> None:
    on_goal = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    on_indicator = group_by(hearing, "ØU", "add_success_criterion", "A1-M1-I1")
    response = post(
        sek,
        f"{_base(hearing)}/merge",
        {
            "group_ids": [str(on_goal.id), str(on_indicator.id)],
            "keep_target": "indicator:A1-M1-I1",
        },
    )
    assert response.status_code == 302
    _db.session.expire_all()
    [merged] = [g for g in groups_of(hearing) if g.is_merged]
    assert merged.target_code == "A1-M1-I1" and len(merged.members) == 2
    assert "Foreslået til A1-M1" in text_of(sek.get(_base(hearing)))

    assert post(sek, f"{_base(hearing)}/groups/{merged.id}/split").status_code == 302
    _db.session.expire_all()
    targets = {g.target_code for g in groups_of(hearing) if g.proposal_kind.endswith("criterion")}
    assert targets == {"A1-M1", "A1-M1-I1"}


@pytest.mark.parametrize(
    ("pick", "keep", "expected"),
    [
        ("types", "", "Kun forslag af samme type kan lægges sammen"),
        ("targets", "indicator:A2-M1-I1", "kan kun beholde målet eller indikatoren"),
    ],
)
def test_a_bad_merge_is_refused_in_danish_and_changes_nothing(
    sek: FlaskClient, hearing: Any, pick: str, keep: str, expected: str
) -> None:
    first = group_by(hearing, "BUU", "add_success_criterion", "A1-M1")
    if pick == "types":
        second = group_by(hearing, "BUU", "add_indicator", "A1-M1")
    else:
        second = group_by(hearing, "ØU", "add_success_criterion", "A1-M1-I1")
    before = _state()
    response = post(
        sek,
        f"{_base(hearing)}/merge",
        {"group_ids": [str(first.id), str(second.id)], "keep_target": keep},
    )
    assert response.status_code == 400
    assert expected in text_of(response)
    assert _state() == before
