"""Reading never writes: no GET of the barometer flushes or commits anything.

The public pages, the API and the staff pages are opened with the store of public
responses emptied (so every page is rendered for the request) while every session of
the application is watched for a flush or a commit.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from barometer.models import FocusArea, Goal, Indicator, Policy, PublicRendering, SuccessCriterion
from barometer.services import catalogue_versions as cat
from tests.barometer.edition_factories import NOW, make_draft, make_periods, make_published
from tests.factories import make_secretariat
from tests.web import login

PUBLIC = [
    "/barometer/",
    "/barometer/?lang=en",
    "/barometer/editions/",
    "/barometer/editions/{first}/",
    "/barometer/editions/{edition}/?lang=en",
    "/barometer/editions/{edition}/indicators/A1-M1-I1",
    "/barometer/editions/compare?a={first}&b={edition}",
    "/barometer/editions/{edition}/report.pdf",
    "/barometer/editions/{edition}/data.csv",
    "/barometer/editions/{edition}/datapackage.json",
]
API = [
    "/api/v1/editions",
    "/api/v1/editions?period=2007-H2",
    "/api/v1/editions/latest",
    "/api/v1/editions/{edition}",
    "/api/v1/indicators",
    "/api/v1/indicators/A1-M1-I1",
    "/api/v1/catalogue/versions",
    "/api/v1/catalogue/versions/1",
    "/api/v1/catalogue/diff?from=1&to=1",
]
STAFF = [
    "/barometer/catalogue/",
    "/barometer/catalogue/policies/new",
    "/barometer/catalogue/versions/1",
    "/barometer/catalogue/versions/{draft_version}",
    "/barometer/catalogue/versions/{draft_version}/approve",
    "/barometer/catalogue/versions/{draft_version}/discard",
    "/barometer/catalogue/versions/{draft_version}/import",
    "/barometer/catalogue/versions/{draft_version}/focus-areas/new",
    "/barometer/catalogue/focus-areas/{area}/edit",
    "/barometer/catalogue/focus-areas/{area}/goals/new",
    "/barometer/catalogue/goals/{goal}/edit",
    "/barometer/catalogue/goals/{goal}/indicators/new",
    "/barometer/catalogue/goals/{goal}/criteria/new",
    "/barometer/catalogue/indicators/{indicator}/edit",
    "/barometer/catalogue/indicators/{indicator}/criteria/new",
    "/barometer/catalogue/criteria/{criterion}/edit",
    "/barometer/catalogue/versions/1/overview",
    "/barometer/catalogue/versions/1/overview.json",
    "/barometer/catalogue/versions/1/overview.xlsx",
    "/barometer/catalogue/diff",
    "/barometer/catalogue/diff.json?from=1&to={draft_version}",
    "/barometer/measurements/",
    "/barometer/measurements/2007-H2/",
    "/barometer/measurements/2007-H2/values/A1-M1-I1",
    "/barometer/measurements/2007-H2/template.csv",
    "/barometer/measurements/2007-H2/import",
    "/barometer/reading/",
    "/barometer/reading/2007-H2",
    "/barometer/reading/2007-H2/indicators/A1-M1-I1",
    "/barometer/reading/2007-H2/assessments/A1",
    "/barometer/editions/manage",
    "/barometer/editions/new",
    "/barometer/editions/{draft}/preview",
    "/barometer/editions/{draft}/publish",
    "/barometer/editions/{edition}/correct",
]


@pytest.fixture
def ids(db: Any, configured: Any) -> dict[str, int]:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    first = make_published("2007-H1")
    edition = make_published("2007-H2")
    draft = make_draft("2007-H2")
    version = cat.create_draft(db.session.scalar(select(Policy)), label="Version 2",
                               actor=None, now=NOW)  # fmt: skip
    make_secretariat()
    db.session.commit()

    def first_of(model: Any) -> int:
        found = {o.id for o in db.session.scalars(select(model)) if _version_of(o) == version.id}
        return min(found)

    return {
        "first": first.id,
        "edition": edition.id,
        "draft": draft.id,
        "draft_version": version.number,
        "area": first_of(FocusArea),
        "goal": first_of(Goal),
        "indicator": first_of(Indicator),
        "criterion": first_of(SuccessCriterion),
    }


def _version_of(obj: Any) -> int:
    if isinstance(obj, FocusArea):
        return obj.version_id
    if isinstance(obj, Goal):
        return obj.focus_area.version_id
    if isinstance(obj, Indicator):
        return obj.goal.focus_area.version_id
    return _version_of(obj.indicator or obj.goal)


def _get_all(client: FlaskClient, paths: list[str], ids: dict[str, int], writes: list[str]) -> None:
    for template in paths:
        path = template.format(**ids)
        response = client.get(path)
        assert response.status_code == 200, path
        assert writes == [], path


def _empty_the_public_store(db: Any) -> None:
    db.session.execute(delete(PublicRendering))
    db.session.commit()


def test_public_pages_write_nothing_even_when_nothing_is_stored(
    client: FlaskClient, db: Any, ids: dict[str, int], writes: list[str]
) -> None:
    _empty_the_public_store(db)
    writes.clear()
    _get_all(client, PUBLIC, ids, writes)


def test_the_api_writes_nothing(
    client: FlaskClient, db: Any, ids: dict[str, int], writes: list[str]
) -> None:
    _empty_the_public_store(db)
    writes.clear()
    _get_all(client, API, ids, writes)


def test_the_staff_pages_write_nothing(
    client: FlaskClient, db: Any, ids: dict[str, int], writes: list[str]
) -> None:
    login(client, "sek@example.dk")
    writes.clear()
    _get_all(client, STAFF, ids, writes)
