"""The catalogue's version page says where a hearing decision's changes come from, and links
there through the hook another package registers (barometer never imports it)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from barometer.services import catalogue_versions as svc
from barometer.services.changes import CatalogueChange, ChangeKind, Provenance, apply_changes
from core.services.accounts import find_user_by_email
from tests.barometer.factories import NOW, make_approved, make_policy
from tests.factories import commit, make_secretariat
from tests.statements import StatementCounter
from tests.web import login, text_of

BASE = "/barometer/catalogue"
PROVENANCE = Provenance(
    {
        "hearing_id": 1,
        "hearing_reference": "BIU 227/2006",
        "decision_reference": "BIU 118/2007",
        "proposal_ids": [1],
    }
)
LINE = "Kommer fra høring BIU 227/2006, beslutning BIU 118/2007"


def _criterion(n: int) -> CatalogueChange:
    return CatalogueChange(
        ChangeKind.ADD_SUCCESS_CRITERION, ("A1-M1",), {"text": f"Nyt kriterium nummer {n}"}
    )


def _draft_with(
    changes: list[CatalogueChange], provenance: Provenance = PROVENANCE, **kwargs: Any
) -> Any:
    v1 = make_approved(**kwargs)
    draft = svc.create_draft(v1.policy, label="Efter høringen", actor=None, now=NOW)
    apply_changes(draft, changes, provenance, actor=None, now=NOW)
    if find_user_by_email("sek@example.dk") is None:
        make_secretariat()
    commit()
    return draft


def _origin_lines(html: str) -> list[str]:
    return re.findall(r'<div class="app-origin">(.*?)</div>', html, re.S)


def test_without_a_link_hook_the_line_shows_as_text(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = _draft_with(
        [
            _criterion(1),
            CatalogueChange(ChangeKind.CHANGE_INDICATOR, ("A1-M1-I1",), {"decimals": 2}),
            CatalogueChange(ChangeKind.CHANGE_GOAL, ("A2-M1",), {"text_da": "Ændret mål"}),
        ]
    )
    monkeypatch.delitem(app.extensions, "barometer.origin_link")  # barometer on its own
    login(client, "sek@example.dk")
    lines = _origin_lines(text_of(client.get(f"{BASE}/versions/{draft.number}")))
    assert lines == [LINE, LINE, LINE]  # the criterion, the indicator and the goal


def test_with_the_hook_each_changed_row_links_to_its_origin(client: FlaskClient) -> None:
    draft = _draft_with(
        [_criterion(1), CatalogueChange(ChangeKind.CHANGE_INDICATOR, ("A2-M2-I2",), {})]
    )
    login(client, "sek@example.dk")
    html = text_of(client.get(f"{BASE}/versions/{draft.number}"))
    links = re.findall(r'<div class="app-origin"><a href="([^"]+)">', html)
    assert links == [
        f"/hearings/origin/{draft.number}/A1-M1",
        f"/hearings/origin/{draft.number}/A2-M2-I2",
    ]
    criterion = html.index("Nyt kriterium nummer 1")
    assert html.index('<div class="app-origin">') > criterion  # on the criterion, not the goal
    assert len(_origin_lines(html)) == 2  # nothing on the rows no decision changed


def test_a_change_without_a_hearing_reference_shows_nothing(client: FlaskClient) -> None:
    draft = _draft_with([_criterion(1)], Provenance({"source": "import"}))
    login(client, "sek@example.dk")
    assert _origin_lines(text_of(client.get(f"{BASE}/versions/{draft.number}"))) == []


def test_a_later_draft_still_shows_where_its_rows_came_from(client: FlaskClient) -> None:
    draft = _draft_with([_criterion(1)])
    svc.approve_version(
        draft, decision_text="BIU 118/2007", decision_date=NOW.date(), actor=None, now=NOW
    )
    v3 = svc.create_draft(draft.policy, label="Næste", actor=None, now=NOW)
    commit()
    login(client, "sek@example.dk")
    html = text_of(client.get(f"{BASE}/versions/{v3.number}"))
    assert f'href="/hearings/origin/{v3.number}/A1-M1"' in html


def test_the_version_page_runs_as_many_statements_for_9_change_records_as_for_1(
    client: FlaskClient, count_statements: StatementCounter
) -> None:
    one = _draft_with([_criterion(1)])
    nine = _draft_with([_criterion(n) for n in range(1, 10)], policy=make_policy("Anden politik"))
    login(client, "sek@example.dk")
    counts = []
    for draft, lines in ((one, 1), (nine, 9)):
        path = f"{BASE}/versions/{draft.number}"
        client.get(path)
        before = count_statements.count
        assert len(_origin_lines(text_of(client.get(path)))) == lines
        counts.append(count_statements.count - before)
    assert counts[0] == counts[1]
