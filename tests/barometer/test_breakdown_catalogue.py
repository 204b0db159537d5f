"""Breakdown dimensions in the catalogue: versioned, copied, diffed, frozen, and the staff forms."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer.diff import diff_versions
from barometer.errors import VersionFrozen
from barometer.models import BreakdownCategory, BreakdownDimension, IndicatorBreakdown
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import breakdowns as svc
from barometer.services import catalogue_versions
from core.errors import StaleEdit, ValidationFailed
from core.models import AuditEvent
from tests.barometer.factories import NOW, indicator, make_draft_with_content
from tests.factories import commit, make_secretariat
from tests.web import login, post, text_of

ORIGIN = svc.DimensionData(
    "herkomst",
    "Herkomst",
    "Origin",
    (
        svc.CategoryData("dansk", "Dansk oprindelse", "Danish origin"),
        svc.CategoryData("ikke-vestlig", "Ikke-vestlig oprindelse", "Non-Western origin"),
    ),
)


def _approved_with_origin() -> Any:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=2)
    svc.add_dimension(draft, ORIGIN, actor=None, now=NOW)
    svc.set_indicator_dimensions(indicator(draft, "A1-M1-I1"), ["herkomst"], actor=None, now=NOW)
    return catalogue_versions.approve_version(
        draft, decision_text="BIU 227/2006", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )


def _snapshot(version: Any) -> dict[str, Any]:
    tree = load_version_tree(version.id)
    assert tree is not None
    return version_snapshot(tree)


def test_a_new_draft_copies_the_dimensions_and_the_diff_shows_their_changes(db: Any) -> None:
    approved = _approved_with_origin()
    draft = catalogue_versions.create_draft(approved.policy, label="Version 2", actor=None, now=NOW)
    assert svc.version_breakdowns(draft.id) == svc.version_breakdowns(approved.id)
    assert [c.code for c in svc.version_breakdowns(draft.id)["A1-M1-I1"][0].categories] == [
        "dansk",
        "ikke-vestlig",
    ]
    assert diff_versions(_snapshot(approved), _snapshot(draft)).empty

    copy = svc.version_dimensions(draft.id)[0]
    changed = svc.DimensionData(
        "herkomst", "Herkomst", "Origin",
        (*ORIGIN.categories, svc.CategoryData("vestlig", "Vestlig oprindelse", "Western origin")),
    )  # fmt: skip
    svc.update_dimension(copy, changed, actor=None, now=NOW, expected_version=copy.lock_version)
    svc.add_dimension(
        draft,
        svc.DimensionData("koen", "Køn", "Gender", (svc.CategoryData("kvinder", "Kvinder"),)),
        actor=None,
        now=NOW,
    )
    svc.set_indicator_dimensions(
        indicator(draft, "A1-M1-I2"), ["koen", "herkomst"], actor=None, now=NOW
    )
    diff = diff_versions(_snapshot(approved), _snapshot(draft))
    level = diff.levels["breakdown_dimensions"]
    assert [r.code for r in level.added] == ["koen"]
    [row] = level.changed
    [field] = row.fields
    assert field.field == "categories" and "vestlig = Vestlig oprindelse" in field.new
    [ind] = diff.levels["indicators"].changed
    assert ind.code == "A1-M1-I2"
    assert [(f.field, f.old, f.new) for f in ind.fields] == [("breakdowns", "", "herkomst, koen")]
    assert "breakdown_dimensions" in diff.to_dict()


def test_an_approved_versions_dimensions_are_frozen(db: Any) -> None:
    approved = _approved_with_origin()
    dimension = svc.version_dimensions(approved.id)[0]
    with pytest.raises(VersionFrozen):
        svc.update_dimension(dimension, ORIGIN, actor=None, now=NOW, expected_version=None)
    with pytest.raises(VersionFrozen):
        svc.delete_dimension(dimension, actor=None, now=NOW)
    with pytest.raises(VersionFrozen):
        svc.add_dimension(approved, ORIGIN, actor=None, now=NOW)
    with pytest.raises(VersionFrozen):
        svc.set_indicator_dimensions(indicator(approved, "A1-M1-I2"), [], actor=None, now=NOW)


def test_a_stale_choice_of_dimensions_is_refused(db: Any) -> None:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    svc.add_dimension(draft, ORIGIN, actor=None, now=NOW)
    target = indicator(draft, "A1-M1-I1")
    svc.set_indicator_dimensions(target, ["herkomst"], actor=None, now=NOW, expected=[])
    with pytest.raises(StaleEdit):
        svc.set_indicator_dimensions(target, [], actor=None, now=NOW, expected=[])
    assert svc.chosen_codes(target) == ["herkomst"]


def test_discarding_a_draft_removes_its_dimensions(db: Any) -> None:
    approved = _approved_with_origin()
    draft = catalogue_versions.create_draft(approved.policy, label="Version 2", actor=None, now=NOW)
    catalogue_versions.discard_draft(draft, actor=None, now=NOW)
    for model in (BreakdownDimension, BreakdownCategory, IndicatorBreakdown):
        assert db.session.scalar(select(func.count()).select_from(model)) == (
            1 if model is not BreakdownCategory else 2
        )


def _counts(db: Any) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (BreakdownDimension, BreakdownCategory, IndicatorBreakdown, AuditEvent)
    )


def test_the_secretariat_adds_a_dimension_and_chooses_it_for_an_indicator(
    client: FlaskClient, db: Any
) -> None:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    base = f"/barometer/catalogue/versions/{draft.number}"
    form = {
        "code": "koen",
        "name_da": "Køn",
        "name_en": "Gender",
        "categories": "kvinder; Kvinder; Women\nmaend; Mænd; Men",
    }
    response = post(client, f"{base}/dimensions/new", form)
    assert response.status_code == 302
    [dimension] = svc.version_dimensions(draft.id)
    assert [(c.code, c.name_en) for c in dimension.categories] == [
        ("kvinder", "Women"),
        ("maend", "Men"),
    ]
    target = indicator(draft, "A1-M1-I1")
    path = f"/barometer/catalogue/indicators/{target.id}/dimensions"
    page = text_of(client.get(path))
    assert "Køn (koen)" in page
    assert post(client, path, {"dimensions": ["koen"], "expected": ""}).status_code == 302
    assert svc.chosen_codes(target) == ["koen"]
    # The form opened before that save is stale now: refused, nothing changed.
    before = _counts(db)
    response = post(client, path, {"dimensions": [], "expected": ""})
    assert response.status_code == 409
    assert _counts(db) == before and svc.chosen_codes(target) == ["koen"]
    version_page = text_of(client.get(base))
    assert "Opdelinger: koen" in version_page


def test_a_bad_dimension_form_is_refused_with_a_message_and_changes_nothing(
    client: FlaskClient, db: Any
) -> None:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    svc.add_dimension(draft, ORIGIN, actor=None, now=NOW)
    make_secretariat()
    commit()
    login(client, "sek@example.dk")
    path = f"/barometer/catalogue/versions/{draft.number}/dimensions/new"
    before = _counts(db)
    for form, message in (
        ({"code": "x", "name_da": "X", "categories": "only-a-code"}, "Linje 1"),
        ({"code": "herkomst", "name_da": "X", "categories": "a; A"}, "herkomst"),
        ({"code": "y", "name_da": "Y", "categories": "a; A\na; B"}, "allerede"),
        ({"code": "z", "name_da": "Z", "categories": ""}, "skal udfyldes"),
    ):
        response = post(client, path, form)
        assert response.status_code in (400, 422), form
        assert message in text_of(response), form
    assert _counts(db) == before
    assert (
        client.post(path, data={"code": "k", "name_da": "K", "categories": "a; A"}).status_code
        == 400
    )
    assert _counts(db) == before


def test_a_stale_edit_of_a_dimension_is_refused_and_changes_nothing(db: Any) -> None:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    dimension = svc.add_dimension(draft, ORIGIN, actor=None, now=NOW)
    opened = dimension.lock_version
    renamed = svc.DimensionData("herkomst", "Oprindelse", "Origin", ORIGIN.categories)
    svc.update_dimension(dimension, renamed, actor=None, now=NOW, expected_version=opened)
    with pytest.raises(StaleEdit):
        svc.update_dimension(dimension, ORIGIN, actor=None, now=NOW, expected_version=opened)
    assert dimension.name_da == "Oprindelse"


def test_a_dimension_in_use_cannot_be_deleted_or_change_its_code(db: Any) -> None:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=1)
    dimension = svc.add_dimension(draft, ORIGIN, actor=None, now=NOW)
    svc.set_indicator_dimensions(indicator(draft, "A1-M1-I1"), ["herkomst"], actor=None, now=NOW)
    with pytest.raises(ValidationFailed):
        svc.delete_dimension(dimension, actor=None, now=NOW)
    other = svc.DimensionData("oprindelse", "Herkomst", None, ORIGIN.categories)
    with pytest.raises(ValidationFailed):
        svc.update_dimension(dimension, other, actor=None, now=NOW, expected_version=None)
