"""A consulted draft replaced without approval is shown as such everywhere versions are:
the pages, the overview table, the diff's choices, the API, the reading and the editions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer import catalogue_data
from barometer.models import CatalogueVersion, Edition
from barometer.reading import readable_versions
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as svc
from barometer.services import editions as edition_svc
from barometer.services import version_lock as hearing_lock
from core.errors import ValidationFailed
from tests.barometer.factories import NOW, goal, make_approved
from tests.barometer.reading_factories import make_period
from tests.barometer.test_api import check
from tests.factories import commit, make_secretariat
from tests.web import login, text_of

BASE = "/barometer/catalogue"
API = "/api/v1"
LATER = NOW + timedelta(days=90)


@pytest.fixture
def replaced(db: Any) -> dict[str, int]:
    """Version 1 approved; version 2 a draft consulted and replaced by version 3 (a draft)."""
    v1 = make_approved()
    v2 = svc.create_draft(v1.policy, label="Revideret katalog", actor=None, now=NOW)
    catalogue_nodes.add_criterion(
        goal(v2, "A1-M1"),
        catalogue_data.CriterionData("Flere i uddannelse i 2010"),
        actor=None,
        now=NOW,
    )
    hearing_lock.lock_version(v2, "BIU 300/2007: Høring", actor=None, now=NOW)
    v3 = svc.replace_consulted_draft(
        v2,
        label="Revideret katalog (BIU 118/2007)",
        decision_text="BIU 118/2007",
        decision_date=date(2007, 4, 18),
        actor=None,
        now=LATER,
    )
    make_secretariat()
    commit()
    return {"approved": v1.number, "replaced": v2.number, "draft": v3.number}


def test_the_version_page_says_replaced_without_approval_and_by_which_version(
    client: FlaskClient, replaced: dict[str, int]
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get(f"{BASE}/versions/2"))
    assert "Erstattet uden godkendelse" in page
    assert "Godkendt ved" not in page
    assert "Erstattet ved beslutning" in page and "BIU 118/2007" in page
    assert f'href="{BASE}/versions/3"' in page and "aldrig godkendt" in page
    approved = text_of(client.get(f"{BASE}/versions/1"))
    assert "Godkendt ved" in approved and "Erstattet uden godkendelse" not in approved


def test_the_version_list_gives_no_approval_to_the_replaced_draft(
    client: FlaskClient, replaced: dict[str, int]
) -> None:
    login(client, "sek@example.dk")
    page = text_of(client.get(f"{BASE}/"))
    row = page[page.index(f'href="{BASE}/versions/2"') :].split("</tr>")[0]
    assert "Erstattet uden godkendelse" in row and "BIU 118/2007" not in row
    first = page[page.index(f'href="{BASE}/versions/1"') :].split("</tr>")[0]
    assert "Godkendt" in first and "BIU 227/2006" in first


def test_the_overview_and_the_diff_tell_the_replaced_status(
    client: FlaskClient, replaced: dict[str, int]
) -> None:
    login(client, "sek@example.dk")
    overview = text_of(client.get(f"{BASE}/versions/2/overview"))
    assert "Erstattet uden godkendelse" in overview and "Godkendt ved" not in overview
    data = client.get(f"{BASE}/versions/2/overview.json").json
    assert data["status"] == "superseded" and data["decision"] == ""
    diff = text_of(client.get(f"{BASE}/diff?from=2&to=3"))
    assert "2: Revideret katalog (Erstattet uden godkendelse)" in diff
    assert "De to versioner har samme indhold" in diff


def test_the_api_lists_the_replaced_draft_with_no_approval_time(
    client: FlaskClient, replaced: dict[str, int]
) -> None:
    doc = client.get(f"{API}/openapi.json").json
    listing = client.get(f"{API}/catalogue/versions").json
    check(listing, doc["paths"]["/catalogue/versions"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"], doc)  # fmt: skip
    rows = {v["number"]: v for v in listing["versions"]}
    assert set(rows) == {1, 2}  # the new draft is not public
    assert rows[2]["status"] == "superseded" and rows[2]["approved_at"] is None
    assert rows[1]["approved_at"] is not None
    version = client.get(f"{API}/catalogue/versions/2").json
    schema = doc["paths"]["/catalogue/versions/{number}"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]  # fmt: skip
    check(version, schema, doc)
    assert version["approved_at"] is None and version["decision_text"] == "BIU 118/2007"


def test_the_reading_and_editions_only_take_versions_that_were_approved(
    client: FlaskClient, replaced: dict[str, int], db: Any
) -> None:
    assert [v.number for v in readable_versions()] == [1]
    make_period("2007-H1")
    editions = select(func.count()).select_from(Edition)
    with pytest.raises(ValidationFailed, match="version 2 is not approved"):
        edition_svc.create_draft(edition_svc.EditionData("2007-H1", 2), actor=None, now=LATER)
    assert db.session.scalar(editions) == 0
    edition = edition_svc.create_draft(edition_svc.EditionData("2007-H1", 1), actor=None, now=LATER)
    assert db.session.get(CatalogueVersion, edition.catalogue_version_id).number == 1
    commit()
    login(client, "sek@example.dk")
    assert client.get("/barometer/reading/2007-H1?version=2").status_code == 404
    assert client.get("/barometer/reading/2007-H1?version=1").status_code == 200
