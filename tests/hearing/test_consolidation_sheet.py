"""The whole consolidation as a spreadsheet for the secretariat: one row per proposal with
body, target, text, group, recommendation and reasoning; confidential proposals marked;
a Danish CSV with semicolons; texts never formulas; closed to everyone else."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from hearing.models.consolidation import RecommendationOutcome
from hearing.queries.consolidation import groups_of
from hearing.services import recommendations
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER, consolidating_hearing
from tests.hearing.factories import secretariat
from tests.web import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def hearing(db: Any) -> Any:
    found = consolidating_hearing()
    group = next(g for g in groups_of(found) if "Flere i job" in [p.text for p in g.proposals])
    recommendations.set_recommendation(
        found,
        group.id,
        recommendations.RecommendationData(
            outcome=RecommendationOutcome.REJECT,
            reasoning="=Målet er allerede dækket",
            administration_comment="Dækket af A2-M1.",
        ),
        expected_revision=0,
        actor=secretariat(),
        now=LATER,
        render_note=False,
    )
    commit()
    return found


def test_the_secretariat_downloads_every_proposal_as_xlsx(
    client: FlaskClient, hearing: Any
) -> None:
    login(client, "sek@example.dk")
    answer = client.get(f"/hearings/{hearing.id}/consolidation.xlsx")
    assert answer.status_code == 200 and answer.mimetype == XLSX
    assert "hoeringsbehandling-BIU-227-2006.xlsx" in answer.headers["Content-Disposition"]
    assert "no-store" in answer.headers["Cache-Control"]
    sheet = load_workbook(io.BytesIO(answer.data)).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Gruppe", "Vedrører", "Part", "Forslagstype", "Forslag"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    proposals = sum(len(g.proposals) for g in groups_of(hearing))
    assert len(rows) == proposals
    bodies = {r[2] for r in rows}
    assert bodies == {"ØU", "BUU", "IR"}
    secret = next(r for r in rows if r[4] == "Ledigheden halveres inden 2010")
    assert secret[6] == "Ja"  # the confidential proposal is marked
    rejected = next(r for r in rows if r[4] == "Flere i job")
    assert rejected[7] == "Afvises" and rejected[9] == "'=Målet er allerede dækket"
    assert rejected[8] == "Dækket af A2-M1."


def test_the_danish_csv_has_semicolons_and_the_english_one_commas(
    client: FlaskClient, hearing: Any
) -> None:
    login(client, "sek@example.dk")
    data = client.get(f"/hearings/{hearing.id}/consolidation.csv").data
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Gruppe" and len(rows[0]) == 11
    assert any("'=Målet er allerede dækket" in r for r in rows)


def test_nobody_else_gets_the_spreadsheet(client: FlaskClient, hearing: Any) -> None:
    assert client.get(f"/hearings/{hearing.id}/consolidation.xlsx").status_code in (302, 401)
    login(client, "buu@example.dk")
    assert client.get(f"/hearings/{hearing.id}/consolidation.csv").status_code == 403
