"""Demo: the 2007 hearing consolidated, its note final, BIU's decision recorded in spring
2007 and version 2 of the catalogue approved from it. The open hearing (loaded after this
step, on a draft of version 3) stays open.

The administration's comments and the decision are our own invention, like the responses.
Idempotent: a hearing that is already decided is left alone.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from barometer.demo.catalogue import decision_instant
from barometer.services import catalogue_versions as catalogue_services
from core.extensions import db
from core.models import Body, User
from hearing.demo.hearings import FIRST_REFERENCE
from hearing.models import Hearing
from hearing.queries.consolidation import groups_of
from hearing.services import consolidation as svc
from hearing.services import recommendations
from hearing.services.decision import DecisionData, OutcomeData, record_decision
from hearing.services.recommendations import RecommendationData
from hearing.workflow import HearingState

SECRETARIAT_EMAIL = "sekretariat@example.dk"
MEETING_DATE = date(2007, 4, 18)
CASE_REFERENCE = "BIU 118/2007"

# (proposal type, target) -> (recommendation, reasoning, decision)
_PLAN: dict[tuple[str, str], tuple[str, str, str]] = {
    ("add_success_criterion", "UDD-M3"): (
        "accept",
        "Målet står i integrationspolitikken; BUU og Integrationsrådet foreslår det samme.",
        "approved",
    ),
    ("add_success_criterion", "TRY-M2"): (
        "accept",
        "Et politisk mål for tryghed giver barometret en retning.",
        "approved",
    ),
    ("add_success_criterion", "SUN-01"): (
        "accept",
        "Kriteriet følger Sundheds- og Omsorgsudvalgets egen målsætning.",
        "approved",
    ),
    ("add_success_criterion", "KUL-M1"): (
        "accept",
        "Kultur- og Fritidsudvalgets svar kom for sent, men blev taget med.",
        "rejected",
    ),
    ("change_indicator", "UDD-04"): (
        "reject",
        "Tal for 6. klasse opgøres ikke i dag; forslaget tages op ved næste revision.",
        "approved",
    ),
    ("add_indicator", "BES-M3"): (
        "reject",
        "Der findes endnu ingen datakilde for den foreslåede indikator.",
        "approved",
    ),
    ("other", "BES-M3"): (
        "out_of_scope",
        "Kommunen som arbejdsplads hører under personalepolitikken.",
        "approved",
    ),
    ("remove_indicator", "KUL-04"): (
        "reject",
        "Indikatoren er den eneste for målet og bevares.",
        "approved",
    ),
}
_SUMMARIES = {
    "UDD": "To parter ønsker politikkens mål for ungdomsuddannelse som succeskriterium.",
    "BES": "Integrationsrådet og Økonomiudvalget ønsker flere indikatorer for beskæftigelse.",
}


def _plan(kind: str, target: str) -> tuple[str, str, str]:
    return _PLAN.get(
        (kind, target), ("reject", "Forslaget indgår ikke i denne version.", "approved")
    )


def load_first_decision(data: dict[str, Any], now: datetime) -> None:
    hearing = db.session.scalar(select(Hearing).where(Hearing.reference == FIRST_REFERENCE))
    if hearing is None or hearing.state != HearingState.CLOSED:
        return
    actor = db.session.scalar(select(User).where(User.email == SECRETARIAT_EMAIL))
    svc.start_consolidation(hearing, actor=actor, now=now)
    duplicates = [g.id for g in groups_of(hearing) if g.target_code == "UDD-M3"]
    if len(duplicates) > 1:
        svc.merge_groups(hearing, duplicates, actor=actor, now=now)
    for group in groups_of(hearing):
        outcome, reasoning, _ = _plan(group.proposal_kind, group.target_code)
        recommendations.set_recommendation(
            hearing,
            group.id,
            RecommendationData(outcome, administration_comment=reasoning, reasoning=reasoning),
            expected_revision=0,
            actor=actor,
            now=now,
        )
    for area, text in _SUMMARIES.items():
        recommendations.set_summary(hearing, area, text, expected_revision=0, actor=actor, now=now)
    # The final note is stored (its full and public PDF) by the job, after the demo's commit.
    svc.finalise_note(hearing, actor=actor, now=now)
    biu = db.session.scalar(select(Body).where(Body.code == "BIU"))
    outcomes = tuple(
        OutcomeData(g.recommendation.id, _plan(g.proposal_kind, g.target_code)[2])
        for g in groups_of(hearing)
        if g.recommendation is not None
    )
    decision = record_decision(
        hearing,
        DecisionData(biu.id if biu else None, MEETING_DATE, CASE_REFERENCE, outcomes),
        actor=actor,
        now=now,
    )
    if decision.draft_version is not None:
        catalogue_services.approve_version(
            decision.draft_version,
            decision_text=CASE_REFERENCE,
            decision_date=MEETING_DATE,
            actor=actor,
            now=decision_instant(MEETING_DATE),
        )
