"""Checking a list of contract changes against a version without changing anything.

Each kind of change has one check, which asks the same rules as the node services
(:mod:`barometer.services.catalogue_checks`), so what :func:`check_changes` accepts is
what :func:`barometer.services.changes.apply_changes` applies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from barometer.catalogue_data import (
    CRITERION_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    CriterionData,
    GoalData,
    IndicatorData,
)
from barometer.change_contract import CatalogueChange, ChangeKind, ChangeProblem
from barometer.errors import CatalogueInvalid
from barometer.models import CatalogueVersion, FocusArea, Goal, Indicator, SuccessCriterion
from barometer.services.catalogue_checks import (
    criterion_data_problems,
    goal_data_problems,
    indicator_data_problems,
)
from barometer.services.change_values import (
    MISSING,
    build_data,
    current_values,
    find_row_or_none,
    find_target_or_none,
)
from barometer.validation import Problem
from core.errors import N_

_CODE_TAKEN = N_("The code %(code)s is already used in this version.")


def _target_problem(model: type, version: CatalogueVersion, code: str) -> list[Problem]:
    if find_row_or_none(model, version, code) is None:
        return [
            Problem("target", N_("Nothing with the code %(code)s in this version."), {"code": code})
        ]
    return []


def _unchanged(current: Mapping[str, Any], data: Any, values: Mapping[str, Any]) -> list[Problem]:
    """A change that gives no value other than the current one changes nothing."""
    moved = bool(values.get("goal") or values.get("focus_area"))
    if moved or any(getattr(data, name) != current.get(name) for name in values if name in current):
        return []
    return [Problem("fields", N_("The change gives no new value: nothing would change."))]


# Each check returns the problems of one change and the code it adds (to catch a code that
# two changes of one list add).
_Checked = tuple[list[Problem], str]


def _check_add_criterion(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    target = find_target_or_none(version, change.target_code)
    if target is None:
        message = N_("No goal or indicator with the code %(code)s in this version.")
        return [Problem("target", message, {"code": change.target_code})], ""
    data = build_data(CriterionData, {}, change.fields)
    return criterion_data_problems(target, data), ""


def _check_change_criterion(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    row = find_row_or_none(SuccessCriterion, version, change.target_code)
    if row is None:
        return _target_problem(SuccessCriterion, version, change.target_code), ""
    current = current_values(row, CRITERION_FIELDS)
    data = build_data(CriterionData, current, change.fields)
    target = row.indicator or row.goal
    problems = criterion_data_problems(target, data, row)
    return problems + _unchanged(current, data, change.fields), ""


def _check_add_indicator(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    problems = _target_problem(Goal, version, change.target_code)
    data = build_data(IndicatorData, {}, change.fields)
    return problems + indicator_data_problems(version, data), data.code.strip()


def _check_change_indicator(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    values = change.fields
    row = find_row_or_none(Indicator, version, change.target_code)
    if row is None:
        return _target_problem(Indicator, version, change.target_code), ""
    current = current_values(row, INDICATOR_FIELDS)
    data = build_data(IndicatorData, current, values)
    problems = _target_problem(Goal, version, values["goal"]) if values.get("goal") else []
    problems += indicator_data_problems(version, data, row)
    return problems + _unchanged(current, data, values), ""


def _check_add_goal(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    problems = _target_problem(FocusArea, version, change.target_code)
    data = build_data(GoalData, {}, change.fields)
    return problems + goal_data_problems(version, data), data.code.strip()


def _check_change_goal(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    values = change.fields
    row = find_row_or_none(Goal, version, change.target_code)
    if row is None:
        return _target_problem(Goal, version, change.target_code), ""
    current = current_values(row, GOAL_FIELDS)
    data = build_data(GoalData, current, values)
    area = values.get("focus_area")
    problems = _target_problem(FocusArea, version, area) if area else []
    problems += goal_data_problems(version, data, row)
    return problems + _unchanged(current, data, values), ""


def _check_remove(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    model = SuccessCriterion if change.kind == ChangeKind.REMOVE_SUCCESS_CRITERION else Indicator
    return _target_problem(model, version, change.target_code), ""


def _check_other(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    return [], ""


_CHECKS = {
    ChangeKind.ADD_SUCCESS_CRITERION: _check_add_criterion,
    ChangeKind.CHANGE_SUCCESS_CRITERION: _check_change_criterion,
    ChangeKind.REMOVE_SUCCESS_CRITERION: _check_remove,
    ChangeKind.ADD_INDICATOR: _check_add_indicator,
    ChangeKind.CHANGE_INDICATOR: _check_change_indicator,
    ChangeKind.REMOVE_INDICATOR: _check_remove,
    ChangeKind.ADD_GOAL: _check_add_goal,
    ChangeKind.CHANGE_GOAL: _check_change_goal,
    ChangeKind.OTHER: _check_other,
}


def check_changes(
    version: CatalogueVersion, changes: Sequence[CatalogueChange]
) -> list[ChangeProblem]:
    """What :func:`apply_changes` would refuse if the changes were applied, in this order, to
    ``version`` (or a draft copied from it), found by the same rules and without changing
    anything. ``version`` may be approved or locked: nothing is written to it.

    Every problem is returned, each with the index of its change; an empty list means the
    catalogue takes every change.
    """
    found: list[ChangeProblem] = []
    added: set[tuple[ChangeKind, str]] = set()
    for index, given in enumerate(changes):
        try:
            change = replace(given, kind=ChangeKind(given.kind))
        except ValueError:
            found.append(
                ChangeProblem(
                    index, Problem("kind", N_("Unknown field %(name)s."), {"name": given.kind})
                )
            )
            continue
        try:
            problems, new_code = _CHECKS[change.kind](version, change)
        except CatalogueInvalid as err:
            problems, new_code = [_required(p) for p in err.problems], ""
        key = (change.kind, new_code.casefold())
        if new_code and key in added and not any(p.field == "code" for p in problems):
            problems.append(Problem("code", _CODE_TAKEN, {"code": new_code}))
        added.add(key)
        found.extend(ChangeProblem(index, p) for p in problems)
    return found


def _required(problem: Problem) -> Problem:
    """A missing field as the forms say it, named as the rules name it (``owner``)."""
    if problem.message == MISSING:
        name = "owner" if problem.field == "owner_code" else problem.field
        return Problem(name, N_("This field is required."))
    return problem
