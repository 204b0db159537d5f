"""Hearings: drafting, the hearing list, issuing, extensions and the state machine.

Every function takes the acting user and ``now``, flushes, writes the audit log and never
commits; the view or CLI command commits once. Transitions go through
``workflow.check_hearing_transition`` first, so a refused one changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from barometer.models import CatalogueVersion, VersionStatus
from barometer.services import version_lock as hearing_lock
from core import audit
from core.errors import N_, AlreadyExists, NotFound, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import Body, User
from hearing import workflow
from hearing.errors import HearingNotDraft
from hearing.models import Annex, AnnexKind, Consultee, Hearing, HearingQuestion, QuestionKind
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


def _required(value: str, max_length: int, message: str) -> str:
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


def _consultable_version(version_id: int) -> CatalogueVersion:
    version = db.session.get(CatalogueVersion, version_id)
    if version is None:
        raise NotFound(N_("Unknown catalogue version."))
    if version.status == VersionStatus.SUPERSEDED:
        raise ValidationFailed(
            N_("A superseded version cannot be consulted: choose a draft or the approved version.")
        )
    return version


def _clean(data: HearingData, hearing: Hearing | None) -> dict[str, Any]:
    reference = _required(data.reference, 50, N_("Give the case reference."))
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
    _consultable_version(data.version_id)
    return {
        "reference": reference,
        "title": _required(data.title, 300, N_("Give the hearing a title.")),
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
    if hearing.state not in (HearingState.DRAFT, HearingState.OPEN):
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


# -- states ----------------------------------------------------------------------------------


def _transition(
    hearing: Hearing,
    target: HearingState,
    *,
    actor: User | None,
    now: datetime,
    changes: dict[str, Any] | None = None,
) -> None:
    old = hearing.state
    hearing.state = target
    db.session.flush()
    audit.record(
        actor,
        f"hearing.{target.value}",
        hearing,
        now=now,
        summary=hearing.reference,
        changes={"state": {"old": str(old), "new": target.value}} | (changes or {}),
    )


def issue_hearing(
    hearing: Hearing, *, actor: User | None, now: datetime, notify: bool = True
) -> Hearing:
    """Open the hearing: the letter freezes, a consulted draft is locked, bodies are invited.

    ``notify=False`` only for the demo's historical hearing, whose invitations went out
    long ago on paper.
    """
    workflow.check_hearing_transition(hearing.state, HearingState.OPEN)
    if not hearing.consultees:
        raise ValidationFailed(N_("Choose at least one body for the hearing list first."))
    if not hearing.questions:
        raise ValidationFailed(N_("A hearing needs at least one question."))
    if not hearing.letter_text.strip():
        raise ValidationFailed(N_("Write the letter before issuing the hearing."))
    if not workflow.is_before_deadline(now, hearing.deadline):
        raise ValidationFailed(N_("The deadline has already passed: choose a later one."))
    version = _consultable_version(hearing.version_id)
    if version.status == VersionStatus.DRAFT:
        reason = f"{hearing.reference}: {hearing.title}"[: hearing_lock.REASON_MAX]
        hearing_lock.lock_version(version, reason, actor=actor, now=now)
    hearing.issued_at = now
    hearing.issued_by_id = actor.id if actor else None
    for consultee in hearing.consultees:
        consultee.invited_at = now
    _transition(hearing, HearingState.OPEN, actor=actor, now=now)
    if notify:
        from hearing.services import notifications

        notifications.hearing_issued(hearing, now=now)
    return hearing


def close_hearing(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    """Close an open hearing once every body's effective deadline has passed."""
    workflow.check_hearing_transition(hearing.state, HearingState.CLOSED)
    extensions = [c.extension_until for c in hearing.consultees]
    if not workflow.all_deadlines_passed(now, hearing.deadline, extensions):
        raise ValidationFailed(
            N_("The hearing closes by itself when every body's deadline has passed.")
        )
    hearing.closed_at = now
    _transition(hearing, HearingState.CLOSED, actor=actor, now=now)
    return hearing


def close_if_expired(hearing: Hearing, *, now: datetime) -> bool:
    """Close an open hearing whose deadlines have all passed; True when it was closed."""
    if hearing.state != HearingState.OPEN:
        return False
    extensions = [c.extension_until for c in hearing.consultees]
    if not workflow.all_deadlines_passed(now, hearing.deadline, extensions):
        return False
    close_hearing(hearing, actor=None, now=now)
    return True


def close_expired(now: datetime) -> list[Hearing]:
    """Close every open hearing whose deadlines have passed (idempotent, for cron)."""
    candidates = db.session.scalars(
        select(Hearing)
        .where(Hearing.state == HearingState.OPEN, Hearing.deadline < now)
        .order_by(Hearing.id)
    )
    return [h for h in candidates if close_if_expired(h, now=now)]


def start_consolidation(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    workflow.check_hearing_transition(hearing.state, HearingState.CONSOLIDATION)
    _transition(hearing, HearingState.CONSOLIDATION, actor=actor, now=now)
    return hearing


def record_decision(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    """The committee has decided: the consulted draft is released for the changes."""
    workflow.check_hearing_transition(hearing.state, HearingState.DECIDED)
    hearing.decided_at = now
    _transition(hearing, HearingState.DECIDED, actor=actor, now=now)
    hearing_lock.unlock_version(hearing.version, actor=actor, now=now)
    return hearing


def archive_hearing(hearing: Hearing, *, actor: User | None, now: datetime) -> Hearing:
    workflow.check_hearing_transition(hearing.state, HearingState.ARCHIVED)
    _transition(hearing, HearingState.ARCHIVED, actor=actor, now=now)
    return hearing


TRANSITIONS = {
    HearingState.OPEN: issue_hearing,
    HearingState.CLOSED: close_hearing,
    HearingState.CONSOLIDATION: start_consolidation,
    HearingState.DECIDED: record_decision,
    HearingState.ARCHIVED: archive_hearing,
}


def move_hearing(
    hearing: Hearing, target: HearingState | str, *, actor: User | None, now: datetime
) -> Hearing:
    """Move to ``target`` through its service; anything the table does not list is refused."""
    destination = HearingState(target)
    if destination is HearingState.DRAFT:
        workflow.check_hearing_transition(hearing.state, destination)  # always refused
    return TRANSITIONS[destination](hearing, actor=actor, now=now)


# -- extensions ------------------------------------------------------------------------------


def extend_deadline(
    consultee: Consultee,
    until: datetime,
    reason: str,
    *,
    actor: User | None,
    now: datetime,
) -> Consultee:
    """Give one body its own deadline, with a reason; logged, and the body is told."""
    hearing = consultee.hearing
    if hearing.state != HearingState.OPEN:
        raise ValidationFailed(N_("Deadlines can only be extended while the hearing is open."))
    text = _required(reason, REASON_MAX, N_("Give the reason for the extension."))
    until = workflow.to_utc(until)
    try:
        workflow.validate_extension(hearing.deadline, consultee.effective_deadline, until)
    except ValidationFailed:
        raise ValidationFailed(N_("An extension must end after the hearing deadline.")) from None
    if not workflow.is_before_deadline(now, until):
        raise ValidationFailed(N_("The extension must end in the future."))
    before = {
        "extension_until": consultee.extension_until,
        "extension_reason": consultee.extension_reason,
    }
    consultee.extension_until = until
    consultee.extension_reason = text
    consultee.extension_granted_at = now
    db.session.flush()
    audit.record(
        actor,
        "hearing.deadline_extended",
        consultee,
        now=now,
        summary=f"{hearing.reference}: {consultee.body.code}",
        changes=audit.diff_fields(before, {"extension_until": until, "extension_reason": text}),
    )
    from hearing.services import notifications

    notifications.deadline_extended(consultee, now=now)
    return consultee
