""" "Send the note and the decision to all parties": one action of the secretariat, once the
committee's decision is recorded (which needs the final hearing note).

Every member of every consulted body gets the decision (committee, meeting, case) and the
links to the hearing note and the outcome (the public page for a public hearing). The
decision records when it was last sent and by whom, and the action is audited. Sending a
second time must be asked for (``again``): the page warns with the first sending's time.
"""

from __future__ import annotations

from datetime import datetime

from core import audit
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.models import User
from hearing.errors import FieldInvalid
from hearing.models import Hearing
from hearing.models.consolidation import Decision
from hearing.queries.consolidation import decision_of
from hearing.services import hearing_mail
from hearing.services.lifecycle import lock_hearing
from hearing.workflow import HearingState

SENDABLE = (HearingState.DECIDED, HearingState.ARCHIVED)


def send_note_and_decision(
    hearing: Hearing, *, actor: User | None, now: datetime, again: bool = False
) -> Decision:
    """Mail the note and the decision to every consulted body; refused before the decision
    is recorded, and a second sending unless ``again``."""
    lock_hearing(hearing)
    decision = decision_of(hearing) if hearing.state in SENDABLE else None
    if decision is None:
        raise ValidationFailed(
            N_("The note and the decision can be sent once the decision is recorded.")
        )
    if decision.parties_notified_at is not None and not again:
        raise FieldInvalid(
            "again",
            N_("The note and the decision were already sent: tick the box to send them again."),
        )
    before = decision.parties_notified_at
    decision.parties_notified_at = now
    decision.parties_notified_by_id = actor.id if actor else None
    db.session.flush()
    queued = hearing_mail.note_and_decision(hearing, decision, now=now)
    audit.record(
        actor,
        "hearing.parties_notified",
        hearing,
        now=now,
        summary=f"{hearing.reference}: {queued}",
        changes=audit.diff_fields({"parties_notified_at": before}, {"parties_notified_at": now}),
    )
    return decision
