"""Editing the nodes of a draft: focus areas, goals, indicators and success criteria.

One save path and one delete path serve the four kinds; what differs between them (the
fields, the parent, the checks, the children that block a delete) is a row in
:mod:`barometer.services.catalogue_kinds`. Every write checks the version first
(:func:`ensure_editable`), refuses stale edits and invalid data without changing anything,
flushes and writes the audit log with the changed fields; nothing here commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from barometer.catalogue_data import CriterionData, FocusAreaData, GoalData, IndicatorData
from barometer.models import CatalogueVersion, FocusArea, Goal, Indicator, SuccessCriterion
from barometer.services import catalogue_kinds as kinds
from barometer.services.catalogue_checks import check_stale
from barometer.services.catalogue_kinds import Kind
from barometer.services.catalogue_versions import ensure_editable
from core import audit
from core.errors import ValidationFailed
from core.extensions import db
from core.models import User


class _Empty:
    """Stands in for a deleted object: every field reads as None in the audit diff."""

    def __getattr__(self, name: str) -> None:
        return None


def _changes(before: dict[str, Any], obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return audit.diff_fields(before, audit.snapshot(obj, fields))


def _next_position(items: list[Any]) -> int:
    return max((i.position for i in items), default=-1) + 1


# -- the one save path and the one delete path ------------------------------------------------


def _add(kind: Kind, parent: Any, data: Any, actor: User | None, now: datetime) -> Any:
    version = kind.version_of_parent(parent)
    ensure_editable(version)
    node = kind.model(version_id=version.id)
    if kind.siblings is not None:
        node.position = _next_position(kind.siblings(parent))
    return _save(kind, node, parent, version, data, actor, now, is_new=True)


def _update(
    kind: Kind,
    node: Any,
    data: Any,
    actor: User | None,
    now: datetime,
    *,
    expected_version: int | None,
    new_parent: Any = None,
) -> Any:
    version = kind.version_of(node)
    ensure_editable(version)
    check_stale(node, expected_version)
    if new_parent is not None and new_parent is not kind.parent_of(node):
        if new_parent.version_id != version.id:
            raise ValidationFailed(kind.other_version)
        assert kind.attach is not None and kind.siblings is not None  # noqa: S101 - table
        node.position = _next_position(kind.siblings(new_parent))
        kind.attach(node, new_parent)
    return _save(kind, node, kind.parent_of(node), version, data, actor, now, is_new=False)


def _save(
    kind: Kind,
    node: Any,
    parent: Any,
    version: CatalogueVersion,
    data: Any,
    actor: User | None,
    now: datetime,
    *,
    is_new: bool,
) -> Any:
    values = kind.values(version, parent, data, None if is_new else node)
    before = {} if is_new else audit.snapshot(node, kind.fields)
    if is_new and kind.attach is not None:  # attached only once valid: a refusal leaves no trace
        kind.attach(node, parent)
    for name, value in values.items():
        setattr(node, name, value)
    db.session.add(node)
    db.session.flush()
    audit.record(
        actor,
        f"catalogue.{kind.name}_{'created' if is_new else 'updated'}",
        node,
        now=now,
        summary=kind.summary(node, parent),
        changes=_changes(before, node, kind.fields),
    )
    return node


def _delete(kind: Kind, node: Any, actor: User | None, now: datetime) -> None:
    ensure_editable(kind.version_of(node))
    if kind.children is not None and kind.children(node):
        raise ValidationFailed(kind.children_first)
    audit.record(
        actor,
        f"catalogue.{kind.name}_deleted",
        node,
        now=now,
        summary=node.code,
        changes=_changes(audit.snapshot(node, kind.fields), _Empty(), kind.fields),
    )
    kind.remove(node)
    db.session.flush()


# -- the four kinds -----------------------------------------------------------------------------


def add_focus_area(
    version: CatalogueVersion, data: FocusAreaData, *, actor: User | None, now: datetime
) -> FocusArea:
    return _add(kinds.FOCUS_AREA, version, data, actor, now)


def update_focus_area(
    area: FocusArea,
    data: FocusAreaData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None = None,
) -> FocusArea:
    return _update(kinds.FOCUS_AREA, area, data, actor, now, expected_version=expected_version)


def delete_focus_area(area: FocusArea, *, actor: User | None, now: datetime) -> None:
    _delete(kinds.FOCUS_AREA, area, actor, now)


def add_goal(area: FocusArea, data: GoalData, *, actor: User | None, now: datetime) -> Goal:
    return _add(kinds.GOAL, area, data, actor, now)


def update_goal(
    goal: Goal,
    data: GoalData,
    *,
    actor: User | None,
    now: datetime,
    focus_area: FocusArea | None = None,
    expected_version: int | None = None,
) -> Goal:
    """Save ``data`` into the goal, moving it last into ``focus_area`` when one is given."""
    return _update(
        kinds.GOAL, goal, data, actor, now, expected_version=expected_version, new_parent=focus_area
    )


def delete_goal(goal: Goal, *, actor: User | None, now: datetime) -> None:
    _delete(kinds.GOAL, goal, actor, now)


def add_indicator(
    goal: Goal, data: IndicatorData, *, actor: User | None, now: datetime
) -> Indicator:
    return _add(kinds.INDICATOR, goal, data, actor, now)


def update_indicator(
    indicator: Indicator,
    data: IndicatorData,
    *,
    actor: User | None,
    now: datetime,
    goal: Goal | None = None,
    expected_version: int | None = None,
) -> Indicator:
    """Save ``data`` into the indicator, moving it last into ``goal`` when one is given."""
    return _update(
        kinds.INDICATOR,
        indicator,
        data,
        actor,
        now,
        expected_version=expected_version,
        new_parent=goal,
    )


def delete_indicator(indicator: Indicator, *, actor: User | None, now: datetime) -> None:
    _delete(kinds.INDICATOR, indicator, actor, now)


def add_criterion(
    target: Goal | Indicator, data: CriterionData, *, actor: User | None, now: datetime
) -> SuccessCriterion:
    return _add(kinds.SUCCESS_CRITERION, target, data, actor, now)


def update_criterion(
    criterion: SuccessCriterion,
    data: CriterionData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None = None,
) -> SuccessCriterion:
    return _update(
        kinds.SUCCESS_CRITERION, criterion, data, actor, now, expected_version=expected_version
    )


def delete_criterion(criterion: SuccessCriterion, *, actor: User | None, now: datetime) -> None:
    _delete(kinds.SUCCESS_CRITERION, criterion, actor, now)


# -- order ----------------------------------------------------------------------------------


def move(item: Goal | Indicator, offset: int, *, actor: User | None, now: datetime) -> None:
    """Move a goal within its focus area, or an indicator within its goal, up or down."""
    kind = kinds.GOAL if isinstance(item, Goal) else kinds.INDICATOR
    ensure_editable(kind.version_of(item))
    assert kind.siblings is not None  # noqa: S101 - both kinds have an order
    siblings = list(kind.siblings(kind.parent_of(item)))
    siblings.sort(key=lambda s: (s.position, s.id))
    index = siblings.index(item)
    new_index = index + offset
    if not 0 <= new_index < len(siblings) or offset == 0:
        return
    siblings.insert(new_index, siblings.pop(index))
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
    db.session.flush()
    audit.record(
        actor,
        f"catalogue.{kind.name}_moved",
        item,
        now=now,
        summary=item.code,
        changes={"position": {"old": index, "new": new_index}},
    )
