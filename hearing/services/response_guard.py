"""Whether a body may still change its response, and the row lock and edit counter that
keep two members of the body from overwriting each other."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from core.errors import DomainError
from core.extensions import db
from core.models import User
from hearing import workflow
from hearing.errors import DeadlinePassed, HearingNotOpen, ResponseNotDraft, StaleDraft
from hearing.models.responses import Response
from hearing.workflow import ResponseState


def effective_deadline(response: Response) -> datetime:
    return workflow.effective_deadline(
        response.hearing.deadline, response.consultee.extension_until
    )


def answer_refusal(response: Response, now: datetime) -> DomainError | None:
    """Why the body may no longer change, submit, amend or withdraw its response at
    ``now``, as the error to raise, or None while it may. The rule is
    :func:`hearing.workflow.answer_refusal`; :func:`check_open` raises what this returns."""
    hearing = response.hearing
    extension = response.consultee.extension_until
    refusal = workflow.answer_refusal(hearing.state, hearing.deadline, extension, now)
    if refusal is workflow.AnswerRefusal.DEADLINE_PASSED:
        return DeadlinePassed(effective_deadline(response))
    if refusal is workflow.AnswerRefusal.HEARING_NOT_OPEN:
        return HearingNotOpen()
    return None


def check_open(response: Response, now: datetime) -> None:
    refusal = answer_refusal(response, now)
    if refusal is not None:
        raise refusal


def check_draft(response: Response) -> None:
    if response.state != ResponseState.DRAFT:
        raise ResponseNotDraft()


_LOCKED_ATTRIBUTES = [
    *(attr.key for attr in sa_inspect(Response).column_attrs),
    "assessments",
    "proposals",
    "attachments",
    "versions",
]


def lock(response: Response) -> Response:
    """Re-read the response under a lock that makes two requests changing it take turns.

    PostgreSQL locks the row. SQLite has one writer at a time, taken at a transaction's
    first write: an update that changes nothing takes it here, so the second request waits
    and then reads what the first committed instead of the state it loaded before.
    """
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            select(Response.id)
            .where(Response.id == response.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    else:
        table = Response.__table__
        db.session.execute(update(table).where(table.c.id == response.id).values(id=table.c.id))
    # The response's own columns and collections; the hearing and the body it belongs to
    # never change, and stay loaded for a page shown after a refusal's rollback.
    db.session.refresh(response, _LOCKED_ATTRIBUTES)
    return response


def begin_change(response: Response, now: datetime) -> None:
    """The checks before a draft changes: open, a draft, and still a draft under the lock."""
    check_open(response, now)
    check_draft(response)
    lock(response)
    check_draft(response)


def touch(response: Response, actor: User | None, now: datetime) -> None:
    """Mark the draft as changed: the update raises ``edit_version`` by one."""
    response.last_edited_at = now
    response.last_edited_by_id = actor.id if actor else None
    response.edit_version = response.edit_version + 1
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleDraft(None, current_version=-1) from exc


def summary(response: Response) -> str:
    """The audit summary of a response: hearing reference and body code."""
    return f"{response.hearing.reference}: {response.consultee.body.code}"
