"""Translated labels for the enumerations of ``hearing`` (templates and e-mails)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup

from barometer.bilingual import pick
from barometer.labels import content
from core.i18n import current_locale, number
from core.markdown import render_markdown
from hearing.models import QuestionKind
from hearing.models.responses import Assessment, Channel, ResponseVersion
from hearing.proposals import ProposalKind, proposal_values
from hearing.queries.hearings import ConsulteeState
from hearing.workflow import HearingState, time_left

ASSESSMENT_LABELS = {
    Assessment.COVERS: _l("Covers"),
    Assessment.PARTLY: _l("Partly covers"),
    Assessment.NOT_COVERED: _l("Does not cover"),
    Assessment.NO_OPINION: _l("No opinion"),
}
PROPOSAL_KIND_LABELS = {
    ProposalKind.ADD_SUCCESS_CRITERION: _l("Add a success criterion"),
    ProposalKind.ADD_INDICATOR: _l("Add an indicator"),
    ProposalKind.CHANGE_INDICATOR: _l("Change an indicator"),
    ProposalKind.REMOVE_INDICATOR: _l("Remove an indicator"),
    ProposalKind.OTHER: _l("Other proposal"),
}
HEARING_STATE_LABELS = {
    HearingState.DRAFT: _l("Draft"),
    HearingState.OPEN: _l("Open for responses"),
    HearingState.CLOSED: _l("Closed"),
    HearingState.CONSOLIDATION: _l("Consolidation"),
    HearingState.DECIDED: _l("Decided"),
    HearingState.ARCHIVED: _l("Archived"),
    HearingState.CANCELLED: _l("Cancelled"),
}

CONSULTEE_STATE_LABELS = {
    ConsulteeState.NOT_STARTED: _l("Not started"),
    ConsulteeState.DRAFT: _l("Draft"),
    ConsulteeState.SUBMITTED: _l("Submitted"),
    ConsulteeState.NO_REMARKS: _l("No remarks"),
    ConsulteeState.WITHDRAWN: _l("Withdrawn"),
    ConsulteeState.NOT_ANSWERED: _l("Not answered"),
    ConsulteeState.EXTENDED: _l("Extended"),
}

QUESTION_KIND_LABELS = {
    QuestionKind.COVERAGE: _l("Coverage, per goal"),
    QuestionKind.PROPOSALS: _l("Proposals"),
    QuestionKind.FREE_TEXT: _l("Free text"),
}


def hearing_state_label(state: str) -> str:
    return str(HEARING_STATE_LABELS.get(HearingState(state), state))


def overlap_warning(hearings: Sequence[Any]) -> str:
    """The warning when a hearing will overlap others on the same policy (docs/hearings.md)."""
    listed = ", ".join(f"{h.reference} ({hearing_state_label(h.state)})" for h in hearings)
    return ngettext(
        "Another hearing on the same policy is not decided yet: %(hearings)s. The hearings "
        "will overlap. Each can still be decided: the changes a decision approves are checked "
        "against what the other decision changed meanwhile, and where both change the same "
        "thing the secretariat chooses which counts.",
        "Other hearings on the same policy are not decided yet: %(hearings)s. The hearings "
        "will overlap. Each can still be decided: the changes a decision approves are checked "
        "against what the other decisions changed meanwhile, and where two change the same "
        "thing the secretariat chooses which counts.",
        len(hearings),
        hearings=listed,
    )


def consultee_state_label(state: str) -> str:
    return str(CONSULTEE_STATE_LABELS.get(ConsulteeState(state), state))


def question_kind_label(kind: str) -> str:
    return str(QUESTION_KIND_LABELS.get(QuestionKind(kind), kind))


def time_left_text(delta: object) -> str:
    """'12 days 3 hours' style, in the user's language; '' once passed."""
    from datetime import timedelta

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


# Responses
RESPONSE_STATE_LABELS = {
    "not_started": _l("Not started"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "withdrawn": _l("Withdrawn"),
    "not_answered": _l("Not answered"),
}
CHANNEL_LABELS = {
    Channel.SYSTEM: _l("In this system"),
    Channel.LETTER: _l("Letter"),
    Channel.EMAIL: _l("E-mail"),
}
TEXT_LABELS = {
    ProposalKind.ADD_SUCCESS_CRITERION: _l("The success criterion"),
    ProposalKind.CHANGE_INDICATOR: _l("What should change"),
    ProposalKind.OTHER: _l("The proposal"),
}


def assessment_label(value: str | None) -> str:
    if not value:
        return str(_l("Not assessed yet"))
    return str(ASSESSMENT_LABELS.get(Assessment(value), value))


def proposal_kind_label(kind: str) -> str:
    return str(PROPOSAL_KIND_LABELS.get(ProposalKind(kind), kind))


def proposal_text_label(kind: str) -> str:
    return str(TEXT_LABELS.get(ProposalKind(kind), _l("Text")))


def proposal_summary(proposal: Any) -> str:
    """What a proposal asks for in one line: its text or name, or for a removal without
    text the removal itself (never an empty cell or "None")."""
    text = getattr(proposal, "text", None) or getattr(proposal, "name", None)
    if text:
        return str(text)
    code = getattr(proposal, "target_indicator_code", None) or getattr(
        proposal, "target_goal_code", None
    )
    if str(getattr(proposal, "kind", "")) == ProposalKind.REMOVE_INDICATOR and code:
        return _("Remove indicator %(code)s", code=code)
    return proposal_kind_label(str(getattr(proposal, "kind", ""))) if code is None else code


def response_state_label(state: str) -> str:
    return str(RESPONSE_STATE_LABELS.get(str(state), state))


def channel_label(channel: str) -> str:
    return str(CHANNEL_LABELS.get(Channel(channel), channel))


def version_status_label(version: ResponseVersion) -> str:
    if version.withdrawn_at is not None:
        return str(_l("Withdrawn"))
    if version.superseded_at is not None:
        return str(_l("Superseded"))
    return str(_l("Current"))


def proposal_kinds() -> list[tuple[str, str]]:
    return [(k.value, str(label)) for k, label in PROPOSAL_KIND_LABELS.items()]


# What became of a proposal: catalogue changes told in words
CHANGE_LABELS = {
    "add_success_criterion": _l("Success criterion added to %(code)s"),
    "change_success_criterion": _l("Success criterion %(code)s changed"),
    "remove_success_criterion": _l("Success criterion %(code)s removed"),
    "add_indicator": _l("Indicator added to %(code)s"),
    "change_indicator": _l("Indicator %(code)s changed"),
    "remove_indicator": _l("Indicator %(code)s removed"),
    "add_goal": _l("Goal added to %(code)s"),
    "change_goal": _l("Goal %(code)s changed"),
    "other": _l("Noted; the catalogue is not changed"),
}


def _value(value: Any) -> str:
    try:
        return number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def change_text(kind: str, target_code: str, fields: Mapping[str, Any] | None = None) -> str:
    label = CHANGE_LABELS.get(kind)
    text = str(label) % {"code": target_code} if label is not None else f"{kind} {target_code}"
    fields = fields or {}
    content = fields.get("text") or fields.get("name_da")
    if content and kind != "other":
        text += f": {content}"
    if fields.get("target_value") not in (None, ""):
        text += f" – {_('target value')} {_value(fields['target_value'])}"
    if fields.get("target_period"):
        text += f" ({fields['target_period']})"
    return text


def danish_text(text: str) -> Markup:
    """A hearing's own text (written in Danish, e.g. its title) as a page shows it: on an
    English page with lang="da" and "kun på dansk / only in Danish"."""
    return content(pick(text, None, current_locale()))


JINJA_GLOBALS: dict[str, Any] = {
    "danish_text": danish_text,
    "render_markdown": render_markdown,
    "hearing_state_label": hearing_state_label,
    "overlap_warning": overlap_warning,
    "consultee_state_label": consultee_state_label,
    "question_kind_label": question_kind_label,
    "time_left_text": time_left_text,
    "assessment_label": assessment_label,
    "proposal_kind_label": proposal_kind_label,
    "proposal_text_label": proposal_text_label,
    "proposal_summary": proposal_summary,
    "response_state_label": response_state_label,
    "channel_label": channel_label,
    "response_version_label": version_status_label,
    "proposal_values": proposal_values,
    "deadline_left": time_left,
    "change_text": change_text,
}


# -- the audit log -------------------------------------------------------------------------

AUDIT_ACTIONS = {
    "hearing.created": _l("Hearing created"),
    "hearing.updated": _l("Hearing changed"),
    "hearing.list_changed": _l("Hearing list changed"),
    "hearing.retention_set": _l("Retention date of personal data set"),
    "hearing.personal_data_purged": _l("Personal data erased"),
    "hearing.archive_package_expired": _l("Stored archive package removed after its hours"),
    "hearing.archive_package_purged": _l("Stored archive package removed with the personal data"),
    "hearing.annex_added": _l("Annex added"),
    "hearing.annex_removed": _l("Annex removed"),
    "hearing.open": _l("Hearing issued"),
    "hearing.closed": _l("Hearing closed"),
    "hearing.consolidation": _l("Consolidation started"),
    "hearing.decided": _l("Hearing decided"),
    "hearing.archived": _l("Hearing archived"),
    "hearing.consultee_added": _l("Body added to the hearing list"),
    "hearing.consultee_removed": _l("Body removed from the hearing list"),
    "hearing.deadline_extended": _l("Deadline extended"),
    "hearing.proposals_grouped": _l("Proposals grouped"),
    "hearing.proposals_merged": _l("Proposals merged"),
    "hearing.proposals_split": _l("Group of proposals split"),
    "hearing.recommendation_set": _l("Recommendation saved"),
    "hearing.recommendation_rewrite_confirmed": _l("Rewrite of a recommendation confirmed"),
    "hearing.summary_set": _l("Summary saved"),
    "hearing.summary_rewrite_confirmed": _l("Rewrite of a summary confirmed"),
    "hearing.note_generated": _l("Hearing note generated"),
    "hearing.note_finalised": _l("Hearing note finalised"),
    "hearing.decision_recorded": _l("Decision recorded"),
    "hearing.deadline_shortened": _l("Deadline shortened"),
    "hearing.reopened": _l("Hearing reopened"),
    "hearing.cancelled": _l("Hearing cancelled"),
    "hearing.deleted": _l("Draft hearing deleted"),
    "hearing.parties_notified": _l("Note and decision sent to all parties"),
    "response.submitted": _l("Response submitted"),
    "response.withdrawn": _l("Response withdrawn"),
    "response.registered": _l("Response registered"),
    "response.amending": _l("Amendment of a response begun"),
    "response.draft_saved": _l("Draft response saved"),
    "response.draft_proposal_added": _l("Proposal added to a draft response"),
    "response.draft_proposal_changed": _l("Proposal of a draft response changed"),
    "response.draft_proposal_removed": _l("Proposal removed from a draft response"),
    "response.draft_attachment_added": _l("Attachment added to a draft response"),
    "response.draft_attachment_changed": _l("Attachment of a draft response changed"),
    "response.draft_attachment_removed": _l("Attachment removed from a draft response"),
    "hearing.note_requested": _l("Hearing note requested"),
    "hearing.reminders_sent": _l("Reminders sent"),
    "hearing.reminder_sent": _l("Reminder sent"),
    "hearing.decision_conflict_resolved": _l("Conflict between decisions resolved"),
}
# A body's response is its own until submitted: its drafts are not the secretariat's to read.
PRIVATE_ACTIONS = (
    "response.amending",
    "response.draft_saved",
    "response.draft_proposal_added",
    "response.draft_proposal_changed",
    "response.draft_proposal_removed",
    "response.draft_attachment_added",
    "response.draft_attachment_changed",
    "response.draft_attachment_removed",
)
AUDIT_FIELDS = {
    "reference": _l("Case reference"),
    "title": _l("Title"),
    "deadline": _l("Deadline"),
    "letter_text": _l("Letter"),
    "questions": _l("Questions"),
    "consultees": _l("Hearing list"),
    "is_public": _l("Public hearing"),
    "signatory_title": _l("Title of the signatory"),
    "contact_name": _l("Contact person"),
    "contact_email": _l("Contact e-mail"),
    "extension_until": _l("Extended deadline"),
    "extension_reason": _l("Reason for the extension"),
    "reason": _l("Reason"),
    "extensions_ended": _l("Extensions ended by the new deadline"),
    "parties_notified_at": _l("Sent to all parties"),
    "general_remarks": _l("General remarks"),
    "confidential": _l("Confidential"),
    "confidential_reason": _l("Reason for confidentiality"),
    "edit_version": _l("Draft version"),
    "outcome": _l("Recommendation"),
    "administration_comment": _l("The administration's comment"),
    "reasoning": _l("Reasoning"),
    "changed_content": _l("The changed content"),
    "outcomes": _l("Outcomes"),
    "draft_version": _l("Draft version of the catalogue"),
    "receipt_number": _l("Receipt number"),
    "justification": _l("Justification"),
    "attachment": _l("Attachment"),
}


def audit_field_label(name: str) -> str | None:
    """A field named with a goal's code (``coverage.A1-M1.assessment``), readable."""
    kind, _dot, rest = name.partition(".")
    goal, _dot, part = rest.rpartition(".")
    if kind != "coverage" or not goal:
        return None
    if part == "assessment":
        return _("Coverage of %(goal)s: assessment", goal=goal)
    if part == "comment":
        return _("Coverage of %(goal)s: comment", goal=goal)
    if part == "confidential":
        return _("Coverage of %(goal)s: confidential", goal=goal)
    if part == "confidential_reason":
        return _("Coverage of %(goal)s: reason for confidentiality", goal=goal)
    return None
