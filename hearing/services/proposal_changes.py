"""From a group of proposals to the catalogue change it makes, and its check.

Both the recommendation (when saved) and the committee's decision (when recorded) check
the change an approval would make with ``barometer``'s :func:`check_changes`, so a change the
catalogue would refuse is refused when it is written, with the field named, and never half
made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from barometer.models import CatalogueVersion
from barometer.period import Period
from barometer.services.changes import (
    CatalogueChange,
    ChangeKind,
    ChangeProblem,
    check_changes,
    current_fields,
)
from core.errors import N_, ValidationFailed
from hearing.confidentiality import public_sources
from hearing.errors import ChangeRefused
from hearing.models.consolidation import ProposalGroup
from hearing.models.responses import Proposal
from hearing.proposals import ProposalKind

TEXT_MAX = 10_000
_TOO_LONG = N_("The text is too long (at most %(max)s characters).")

# The fields the administration (or the committee) may give for an approved change, per
# proposal type: the names the catalogue's change contract takes.
_CRITERION = ("text", "target_value", "target_period", "decision_reference", "decision_date")
_INDICATOR = (
    "code",
    "name_da",
    "name_en",
    "kind",
    "unit",
    "decimals",
    "direction",
    "owner_code",
    "definition",
    "data_source",
    "min_change",
    "baseline_value",
    "baseline_period",
    "notes",
)
EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    ProposalKind.ADD_SUCCESS_CRITERION: _CRITERION,
    ProposalKind.ADD_INDICATOR: _INDICATOR,
    ProposalKind.CHANGE_INDICATOR: (*_INDICATOR[1:], "goal"),  # not the code
    ProposalKind.REMOVE_INDICATOR: (),
    ProposalKind.OTHER: ("text",),
}

_CHANGE_KINDS = {
    ProposalKind.ADD_SUCCESS_CRITERION: ChangeKind.ADD_SUCCESS_CRITERION,
    ProposalKind.ADD_INDICATOR: ChangeKind.ADD_INDICATOR,
    ProposalKind.CHANGE_INDICATOR: ChangeKind.CHANGE_INDICATOR,
    ProposalKind.REMOVE_INDICATOR: ChangeKind.REMOVE_INDICATOR,
    ProposalKind.OTHER: ChangeKind.OTHER,
}


def catalogue_period(period: str | None) -> str | None:
    """A proposal may name a target year alone ("2010"); the catalogue wants a half-year,
    and a year alone means its second half (docs/barometer-reading.md)."""
    try:
        return str(Period.parse_target(period)) if period else period
    except ValueError:
        return period


def proposal_fields(proposal: Proposal) -> dict[str, Any]:
    """The catalogue fields a proposal asks for, named as the change contract names them."""
    kind = ProposalKind(proposal.kind)
    if kind is ProposalKind.ADD_SUCCESS_CRITERION:
        values: dict[str, Any] = {
            "text": proposal.text,
            "target_value": proposal.target_value,
            "target_period": catalogue_period(proposal.target_period),
            "decision_reference": proposal.decision_reference,
            "decision_date": proposal.decision_date,
        }
    elif kind is ProposalKind.ADD_INDICATOR:
        values = {
            "name_da": proposal.name,
            "definition": proposal.definition,
            "unit": proposal.unit,
            "direction": proposal.direction,
            "data_source": proposal.source,
        }
    elif kind is ProposalKind.OTHER:
        values = {"text": proposal.text}
    else:  # a change or removal of an indicator is described in prose only
        values = {}
    return {k: v for k, v in values.items() if v not in (None, "")}


def change_for(group: ProposalGroup, content: Mapping[str, Any] | None) -> CatalogueChange:
    """The change an approved group makes: the first proposal's fields, with the edited
    content (the administration's or the committee's) over them, on the group's target.

    A confidential proposal's fields are never copied into the catalogue: the first public
    proposal's are, and a group of confidential proposals only gives the edited content
    (accepting it as proposed is refused: "Accept with changes" and write the fields)."""
    sources = public_sources(group.proposals)
    kind = _CHANGE_KINDS[ProposalKind(group.proposal_kind)]
    fields = (proposal_fields(sources[0]) if sources else {}) | dict(content or {})
    codes = (group.target_code,) if group.target_code else ()
    return CatalogueChange(kind=kind, target_codes=codes, fields=fields)


# -- the edited content ----------------------------------------------------------------------


def _same(given: Any, current: Any) -> bool:
    if given == current or str(given) == str(current):
        return True
    try:
        return Decimal(str(given)) == Decimal(str(current))
    except (InvalidOperation, ValueError):
        return False


def clean_changed_content(
    group: ProposalGroup, content: Mapping[str, Any] | None, version: CatalogueVersion
) -> dict[str, Any]:
    """The edited fields of an approval "with changes": known names, JSON values, not empty.

    For a change of an indicator only the fields that differ from the indicator in
    ``version`` are kept (the form shows every field, filled with the current values).
    """
    allowed = EDITABLE_FIELDS.get(group.proposal_kind, ())
    if not allowed:
        raise ValidationFailed(N_("This type of proposal cannot be accepted with changes."))
    cleaned: dict[str, Any] = {}
    for name, given in (content or {}).items():
        if name not in allowed:
            raise ValidationFailed(N_("Unknown field %(name)s."), name=name)
        value = given.strip() if isinstance(given, str) else given
        if isinstance(value, str) and len(value) > TEXT_MAX:
            raise ValidationFailed(_TOO_LONG, max=TEXT_MAX)
        if value is not None and not isinstance(value, str | int | float):
            raise ValidationFailed(N_("Unknown field %(name)s."), name=name)
        if name == "target_period" and isinstance(value, str):
            value = catalogue_period(value.upper())  # a year alone is its second half
        if value not in (None, ""):
            cleaned[name] = value
    if group.proposal_kind == ProposalKind.CHANGE_INDICATOR and cleaned:
        current = current_fields(version, ChangeKind.CHANGE_INDICATOR, group.target_code)
        cleaned = {k: v for k, v in cleaned.items() if k not in current or not _same(v, current[k])}
        if not cleaned:
            raise ValidationFailed(
                N_("The changed content is the indicator as it is: change at least one field.")
            )
    if not cleaned:
        raise ValidationFailed(N_("Give the changed content of the proposal."))
    return cleaned


# -- the check -------------------------------------------------------------------------------


def describe(group: ProposalGroup) -> str:
    """The group as the messages name it: its target and the bodies that proposed."""
    bodies = sorted(
        {p.version.response.consultee.body.code for p in group.proposals if p.version is not None}
    )
    target = group.target_code or "–"
    return f"{target} ({', '.join(bodies)})" if bodies else target


def refuse(problem: ChangeProblem, message: str, **params: object) -> ChangeRefused:
    return ChangeRefused(message, problem.problem, **params)


def check_group_change(
    group: ProposalGroup,
    content: Mapping[str, Any] | None,
    version: CatalogueVersion,
    *,
    as_proposed: bool,
) -> CatalogueChange:
    """The change an approval of ``group`` makes, refused if ``version`` would not take it.

    ``as_proposed``: approved without changes, so the message says to give the fields.
    """
    change = change_for(group, content)
    problems = check_changes(version, [change])
    if problems and as_proposed:
        raise refuse(
            problems[0],
            N_(
                "The proposal alone does not give the catalogue what it needs "
                '(%(field)s: %(problem)s). Choose "Accept with changes" and fill in the fields.'
            ),
        )
    if problems:
        raise refuse(
            problems[0], N_("The catalogue would refuse the change: %(field)s: %(problem)s")
        )
    return change


def check_decision_changes(
    version: CatalogueVersion, items: Sequence[tuple[ProposalGroup, CatalogueChange]]
) -> None:
    """Refuse the decision if the catalogue would refuse any of its changes, naming the
    recommendation's group and the field."""
    problems = check_changes(version, [change for _, change in items])
    if problems:
        group = items[problems[0].index][0]
        raise refuse(
            problems[0],
            N_(
                "The change approved for the recommendation on %(group)s would be refused "
                "by the catalogue: %(field)s: %(problem)s"
            ),
            group=describe(group),
        )
