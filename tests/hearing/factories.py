"""Factories for hearings, built through the services (they flush, never commit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import count

from sqlalchemy import select

from barometer.models import CatalogueVersion
from core.extensions import db
from core.models import Body, BodyKind, User
from hearing import workflow
from hearing.models import Hearing, QuestionKind
from hearing.services import hearings as svc
from hearing.services import transitions
from hearing.services.hearings import HearingData, QuestionData
from tests.barometer.factories import make_draft_with_content, make_policy
from tests.factories import make_body, make_member, make_secretariat

NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)
DEADLINE = workflow.deadline_from_local(date(2007, 2, 1))  # 22:59:59.999999 UTC
# For pages, whose server clock is the real one.
FUTURE = workflow.deadline_from_local(date(2099, 2, 1))
_policies = count(1)

QUESTIONS = (
    QuestionData("Dækker indikatorerne indsatsen i forhold til målene?", QuestionKind.COVERAGE),
    QuestionData("Bør der tilføjes politisk besluttede succeskriterier?", QuestionKind.PROPOSALS),
)


def body(code: str, kind: BodyKind = BodyKind.COMMITTEE) -> Body:
    found = db.session.scalar(select(Body).where(Body.code == code))
    return found or make_body(code, kind)


def secretariat() -> User:
    found = db.session.scalar(select(User).where(User.email == "sek@example.dk"))
    return found or make_secretariat()


def hearing_data(version: CatalogueVersion, **overrides: object) -> HearingData:
    values: dict[str, object] = {
        "reference": "BIU 227/2006",
        "title": "Høring over koncept og oversigtsskema",
        "issuing_body_id": body("BIU").id,
        "version_id": version.id,
        "reply_body_id": body("LS", BodyKind.SECRETARIAT).id,
        "signatory_id": secretariat().id,
        "signatory_title": "Kontorchef",
        "deadline": DEADLINE,
        "letter_text": "Borgerrepræsentationen har vedtaget en **integrationspolitik**.",
        "contact_name": "Søren Sekretær",
        "contact_email": "sek@example.dk",
        "is_public": True,
        "questions": QUESTIONS,
    }
    values.update(overrides)
    return HearingData(**values)  # type: ignore[arg-type]


def make_hearing(
    version: CatalogueVersion | None = None,
    *,
    codes: Sequence[str] = ("ØU", "BUU", "IR"),
    now: datetime = NOW - timedelta(days=20),
    **overrides: object,
) -> Hearing:
    if version is None:
        policy = make_policy(f"Integrationspolitik {next(_policies)}")
        version = make_draft_with_content(policy, areas=1, goals_per_area=1, indicators_per_goal=1)
    hearing = svc.create_hearing(hearing_data(version, **overrides), actor=secretariat(), now=now)
    bodies = [body(c, BodyKind.COUNCIL if c == "IR" else BodyKind.COMMITTEE) for c in codes]
    svc.set_hearing_list(hearing, [b.id for b in bodies], actor=secretariat(), now=now)
    return hearing


def make_issued(
    version: CatalogueVersion | None = None,
    *,
    members: bool = True,
    now: datetime = NOW - timedelta(days=20),
    **kwargs: object,
) -> Hearing:
    hearing = make_hearing(version, now=now, **kwargs)  # type: ignore[arg-type]
    if members:
        for c in hearing.consultees:
            email = f"{c.body.code.lower().replace('ø', 'oe')}@example.dk"
            if db.session.scalar(select(User.id).where(User.email == email)) is None:
                make_member(c.body, email=email)
    return transitions.issue_hearing(hearing, actor=secretariat(), now=now)
