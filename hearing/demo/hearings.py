"""Demo steps of ``hearing``: the 2007 hearing on the barometer concept, and an open one.

1. ``BIU 227/2006``: the Employment and Integration Committee approved the concept and
   overview table on 14 December 2006 and sent them to the six other standing committees
   and the Integration Council, with two questions and a deadline of 1 February 2007.
   It is issued in December 2006 on version 1 and closes by itself once that deadline has
   passed. Its letter is our own summary of the facts of the source document.
2. An open hearing on a new draft of the catalogue, with a deadline four weeks after the
   day ``demo load`` runs, so that a newcomer can answer it as a committee member.

Idempotent: a hearing whose reference exists is left alone. Invitations are not e-mailed
for demo hearings (``notify=False``): ``make run`` has no mail server.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from barometer.models import CatalogueVersion, Policy, VersionStatus
from barometer.services import catalogue_versions as catalogue_services
from core.extensions import db
from core.models import Body, User
from hearing import workflow
from hearing.models import Hearing, QuestionKind
from hearing.services import hearings as svc
from hearing.services import transitions
from hearing.services.hearings import HearingData, QuestionData

FIRST_REFERENCE = "BIU 227/2006"
SECOND_REFERENCE = "BIU 12/2026"
CONSULTED = ("ØU", "BUU", "KFU", "SUU", "SOU", "TMU", "IR")
SIGNATORY_EMAIL = "sekretariat@example.dk"
# The case officer of 2007 named in the first letter (an invented person without an account).
CONTACT_NAME = "Lone Sagsbehandler"
CONTACT_EMAIL = "lone.sagsbehandler@example.dk"
# The Monday after the committee's meeting, 10:00 in Copenhagen.
ISSUED = (date(2006, 12, 18), time(10, 0))
SECOND_DRAFT_LABEL = "Revision af kataloget efter første måling"

QUESTIONS = (
    QuestionData(
        "Dækker indikatorerne i oversigtsskemaet forvaltningernes indsats på "
        "integrationsområdet, set i forhold til målene i integrationspolitikken?",
        QuestionKind.COVERAGE,
    ),
    QuestionData(
        "Findes der politisk besluttede succeskriterier, som bør føjes til listen i "
        "oversigtsskemaets kolonne 2?",
        QuestionKind.PROPOSALS,
    ),
)

FIRST_LETTER = """\
Borgerrepræsentationen vedtog den 14. juni 2006 Københavns Kommunes integrationspolitik
for 2007-2010 (BR 395/06). Politikken lægger op til, at der udvikles et barometer, som
følger med i, hvordan det går på integrationsområdet.

Barometret får nye målinger to gange om året og lægges første gang ud på kommunens
hjemmeside i foråret 2007. Hver gang barometret fremlægges, vurderer Beskæftigelses- og
Integrationsforvaltningen samtidig, hvordan barometerstanden kan forbedres.

Barometret er **ikke en evaluering** af integrationsindsatsen. Det er et kvantitativt
redskab, der viser, om indsatsen bevæger sig i den rigtige retning i forhold til de mål,
der politisk er vedtaget i politikken.

Beskæftigelses- og Integrationsudvalget godkendte på sit møde den 14. december 2006
konceptet for barometret og oversigtsskemaet med mål, indikatorer m.v. (BIU 227/2006).
Konceptet rummer udvalgte indikatorer for mål og aktiviteter inden for politikkens seks
indsatsområder. Indikatorerne er valgt i tæt samarbejde med fagforvaltningerne gennem
workshops og arbejdsgrupper, og et konsulentfirma har faciliteret processen.

Udvalgene og Integrationsrådet bedes forholde sig til de to spørgsmål nedenfor.
"""

SECOND_LETTER = """\
Efter den første måling er der lavet et udkast til en revideret udgave af kataloget med
mål, indikatorer og succeskriterier. Udkastet er vedlagt som oversigtsskema.

Udvalgene og Integrationsrådet bedes svare på spørgsmålene nedenfor. Svar gerne
"ingen bemærkninger", hvis udkastet kan godkendes, som det er.

*Dette er en demohøring: fristen er sat fire uger frem fra den dag, demodata blev indlæst.*
"""


def _body(code: str) -> Body:
    body = db.session.scalar(select(Body).where(Body.code == code))
    if body is None:
        raise LookupError(f"The demo body {code} is missing.")
    return body


def _exists(reference: str) -> bool:
    return db.session.scalar(select(Hearing.id).where(Hearing.reference == reference)) is not None


def _data(
    reference: str,
    title: str,
    version: CatalogueVersion,
    deadline: datetime,
    letter: str,
    contact: tuple[str, str] | None = None,
) -> HearingData:
    signatory = db.session.scalar(select(User).where(User.email == SIGNATORY_EMAIL))
    if signatory is None:
        raise LookupError("The demo secretariat user is missing.")
    return HearingData(
        reference=reference,
        title=title,
        issuing_body_id=_body("BIU").id,
        version_id=version.id,
        reply_body_id=_body("LS").id,
        signatory_id=signatory.id,
        signatory_title="Ledelsessekretariatet",
        contact_name=contact[0] if contact else signatory.name,
        contact_email=contact[1] if contact else signatory.email,
        deadline=deadline,
        letter_text=letter,
        is_public=True,
        questions=QUESTIONS,
    )


def _issue(data: HearingData, issued: datetime, *, notify: bool) -> Hearing:
    hearing = svc.create_hearing(data, actor=None, now=issued)
    svc.set_hearing_list(hearing, [_body(c).id for c in CONSULTED], actor=None, now=issued)
    return transitions.issue_hearing(hearing, actor=None, now=issued, notify=notify)


def _policy() -> Policy:
    policy = db.session.scalar(select(Policy).order_by(Policy.id))
    if policy is None:
        raise LookupError("The demo catalogue is missing.")
    return policy


def load_first_hearing(data: dict[str, Any], now: datetime) -> None:
    if _exists(FIRST_REFERENCE):
        return
    version = catalogue_services.latest_approved(_policy())
    if version is None:
        raise LookupError("Version 1 of the demo catalogue is missing.")
    example = data.get("hearing_example") or {}
    deadline_day = date.fromisoformat(example.get("deadline", "2007-02-01"))
    deadline = workflow.deadline_from_local(deadline_day)
    issued = workflow.deadline_from_local(*ISSUED)
    hearing = _issue(
        _data(
            FIRST_REFERENCE,
            "Høring over koncept og oversigtsskema for integrationsbarometret",
            version,
            deadline,
            FIRST_LETTER,
            (CONTACT_NAME, CONTACT_EMAIL),
        ),
        issued,
        notify=False,
    )
    transitions.close_if_expired(hearing, now=now, notify=False)


def load_second_hearing(data: dict[str, Any], now: datetime) -> None:
    if _exists(SECOND_REFERENCE):
        return
    policy = _policy()
    draft = catalogue_services.draft_of(policy) or catalogue_services.create_draft(
        policy, label=SECOND_DRAFT_LABEL, actor=None, now=now
    )
    if draft.status != VersionStatus.DRAFT:
        raise LookupError("The demo draft is not a draft.")
    today = workflow.to_local(now).date()
    deadline = workflow.deadline_from_local(today + timedelta(weeks=4), time(12, 0))
    _issue(
        _data(
            SECOND_REFERENCE,
            "Høring over udkast til revideret katalog for integrationsbarometret",
            draft,
            deadline,
            SECOND_LETTER,
        ),
        now,
        notify=False,
    )
