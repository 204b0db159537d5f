"""The read side of hearings: loading, lists, the dashboard states, the versions a hearing
can consult, and the plain context of the letter that the page, the PDF and the API render.

Reading never writes: an open hearing whose deadlines have all passed is shown as closed
(``Hearing.current_state``) and is saved as closed by ``flask hearing close-expired`` or the
next change to it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import defer, selectinload

from barometer.models import CatalogueVersion, VersionStatus
from core.extensions import db
from core.models import Body, Role, User
from hearing import workflow
from hearing.models import Annex, AnnexKind, Consultee, Hearing
from hearing.models.responses import Response, ResponseVersion
from hearing.workflow import HearingState, ResponseState


def _options() -> tuple[Any, ...]:
    return (
        selectinload(Hearing.questions),
        selectinload(Hearing.consultees).selectinload(Consultee.body),
        selectinload(Hearing.annexes),
        selectinload(Hearing.version),
        selectinload(Hearing.issuing_body),
        selectinload(Hearing.reply_body),
        selectinload(Hearing.signatory),
    )


def get_hearing(hearing_id: int) -> Hearing | None:
    return db.session.scalar(select(Hearing).where(Hearing.id == hearing_id).options(*_options()))


def get_hearing_lean(hearing_id: int) -> Hearing | None:
    """The hearing with only its consultees (its state and the permissions read them), for a
    page that loads what else it shows itself: the consolidation workspace does not need
    the bodies of its 100 consultees, the questions or the annexes (anything else it reads
    is loaded when read)."""
    return db.session.scalar(
        select(Hearing).where(Hearing.id == hearing_id).options(selectinload(Hearing.consultees))
    )


def hearings_for(user: Any) -> list[Hearing]:
    """The hearings a user may see in the staff list, newest first."""
    # The consultees give each row its state as of now (``Hearing.current_state``).
    query = (
        select(Hearing)
        .options(selectinload(Hearing.version), selectinload(Hearing.consultees))
        .order_by(Hearing.id.desc())
    )
    if not (user.is_authenticated and user.has_role(Role.SECRETARIAT)):
        body_ids = [b.id for b in user.member_bodies] if user.is_authenticated else []
        consulted = select(Consultee.hearing_id).where(Consultee.body_id.in_(body_ids))
        query = query.where(
            Hearing.state != HearingState.DRAFT,
            or_(Hearing.id.in_(consulted), Hearing.is_public.is_(True)),
        )
    return list(db.session.scalars(query))


def public_hearings() -> list[Hearing]:
    return list(
        db.session.scalars(
            select(Hearing)
            .where(Hearing.is_public.is_(True), Hearing.state != HearingState.DRAFT)
            .options(selectinload(Hearing.version), selectinload(Hearing.consultees))
            .order_by(Hearing.issued_at.desc(), Hearing.id.desc())
        )
    )


def locking_hearing(version_id: int) -> Hearing | None:
    """The hearing that consults a version and is not decided yet (it locks a draft)."""
    return db.session.scalar(
        select(Hearing)
        .where(
            Hearing.version_id == version_id,
            Hearing.state.in_([HearingState.OPEN, HearingState.CLOSED, HearingState.CONSOLIDATION]),
        )
        .order_by(Hearing.issued_at.desc(), Hearing.id.desc())
        .limit(1)
    )


def is_consultable(version: CatalogueVersion) -> bool:
    """A hearing may consult a draft or the approved version, never a superseded one."""
    return version.status != VersionStatus.SUPERSEDED


UNFINISHED = (
    HearingState.DRAFT,
    HearingState.OPEN,
    HearingState.CLOSED,
    HearingState.CONSOLIDATION,
)


def overlapping_hearings(hearing: Hearing) -> list[Hearing]:
    """The other hearings on the same policy that are not decided yet: their decisions will
    meet (docs/hearings.md, "Hearings that overlap")."""
    if hearing.state not in UNFINISHED:
        return []
    return list(
        db.session.scalars(
            select(Hearing)
            .join(CatalogueVersion, Hearing.version_id == CatalogueVersion.id)
            .where(
                CatalogueVersion.policy_id == hearing.version.policy_id,
                Hearing.id != hearing.id,
                Hearing.state.in_(UNFINISHED),
            )
            .order_by(Hearing.id)
        )
    )


def consultable_versions() -> list[CatalogueVersion]:
    """The versions a new hearing may consult (:func:`is_consultable`), newest first."""
    return list(
        db.session.scalars(
            select(CatalogueVersion)
            .where(CatalogueVersion.status != VersionStatus.SUPERSEDED)
            .order_by(CatalogueVersion.number.desc())
        )
    )


def active_bodies() -> list[Body]:
    """Every active body, by code (the issuing and the reply body of a hearing)."""
    return list(db.session.scalars(select(Body).where(Body.active.is_(True)).order_by(Body.code)))


def consultable_bodies() -> list[Body]:
    """Bodies that can be put on a hearing list: active, not the secretariat."""
    return list(
        db.session.scalars(
            select(Body)
            .where(Body.active.is_(True), Body.kind.in_(("committee", "council", "administration")))
            .order_by(Body.kind, Body.code)
        )
    )


def signatories() -> list[User]:
    """Secretariat staff who can sign a letter."""
    from core.models import Membership

    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.role == Role.SECRETARIAT, User.active.is_(True))
            .order_by(User.name)
        )
    )


# -- the dashboard ------------------------------------------------------------------------------


class ConsulteeState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    NO_REMARKS = "no_remarks"
    WITHDRAWN = "withdrawn"
    NOT_ANSWERED = "not_answered"  # the body's deadline passed without an answer
    EXTENDED = "extended"


@dataclass(frozen=True)
class ConsulteeRow:
    consultee: Consultee
    state: ConsulteeState
    effective_deadline: datetime
    time_left: timedelta
    extended: bool


ANSWERED = frozenset({ConsulteeState.SUBMITTED, ConsulteeState.NO_REMARKS})


def responses_of(
    hearing: Hearing, consultee_ids: Collection[int] | None = None
) -> dict[int, Response]:
    """Each consultee's response (if any), by consultee id, with its versions (their
    metadata: the canonical JSON, a version's whole content, loads only when read).
    ``consultee_ids`` narrows it to those consultees (the archive reads them in batches)."""
    query = select(Response).where(Response.hearing_id == hearing.id)
    if consultee_ids is not None:
        query = query.where(Response.consultee_id.in_(consultee_ids))
    rows = db.session.scalars(
        query.options(
            selectinload(Response.versions).options(defer(ResponseVersion.canonical_json)),
            selectinload(Response.last_edited_by),
        )
    )
    return {r.consultee_id: r for r in rows}


def response_states(hearing: Hearing) -> dict[int, ConsulteeState]:
    """The state each body's response gives it, by consultee id: the one place that joins
    the responses in, for the dashboard and for the reminders alike."""
    states: dict[int, ConsulteeState] = {}
    for consultee_id, response in responses_of(hearing).items():
        current = response.current_version
        if current is not None:
            states[consultee_id] = (
                ConsulteeState.NO_REMARKS if current.no_remarks else ConsulteeState.SUBMITTED
            )
        elif response.state == ResponseState.WITHDRAWN:
            states[consultee_id] = ConsulteeState.WITHDRAWN
        elif response.last_edited_at is not None or response.versions:
            states[consultee_id] = ConsulteeState.DRAFT
    return states


def has_answered(hearing: Hearing, consultee: Consultee) -> bool:
    return response_states(hearing).get(consultee.id) in ANSWERED


def consultee_rows(
    hearing: Hearing,
    now: datetime,
    states_by_id: Mapping[int, ConsulteeState] | None = None,
) -> list[ConsulteeRow]:
    """Each body's state and time left.

    ``states_by_id`` maps a consultee id to the state its response gives (draft,
    submitted, no remarks, withdrawn); by default :func:`response_states`. A body that has
    not answered (nothing, or only a draft) has "not answered" once its effective deadline
    has passed; before it, without a response, it is extended when it has an extension, and
    otherwise not started. A withdrawn answer stays "withdrawn".
    """
    states = response_states(hearing) if states_by_id is None else states_by_id
    rows = []
    for c in sorted(hearing.consultees, key=lambda c: c.body.code):
        deadline = workflow.effective_deadline(hearing.deadline, c.extension_until)
        state = states.get(c.id)
        if state not in ANSWERED and state != ConsulteeState.WITHDRAWN:
            issued = hearing.state != HearingState.DRAFT
            if issued and not workflow.is_before_deadline(now, deadline):
                state = ConsulteeState.NOT_ANSWERED
            elif state is None:
                state = ConsulteeState.EXTENDED if c.is_extended else ConsulteeState.NOT_STARTED
        rows.append(
            ConsulteeRow(c, state, deadline, workflow.time_left(now, deadline), c.is_extended)
        )
    return rows


# -- the letter -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterAnnex:
    id: int
    number: int
    title: str
    kind: str
    original_name: str


@dataclass(frozen=True)
class LetterQuestion:
    position: int
    kind: str
    text: str


@dataclass(frozen=True)
class Letter:
    """The hearing letter as plain values: the page and the PDF render the same thing."""

    hearing_id: int
    reference: str
    title: str
    state: str
    is_public: bool
    letter_date: date
    issuing_body: str
    issuing_body_code: str
    reply_body: str
    contact_name: str
    contact_email: str
    signatory: str
    signatory_title: str
    deadline: datetime
    letter_text: str
    questions: tuple[LetterQuestion, ...]
    annexes: tuple[LetterAnnex, ...]
    consultees: tuple[tuple[str, str], ...]  # (code, name)
    version_number: int
    version_label: str
    # The language the letter is shown in; its own texts (title, letter, questions, the
    # signatory's title, annex titles) are the hearing's, written in Danish.
    locale: str = "da"

    @property
    def content_lang(self) -> str:
        """``' lang="da"'`` where the hearing's Danish texts sit in a letter in English."""
        return "" if self.locale == "da" else ' lang="da"'


def annex_title(annex: Annex, version_number: int) -> str:
    if annex.kind == AnnexKind.OVERVIEW_TABLE:
        from flask_babel import gettext

        return gettext(
            "Overview table of goals, indicators and success criteria (catalogue version "
            "%(number)s)",
            number=version_number,
        )
    return annex.title


def letter_of(hearing: Hearing, locale: str, now: datetime) -> Letter:
    """The letter's content; a draft is dated today (the day it would be issued)."""
    issued = hearing.issued_at or now
    number = hearing.version.number
    return Letter(
        hearing_id=hearing.id,
        reference=hearing.reference,
        title=hearing.title,
        state=str(hearing.state_at(now)),
        is_public=hearing.is_public,
        letter_date=workflow.to_local(issued).date(),
        issuing_body=hearing.issuing_body.name(locale),
        issuing_body_code=hearing.issuing_body.code,
        reply_body=hearing.reply_body.name(locale),
        contact_name=hearing.contact_name,
        contact_email=hearing.contact_email,
        signatory=hearing.signatory.name,
        signatory_title=hearing.signatory_title,
        deadline=hearing.deadline,
        letter_text=hearing.letter_text,
        questions=tuple(LetterQuestion(q.position, str(q.kind), q.text) for q in hearing.questions),
        annexes=tuple(
            LetterAnnex(a.id, a.number, annex_title(a, number), str(a.kind), a.original_name)
            for a in hearing.annexes
        ),
        consultees=tuple(
            (c.body.code, c.body.name(locale))
            for c in sorted(hearing.consultees, key=lambda c: c.body.code)
        ),
        version_number=number,
        version_label=hearing.version.label,
        locale=locale,
    )
