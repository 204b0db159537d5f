"""The synthetic hearing of a seed: ``bodies`` committees, each with a full response.

Built through the hearing services, as the secretariat would: the hearing is issued, every
body's response is registered from a (synthetic) letter with an assessment of every goal
and ``proposals`` proposals, the hearing is closed and its consolidation started. The text
is Danish and chosen by ``rng``, so one seed gives the same hearing every time.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from barometer.models import CatalogueVersion
from core.models import Body, BodyKind, User
from core.services import accounts
from hearing import workflow
from hearing.demo.responses import demo_letter_pdf
from hearing.models.hearings import Hearing, QuestionKind
from hearing.proposals import ProposalData
from hearing.services import consolidation, transitions
from hearing.services import hearings as hearing_services
from hearing.services import response_registration as registration
from hearing.services.hearings import HearingData, QuestionData
from hearing.services.response_drafts import AssessmentData

TOPICS = (
    "Børn og Unge",
    "Kultur og Fritid",
    "Sundhed og Omsorg",
    "Økonomi",
    "Teknik og Miljø",
    "Beskæftigelse og Integration",
    "Sociale Forhold",
    "Ældre og Pårørende",
)
TOPICS_EN = (
    "Children and Youth",
    "Culture and Leisure",
    "Health and Care",
    "Finance",
    "Technical and Environmental",
    "Employment and Integration",
    "Social Affairs",
    "Older People and Carers",
)
VALUES = ("covers", "partly", "not_covered", "no_opinion")
REMARKS = (
    "Udvalget bemærker, at målene for ældre indvandrere bør følges tættere.",
    "Vi støtter kataloget, men savner mål for tosprogede børn i dagtilbud.",
    "Høringssvaret er drøftet på udvalgets møde; der er ingen øvrige bemærkninger.",
    "Rådet ønsker, at fremgangen måles særskilt for kvinder og mænd.",
)
COMMENTS = (
    "Målet dækkes godt af indikatorerne.",
    "Indikatoren måler kun en del af målet; suppler med en tilfredshedsmåling.",
    "Målet mangler en indikator for de ældste årgange.",
    "Ingen bemærkning til dette mål.",
)


def committees(count: int, *, now: datetime) -> list[Body]:
    """``count`` consulted committees with Danish names."""
    return [
        accounts.create_body(
            accounts.BodyData(
                f"U{n:04d}",
                BodyKind.COMMITTEE,
                f"Udvalget for {TOPICS[n % len(TOPICS)]} {n + 1}",
                f"{TOPICS_EN[n % len(TOPICS_EN)]} Committee {n + 1}",
            ),
            actor=None,
            now=now,
        )
        for n in range(count)
    ]


def _proposals(
    rng: random.Random, n: int, goals: list[str], count: int
) -> tuple[ProposalData, ...]:
    return tuple(
        ProposalData(
            kind="add_success_criterion",
            target_goal_code=goals[(n + p) % len(goals)],
            text=f"Forslag {n + 1}.{p + 1}: {rng.choice(REMARKS)}",
            target_value=str(rng.randrange(20, 80)),
            target_period="2010-H2",
            decision_reference="BR 395/06",
            justification="Begrundelse: målet bør kunne måles før og efter indsatsen.",
        )
        for p in range(count)
    )


def build_hearing(
    version: CatalogueVersion,
    goals: list[str],
    *,
    secretariat: User,
    reply_body: Body,
    bodies: int,
    proposals: int,
    rng: random.Random,
    now: datetime,
    folder: Path,
) -> Hearing:
    """The hearing on ``version`` answered by ``bodies`` new committees, in consolidation."""
    body_rows = committees(bodies, now=now)
    deadline = workflow.deadline_from_local(now.date() + timedelta(days=20))
    hearing = hearing_services.create_hearing(
        HearingData(
            reference="BENCH 1/2007",
            title="Høring om integrationsbarometerets mål og indikatorer – første udkast",
            issuing_body_id=reply_body.id,
            version_id=version.id,
            reply_body_id=reply_body.id,
            signatory_id=secretariat.id,
            signatory_title="Kontorchef",
            deadline=deadline,
            letter_text="Udvalgene bedes vurdere, om indikatorerne dækker målene, og foreslå "
            "ændringer. Svar gerne på dansk; æ, ø og å er velkomne.",
            contact_name=secretariat.name,
            contact_email=secretariat.email,
            is_public=True,
            questions=(QuestionData("Dækker indikatorerne målene?", QuestionKind.COVERAGE),),
        ),
        actor=secretariat,
        now=now,
    )
    hearing_services.set_hearing_list(
        hearing, [b.id for b in body_rows], actor=secretariat, now=now
    )
    transitions.issue_hearing(hearing, actor=secretariat, now=now, notify=False)
    scan = demo_letter_pdf("Høringssvar")
    received = now + timedelta(days=1)
    for n, consultee in enumerate(hearing.consultees):
        data = registration.RegistrationData(
            channel="letter",
            received_at=received,
            scan=scan,
            scan_filename="høringssvar.pdf",
            general_remarks=rng.choice(REMARKS),
            assessments=tuple(
                AssessmentData(code, VALUES[(n + i) % len(VALUES)], rng.choice(COMMENTS))
                for i, code in enumerate(goals)
            ),
            proposals=_proposals(rng, n, goals, proposals),
        )
        registration.register_response(
            consultee,
            data,
            actor=secretariat,
            now=received,
            folder=folder,
            max_bytes=10_000_000,
            notify=False,
        )
    transitions.close_hearing(
        hearing, actor=secretariat, now=deadline + timedelta(hours=1), notify=False
    )
    consolidation.start_consolidation(
        hearing, actor=secretariat, now=deadline + timedelta(days=1), render_note=False
    )
    return hearing
