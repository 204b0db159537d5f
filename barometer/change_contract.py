"""The catalogue's inbound contract, as values: what a change to a draft says, where it
comes from, and what the catalogue refuses in it. Applying and checking changes is
:mod:`barometer.services.changes`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from barometer.validation import Problem


class ChangeKind(StrEnum):
    ADD_SUCCESS_CRITERION = "add_success_criterion"
    CHANGE_SUCCESS_CRITERION = "change_success_criterion"
    REMOVE_SUCCESS_CRITERION = "remove_success_criterion"
    ADD_INDICATOR = "add_indicator"
    CHANGE_INDICATOR = "change_indicator"
    REMOVE_INDICATOR = "remove_indicator"
    ADD_GOAL = "add_goal"
    CHANGE_GOAL = "change_goal"
    OTHER = "other"


@dataclass(frozen=True)
class CatalogueChange:
    """One change to a draft.

    ``target_codes`` names what the change acts on: for ``add_*`` the parent (the goal or
    indicator that gets a success criterion, the goal that gets an indicator, the focus
    area that gets a goal); for ``change_*``/``remove_*`` the row itself. ``fields`` holds
    the values (for a change, only those that change). Values may be JSON types: numbers
    as strings or numbers, dates as ISO strings. ``change_indicator`` may move the row
    with a ``goal`` field, ``change_goal`` with a ``focus_area`` field. ``other`` changes
    nothing in the catalogue and is only recorded.
    """

    kind: ChangeKind
    target_codes: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)

    @property
    def target_code(self) -> str:
        return self.target_codes[0] if self.target_codes else ""


@dataclass(frozen=True)
class Provenance:
    """Where changes come from: free-form JSON-able references (hearing id, proposal ids,
    response receipt numbers, the decision's case reference and date)."""

    references: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: jsonable(v) for k, v in self.references.items()}


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class ChangeProblem:
    """What the catalogue refuses in the change at ``index`` of the list checked."""

    index: int
    problem: Problem
