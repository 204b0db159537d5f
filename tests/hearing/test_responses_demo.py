"""The demo's responses: the 2007 hearing answered as in the issue, a draft in the open one."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.clock import utcnow
from core.demo import load_demo
from hearing.demo.hearings import FIRST_REFERENCE, SECOND_REFERENCE
from hearing.models import Hearing
from hearing.models.responses import Proposal, Response, ResponseVersion
from hearing.queries.responses import current_submitted_versions
from hearing.services.frozen_versions import verify_version


def _hearing(db: Any, reference: str) -> Hearing:
    return db.session.scalar(select(Hearing).where(Hearing.reference == reference))


def test_the_demo_answers_the_2007_hearing_and_leaves_a_draft_in_the_open_one(
    db: Any, client: FlaskClient
) -> None:
    now = utcnow()
    load_demo(now)
    db.session.commit()
    first = _hearing(db, FIRST_REFERENCE)
    current = {v.response.consultee.body.code: v for v in current_submitted_versions(first)}
    assert set(current) == {"ØU", "BUU", "KFU", "SUU", "TMU", "IR"}  # SOU never answered
    assert current["TMU"].no_remarks
    kfu = current["KFU"]
    assert kfu.late and "KFU 160/2007" in (kfu.accepted_reason or "")
    assert kfu.submitted_at.isoformat().startswith("2007-03-22")
    assert [code for code, v in current.items() if v.late] == ["KFU"]
    assert all(verify_version(v) for v in current.values())
    criteria = [
        p for v in current.values() for p in v.proposals if p.kind == "add_success_criterion"
    ]
    assert len(criteria) >= 4 and all(p.decision_reference for p in criteria)
    on_udd = [p for p in criteria if p.target_goal_code == "UDD-M3"]
    assert {p.version.response.consultee.body.code for p in on_udd} == {"BUU", "IR"}
    second = _hearing(db, SECOND_REFERENCE)
    draft = db.session.scalar(select(Response).where(Response.hearing_id == second.id))
    assert draft is not None and draft.consultee.body.code == "BUU" and draft.state == "draft"
    assert draft.assessments and draft.proposals and draft.versions == []
    counts = tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Response, ResponseVersion, Proposal)
    )
    load_demo(now)
    db.session.commit()
    assert counts == tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Response, ResponseVersion, Proposal)
    )
    api = client.get(f"/api/v1/hearings/{first.id}/responses")
    assert api.status_code == 200 and len(api.json["responses"]) == 6
