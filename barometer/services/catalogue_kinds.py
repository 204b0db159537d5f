"""The four kinds of catalogue node, one row each: what the one save path and the one delete
path of :mod:`barometer.services.catalogue_nodes` need to know of focus areas, goals,
indicators and success criteria (fields, parent, checks, the values to store, order, the
children that must go before a delete)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from barometer.catalogue_data import (
    CRITERION_FIELDS,
    FOCUS_AREA_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    CriterionData,
    FocusAreaData,
    GoalData,
    IndicatorData,
)
from barometer.frequency import breaks_by_period, format_breaks
from barometer.models import (
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorKind,
    SuccessCriterion,
    Unit,
)
from barometer.services.catalogue_checks import (
    administrations,
    criterion_code_and_problems,
    criterion_version,
    focus_area_data_problems,
    goal_data_problems,
    indicator_data_problems,
    raise_invalid,
)
from barometer.validation import LIMITS, check_optional
from core.errors import N_
from core.extensions import db


def _stripped(text: str | None) -> str:
    return (text or "").strip()


def _focus_area_values(
    version: CatalogueVersion, parent: Any, data: FocusAreaData, area: FocusArea | None
) -> dict[str, Any]:
    raise_invalid(focus_area_data_problems(version, data, area))
    return {
        "code": data.code.strip(),
        "number": data.number,
        "name_da": data.name_da.strip(),
        "name_en": _stripped(data.name_en) or None,
        "description": _stripped(data.description),
        "description_en": _stripped(data.description_en) or None,
        "illustrative": data.illustrative,
    }


def _goal_values(
    version: CatalogueVersion, parent: Any, data: GoalData, goal: Goal | None
) -> dict[str, Any]:
    raise_invalid(goal_data_problems(version, data, goal))
    return {
        "code": data.code.strip(),
        "text_da": data.text_da.strip(),
        "text_en": _stripped(data.text_en) or None,
        "illustrative": data.illustrative,
    }


def _indicator_values(
    version: CatalogueVersion, parent: Any, data: IndicatorData, indicator: Indicator | None
) -> dict[str, Any]:
    with db.session.no_autoflush:
        owners = administrations()
    raise_invalid(
        indicator_data_problems(version, data, indicator, owners=owners)
        + check_optional(data.data_source_en, "data_source_en", LIMITS["source"])
    )
    return {
        "code": data.code.strip(),
        "name_da": data.name_da.strip(),
        "name_en": _stripped(data.name_en) or None,
        "definition": _stripped(data.definition),
        "definition_en": _stripped(data.definition_en) or None,
        "data_source_en": _stripped(data.data_source_en) or None,
        "notes": _stripped(data.notes),
        "notes_en": _stripped(data.notes_en) or None,
        "kind": IndicatorKind(data.kind),
        "unit": Unit(data.unit),
        "decimals": data.decimals,
        "direction": data.direction,
        "min_change": data.min_change,
        "data_source": _stripped(data.data_source),
        "owner": owners[data.owner_code],
        "baseline_value": data.baseline_value,
        "baseline_period": data.baseline_period or None,
        "illustrative": data.illustrative,
        "frequency": str(data.frequency),
        "measured_half": data.measured_half,
        "data_breaks": format_breaks(breaks_by_period(data.data_breaks)),
        "data_breaks_en": format_breaks(breaks_by_period(data.data_breaks_en)) or None,
        "limitations": _stripped(data.limitations),
        "limitations_en": _stripped(data.limitations_en) or None,
        "contact": _stripped(data.contact),
        "last_updated": data.last_updated,
    }


def _criterion_values(
    version: CatalogueVersion,
    target: Goal | Indicator,
    data: CriterionData,
    criterion: SuccessCriterion | None,
) -> dict[str, Any]:
    code, problems = criterion_code_and_problems(target, version, data, criterion)
    raise_invalid(problems + check_optional(data.text_en, "text_en", LIMITS["text"]))
    return {
        "code": code,
        "text": data.text.strip(),
        "text_en": _stripped(data.text_en) or None,
        "target_value": data.target_value,
        "target_period": data.target_period or None,
        "decision_reference": _stripped(data.decision_reference) or None,
        "decision_date": data.decision_date,
        "illustrative": data.illustrative,
    }


def _attach_criterion(criterion: SuccessCriterion, target: Goal | Indicator) -> None:
    if isinstance(target, Goal):
        criterion.goal = target
    else:
        criterion.indicator = target


def _delete_row(node: Any) -> None:
    db.session.delete(node)


def _criterion_target(criterion: SuccessCriterion) -> Goal | Indicator:
    return criterion.indicator or criterion.goal  # type: ignore[return-value]


def _remove_criterion(criterion: SuccessCriterion) -> None:
    _criterion_target(criterion).success_criteria.remove(criterion)


@dataclass(frozen=True)
class Kind:
    """What the save and delete paths need to know of one kind of node."""

    name: str  # in the audit actions: catalogue.<name>_created
    model: type
    fields: tuple[str, ...]
    parent_of: Callable[[Any], Any]  # the version for a focus area
    version_of_parent: Callable[[Any], CatalogueVersion]
    # Checks the data (raises CatalogueInvalid) and gives the values to set on the node.
    values: Callable[[CatalogueVersion, Any, Any, Any], dict[str, Any]]
    # Sets the parent of a new or moved node; None for focus areas, made in their version.
    attach: Callable[[Any, Any], None] | None = None
    siblings: Callable[[Any], list[Any]] | None = None  # the parent's children, by position
    other_version: str = ""  # refusing a move to a parent in another version
    children: Callable[[Any], list[Any]] | None = None  # what must go before a delete
    children_first: str = ""
    remove: Callable[[Any], None] = _delete_row
    summary: Callable[[Any, Any], str] = lambda node, parent: node.code

    def version_of(self, node: Any) -> CatalogueVersion:
        return self.version_of_parent(self.parent_of(node))


FOCUS_AREA = Kind(
    name="focus_area",
    model=FocusArea,
    fields=FOCUS_AREA_FIELDS,
    parent_of=lambda area: area.version,
    version_of_parent=lambda version: version,
    values=_focus_area_values,
    children=lambda area: area.goals,
    children_first=N_("Delete or move the goals of the focus area first."),
)
GOAL = Kind(
    name="goal",
    model=Goal,
    fields=GOAL_FIELDS,
    parent_of=lambda goal: goal.focus_area,
    version_of_parent=lambda area: area.version,
    values=_goal_values,
    attach=lambda goal, area: setattr(goal, "focus_area", area),
    siblings=lambda area: area.goals,
    other_version=N_("The focus area belongs to another version."),
    children=lambda goal: goal.indicators,
    children_first=N_("Delete or move the indicators of the goal first."),
)
INDICATOR = Kind(
    name="indicator",
    model=Indicator,
    fields=INDICATOR_FIELDS,
    parent_of=lambda indicator: indicator.goal,
    version_of_parent=lambda goal: goal.focus_area.version,
    values=_indicator_values,
    attach=lambda indicator, goal: setattr(indicator, "goal", goal),
    siblings=lambda goal: goal.indicators,
    other_version=N_("The goal belongs to another version."),
)
SUCCESS_CRITERION = Kind(
    name="success_criterion",
    model=SuccessCriterion,
    fields=CRITERION_FIELDS,
    parent_of=_criterion_target,
    version_of_parent=criterion_version,
    values=_criterion_values,
    attach=_attach_criterion,
    siblings=lambda target: target.success_criteria,
    remove=_remove_criterion,
    summary=lambda criterion, target: f"{target.code}: {criterion.code}",
)
