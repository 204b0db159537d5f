"""The exports of a large hearing hold a page of it at a time, not all of it (issue 16,
benchmark 5): the consolidation sheet reads its proposal groups a page at a time and the
archive package the response versions a batch of bodies at a time, each let go of before
the next. Checked by the objects alive in the session (its identity map holds them weakly),
never by timing; the output is the same as from the whole load."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale

from core.extensions import db as _db
from hearing.consolidation_sheet import iter_rows, rows
from hearing.models.consolidation import ProposalGroup
from hearing.models.responses import CoverageAssessment, ResponseVersion
from hearing.queries import consolidation as cq
from hearing.queries import responses as rq
from tests.factories import commit
from tests.hearing.consolidation_factories import consolidating_hearing


def _alive(kind: type) -> int:
    gc.collect()
    return sum(isinstance(o, kind) for o in _db.session.identity_map.values())


@pytest.fixture
def hearing(app: Flask, db: Any) -> Iterator[Any]:
    found = consolidating_hearing()
    commit()
    gc.collect()
    gc.freeze()  # the collections in _alive walk only what the test makes
    yield found
    gc.unfreeze()


def test_the_groups_come_a_page_at_a_time_in_the_workspace_order(hearing: Any) -> None:
    expected = [g.id for g in cq.groups_of(hearing)]
    assert len(expected) >= 4
    for page in (1, 2, 3, len(expected), 200):
        assert [g.id for g in cq.iter_groups(hearing, page)] == expected


def test_the_sheet_holds_one_page_of_groups_at_a_time(app: Flask, hearing: Any) -> None:
    with app.test_request_context("/"), force_locale("da"):
        whole = rows(hearing)
        assert _alive(ProposalGroup) == 0
        seen, most = [], 0
        for row in iter_rows(hearing, page=2):
            seen.append(row)
            most = max(most, _alive(ProposalGroup))
    assert seen == whole and len(whole) >= 4
    assert most <= 2


def test_the_archive_holds_the_versions_of_one_batch_of_bodies_at_a_time(hearing: Any) -> None:
    expected = [v.id for _consultee, vs in rq.versions_of(hearing) for v in vs]
    per_body = max(len(vs) for _consultee, vs in rq.versions_of(hearing))
    assert len(expected) >= 3
    assert _alive(ResponseVersion) == 0
    seen, most_versions, most_rows = [], 0, 0
    for version in rq.iter_versions(hearing, batch=1):
        seen.append(version.id)
        len(version.assessments) + len(version.proposals)  # what the receipt reads
        most_versions = max(most_versions, _alive(ResponseVersion))
        most_rows = max(most_rows, _alive(CoverageAssessment))
        del version
    assert seen == expected
    assert most_versions <= per_body
    assert most_rows <= max(len(v.assessments) for v in _versions(hearing)) * per_body


def _versions(hearing: Any) -> list[ResponseVersion]:
    return [v for _consultee, vs in rq.versions_of(hearing) for v in vs]
