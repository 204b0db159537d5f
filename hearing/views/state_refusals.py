"""Refusals because of the state a hearing (or a response) is in, told as such.

A permission refusal (the wrong role, not a member of the body) stays a 403 "no access".
An action the user may take, but not at this stage (editing an issued hearing, opening the
consolidation of an open hearing, registering a response on a decided one, amending after
the deadline), gets a page with status 409 that says what state the hearing is in and what
can be done instead; a body's member is sent back to the response with the reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

from flask import abort, flash, make_response, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as HTTPResponse

from core.clock import utcnow
from core.i18n import datetime_with_zone
from core.permissions import require
from hearing import permissions
from hearing.models import Hearing
from hearing.services import response_guard as guard
from hearing.views.response_common import Loaded, response_url
from hearing.workflow import HearingState, ResponseState

CONSOLIDATION_VIEWABLE = (HearingState.CONSOLIDATION, HearingState.DECIDED, HearingState.ARCHIVED)


def state_sentence(hearing: Hearing) -> str:
    """The state the hearing is in now, as a sentence."""
    state = hearing.state_at(utcnow())
    deadline = datetime_with_zone(hearing.deadline)
    sentences = {
        HearingState.DRAFT: _("The hearing is a draft: it has not been issued."),
        HearingState.OPEN: _(
            "The hearing is open for responses until %(deadline)s.", deadline=deadline
        ),
        HearingState.CLOSED: _(
            "The hearing closed at its deadline; the consolidation has not started."
        ),
        HearingState.CONSOLIDATION: _("The hearing's responses are being consolidated."),
        HearingState.DECIDED: _("The committee's decision on the hearing has been recorded."),
        HearingState.ARCHIVED: _("The hearing is archived."),
        HearingState.CANCELLED: _(
            "The hearing was cancelled on %(when)s: %(reason)s",
            when=datetime_with_zone(hearing.cancelled_at) if hearing.cancelled_at else "",
            reason=hearing.cancellation_reason or "",
        ),
    }
    return str(sentences[state])


def refuse_in_state(hearing: Hearing, what_can_be_done: str) -> NoReturn:
    """A 409 page: the hearing's state and what can be done (never "no access")."""
    page = render_template(
        "hearing/state_refused.html",
        hearing=hearing,
        state_text=state_sentence(hearing),
        message=what_can_be_done,
        decided=hearing.state in (HearingState.DECIDED, HearingState.ARCHIVED),
    )
    abort(make_response(page, 409))


def require_hearing_editable(hearing: Hearing) -> None:
    """The letter, questions, list and annexes: the secretariat, before issuing."""
    require(permissions.can_manage_hearing(current_user, hearing))
    if permissions.can_edit_hearing(current_user, hearing):
        return
    message = _(
        "Its letter, questions, hearing list and annexes can only be changed before it is issued."
    )
    if hearing.state_at(utcnow()) == HearingState.OPEN:
        message += " " + _(
            "You can still give a body a later deadline or add a body on the hearing's page."
        )
    refuse_in_state(hearing, message)


def require_issuable(hearing: Hearing) -> None:
    require(permissions.can_manage_hearing(current_user, hearing))
    if not permissions.can_issue_hearing(current_user, hearing):
        refuse_in_state(hearing, _("A hearing is issued once; this one has been issued."))


def _not_yet_consolidated(hearing: Hearing) -> str:
    if hearing.state_at(utcnow()) == HearingState.CLOSED:
        return _("Start the consolidation on the hearing's page.")
    return _("The consolidation can start when the hearing has closed.")


def require_consolidation_view(hearing: Hearing) -> None:
    require(permissions.is_secretariat(current_user))
    if not permissions.can_view_consolidation(current_user, hearing):
        refuse_in_state(hearing, _not_yet_consolidated(hearing))


def require_consolidating(hearing: Hearing) -> None:
    """Merging, recommending, summaries and the note: only while consolidating."""
    require(permissions.is_secretariat(current_user))
    if permissions.can_consolidate(current_user, hearing):
        return
    if hearing.state in (HearingState.DECIDED, HearingState.ARCHIVED):
        refuse_in_state(
            hearing,
            _(
                "The consolidation can no longer be changed; the decision page shows what "
                "was decided."
            ),
        )
    refuse_in_state(hearing, _not_yet_consolidated(hearing))


def require_decision_form(hearing: Hearing) -> None:
    require(permissions.is_secretariat(current_user))
    if not permissions.can_record_decision(current_user, hearing):
        refuse_in_state(
            hearing,
            _(
                "The committee's decision is recorded during the consolidation, once the "
                "hearing note is final."
            ),
        )


def require_registrable(hearing: Hearing) -> None:
    """Registering a response received by letter or e-mail."""
    require(permissions.is_secretariat(current_user))
    if permissions.can_register_response(current_user, hearing):
        return
    if hearing.state == HearingState.DRAFT:
        refuse_in_state(hearing, _("Responses can be registered once the hearing is issued."))
    refuse_in_state(
        hearing,
        _(
            "Responses can no longer be registered: they are registered until the decision "
            "is recorded."
        ),
    )


def response_action_refused(loaded: Loaded, allowed: bool, now: datetime) -> HTTPResponse | None:
    """None when the member may act on the response now; else back to the response with
    what state it is in and why (the member's access was checked when it was loaded)."""
    if allowed:
        return None
    response = loaded.response
    refusal = guard.answer_refusal(response, now)
    if refusal is not None and hasattr(refusal, "deadline"):
        message = _(
            "The deadline for %(body)s passed at %(deadline)s: the response can no longer be "
            "changed, submitted or withdrawn. A response submitted before the deadline still "
            "counts. If you need more time, ask the secretariat for a later deadline.",
            body=loaded.consultee.body.code,
            deadline=datetime_with_zone(guard.effective_deadline(response)),
        )
    elif refusal is not None:
        message = state_sentence(loaded.hearing) + " " + _("Responses can no longer be changed.")
    elif response.state == ResponseState.DRAFT:
        message = _("The response is a draft: there is nothing submitted to amend or withdraw.")
    elif response.state == ResponseState.WITHDRAWN:
        message = _("The response has been withdrawn. Amend it to answer again.")
    else:
        message = _("The response has been submitted. Amend it to make changes.")
    flash(message, "error")
    return redirect(response_url(loaded))
