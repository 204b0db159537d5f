"""GET /api/v1/hearings and /api/v1/hearings/{id}: public hearings only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient

from hearing.services import extensions as svc
from tests.barometer.test_api import check
from tests.factories import commit
from tests.hearing.factories import DEADLINE, NOW, make_hearing, make_issued, secretariat

API = "/api/v1"


def test_the_list_holds_public_issued_hearings_with_offset_deadlines_and_links(
    client: FlaskClient, db: Any
) -> None:
    public = make_issued(reference="BIU 227/2006")
    make_issued(reference="X 1/2007", is_public=False)
    make_hearing(reference="D 2/2007")
    commit()
    data = client.get(f"{API}/hearings").json["hearings"]
    assert [h["reference"] for h in data] == ["BIU 227/2006"]
    assert data[0]["deadline"] == "2007-02-01T23:59:59+01:00"
    assert data[0]["links"]["page"].endswith(f"/hearings/public/{public.id}")
    assert data[0]["links"]["letter_pdf"].endswith(f"/hearings/public/{public.id}/letter.pdf")
    assert data[0]["links"]["letter_docx"].endswith(f"/hearings/public/{public.id}/letter.docx")


def test_one_hearing_has_letter_questions_version_list_and_annexes(
    client: FlaskClient, db: Any
) -> None:
    hearing = make_issued(codes=("ØU", "IR"))
    svc.extend_deadline(
        hearing.consultees[0], DEADLINE + timedelta(days=7), "Møde", actor=secretariat(), now=NOW
    )
    commit()
    doc = client.get(f"{API}/openapi.json").json
    response = client.get(f"{API}/hearings/{hearing.id}")
    assert response.status_code == 200
    data = response.json
    check(data, doc["paths"]["/hearings/{hearing_id}"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"], doc)  # fmt: skip
    assert [q["kind"] for q in data["questions"]] == ["coverage", "proposals"]
    assert data["catalogue_version"] == hearing.version.number
    assert "integrationspolitik" in data["letter_text"]
    by_code = {b["code"]: b for b in data["hearing_list"]}
    assert by_code[hearing.consultees[0].body.code]["effective_deadline"] == (
        "2007-02-08T23:59:59+01:00"
    )
    assert data["annexes"][0]["number"] == 1 and data["annexes"][0]["kind"] == "overview_table"
    assert data["annexes"][0]["url"].endswith(f"/annexes/{hearing.annexes[0].id}")


def test_drafts_non_public_and_unknown_hearings_are_404(client: FlaskClient, db: Any) -> None:
    hidden = make_issued(reference="X 1/2007", is_public=False)
    draft = make_hearing(reference="D 2/2007")
    commit()
    for hearing_id in (hidden.id, draft.id, 999999):
        response = client.get(f"{API}/hearings/{hearing_id}")
        assert response.status_code == 404
        assert response.json["error"]["status"] == 404
