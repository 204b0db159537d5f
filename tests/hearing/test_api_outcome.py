"""GET /api/v1/hearings/{id} of a decided public hearing: note, decision, each proposal's fate."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from flask.testing import FlaskClient

from core.word import DOCX_MIMETYPE
from hearing.services.decision import record_decision
from tests.barometer.test_api import check
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, consolidating_hearing
from tests.hearing.factories import secretariat
from tests.hearing.test_decision_services import _data, _prepared

API = "/api/v1"


def test_a_decided_hearing_gives_the_note_the_decision_and_every_public_proposal(
    client: FlaskClient, db: Any
) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    doc = client.get(f"{API}/openapi.json").json
    data = client.get(f"{API}/hearings/{hearing.id}").json
    check(data, doc["paths"]["/hearings/{hearing_id}"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"], doc)  # fmt: skip
    outcome = data["outcome"]
    assert outcome["hearing_note_pdf"].endswith(f"/hearings/public/{hearing.id}/note.pdf")
    assert outcome["decision"] == {
        "body": "BIU",
        "meeting_date": "2007-03-01",
        "case_reference": "BIU 45/2007",
        "catalogue_version": 2,
    }
    fates = {(p["body"], p["decision_outcome"]) for p in outcome["proposals"]}
    assert ("BUU", "approved") in fates and ("BUU", "rejected") in fates
    assert all(p["body"] != "ØU" for p in outcome["proposals"])  # ØU's is confidential
    changed = [p for p in outcome["proposals"] if p["change"]]
    assert {p["change"]["target_code"] for p in changed} == {"A1-M1", "A2-M1-I1"}
    assert client.get(outcome["hearing_note_pdf"].split("localhost")[-1]).status_code == 200
    assert outcome["hearing_note_docx"].endswith(f"/hearings/public/{hearing.id}/note.docx")
    docx = client.get(outcome["hearing_note_docx"].split("localhost")[-1])
    assert docx.status_code == 200 and docx.mimetype == DOCX_MIMETYPE
    assert Document(io.BytesIO(docx.data)).paragraphs[0].text.startswith("Høringsnotat: ")


def test_a_hearing_in_consolidation_has_no_outcome_yet(client: FlaskClient, db: Any) -> None:
    hearing = consolidating_hearing()
    commit()
    assert client.get(f"{API}/hearings/{hearing.id}").json["outcome"] is None


def test_the_public_page_of_a_decided_hearing_says_you_said_we_did(
    client: FlaskClient, db: Any
) -> None:
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    page = client.get(f"/hearings/public/{hearing.id}").get_data(as_text=True)
    assert "BIU besluttede den 1. marts 2007 (sag BIU 45/2007)." in page
    assert "2007-03-01" not in page
    assert f"/hearings/public/{hearing.id}/note.pdf" in page
    assert "Tiltrådt med ændring" in page and "Afvist" in page
    assert "Succeskriterium tilføjet til A2-M1-I1" in page and "add_success_criterion" not in page
    assert "Ledigheden halveres inden 2010" not in page  # ØU's confidential proposal
