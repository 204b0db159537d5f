"""Factories for responses: an issued hearing with goals, members, drafts and submissions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

from sqlalchemy import select

from core.extensions import db
from core.models import User
from hearing.models import Consultee, Hearing
from hearing.models.responses import Response, ResponseVersion
from hearing.proposals import ProposalData
from hearing.services import draft_proposals as proposals_svc
from hearing.services import response_drafts as drafts_svc
from hearing.services import response_versions as versions_svc
from hearing.services.response_drafts import AssessmentData, DraftData
from tests.barometer.factories import make_draft_with_content, make_policy
from tests.factories import make_member
from tests.hearing.factories import DEADLINE, NOW, make_issued

BEFORE = DEADLINE - timedelta(seconds=1)
AFTER = DEADLINE + timedelta(seconds=1)
_policies = count(1)


def open_hearing(
    *, deadline: datetime = DEADLINE, public: bool = True, **kwargs: object
) -> Hearing:
    """An issued hearing on a version with 2 focus areas x 2 goals (A1-M1 .. A2-M2)."""
    policy = make_policy(f"Politik {next(_policies)}")
    version = make_draft_with_content(policy, areas=2, goals_per_area=2, indicators_per_goal=1)
    return make_issued(version, deadline=deadline, is_public=public, **kwargs)


def consultee(hearing: Hearing, code: str) -> Consultee:
    return next(c for c in hearing.consultees if c.body.code == code)


def member(code: str) -> User:
    email = f"{code.lower().replace('ø', 'oe')}@example.dk"
    user = db.session.scalar(select(User).where(User.email == email))
    assert user is not None, email
    return user


def second_member(hearing: Hearing, code: str, email: str = "buu2@example.dk") -> User:
    found = db.session.scalar(select(User).where(User.email == email))
    return found or make_member(consultee(hearing, code).body, email=email)


def response(hearing: Hearing, code: str) -> Response:
    return drafts_svc.ensure_response(consultee(hearing, code), now=NOW)


def draft(**coverage: str) -> DraftData:
    """A draft with assessments given as goal code (dashes as underscores) = value."""
    return DraftData(
        general_remarks="Udvalget finder skemaet overskueligt.",
        assessments=tuple(
            AssessmentData(code.replace("_", "-"), value, f"Kommentar til {code}")
            for code, value in coverage.items()
        ),
    )


def criterion(**overrides: object) -> ProposalData:
    values: dict[str, object] = {
        "kind": "add_success_criterion",
        "target_goal_code": "A1-M1",
        "text": "Ledigheden blandt indvandrere halveres",
        "target_value": "8,5",
        "target_period": "2010-H2",
        "decision_reference": "BR 395/06",
        "decision_date": date(2006, 6, 14),
        "justification": "Målet står i integrationspolitikken.",
    }
    values.update(overrides)
    return ProposalData(**values)  # type: ignore[arg-type]


def filled(hearing: Hearing, code: str = "BUU", now: datetime = NOW) -> Response:
    r = response(hearing, code)
    user = member(code)
    drafts_svc.save_draft(
        r,
        draft(A1_M1="covers", A2_M1="partly"),
        actor=user,
        now=now,
        expected_version=r.edit_version,
    )
    proposals_svc.add_proposal(r, criterion(), actor=user, now=now)
    return r


def submitted(hearing: Hearing, code: str = "BUU", now: datetime = NOW) -> ResponseVersion:
    r = filled(hearing, code, now)
    return versions_svc.submit_response(
        r, actor=member(code), now=now, expected_version=r.edit_version
    )
