"""The hearing dashboard and the list of responses show one page of bodies: the statements
and the HTML stay flat as the hearing list grows."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from tests.factories import commit
from tests.hearing.factories import make_issued
from tests.statements import StatementCounter
from tests.web import login

PER_PAGE = 25
BODY_ROW = re.compile(r'<tr>\s*<th scope="row">[^<]*–')


def _get(client: FlaskClient, path: str, counter: StatementCounter) -> tuple[int, str]:
    before = counter.count
    answer = client.get(path)
    assert answer.status_code == 200, path
    return counter.count - before, answer.get_data(as_text=True)


def test_the_dashboard_and_the_responses_stay_one_page_as_bodies_grow(
    client: FlaskClient, db: Any, count_statements: StatementCounter
) -> None:
    small = make_issued(codes=("ØU", "BUU", "IR"), members=False)
    large = make_issued(
        codes=tuple(f"U{n:02d}" for n in range(PER_PAGE + 5)),
        members=False,
        reference="BIU 228/2006",
    )
    commit()
    login(client, "sek@example.dk")
    for suffix, row in (("", BODY_ROW), ("/responses", re.compile(r"<h2>[^<]*–"))):
        few = _get(client, f"/hearings/{small.id}{suffix}", count_statements)
        many = _get(client, f"/hearings/{large.id}{suffix}", count_statements)
        rest = _get(client, f"/hearings/{large.id}{suffix}?page=2", count_statements)
        assert few[0] == many[0] == rest[0], suffix
        assert len(row.findall(few[1])) == 3
        assert len(row.findall(many[1])) == PER_PAGE and len(row.findall(rest[1])) == 5
        assert 'aria-current="page"' in many[1] and 'aria-current="page"' not in few[1]
        # 22 more rows at most and the page links, however long the hearing list.
        assert len(many[1]) - len(few[1]) < 22 * 600 + 2_000, suffix


def test_the_dashboard_counts_the_bodies_per_state(client: FlaskClient, db: Any) -> None:
    hearing = make_issued(codes=("ØU", "BUU", "IR"), members=False)
    commit()
    login(client, "sek@example.dk")
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    counts = page.split('id="state-counts"', 1)[1].split("</table>", 1)[0]
    assert "Høringsparter efter status" in counts
    assert re.search(r'<td class="app-number">3</td>', counts)
