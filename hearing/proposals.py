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


@dataclass(frozen=True)
class FieldProblem:
    """One problem of a proposal, by the form field it concerns (``""``: the whole)."""

    field: str
    message: str
    params: dict[str, Any]


class ProposalInvalid(ValidationFailed):
    """A proposal with problems: the message is the first's; ``problems`` holds them all,
    each naming its field, so a form shows every one beside its field at once."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        first = problems[0]
        super().__init__(first.message, **first.params)
        self.problems = problems
        self.field = first.field


class _Problems:
    """Collects the problems of one proposal instead of stopping at the first."""

    def __init__(self, codes: ConsultedCodes) -> None:
        self.codes = codes
        self.found: list[FieldProblem] = []

    def add(self, field: str, message: str, **params: Any) -> None:
        self.found.append(FieldProblem(field, message, params))

    def text(self, field: str, value: str | None, max_length: int | None = None) -> str:
        try:
            return clean_text(value) if max_length is None else clean_text(value, max_length)
        except ValidationFailed as err:
            self.add(field, err.message, **err.params)
            return ""


def clean_proposal(data: ProposalData, codes: ConsultedCodes) -> dict[str, Any]:
    """The columns of a proposal, checked for its kind; refuses what the kind needs but
    lacks, naming every problem at once (:class:`ProposalInvalid`)."""
    try:
        kind = ProposalKind(data.kind)
    except ValueError:
        raise ValidationFailed(N_("Choose the kind of proposal.")) from None
    problems = _Problems(codes)
    goal = (data.target_goal_code or "").strip() or None
    indicator = (data.target_indicator_code or "").strip() or None
    if goal is not None and goal not in codes.goals:
        problems.add(
            "target_goal_code", N_("The goal %(code)s is not in the consulted version."), code=goal
        )
        goal = None
    if indicator is not None and indicator not in codes.indicators:
        problems.add(
            "target_indicator_code",
            N_("The indicator %(code)s is not in the consulted version."),
            code=indicator,
        )
        indicator = None
    try:
        reason = clean_reason(data.confidential, data.confidential_reason)
    except ValidationFailed as err:
        problems.add("confidential_reason", err.message, **err.params)
        reason = None
    values: dict[str, Any] = {
        "kind": kind,
        "target_goal_code": goal,
        "target_indicator_code": indicator,
        "text": problems.text("text", data.text),
        "justification": problems.text("justification", data.justification),
        "confidential": bool(data.confidential),
        "confidential_reason": reason,
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
    if not values["justification"] and not any(p.field == "justification" for p in problems.found):
        problems.add("justification", N_("Give a justification for the proposal."))
    # a target given but unknown is named already: no "choose the goal" besides
    targets_ok = not any(p.field.startswith("target_") for p in problems.found)
    _CLEANERS[kind](values, data, problems, targets_ok)
    if problems.found:
        raise ProposalInvalid(problems.found)
    return values


_NOT_A_NUMBER = N_("Write the target value as a number, e.g. 47,5.")


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
        raise ValidationFailed(_NOT_A_NUMBER) from None
    if not number.is_finite() or abs(number) >= Decimal("1e14") or -number.as_tuple().exponent > 4:  # type: ignore[operator]
        raise ValidationFailed(_NOT_A_NUMBER)
    return number


def _clean_criterion(
    values: dict[str, Any], data: ProposalData, problems: _Problems, targets_ok: bool
) -> None:
    if targets_ok and (values["target_goal_code"] is None) == (
        values["target_indicator_code"] is None
    ):
        problems.add(
            "target_goal_code", N_("Choose the goal or the indicator the criterion belongs to.")
        )
    if not values["text"]:
        problems.add("text", N_("Write the success criterion."))
    period = (data.target_period or "").strip().upper()
    if period and not PERIOD.match(period):
        problems.add(
            "target_period", N_("Write the target period as a year or a half-year, e.g. 2010-H2.")
        )
    reference = problems.text("decision_reference", data.decision_reference, 100)
    if not reference:
        problems.add(
            "decision_reference",
            N_("Give the political decision the criterion rests on (case number)."),
        )
    try:
        target_value = parse_decimal(data.target_value)
    except ValidationFailed as err:
        problems.add("target_value", err.message, **err.params)
        target_value = None
    values.update(
        target_value=target_value,
        target_period=period or None,
        decision_reference=reference,
        decision_date=data.decision_date,
    )


def _clean_new_indicator(
    values: dict[str, Any], data: ProposalData, problems: _Problems, targets_ok: bool
) -> None:
    if values["target_goal_code"] is None and targets_ok:
        problems.add("target_goal_code", N_("Choose the goal the indicator measures."))
    values["target_indicator_code"] = None
    name = problems.text("name", data.name, SHORT_MAX)
    if not name:
        problems.add("name", N_("Give the new indicator a name."))
    unit = (data.unit or "").strip() or None
    if unit is not None and unit not in problems.codes.units:
        problems.add("unit", N_("Choose one of the listed units."))
    if data.direction not in (None, 1, -1):
        problems.add("direction", N_("Choose whether higher or lower is better."))
    values.update(
        name=name,
        definition=problems.text("definition", data.definition),
        unit=unit,
        direction=data.direction,
        source=problems.text("source", data.source, SHORT_MAX) or None,
    )


def _clean_indicator_change(
    values: dict[str, Any], data: ProposalData, problems: _Problems, targets_ok: bool
) -> None:
    if values["target_indicator_code"] is None and targets_ok:
        problems.add("target_indicator_code", N_("Choose the indicator."))
    values["target_goal_code"] = None
    if values["kind"] == ProposalKind.CHANGE_INDICATOR and not values["text"]:
        problems.add("text", N_("Describe the change."))


def _clean_other(
    values: dict[str, Any], data: ProposalData, problems: _Problems, targets_ok: bool
) -> None:
    if not values["text"]:
        problems.add("text", N_("Write the proposal."))


_Cleaner = Callable[[dict[str, Any], ProposalData, _Problems, bool], None]
_CLEANERS: dict[ProposalKind, _Cleaner] = {
    ProposalKind.ADD_SUCCESS_CRITERION: _clean_criterion,
    ProposalKind.ADD_INDICATOR: _clean_new_indicator,
    ProposalKind.CHANGE_INDICATOR: _clean_indicator_change,
    ProposalKind.REMOVE_INDICATOR: _clean_indicator_change,
    ProposalKind.OTHER: _clean_other,
}
