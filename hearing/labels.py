"""Translated labels for the enumerations of ``hearing`` (templates and e-mails)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.markdown import render_markdown
from hearing.models import QuestionKind
from hearing.queries import ConsulteeState
from hearing.workflow import HearingState

HEARING_STATE_LABELS = {
    HearingState.DRAFT: _l("Draft"),
    HearingState.OPEN: _l("Open for responses"),
    HearingState.CLOSED: _l("Closed"),
    HearingState.CONSOLIDATION: _l("Consolidation"),
    HearingState.DECIDED: _l("Decided"),
    HearingState.ARCHIVED: _l("Archived"),
}

CONSULTEE_STATE_LABELS = {
    ConsulteeState.NOT_STARTED: _l("Not started"),
    ConsulteeState.DRAFT: _l("Draft"),
    ConsulteeState.SUBMITTED: _l("Submitted"),
    ConsulteeState.NO_REMARKS: _l("No remarks"),
    ConsulteeState.LATE: _l("Late"),
    ConsulteeState.EXTENDED: _l("Extended"),
}

QUESTION_KIND_LABELS = {
    QuestionKind.COVERAGE: _l("Coverage, per goal"),
    QuestionKind.PROPOSALS: _l("Proposals"),
    QuestionKind.FREE_TEXT: _l("Free text"),
}


def hearing_state_label(state: str) -> str:
    return str(HEARING_STATE_LABELS.get(HearingState(state), state))


def consultee_state_label(state: str) -> str:
    return str(CONSULTEE_STATE_LABELS.get(ConsulteeState(state), state))


def question_kind_label(kind: str) -> str:
    return str(QUESTION_KIND_LABELS.get(QuestionKind(kind), kind))


def time_left_text(delta: object) -> str:
    """'12 days 3 hours' style, in the user's language; '' once passed."""
    from datetime import timedelta

    from flask_babel import ngettext

    if not isinstance(delta, timedelta) or delta <= timedelta(0):
        return ""
    days, seconds = delta.days, delta.seconds
    hours, minutes = seconds // 3600, (seconds % 3600) // 60
    if days:
        return ngettext("%(num)s day", "%(num)s days", days) + (
            " " + ngettext("%(num)s hour", "%(num)s hours", hours) if hours else ""
        )
    if hours:
        return ngettext("%(num)s hour", "%(num)s hours", hours)
    return ngettext("%(num)s minute", "%(num)s minutes", max(minutes, 1))


JINJA_GLOBALS = {
    "render_markdown": render_markdown,
    "hearing_state_label": hearing_state_label,
    "consultee_state_label": consultee_state_label,
    "question_kind_label": question_kind_label,
    "time_left_text": time_left_text,
}
