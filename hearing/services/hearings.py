"""Hearings: drafting the letter and questions, and the hearing list.

Every function takes the acting user and ``now``, flushes, writes the audit log and never
commits; the view or CLI command commits once. State changes live in
``hearing.services.transitions`` (entered through ``lifecycle.move_hearing``), extensions in
``hearing.services.extensions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from barometer.models import CatalogueVersion
from core import audit
from core.errors import N_, AlreadyExists, NotFound, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import Body, User
from hearing import workflow
from hearing.errors import FieldInvalid, HearingNotDraft
from hearing.models import Annex, AnnexKind, Consultee, Hearing, HearingQuestion, QuestionKind
from hearing.queries.hearings import is_consultable
from hearing.workflow import HearingState

HEARING_FIELDS = (
    "reference",
    "title",
    "issuing_body_id",
    "version_id",
    "letter_text",
    "reply_body_id",
    "contact_name",
    "contact_email",
    "signatory_id",
    "signatory_title",
    "deadline",
    "is_public",
)
LETTER_MAX = 20_000
QUESTION_MAX = 2_000
REASON_MAX = 1_000
OVERVIEW_ANNEX_TITLE = "Oversigtsskema"


@dataclass(frozen=True)
class QuestionData:
    text: str
    kind: QuestionKind = QuestionKind.FREE_TEXT


@dataclass(frozen=True)
class HearingData:
    reference: str
    title: str
    issuing_body_id: int
    version_id: int
    reply_body_id: int
    signatory_id: int
    deadline: datetime
    letter_text: str = ""
    contact_name: str = ""
    contact_email: str = ""
    signatory_title: str = ""
    is_public: bool = True
    questions: Sequence[QuestionData] = field(default_factory=tuple)


# -- checks --------------------------------------------------------------------------------


def ensure_draft(hearing: Hearing) -> None:
    if hearing.state != HearingState.DRAFT:
        raise HearingNotDraft()


def _check_stale(hearing: Hearing, expected_version: int | None) -> None:
    if expected_version is not None and hearing.lock_version != expected_version:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )


def required_text(value: str, max_length: int, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(message)
    if len(text) > max_length:
        raise ValidationFailed(N_("A text is longer than %(max)s characters."), max=max_length)
    return text


def _active_body(body_id: int) -> Body:
    body = db.session.get(Body, body_id)
    if body is None or not body.active:
        raise NotFound(N_("Unknown or inactive body."))
    return body


def consulted_version(version_id: int) -> CatalogueVersion:
    """The version a hearing may consult (``queries.hearings.is_consultable``), or an error."""
    version = db.session.get(CatalogueVersion, version_id)
    if version is None:
        raise NotFound(N_("Unknown catalogue version."))
    if not is_consultable(version):
        raise ValidationFailed(
            N_("A superseded version cannot be consulted: choose a draft or the approved version.")
        )
    return version


def _refuse_passed_deadline(deadline: datetime, now: datetime) -> None:
    """A deadline already passed is refused when saved, not first when issuing."""
    if not workflow.is_before_deadline(now, deadline):
        raise FieldInvalid(
            "deadline_date", N_("The deadline has already passed: choose a later one.")
        )


def _clean(data: HearingData, hearing: Hearing | None) -> dict[str, Any]:
    reference = required_text(data.reference, 50, N_("Give the case reference."))
    taken = db.session.scalar(
        select(Hearing.id).where(func.lower(Hearing.reference) == reference.lower())
    )
    if taken is not None and (hearing is None or taken != hearing.id):
        raise AlreadyExists(
            N_("A hearing with the reference %(reference)s already exists."), reference=reference
        )
    if len(data.letter_text or "") > LETTER_MAX:
        raise ValidationFailed(N_("A text is longer than %(max)s characters."), max=LETTER_MAX)
    signatory = db.session.get(User, data.signatory_id)
    if signatory is None or not signatory.active:
        raise NotFound(N_("Unknown or inactive signatory."))
    if data.deadline.tzinfo is None:
        raise ValueError("The deadline must be an aware instant.")
    _active_body(data.issuing_body_id)
    _active_body(data.reply_body_id)
    consulted_version(data.version_id)
    return {
        "reference": reference,
        "title": required_text(data.title, 300, N_("Give the hearing a title.")),
        "issuing_body_id": data.issuing_body_id,
        "version_id": data.version_id,
        "letter_text": (data.letter_text or "").strip(),
        "reply_body_id": data.reply_body_id,
        "contact_name": (data.contact_name or "").strip()[:200],
        "contact_email": (data.contact_email or "").strip().lower()[:254],
        "signatory_id": data.signatory_id,
        "signatory_title": (data.signatory_title or "").strip()[:200],
        "deadline": workflow.to_utc(data.deadline),
        "is_public": bool(data.is_public),
    }


def _clean_questions(questions: Sequence[QuestionData]) -> list[QuestionData]:
    cleaned = []
    for q in questions:
        text = (q.text or "").strip()
        if not text:
            continue
        if len(text) > QUESTION_MAX:
            raise ValidationFailed(
                N_("A text is longer than %(max)s characters."), max=QUESTION_MAX
            )
        cleaned.append(QuestionData(text, QuestionKind(q.kind)))
    if not cleaned:
        raise ValidationFailed(N_("A hearing needs at least one question."))
    return cleaned


def _set_questions(hearing: Hearing, questions: list[QuestionData]) -> list[dict[str, str]]:
    before = [{"kind": str(q.kind), "text": q.text} for q in hearing.questions]
    after = [{"kind": str(q.kind), "text": q.text} for q in questions]
    if before == after:
        return before
    hearing.questions.clear()
    db.session.flush()  # the old positions are free before the new rows arrive
    for position, q in enumerate(questions, start=1):
        hearing.questions.append(HearingQuestion(position=position, kind=q.kind, text=q.text))
    return before


# -- drafting ------------------------------------------------------------------------------


def create_hearing(data: HearingData, *, actor: User | None, now: datetime) -> Hearing:
    """A draft hearing with its questions and the overview table as annex 1."""
    values = _clean(data, None)
    _refuse_passed_deadline(values["deadline"], now)
    questions = _clean_questions(data.questions)
    hearing = Hearing(
        **values,
        state=HearingState.DRAFT,
        created_at=now,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(hearing)
    db.session.flush()
    _set_questions(hearing, questions)
    hearing.annexes.append(
        Annex(
            number=1,
            title=OVERVIEW_ANNEX_TITLE,
            kind=AnnexKind.OVERVIEW_TABLE,
            original_name="oversigtsskema.pdf",
            created_at=now,
        )
    )
    db.session.flush()
    audit.record(
        actor,
        "hearing.created",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {hearing.title}",
        changes=audit.diff_fields({}, audit.snapshot(hearing, HEARING_FIELDS))
        | {"questions": {"old": [], "new": [q.text for q in questions]}},
    )
    return hearing


def update_hearing(
    hearing: Hearing,
    data: HearingData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None = None,
) -> Hearing:
    ensure_draft(hearing)
    _check_stale(hearing, expected_version)
    values = _clean(data, hearing)
    _refuse_passed_deadline(values["deadline"], now)
    questions = _clean_questions(data.questions)
    before = audit.snapshot(hearing, HEARING_FIELDS)
    for name, value in values.items():
        setattr(hearing, name, value)
    old_questions = _set_questions(hearing, questions)
    db.session.flush()
    changes = audit.diff_fields(before, audit.snapshot(hearing, HEARING_FIELDS))
    new_questions = [{"kind": str(q.kind), "text": q.text} for q in questions]
    if old_questions != new_questions:
        changes["questions"] = {"old": old_questions, "new": new_questions}
    audit.record(
        actor, "hearing.updated", hearing, now=now, summary=hearing.reference, changes=changes
    )
    return hearing


# -- the hearing list ----------------------------------------------------------------------


def _consultee_for(hearing: Hearing, body_id: int) -> Consultee | None:
    return next((c for c in hearing.consultees if c.body_id == body_id), None)


def set_hearing_list(
    hearing: Hearing, body_ids: Sequence[int], *, actor: User | None, now: datetime
) -> Hearing:
    """Choose the consulted bodies of a draft (adds and removes in one go)."""
    ensure_draft(hearing)
    wanted = set(body_ids)
    for body_id in wanted:
        _active_body(body_id)
    current = {c.body_id for c in hearing.consultees}
    for consultee in list(hearing.consultees):
        if consultee.body_id not in wanted:
            hearing.consultees.remove(consultee)
    for body_id in sorted(wanted - current):
        hearing.consultees.append(Consultee(body_id=body_id, added_at=now))
    db.session.flush()
    if wanted != current:
        codes = _codes(current), _codes(wanted)
        audit.record(
            actor,
            "hearing.list_changed",
            hearing,
            now=now,
            summary=hearing.reference,
            changes={"consultees": {"old": codes[0], "new": codes[1]}},
        )
    return hearing


def _codes(body_ids: set[int]) -> list[str]:
    if not body_ids:
        return []
    return sorted(db.session.scalars(select(Body.code).where(Body.id.in_(body_ids))))


def add_consultee(
    hearing: Hearing, body_id: int, *, actor: User | None, now: datetime
) -> Consultee:
    """Add a body; after issue it is marked as added late and invited at once."""
    if hearing.state_at(now) not in (HearingState.DRAFT, HearingState.OPEN):
        raise ValidationFailed(N_("Bodies can only be added while the hearing is open."))
    body = _active_body(body_id)
    if _consultee_for(hearing, body_id) is not None:
        raise AlreadyExists(N_("%(code)s is already on the hearing list."), code=body.code)
    late = hearing.state == HearingState.OPEN
    if late and not workflow.is_before_deadline(now, hearing.deadline):
        raise ValidationFailed(
            N_("The hearing deadline has passed; give the body an extension after adding it.")
        )
    consultee = Consultee(
        body_id=body_id, added_at=now, added_after_issue=late, invited_at=now if late else None
    )
    hearing.consultees.append(consultee)
    db.session.flush()
    audit.record(
        actor,
        "hearing.consultee_added",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {body.code}",
        changes={"consultee": {"old": None, "new": body.code}, "after_issue": late},
    )
    if late:
        from hearing.services import notifications

        notifications.added_after_issue(consultee, now=now)
    return consultee


def remove_consultee(hearing: Hearing, body_id: int, *, actor: User | None, now: datetime) -> None:
    ensure_draft(hearing)
    consultee = _consultee_for(hearing, body_id)
    if consultee is None:
        raise NotFound(N_("The body is not on the hearing list."))
    code = consultee.body.code
    hearing.consultees.remove(consultee)
    db.session.flush()
    audit.record(
        actor,
        "hearing.consultee_removed",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {code}",
        changes={"consultee": {"old": code, "new": None}},
    )
