"""The job page, ``/jobs/``, shows one page of jobs at a time: its statements stay flat and
its HTML bounded however many jobs there are, and the state filter is kept across pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from core.extensions import db as _db
from core.job_models import Job, JobState
from core.models import User
from tests.factories import commit, make_secretariat
from tests.statements import StatementCounter
from tests.web import login, post, text_of

PER_PAGE = 25
ROW = re.compile(r'<td><a href="/jobs/\d+">')
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _add_jobs(number: int, *, first: int = 0, state: JobState = JobState.FINISHED) -> None:
    """``number`` jobs, each started by its own person (so a lazy load per row would show)."""
    for n in range(first, first + number):
        user = User(email=f"starter{n}@example.dk", name=f"Starter {n}", password_hash="x")
        ended = START + timedelta(minutes=n, seconds=30)
        _db.session.add(
            Job(
                kind="hearing.archive", subject_type="Hearing", subject_id=n,
                subject_label=f"BIU {n}/2026", arguments={}, state=state, progress=100,
                attempt=1, created_at=START + timedelta(minutes=n), started_at=START,
                finished_at=None if state in (JobState.QUEUED, JobState.RUNNING) else ended,
                error="RuntimeError: no" if state == JobState.FAILED else None,
                started_by=user,
            )
        )  # fmt: skip
    commit()


def _get(client: FlaskClient, path: str, counter: StatementCounter) -> tuple[int, str]:
    before = counter.count
    answer = client.get(path)
    assert answer.status_code == 200, path
    return counter.count - before, text_of(answer)


def test_the_job_page_stays_one_page_as_jobs_grow(
    client: FlaskClient, db: Any, count_statements: StatementCounter
) -> None:
    make_secretariat()
    _add_jobs(10)
    login(client, "sek@example.dk")
    few = _get(client, "/jobs/", count_statements)
    _add_jobs(190, first=10)
    many = _get(client, "/jobs/", count_statements)
    last = _get(client, "/jobs/?page=8", count_statements)
    assert few[0] == many[0] == last[0]
    assert len(ROW.findall(few[1])) == 10 and "Starter 9" in few[1]
    assert len(ROW.findall(many[1])) == PER_PAGE and len(ROW.findall(last[1])) == 200 - 7 * 25
    assert "Starter 199" in many[1] and "Starter 174" not in many[1]  # newest first
    assert "Starter 0<" in last[1]
    assert 'aria-current="page" class="app-current-page"' in many[1]
    assert "app-current-page" not in few[1]
    assert 'aria-label="Sider af joblisten"' in many[1]
    assert "Række 1-25 af 200" in many[1]
    # 15 more rows at most and the page links, however many jobs.
    assert len(many[1]) - len(few[1]) < 15 * 900 + 2_500
    # A page past the end shows the last page; a page that is not a number the first.
    assert "Starter 0<" in _get(client, "/jobs/?page=99", count_statements)[1]
    assert "Starter 199" in _get(client, "/jobs/?page=x", count_statements)[1]


def test_the_state_filter_is_kept_across_the_pages(
    client: FlaskClient, db: Any, count_statements: StatementCounter
) -> None:
    make_secretariat()
    _add_jobs(30, state=JobState.FAILED)
    _add_jobs(40, first=30)  # finished, and newer
    login(client, "sek@example.dk")
    _, first = _get(client, "/jobs/?state=failed", count_statements)
    assert len(ROW.findall(first)) == PER_PAGE and "Starter 29" in first
    assert "Starter 69" not in first
    links = re.findall(r'href="(/jobs/\?[^"]*page=2[^"]*)"', first)
    assert links and all("state=failed" in link for link in links)
    _, second = _get(client, links[0].replace("&amp;", "&"), count_statements)
    assert len(ROW.findall(second)) == 5 and "Starter 0<" in second
    assert "Starter 30<" not in second  # a finished job never shows under "failed"
    assert '<option value="failed" selected>' in second
    post(client, "/language", {"locale": "en", "next": "/"})
    english = _get(client, "/jobs/?state=failed", count_statements)[1]
    assert 'aria-label="Pages of the jobs"' in english and "Rows 1-25 of 30" in english
