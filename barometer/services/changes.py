"""The catalogue's inbound contract: typed changes applied to a draft, with provenance.

A later package (the hearing's decisions) hands a list of :class:`CatalogueChange` and
one :class:`Provenance` to :func:`apply_changes`. Each change goes through the same
services, and so the same validation, as the staff forms; each is recorded as a
:class:`~barometer.models.CatalogueChangeRecord` so the version can say where every
change came from. :func:`check_changes` says beforehand what would be refused.
``barometer`` never imports the caller. The values of the contract live in
:mod:`barometer.change_contract`; this module is its one entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from barometer.catalogue_data import (
    CRITERION_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    CriterionData,
    GoalData,
    IndicatorData,
)
from barometer.change_contract import (
    CatalogueChange,
    ChangeKind,
    ChangeProblem,
    Provenance,
    jsonable,
)
from barometer.diff import Conflict, conflicts_meanwhile
from barometer.models import (
    CatalogueChangeRecord,
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    SuccessCriterion,
)
from barometer.queries import load_version_tree, version_snapshot
from barometer.services import catalogue_nodes
from barometer.services.catalogue_versions import ensure_editable
from barometer.services.change_checks import check_changes
from barometer.services.change_values import (
    build_data,
    current_values,
    find_row,
    find_row_or_none,
    find_target,
)
from core import audit
from core.extensions import db
from core.models import User

__all__ = [
    "CatalogueChange",
    "ChangeKind",
    "ChangeProblem",
    "Conflict",
    "Provenance",
    "apply_changes",
    "check_changes",
    "current_fields",
    "find_conflicts",
]


def current_fields(version: CatalogueVersion, kind: str, code: str) -> dict[str, Any]:
    """The current values of the row a ``change_*`` change acts on, by the contract's names
    as JSON values (empty if there is no such row, or for any other kind)."""
    models = {
        ChangeKind.CHANGE_INDICATOR: (Indicator, INDICATOR_FIELDS),
        ChangeKind.CHANGE_GOAL: (Goal, GOAL_FIELDS),
        ChangeKind.CHANGE_SUCCESS_CRITERION: (SuccessCriterion, CRITERION_FIELDS),
    }
    if kind not in models:
        return {}
    model, names = models[ChangeKind(kind)]
    row = find_row_or_none(model, version, code)
    if row is None:
        return {}
    values = current_values(row, names)
    values.pop("owner_id", None)
    return jsonable(values)


def _snapshot(version: CatalogueVersion) -> dict[str, Any]:
    tree = load_version_tree(version.id)
    return version_snapshot(tree if tree is not None else version)


def find_conflicts(
    base: CatalogueVersion, theirs: CatalogueVersion, changes: Sequence[CatalogueChange]
) -> dict[int, list[Conflict]]:
    """The three-way check: the changes were written against ``base``; ``theirs`` is what the
    catalogue became meanwhile. Per change (by its index), what it touches that changed
    meanwhile; a change missing from the answer can be applied to ``theirs`` as written."""
    if base.id == theirs.id or not changes:
        return {}
    old, new = _snapshot(base), _snapshot(theirs)
    found = {}
    for index, change in enumerate(changes):
        conflicts = conflicts_meanwhile(
            old, new, str(change.kind), change.target_code, change.fields
        )
        if conflicts:
            found[index] = conflicts
    return found


def apply_changes(
    draft_version: CatalogueVersion,
    changes: Sequence[CatalogueChange],
    provenance: Provenance,
    *,
    actor: User | None,
    now: datetime,
) -> list[CatalogueChangeRecord]:
    """Apply every change to the draft and record it; the first refusal raises (the caller
    rolls back, so either all changes are applied or none)."""
    ensure_editable(draft_version)
    records = []
    for given in changes:
        change = replace(given, kind=ChangeKind(given.kind))
        _apply_one(draft_version, change, actor, now)
        record = CatalogueChangeRecord(
            version_id=draft_version.id,
            kind=str(change.kind),
            target_code=",".join(change.target_codes),
            fields=jsonable(dict(change.fields)),
            provenance=provenance.to_dict(),
            created_at=now,
            actor_id=actor.id if actor else None,
        )
        db.session.add(record)
        db.session.flush()
        audit.record(
            actor,
            "catalogue.change_applied",
            record,
            now=now,
            summary=f"{record.kind} {record.target_code}",
            changes={"fields": {"old": None, "new": record.fields}},
        )
        records.append(record)
    return records


def _apply_one(
    version: CatalogueVersion, change: CatalogueChange, actor: User | None, now: datetime
) -> None:
    kind, code, values = change.kind, change.target_code, change.fields
    if kind == ChangeKind.OTHER:
        return
    if kind == ChangeKind.ADD_SUCCESS_CRITERION:
        target = find_target(version, code)
        catalogue_nodes.add_criterion(
            target, build_data(CriterionData, {}, values), actor=actor, now=now
        )
    elif kind == ChangeKind.CHANGE_SUCCESS_CRITERION:
        row = find_row(SuccessCriterion, version, code)
        data = build_data(CriterionData, current_values(row, CRITERION_FIELDS), values)
        catalogue_nodes.update_criterion(row, data, actor=actor, now=now)
    elif kind == ChangeKind.REMOVE_SUCCESS_CRITERION:
        catalogue_nodes.delete_criterion(
            find_row(SuccessCriterion, version, code), actor=actor, now=now
        )
    elif kind == ChangeKind.ADD_INDICATOR:
        goal = find_row(Goal, version, code)
        catalogue_nodes.add_indicator(
            goal, build_data(IndicatorData, {}, values), actor=actor, now=now
        )
    elif kind == ChangeKind.CHANGE_INDICATOR:
        row = find_row(Indicator, version, code)
        data = build_data(IndicatorData, current_values(row, INDICATOR_FIELDS), values)
        goal = find_row(Goal, version, values["goal"]) if values.get("goal") else None
        catalogue_nodes.update_indicator(row, data, actor=actor, now=now, goal=goal)
    elif kind == ChangeKind.REMOVE_INDICATOR:
        catalogue_nodes.delete_indicator(find_row(Indicator, version, code), actor=actor, now=now)
    elif kind == ChangeKind.ADD_GOAL:
        area = find_row(FocusArea, version, code)
        catalogue_nodes.add_goal(area, build_data(GoalData, {}, values), actor=actor, now=now)
    elif kind == ChangeKind.CHANGE_GOAL:
        row = find_row(Goal, version, code)
        data = build_data(GoalData, current_values(row, GOAL_FIELDS), values)
        area = (
            find_row(FocusArea, version, values["focus_area"]) if values.get("focus_area") else None
        )
        catalogue_nodes.update_goal(row, data, actor=actor, now=now, focus_area=area)
