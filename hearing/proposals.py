"""Proposals as plain values: their kinds, their content fields, the one dict a proposal
is shown as, and the rules that clean a proposal for its kind. Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from core.errors import N_, ValidationFailed
from hearing.response_fields import SHORT_MAX, clean_reason, clean_text

PERIOD = re.compile(r"^\d{4}(-H[12])?$")


class ProposalKind(StrEnum):
    ADD_SUCCESS_CRITERION = "add_success_criterion"
    ADD_INDICATOR = "add_indicator"
    CHANGE_INDICATOR = "change_indicator"
    REMOVE_INDICATOR = "remove_indicator"
    OTHER = "other"


# The content fields of a proposal: copied into a submitted version, compared for audit.
PROPOSAL_FIELDS = (
    "kind",
    "target_goal_code",
    "target_indicator_code",
    "text",
    "target_value",
    "target_period",
    "decision_reference",
    "decision_date",
    "name",
    "definition",
    "unit",
    "direction",
    "source",
    "justification",
    "confidential",
    "confidential_reason",
)
# The keys a proposal is shown with where they differ from the field names.
_SHOWN_AS = {"target_goal_code": "goal", "target_indicator_code": "indicator"}


def proposal_values(proposal: object) -> dict[str, Any]:
    """The content of a proposal (a draft's, a version's or its hashed part) as the one
    dict pages, PDFs, the API and the canonical form show: ``goal`` and ``indicator``
    for the targets, the kind as its string."""
    values = {_SHOWN_AS.get(name, name): getattr(proposal, name) for name in PROPOSAL_FIELDS}
    values["kind"] = str(values["kind"])
    return values


@dataclass(frozen=True)
class ProposalData:
    kind: str
    target_goal_code: str | None = None
    target_indicator_code: str | None = None
    text: str = ""
    target_value: str = ""
    target_period: str = ""
    decision_reference: str = ""
    decision_date: date | None = None
    name: str = ""
    definition: str = ""
    unit: str = ""
    direction: int | None = None
    source: str = ""
    justification: str = ""
    confidential: bool = False
    confidential_reason: str = ""


@dataclass(frozen=True)
class ConsultedCodes:
    """What a proposal may name: the consulted version's goals and indicators, the units."""

    goals: Collection[str]
    indicators: Collection[str]
    units: Collection[str]


def clean_proposal(data: ProposalData, codes: ConsultedCodes) -> dict[str, Any]:
    """The columns of a proposal, checked for its kind; refuses what the kind needs but lacks."""
    try:
        kind = ProposalKind(data.kind)
    except ValueError:
        raise ValidationFailed(N_("Choose the kind of proposal.")) from None
    goal = (data.target_goal_code or "").strip() or None
    indicator = (data.target_indicator_code or "").strip() or None
    if goal is not None and goal not in codes.goals:
        raise ValidationFailed(N_("The goal %(code)s is not in the consulted version."), code=goal)
    if indicator is not None and indicator not in codes.indicators:
        raise ValidationFailed(
            N_("The indicator %(code)s is not in the consulted version."), code=indicator
        )
    values: dict[str, Any] = {
        "kind": kind,
        "target_goal_code": goal,
        "target_indicator_code": indicator,
        "text": clean_text(data.text),
        "justification": clean_text(data.justification),
        "confidential": bool(data.confidential),
        "confidential_reason": clean_reason(data.confidential, data.confidential_reason),
        "target_value": None,
        "target_period": None,
        "decision_reference": None,
        "decision_date": None,
        "name": None,
        "definition": None,
        "unit": None,
        "direction": None,
        "source": None,
    }
    if not values["justification"]:
        raise ValidationFailed(N_("Give a justification for the proposal."))
    _CLEANERS[kind](values, data, codes)
    return values


def parse_decimal(text: str) -> Decimal | None:
    """A target value as written in Danish or English (``47,5``, ``1.234,5``, ``47.5``)."""
    value = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if "," in value and "." in value:
        value = value.replace(".", "")  # Danish thousands separator
    value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationFailed(N_("Write the target value as a number, e.g. 47,5.")) from None
    if not number.is_finite() or abs(number) >= Decimal("1e14") or -number.as_tuple().exponent > 4:  # type: ignore[operator]
        raise ValidationFailed(N_("Write the target value as a number, e.g. 47,5."))
    return number


def _clean_criterion(values: dict[str, Any], data: ProposalData, codes: ConsultedCodes) -> None:
    if (values["target_goal_code"] is None) == (values["target_indicator_code"] is None):
        raise ValidationFailed(N_("Choose the goal or the indicator the criterion belongs to."))
    if not values["text"]:
        raise ValidationFailed(N_("Write the success criterion."))
    period = (data.target_period or "").strip().upper()
    if period and not PERIOD.match(period):
        raise ValidationFailed(
            N_("Write the target period as a year or a half-year, e.g. 2010-H2.")
        )
    reference = clean_text(data.decision_reference, 100)
    if not reference:
        raise ValidationFailed(
            N_("Give the political decision the criterion rests on (case number).")
        )
    values.update(
        target_value=parse_decimal(data.target_value),
        target_period=period or None,
        decision_reference=reference,
        decision_date=data.decision_date,
    )


def _clean_new_indicator(values: dict[str, Any], data: ProposalData, codes: ConsultedCodes) -> None:
    if values["target_goal_code"] is None:
        raise ValidationFailed(N_("Choose the goal the indicator measures."))
    values["target_indicator_code"] = None
    name = clean_text(data.name, SHORT_MAX)
    if not name:
        raise ValidationFailed(N_("Give the new indicator a name."))
    unit = (data.unit or "").strip() or None
    if unit is not None and unit not in codes.units:
        raise ValidationFailed(N_("Choose one of the listed units."))
    if data.direction not in (None, 1, -1):
        raise ValidationFailed(N_("Choose whether higher or lower is better."))
    values.update(
        name=name,
        definition=clean_text(data.definition),
        unit=unit,
        direction=data.direction,
        source=clean_text(data.source, SHORT_MAX) or None,
    )


def _clean_indicator_change(
    values: dict[str, Any], data: ProposalData, codes: ConsultedCodes
) -> None:
    if values["target_indicator_code"] is None:
        raise ValidationFailed(N_("Choose the indicator."))
    values["target_goal_code"] = None
    if values["kind"] == ProposalKind.CHANGE_INDICATOR and not values["text"]:
        raise ValidationFailed(N_("Describe the change."))


def _clean_other(values: dict[str, Any], data: ProposalData, codes: ConsultedCodes) -> None:
    if not values["text"]:
        raise ValidationFailed(N_("Write the proposal."))


_Cleaner = Callable[[dict[str, Any], ProposalData, ConsultedCodes], None]
_CLEANERS: dict[ProposalKind, _Cleaner] = {
    ProposalKind.ADD_SUCCESS_CRITERION: _clean_criterion,
    ProposalKind.ADD_INDICATOR: _clean_new_indicator,
    ProposalKind.CHANGE_INDICATOR: _clean_indicator_change,
    ProposalKind.REMOVE_INDICATOR: _clean_indicator_change,
    ProposalKind.OTHER: _clean_other,
}
