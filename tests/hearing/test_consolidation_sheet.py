"""The whole consolidation as a spreadsheet for the secretariat: one row per proposal with
body, target, text, group, recommendation and reasoning; confidential proposals marked;
a Danish CSV with semicolons; texts never formulas; closed to everyone else."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from openpyxl import load_workbook

from core.spreadsheets import neutralise
from hearing.consolidation_sheet import consolidation_csv, rows
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


def test_the_csv_is_streamed_a_line_at_a_time_with_the_same_content(
    app: Flask, client: FlaskClient, hearing: Any
) -> None:
    login(client, "sek@example.dk")
    answer = client.get(f"/hearings/{hearing.id}/consolidation.csv")
    assert answer.status_code == 200 and answer.content_length is None  # not made beforehand
    chunks = list(answer.response)  # as the route yielded them
    proposals = sum(len(g.proposals) for g in groups_of(hearing))
    assert len(chunks) == 1 + 1 + proposals  # byte-order mark, header, a line per proposal
    with app.test_request_context("/"):
        made = consolidation_csv(hearing, "da")
    assert b"".join(chunks) == made
    assert made.decode("utf-8-sig").splitlines()[1:] == [
        ";".join("" if v is None else str(neutralise(v)) for v in row)
        for row in _da_rows(app, hearing)
    ]


def _da_rows(app: Flask, hearing: Any) -> list[list[object]]:
    with app.test_request_context("/"), force_locale("da"):
        return rows(hearing)


def test_the_xlsx_rows_are_written_one_by_one_with_the_same_cells(
    app: Flask, client: FlaskClient, hearing: Any
) -> None:
    login(client, "sek@example.dk")
    book = load_workbook(io.BytesIO(client.get(f"/hearings/{hearing.id}/consolidation.xlsx").data))
    sheet = book.active
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["E"].width == 50
    assert sheet["A1"].font.bold and sheet["E2"].alignment.wrap_text
    cells = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    expected = [[neutralise(v) if v != "" else None for v in row] for row in _da_rows(app, hearing)]
    assert cells == expected
