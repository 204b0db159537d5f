"""Extensions: one body's own deadline, with the reason, logged and told to the body."""

from __future__ import annotations

from datetime import datetime

from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.errors import FieldInvalid, raise_all, translated
from hearing.models import Consultee
from hearing.services.hearings import REASON_MAX, required_text
from hearing.workflow import HearingState


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
    if hearing.state_at(now) != HearingState.OPEN:
        raise ValidationFailed(N_("Deadlines can only be extended while the hearing is open."))
    problems: list[FieldInvalid] = []
    try:
        text = required_text(reason, REASON_MAX, N_("Give the reason for the extension."))
    except ValidationFailed as err:
        problems.append(FieldInvalid("reason", err.message, **err.params))
    until = workflow.to_utc(until)
    try:
        workflow.validate_extension(hearing.deadline, consultee.effective_deadline, until)
    except ValidationFailed:
        problems.append(
            FieldInvalid("until_date", N_("An extension must end after the hearing deadline."))
        )
    else:
        if not workflow.is_before_deadline(now, until):
            problems.append(FieldInvalid("until_date", N_("The extension must end in the future.")))
    raise_all(problems)
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


def extend_several(
    consultees: list[Consultee],
    until: datetime,
    reason: str,
    *,
    actor: User | None,
    now: datetime,
) -> list[Consultee]:
    """The same extension for several bodies: all or none (a refusal names the body)."""
    if not consultees:
        raise ValidationFailed(N_("Choose at least one body."))
    for consultee in consultees:
        try:
            extend_deadline(consultee, until, reason, actor=actor, now=now)
        except ValidationFailed as err:
            raise ValidationFailed(
                N_("%(code)s: %(problem)s"),
                code=consultee.body.code,
                problem=translated(err.message, **err.params),
            ) from None
    return consultees
