"""The consolidation workspace stays one screen as a hearing grows: counts first, one page of
bodies and proposal groups, filters, and a goal's assessments on a page of their own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.models import Goal
from core.extensions import db as _db
from hearing.queries.workspace_page import GROUPS_PER_PAGE
from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing, group_by, recommend
from tests.statements import StatementCounter
from tests.web import login, post, text_of

GROUP = re.compile(r'<section class="app-group" id="group-(\d+)"')


@pytest.fixture
def hearing(db: Any) -> Any:
    found = consolidating_hearing()
    commit()
    return found


@pytest.fixture
def sek(client: FlaskClient, hearing: Any) -> FlaskClient:
    login(client, "sek@example.dk")
    return client


def _base(hearing: Any) -> str:
    return f"/hearings/{hearing.id}/consolidation"


def _groups(html: str) -> list[str]:
    return GROUP.findall(html)


def _measure(client: FlaskClient, bodies: int, folder: Path, counter: StatementCounter) -> Any:
    """Seed the bench's synthetic hearing with ``bodies`` bodies (10 proposals each) and
    measure its pages; the database is emptied afterwards."""
    from bench.consolidation import build_hearing
    from tests.conftest import _truncate_all

    hearing_id = build_hearing(bodies, folder, goals=3, indicators=3)
    goal = _db.session.scalar(select(Goal.code).order_by(Goal.code).limit(1))
    login(client, "sek@example.dk")
    found = {}
    for name, path in (
        ("workspace", f"/hearings/{hearing_id}/consolidation"),
        ("page_2", f"/hearings/{hearing_id}/consolidation?page=2"),
        ("goal", f"/hearings/{hearing_id}/consolidation/coverage/{goal}"),
    ):
        before = counter.count
        answer = client.get(path)
        assert answer.status_code == 200, path
        found[name] = (counter.count - before, answer.get_data(as_text=True))
    client.post("/logout")
    _db.session.remove()
    _truncate_all()
    return found


def test_statements_and_html_stay_flat_as_bodies_and_proposals_grow(
    client: FlaskClient, db: Any, tmp_path: Path, count_statements: StatementCounter
) -> None:
    small = _measure(client, 2, tmp_path / "2", count_statements)  # 20 groups
    large = _measure(client, 4, tmp_path / "4", count_statements)  # 40 groups
    for name in ("workspace", "page_2", "goal"):
        assert small[name][0] == large[name][0], name
    # One page of groups either way; twice the bodies and proposals add the two bodies'
    # rows of the hearing list and the goal page, and page links (the old page grew by
    # about 100 kB here: every proposal and its recommendation form).
    assert len(_groups(small["workspace"][1])) == len(_groups(large["workspace"][1]))
    assert len(_groups(large["workspace"][1])) == GROUPS_PER_PAGE
    for name in ("workspace", "goal"):
        assert len(large[name][1]) - len(small[name][1]) < 4_000, name


def test_the_proposal_groups_come_a_page_at_a_time_with_a_page_nav(
    client: FlaskClient, db: Any, tmp_path: Path
) -> None:
    from bench.consolidation import build_hearing

    hearing_id = build_hearing(2, tmp_path, goals=3, indicators=3)  # 20 groups: two pages
    login(client, "sek@example.dk")
    first = client.get(f"/hearings/{hearing_id}/consolidation").get_data(as_text=True)
    second = client.get(f"/hearings/{hearing_id}/consolidation?page=2").get_data(as_text=True)
    beyond = client.get(f"/hearings/{hearing_id}/consolidation?page=99").get_data(as_text=True)
    assert len(_groups(first)) == len(_groups(second)) == GROUPS_PER_PAGE
    assert not set(_groups(first)) & set(_groups(second))
    assert _groups(beyond) == _groups(second)  # past the end: the last page
    nav = re.search(
        r'<nav class="pagination" aria-label="Sider af forslagene">.*?</nav>', second, re.S
    )
    assert nav is not None and 'aria-current="page"' in nav.group(0)
    assert "20 grupper af forslag" in text_of_html(first)


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_groups_are_filtered_by_state_focus_area_and_target(
    sek: FlaskClient, hearing: Any
) -> None:
    handled = group_by(hearing, "IR", "add_success_criterion", "A2-M1-I1")
    recommend(hearing, handled)
    commit()
    ids = {
        query: _groups(sek.get(f"{_base(hearing)}?{query}").get_data(as_text=True))
        for query in ("", "state=handled", "state=unhandled", "area=A1", "area=A2", "target=A2-M2")
    }
    assert len(ids[""]) == 5
    assert ids["state=handled"] == [str(handled.id)]
    assert set(ids["state=unhandled"]) == set(ids[""]) - {str(handled.id)}
    assert ids["area=A1"] and set(ids["area=A1"]) < set(ids[""])
    assert str(handled.id) not in ids["area=A1"]
    assert ids["target=A2-M2"] and set(ids["target=A2-M2"]) < set(ids["area=A2"])
    # A focus area narrows the coverage matrix too; a bad state or area filters nothing.
    page = text_of(sek.get(f"{_base(hearing)}?area=A1"))
    assert 'aria-label="Dækningsmatrix A1"' in page and "Dækningsmatrix A2" not in page
    assert len(_groups(sek.get(f"{_base(hearing)}?state=x&area=Z9").get_data(as_text=True))) == 5


def test_a_recommendation_saved_on_a_filtered_page_returns_to_that_screen(
    sek: FlaskClient, hearing: Any
) -> None:
    group = group_by(hearing, "IR", "add_success_criterion", "A2-M1-I1")
    page = sek.get(f"{_base(hearing)}?state=unhandled&area=A2").get_data(as_text=True)
    action = f"/groups/{group.id}/recommendation?area=A2&amp;state=unhandled"
    assert action in page
    form = {
        f"g{group.id}-outcome": "accept",
        f"g{group.id}-reasoning": "Forvaltningen er enig.",
        f"g{group.id}-administration_comment": "",
        f"g{group.id}-revision": "0",
    }
    answer = post(
        sek, f"{_base(hearing)}/groups/{group.id}/recommendation?area=A2&state=unhandled", form
    )
    assert answer.status_code == 302
    assert "area=A2" in answer.location and "state=unhandled" in answer.location
    assert answer.location.endswith(f"#group-{group.id}")


def test_the_matrix_counts_assessments_per_goal_with_totals_and_opens_a_goal(
    sek: FlaskClient, hearing: Any
) -> None:
    page = sek.get(_base(hearing)).get_data(as_text=True)
    assert f'href="{_base(hearing)}/coverage/A1-M1"' in page
    assert "<tfoot>" in page and "Bemærkninger" in page
    goal = text_of(sek.get(f"{_base(hearing)}/coverage/A1-M1"))
    assert "Dækning af mål A1-M1" in goal
    for code in ("BUU", "ØU", "IR"):
        assert code in goal
    assert sek.get(f"{_base(hearing)}/coverage/Z9-M9").status_code == 404


def test_the_hearing_list_shows_counts_per_outcome(sek: FlaskClient, hearing: Any) -> None:
    page = text_of_html(sek.get(_base(hearing)).get_data(as_text=True))
    assert "Høringsparter efter udfald" in page
    assert re.search(r"Har svaret \d+", page) and re.search(r"I alt 5", page)


def test_the_matrix_rows_add_up_to_the_totals_of_each_focus_area(
    sek: FlaskClient, hearing: Any
) -> None:
    from hearing.queries.workspace_page import coverage_counts

    page = sek.get(_base(hearing)).get_data(as_text=True)
    tables = re.findall(r'aria-label="Dækningsmatrix (\w+)">(.*?)</table>', page, re.S)
    assert [code for code, _ in tables] == ["A1", "A2"]
    counts = coverage_counts(hearing)
    number = re.compile(r'<td class="app-number">(\d+)</td>')
    for _code, table in tables:
        body, foot = table.split("<tbody>")[1].split("<tfoot>")
        rows = re.findall(r'<tr>\s*<th scope="row"><a href="[^"]+/coverage/([\w-]+)">', body)
        cells = [list(map(int, number.findall(r))) for r in body.split("</tr>")[:-1]]
        assert len(rows) == len(cells) and rows
        for goal, row in zip(rows, cells, strict=True):
            cov = counts.get(goal)
            assert row[-1] == (cov.comments if cov else 0)
            assert sum(row[:-1]) == (sum(cov.counts.values()) if cov else 0)
            assert f"{cov.not_covered if cov else 0} af {cov.assessed if cov else 0} siger" in body
        totals = list(map(int, number.findall(foot)))
        assert totals == [sum(column) for column in zip(*cells, strict=True)]
