"""Translated labels and small template helpers of the response pages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from hearing.forms_responses import ASSESSMENT_LABELS, PROPOSAL_KIND_LABELS, UNIT_LABELS
from hearing.models_responses import Assessment, Channel, Proposal, ProposalKind, ResponseVersion
from hearing.workflow import time_left

RESPONSE_STATE_LABELS = {
    "not_started": _l("Not started"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "withdrawn": _l("Withdrawn"),
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


def unit_label(unit: str) -> str:
    from barometer.models import Unit

    try:
        return str(UNIT_LABELS.get(Unit(unit), unit))
    except ValueError:
        return unit


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


def proposal_view(p: Proposal) -> dict[str, Any]:
    """A draft proposal with the keys of a version's proposal (``version_dict``)."""
    return {
        "kind": str(p.kind),
        "goal": p.target_goal_code,
        "indicator": p.target_indicator_code,
        "text": p.text,
        "target_value": p.target_value,
        "target_period": p.target_period,
        "decision_reference": p.decision_reference,
        "decision_date": p.decision_date,
        "name": p.name,
        "definition": p.definition,
        "unit": p.unit,
        "direction": p.direction,
        "source": p.source,
        "justification": p.justification,
        "confidential": p.confidential,
        "confidential_reason": p.confidential_reason,
    }


def proposal_kinds() -> list[tuple[str, str]]:
    return [(k.value, str(label)) for k, label in PROPOSAL_KIND_LABELS.items()]


JINJA_GLOBALS = {
    "assessment_label": assessment_label,
    "proposal_kind_label": proposal_kind_label,
    "proposal_text_label": proposal_text_label,
    "response_state_label": response_state_label,
    "channel_label": channel_label,
    "response_version_label": version_status_label,
    "proposal_view": proposal_view,
    "deadline_left": time_left,
}
