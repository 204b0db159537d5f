"""The audit log as the secretariat sees it: a body's unsubmitted drafts are the body's own
until submitted (left out), and actions and fields carry readable, translated labels."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from hearing.services import response_drafts as drafts_svc
from hearing.services import response_versions as versions_svc
from tests.factories import commit
from tests.hearing.factories import FUTURE
from tests.hearing.response_factories import draft, member, open_hearing, response
from tests.web import login, text_of


def test_the_secretariat_sees_no_unsubmitted_draft_and_no_raw_keys(
    db: Any, client: FlaskClient
) -> None:
    from tests.hearing.factories import NOW

    hearing = open_hearing(deadline=FUTURE)
    r = response(hearing, "BUU")
    drafts_svc.save_draft(
        r, draft(A1_M1="covers"), actor=member("BUU"), now=NOW, expected_version=r.edit_version
    )
    commit()
    login(client, "sek@example.dk")
    page = text_of(client.get("/audit/"))
    assert "draft_saved" not in page and "coverage." not in page
    assert "Høring oprettet" in page  # hearing.created, readable in Danish
    assert "hearing.created" not in page

    versions_svc.submit_response(r, actor=member("BUU"), now=NOW, expected_version=r.edit_version)
    commit()
    page = text_of(client.get("/audit/"))
    assert "Høringssvar indsendt" in page and "response.submitted" not in page
    assert "draft_saved" not in page
