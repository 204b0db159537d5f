"""A large catalogue version is shown one focus area at a time: the same statements for
every area, bounded HTML, and an edit returns to the page of the node's focus area."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.models import FocusArea, Goal
from barometer.views.common import tree_url
from tests.barometer.factories import make_draft_with_content
from tests.barometer.reading_factories import make_large_catalogue
from tests.factories import make_secretariat
from tests.statements import StatementCounter
from tests.web import login

ROW = re.compile(r'<tr id="indicator-')


def _get(client: FlaskClient, path: str, counter: StatementCounter) -> tuple[int, str]:
    before = counter.count
    answer = client.get(path)
    assert answer.status_code == 200, path
    return counter.count - before, answer.get_data(as_text=True)


def test_a_large_version_shows_one_focus_area_at_a_time(
    client: FlaskClient, db: Any, count_statements: StatementCounter
) -> None:
    make_secretariat()
    version, _ = make_large_catalogue(90, 1)  # past AREA_AT_A_TIME (60), six focus areas
    db.session.commit()
    login(client, "sek@example.dk")
    base = f"/barometer/catalogue/versions/{version.number}"
    first = _get(client, base, count_statements)
    second = _get(client, f"{base}?area=S2", count_statements)
    every = _get(client, f"{base}?area=all", count_statements)
    assert first[0] == second[0] == every[0]
    assert len(ROW.findall(every[1])) == 90
    assert 0 < len(ROW.findall(first[1])) <= 15 and 0 < len(ROW.findall(second[1])) <= 15
    assert 'id="area-S2"' in second[1] and 'id="area-S1"' not in second[1]
    nav = second[1].split('<nav aria-label="Indsatsområder"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'area=S2"[^>]*aria-current="page"', nav)
    assert len(first[1]) * 3 < len(every[1])


def test_an_edit_returns_to_the_page_of_the_nodes_focus_area(app: Flask, db: Any) -> None:
    large, _ = make_large_catalogue(90, 1)
    small = make_draft_with_content()
    db.session.commit()
    goal = db.session.scalar(
        select(Goal).join(FocusArea).where(Goal.version_id == large.id, FocusArea.code == "S3")
    )
    small_goal = db.session.scalar(select(Goal).where(Goal.version_id == small.id))
    assert goal is not None and small_goal is not None
    with app.test_request_context():
        assert tree_url(large, f"goal-{goal.code}").endswith(f"?area=S3#goal-{goal.code}")
        assert tree_url(large, "area-S4").endswith("?area=S4#area-S4")
        assert "area=" not in tree_url(small, f"goal-{small_goal.code}")
        assert "area=" not in tree_url(large)
