"""The staff pages: the secretariat's journey, validation, permissions, query counts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from barometer.models import CatalogueVersion, Indicator, SuccessCriterion
from barometer.queries import load_version_tree, version_snapshot
from core.models import AuditEvent, BodyKind
from tests.barometer.factories import administration, indicator, make_approved
from tests.factories import commit, make_body, make_data_contact, make_member, make_secretariat
from tests.statements import StatementCounter
from tests.web import login, post, text_of

BASE = "/barometer/catalogue"


def _secretariat(client: FlaskClient) -> None:
    make_secretariat()
    commit()
    login(client, "sek@example.dk")


def _indicator_form(ind: Indicator, **changes: str) -> dict[str, str]:
    form = {
        "goal": str(ind.goal_id),
        "code": ind.code,
        "name_da": ind.name_da,
        "name_en": "",
        "kind": str(ind.kind),
        "definition": "",
        "unit": str(ind.unit),
        "decimals": str(ind.decimals),
        "direction": str(ind.direction),
        "min_change": "",
        "data_source": ind.data_source,
        "owner": ind.owner.code,
        "baseline_value": "46,0",
        "baseline_period": ind.baseline_period or "",
        "notes": "",
        "lock_version": str(ind.lock_version),
    }
    form.update(changes)
    return form


def _counts(db: Any) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (CatalogueVersion, Indicator, SuccessCriterion, AuditEvent)
    )


def test_the_secretariat_makes_changes_and_approves_version_2(client: FlaskClient, db: Any) -> None:
    v1 = make_approved()
    _secretariat(client)
    page = text_of(client.get(f"{BASE}/versions/1"))
    assert "Koncept for integrationsbarometer" in page and "Godkendt" in page

    response = post(
        client,
        f"{BASE}/policies/{v1.policy_id}/drafts",
        {f"draft-{v1.policy_id}-label": "Version efter høringen"},
    )
    assert response.status_code == 302 and response.location.endswith(f"{BASE}/versions/2")
    draft = db.session.scalar(select(CatalogueVersion).where(CatalogueVersion.number == 2))
    ind = indicator(draft, "A1-M1-I2")
    response = post(
        client,
        f"{BASE}/indicators/{ind.id}/edit",
        _indicator_form(ind, name_da="Beskæftigelsesfrekvens, ændret", decimals="2"),
    )
    assert response.status_code == 302, text_of(response)[:3000]
    response = post(
        client,
        f"{BASE}/indicators/{ind.id}/criteria/new",
        {
            "text": "Mindst 55 % senest 2010",
            "target_value": "55,0",
            "target_period": "2010-H2",
            "decision_reference": "BIU 40/2007",
            "decision_date": "2007-04-18",
        },
    )
    assert response.status_code == 302, text_of(response)[:3000]

    diff = text_of(client.get(f"{BASE}/diff?from=1&to=2"))
    assert "Beskæftigelsesfrekvens, ændret" in diff and "Mindst 55 % senest 2010" in diff
    assert "Ændret" in diff and "Tilføjet" in diff  # told in words, not only by colour
    assert client.get(f"{BASE}/diff.json?from=1&to=2").json["indicators"]["changed"][0]["fields"][
        "decimals"
    ] == {"old": 1, "new": 2}

    assert client.get(f"{BASE}/versions/2/approve").status_code == 200
    response = post(
        client,
        f"{BASE}/versions/2/approve",
        {"decision_text": "BIU 40/2007", "decision_date": "2007-04-18", "confirm": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [
        v.status
        for v in db.session.scalars(select(CatalogueVersion).order_by(CatalogueVersion.number))
    ] == ["superseded", "approved"]
    for number in (1, 2):
        pdf = client.get(f"{BASE}/versions/{number}/overview.pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        xlsx = client.get(f"{BASE}/versions/{number}/overview.xlsx")
        assert load_workbook(io.BytesIO(xlsx.data)).active.freeze_panes == "A2"


def test_approval_needs_the_confirmation_and_changes_nothing_without_it(
    client: FlaskClient, db: Any
) -> None:
    v1 = make_approved()
    _secretariat(client)
    post(client, f"{BASE}/policies/{v1.policy_id}/drafts", {f"draft-{v1.policy_id}-label": "V2"})
    before = _counts(db)
    response = post(
        client,
        f"{BASE}/versions/2/approve",
        {"decision_text": "BIU 40/2007", "decision_date": "2007-04-18"},
    )
    assert response.status_code == 400 and "Sæt kryds for at bekræfte." in text_of(response)
    assert _counts(db) == before


def test_a_draft_can_be_discarded_after_confirmation(client: FlaskClient, db: Any) -> None:
    v1 = make_approved()
    _secretariat(client)
    post(client, f"{BASE}/policies/{v1.policy_id}/drafts", {f"draft-{v1.policy_id}-label": "V2"})
    assert post(client, f"{BASE}/versions/2/discard", {}).status_code == 400
    assert post(client, f"{BASE}/versions/2/discard", {"confirm": "y"}).status_code == 302
    assert client.get(f"{BASE}/versions/2").status_code == 404


def _draft_with_client(client: FlaskClient, db: Any) -> CatalogueVersion:
    v1 = make_approved()
    _secretariat(client)
    post(client, f"{BASE}/policies/{v1.policy_id}/drafts", {f"draft-{v1.policy_id}-label": "V2"})
    return db.session.scalar(select(CatalogueVersion).where(CatalogueVersion.number == 2))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_da": ""}, "Dette felt skal udfyldes."),
        ({"decimals": "7"}, "Tallet skal ligge mellem 0 og 4."),
        ({"baseline_value": "mange"}, "Ikke et gyldigt decimaltal."),
        ({"baseline_period": "2006-3"}, "Skriv et halvår som 2007-H1."),
        ({"owner": "KFU"}, "Ikke et gyldigt valg."),
        ({"code": "A1-M1-I1"}, "Koden A1-M1-I1 er allerede brugt i denne version."),
        ({"code": "med mellemrum"}, "Koden må indeholde bogstaver, tal, punktum"),
        ({"baseline_period": ""}, "Angiv udgangspunktets værdi og periode sammen."),
    ],
)
def test_each_indicator_rule_gives_a_clear_message_and_saves_nothing(
    client: FlaskClient, db: Any, changes: dict[str, str], message: str
) -> None:
    make_body("KFU", BodyKind.COMMITTEE)
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    before = version_snapshot(load_version_tree(draft.id)), _counts(db)
    response = post(client, f"{BASE}/indicators/{ind.id}/edit", _indicator_form(ind, **changes))
    assert response.status_code in (400, 409)
    page = text_of(response)
    assert message in page
    assert 'aria-invalid="true"' in page
    db.session.expire_all()
    assert (version_snapshot(load_version_tree(draft.id)), _counts(db)) == before


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"text": ""}, "Dette felt skal udfyldes."),
        (
            {"text": "x", "target_value": "halvtreds", "target_period": "2010-H2"},
            "Ikke et gyldigt decimaltal.",
        ),
        (
            {"text": "x", "target_value": "50", "target_period": "2006-H1"},
            "Målperioden skal ligge efter udgangspunktets periode 2006-H2.",
        ),
        ({"text": "x", "target_value": "50"}, "Angiv den periode, målet skal være nået i."),
    ],
)
def test_each_success_criterion_rule_gives_a_clear_message(
    client: FlaskClient, db: Any, form: dict[str, str], message: str
) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    response = post(client, f"{BASE}/indicators/{ind.id}/criteria/new", form)
    assert response.status_code == 400
    assert message in text_of(response)


def test_a_stale_edit_is_refused_with_a_message(client: FlaskClient, db: Any) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    stale = _indicator_form(ind, name_da="Først")
    assert post(client, f"{BASE}/indicators/{ind.id}/edit", stale).status_code == 302
    response = post(client, f"{BASE}/indicators/{ind.id}/edit", stale | {"name_da": "Sidst"})
    assert response.status_code == 409
    assert "En anden har gemt denne post" in text_of(response)
    db.session.expire_all()
    assert indicator(draft, "A1-M1-I2").name_da == "Først"


def test_editing_an_approved_version_is_refused(client: FlaskClient, db: Any) -> None:
    v1 = make_approved()
    _secretariat(client)
    ind = indicator(v1, "A1-M1-I1")
    response = post(client, f"{BASE}/indicators/{ind.id}/edit", _indicator_form(ind, name_da="X"))
    assert response.status_code == 409
    assert "kan ikke ændres" in text_of(response)
    assert client.get(f"{BASE}/versions/1/approve").status_code == 409


def test_a_form_without_csrf_token_is_refused(client: FlaskClient, db: Any) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    response = client.post(f"{BASE}/indicators/{ind.id}/edit", data=_indicator_form(ind))
    assert response.status_code == 400


def test_goals_and_indicators_can_be_reordered(client: FlaskClient, db: Any) -> None:
    draft = _draft_with_client(client, db)
    ind = indicator(draft, "A1-M1-I2")
    assert post(client, f"{BASE}/indicators/{ind.id}/move", {"direction": "up"}).status_code == 302
    db.session.expire_all()
    assert [i.code for i in ind.goal.indicators] == ["A1-M1-I2", "A1-M1-I1"]
    goal = ind.goal
    assert post(client, f"{BASE}/goals/{goal.id}/move", {"direction": "down"}).status_code == 302
    db.session.expire_all()
    assert [g.code for g in goal.focus_area.goals] == ["A1-M2", "A1-M1"]


def test_the_import_page_lists_every_problem_and_imports_nothing(
    client: FlaskClient, db: Any
) -> None:
    draft = _draft_with_client(client, db)
    before = _counts(db)
    data = "Indsatsområde;Målkode;Mål;Indikatorkode;Indikator\nZZ;M1;Mål;I1;\n".encode()
    response = post(
        client,
        f"{BASE}/versions/{draft.number}/import",
        {"file": (io.BytesIO(data), "skema.csv")},
        content_type="multipart/form-data",
    )
    page = text_of(response)
    assert response.status_code == 400, page
    assert "ZZ er ikke et indsatsområde i kladden." in page and "E (Indikator)" in page
    # The file has no column Type: its problem names the column, never "kindNone ...".
    assert "<td>Type / Kind</td><td>Vælg effektindikator" in page and "None" not in page
    assert _counts(db) == before


@pytest.mark.parametrize("who", ["member", "data_contact"])
def test_consultees_and_data_contacts_read_approved_versions_but_cannot_edit(
    client: FlaskClient, db: Any, who: str
) -> None:
    v1 = make_approved()
    user = make_member() if who == "member" else make_data_contact(administration("BUF"))
    commit()
    login(client, user.email)
    assert client.get(f"{BASE}/").status_code == 200
    assert client.get(f"{BASE}/versions/1").status_code == 200
    assert client.get(f"{BASE}/versions/1/overview").status_code == 200
    ind = indicator(v1, "A1-M1-I1")
    assert client.get(f"{BASE}/indicators/{ind.id}/edit").status_code == 403
    assert (
        post(
            client, f"{BASE}/policies/{v1.policy_id}/drafts", {f"draft-{v1.policy_id}-label": "x"}
        ).status_code
        == 403
    )
    assert "/edit" not in text_of(client.get(f"{BASE}/versions/1"))
    assert "Opret en kladde til næste version" not in text_of(client.get(f"{BASE}/"))


def test_nobody_but_the_secretariat_sees_a_draft(client: FlaskClient, db: Any) -> None:
    from barometer.services import catalogue_versions as svc
    from tests.barometer.factories import NOW

    v1 = make_approved()
    svc.create_draft(v1.policy, label="Hemmelig kladde", actor=None, now=NOW)
    member = make_member()
    commit()
    for path in (
        "/versions/2",
        "/versions/2/overview",
        "/versions/2/overview.pdf",
        "/diff?from=1&to=2",
    ):
        response = client.get(BASE + path)
        assert response.status_code == 302 and "/login" in response.location
    assert client.get(f"{BASE}/versions/1/overview").status_code == 200  # approved is public
    assert client.get("/api/v1/catalogue/versions/2").status_code == 404
    login(client, member.email)
    assert client.get(f"{BASE}/versions/2").status_code == 404
    assert "Hemmelig kladde" not in text_of(client.get(f"{BASE}/"))


def test_illustrative_data_is_announced(client: FlaskClient, db: Any) -> None:
    from barometer.catalogue_data import GoalData
    from barometer.services import catalogue_nodes
    from barometer.services import catalogue_versions as svc
    from tests.barometer.factories import NOW, goal

    v1 = make_approved()
    draft = svc.create_draft(v1.policy, label="V2", actor=None, now=NOW)
    g = goal(draft, "A1-M1")
    catalogue_nodes.update_goal(
        g, GoalData(g.code, g.text_da, illustrative=True), actor=None, now=NOW
    )
    svc.approve_version(
        draft, decision_text="X", decision_date=v1.decision_date, actor=None, now=NOW
    )
    commit()
    assert "Illustrative demodata" in text_of(client.get(f"{BASE}/versions/2/overview"))
    assert "Illustrative demodata" not in text_of(client.get(f"{BASE}/versions/1/overview"))


def _statements(client: FlaskClient, counter: StatementCounter, path: str) -> int:
    before = counter.count
    response = client.get(path)
    assert response.status_code == 200, path
    return counter.count - before


@pytest.mark.parametrize("page", ["/versions/{n}", "/versions/{n}/overview"])
def test_pages_issue_as_many_statements_for_300_indicators_as_for_30(
    client: FlaskClient, db: Any, count_statements: StatementCounter, page: str
) -> None:
    from barometer.services import catalogue_versions as svc
    from tests.barometer.factories import NOW

    small = make_approved(areas=3, goals_per_area=5, indicators_per_goal=2)  # 30 indicators
    draft = svc.create_draft(small.policy, label="Stor", actor=None, now=NOW)
    svc.discard_draft(draft, actor=None, now=NOW)
    from tests.barometer.factories import make_draft_with_content, make_policy

    large = make_draft_with_content(
        make_policy("Stor politik"), areas=6, goals_per_area=10, indicators_per_goal=5, label="Stor"
    )
    _secretariat(client)
    small_count = _statements(client, count_statements, BASE + page.format(n=small.number))
    large_count = _statements(client, count_statements, BASE + page.format(n=large.number))
    assert small_count == large_count


def test_a_bad_file_over_the_threshold_lists_its_problems_and_starts_no_job(
    client: FlaskClient, db: Any, configured: Any
) -> None:
    from core.job_models import Job

    configured(IMPORT_JOB_ROWS=1)
    draft = _draft_with_client(client, db)
    before = _counts(db)
    data = "Indsatsområde;Målkode;Mål;Indikatorkode;Indikator\nZZ;M1;Mål;I1;\n".encode()
    response = post(
        client,
        f"{BASE}/versions/{draft.number}/import",
        {"file": (io.BytesIO(data), "skema.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400  # checked before a job would start, as a small file
    body = text_of(response)
    assert "ZZ er ikke et indsatsområde i kladden." in body and "Problemer i filen" in body
    assert db.session.scalar(select(Job).where(Job.kind == "catalogue.import")) is None
    assert _counts(db) == before
