"""The catalogue's inbound contract: typed changes applied to a draft, with provenance.

A later package (the hearing's decisions) hands a list of :class:`CatalogueChange` and
one :class:`Provenance` to :func:`apply_changes`. Each change goes through the same
services, and so the same validation, as the staff forms; each is recorded as a
:class:`~barometer.models.CatalogueChangeRecord` so the version can say where every
change came from. ``barometer`` never imports the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from barometer import catalogue_data
from barometer.errors import CatalogueInvalid
from barometer.models import (
    CatalogueChangeRecord,
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    SuccessCriterion,
)
from barometer.services import catalogue_checks, catalogue_versions
from barometer.services import catalogue_nodes as svc
from barometer.validation import Problem
from core import audit
from core.errors import N_, NotFound
from core.extensions import db
from core.models import User


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
        return {k: _jsonable(v) for k, v in self.references.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def _problem(field_name: str, message: str, **params: Any) -> CatalogueInvalid:
    return CatalogueInvalid([Problem(field_name, message, params)])


def _decimal(name: str, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise _problem(name, N_("%(value)s is not a number."), value=value) from None
    if not result.is_finite():
        raise _problem(name, N_("%(value)s is not a number."), value=value)
    return result


def _date(name: str, value: Any) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _problem(name, N_("%(value)s is not a date."), value=value) from None


_DECIMALS = {"target_value", "min_change", "baseline_value"}
_DATES = {"decision_date"}
_INTS = {"decimals", "direction", "number"}


def _coerce(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in _DECIMALS:
            out[name] = _decimal(name, value)
        elif name in _DATES:
            out[name] = _date(name, value)
        elif name in _INTS:
            try:
                out[name] = int(value)
            except (TypeError, ValueError):
                raise _problem(name, N_("%(value)s is not a whole number."), value=value) from None
        else:
            out[name] = value
    return out


def _build(cls: type, current: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    unknown = set(values) - names - {"goal", "focus_area"}
    if unknown:
        raise _problem(sorted(unknown)[0], N_("Unknown field %(name)s."), name=sorted(unknown)[0])
    merged = {k: v for k, v in current.items() if k in names} | {
        k: v for k, v in _coerce(values).items() if k in names
    }
    missing = [
        f.name
        for f in fields(cls)
        if f.name not in merged and f.default is MISSING and f.default_factory is MISSING
    ]
    if missing:
        raise _problem(missing[0], N_("The field %(name)s is missing."), name=missing[0])
    return cls(**merged)


def _row(model: type, version: CatalogueVersion, code: str) -> Any:
    row = db.session.scalar(
        select(model).where(model.version_id == version.id, model.code == code)  # type: ignore[attr-defined]
    )
    if row is None:
        raise NotFound(N_("Nothing with the code %(code)s in this version."), code=code)
    return row


def _current(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    values = {n: getattr(obj, n) for n in names if hasattr(obj, n)}
    if isinstance(obj, Indicator):
        values["owner_code"] = obj.owner.code
        values["kind"], values["unit"] = str(obj.kind), str(obj.unit)
    return values


def _apply_one(
    version: CatalogueVersion, change: CatalogueChange, actor: User | None, now: datetime
) -> None:
    kind, code, values = change.kind, change.target_code, change.fields
    if kind == ChangeKind.OTHER:
        return
    if kind == ChangeKind.ADD_SUCCESS_CRITERION:
        target = _goal_or_indicator(version, code)
        svc.add_criterion(
            target, _build(catalogue_data.CriterionData, {}, values), actor=actor, now=now
        )
    elif kind == ChangeKind.CHANGE_SUCCESS_CRITERION:
        row = _row(SuccessCriterion, version, code)
        data = _build(
            catalogue_data.CriterionData, _current(row, catalogue_data.CRITERION_FIELDS), values
        )
        svc.update_criterion(row, data, actor=actor, now=now)
    elif kind == ChangeKind.REMOVE_SUCCESS_CRITERION:
        svc.delete_criterion(_row(SuccessCriterion, version, code), actor=actor, now=now)
    elif kind == ChangeKind.ADD_INDICATOR:
        goal = _row(Goal, version, code)
        svc.add_indicator(
            goal, _build(catalogue_data.IndicatorData, {}, values), actor=actor, now=now
        )
    elif kind == ChangeKind.CHANGE_INDICATOR:
        row = _row(Indicator, version, code)
        data = _build(
            catalogue_data.IndicatorData, _current(row, catalogue_data.INDICATOR_FIELDS), values
        )
        goal = _row(Goal, version, values["goal"]) if values.get("goal") else None
        svc.update_indicator(row, data, actor=actor, now=now, goal=goal)
    elif kind == ChangeKind.REMOVE_INDICATOR:
        svc.delete_indicator(_row(Indicator, version, code), actor=actor, now=now)
    elif kind == ChangeKind.ADD_GOAL:
        area = _row(FocusArea, version, code)
        svc.add_goal(area, _build(catalogue_data.GoalData, {}, values), actor=actor, now=now)
    elif kind == ChangeKind.CHANGE_GOAL:
        row = _row(Goal, version, code)
        data = _build(catalogue_data.GoalData, _current(row, catalogue_data.GOAL_FIELDS), values)
        area = _row(FocusArea, version, values["focus_area"]) if values.get("focus_area") else None
        svc.update_goal(row, data, actor=actor, now=now, focus_area=area)


def _goal_or_indicator_or_none(version: CatalogueVersion, code: str) -> Goal | Indicator | None:
    indicator = db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == code)
    )
    if indicator is not None:
        return indicator
    return db.session.scalar(select(Goal).where(Goal.version_id == version.id, Goal.code == code))


def _goal_or_indicator(version: CatalogueVersion, code: str) -> Goal | Indicator:
    target = _goal_or_indicator_or_none(version, code)
    if target is not None:
        return target
    raise NotFound(N_("No goal or indicator with the code %(code)s in this version."), code=code)


@dataclass(frozen=True)
class ChangeProblem:
    """What the catalogue refuses in the change at ``index`` of the list checked."""

    index: int
    problem: Problem


_MISSING = N_("The field %(name)s is missing.")
_CODE_TAKEN = N_("The code %(code)s is already used in this version.")


def _row_or_none(model: type, version: CatalogueVersion, code: str) -> Any:
    return db.session.scalar(
        select(model).where(model.version_id == version.id, model.code == code)  # type: ignore[attr-defined]
    )


def _target_problem(model: type, version: CatalogueVersion, code: str) -> list[Problem]:
    if _row_or_none(model, version, code) is None:
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
    target = _goal_or_indicator_or_none(version, change.target_code)
    if target is None:
        message = N_("No goal or indicator with the code %(code)s in this version.")
        return [Problem("target", message, {"code": change.target_code})], ""
    data = _build(catalogue_data.CriterionData, {}, change.fields)
    return catalogue_checks.criterion_data_problems(target, data), ""


def _check_change_criterion(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    row = _row_or_none(SuccessCriterion, version, change.target_code)
    if row is None:
        return _target_problem(SuccessCriterion, version, change.target_code), ""
    current = _current(row, catalogue_data.CRITERION_FIELDS)
    data = _build(catalogue_data.CriterionData, current, change.fields)
    target = row.indicator or row.goal
    problems = catalogue_checks.criterion_data_problems(target, data, row)
    return problems + _unchanged(current, data, change.fields), ""


def _check_add_indicator(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    problems = _target_problem(Goal, version, change.target_code)
    data = _build(catalogue_data.IndicatorData, {}, change.fields)
    return problems + catalogue_checks.indicator_data_problems(version, data), data.code.strip()


def _check_change_indicator(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    values = change.fields
    row = _row_or_none(Indicator, version, change.target_code)
    if row is None:
        return _target_problem(Indicator, version, change.target_code), ""
    current = _current(row, catalogue_data.INDICATOR_FIELDS)
    data = _build(catalogue_data.IndicatorData, current, values)
    problems = _target_problem(Goal, version, values["goal"]) if values.get("goal") else []
    problems += catalogue_checks.indicator_data_problems(version, data, row)
    return problems + _unchanged(current, data, values), ""


def _check_add_goal(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    problems = _target_problem(FocusArea, version, change.target_code)
    data = _build(catalogue_data.GoalData, {}, change.fields)
    return problems + catalogue_checks.goal_data_problems(version, data), data.code.strip()


def _check_change_goal(version: CatalogueVersion, change: CatalogueChange) -> _Checked:
    values = change.fields
    row = _row_or_none(Goal, version, change.target_code)
    if row is None:
        return _target_problem(Goal, version, change.target_code), ""
    current = _current(row, catalogue_data.GOAL_FIELDS)
    data = _build(catalogue_data.GoalData, current, values)
    area = values.get("focus_area")
    problems = _target_problem(FocusArea, version, area) if area else []
    problems += catalogue_checks.goal_data_problems(version, data, row)
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
    if problem.message == _MISSING:
        name = "owner" if problem.field == "owner_code" else problem.field
        return Problem(name, N_("This field is required."))
    return problem


def current_fields(version: CatalogueVersion, kind: str, code: str) -> dict[str, Any]:
    """The current values of the row a ``change_*`` change acts on, by the contract's names
    as JSON values (empty if there is no such row, or for any other kind)."""
    models = {
        ChangeKind.CHANGE_INDICATOR: (Indicator, catalogue_data.INDICATOR_FIELDS),
        ChangeKind.CHANGE_GOAL: (Goal, catalogue_data.GOAL_FIELDS),
        ChangeKind.CHANGE_SUCCESS_CRITERION: (SuccessCriterion, catalogue_data.CRITERION_FIELDS),
    }
    if kind not in models:
        return {}
    model, names = models[ChangeKind(kind)]
    row = _row_or_none(model, version, code)
    if row is None:
        return {}
    values = _current(row, names)
    values.pop("owner_id", None)
    return _jsonable(values)


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
    catalogue_versions.ensure_editable(draft_version)
    records = []
    for given in changes:
        change = replace(given, kind=ChangeKind(given.kind))
        _apply_one(draft_version, change, actor, now)
        record = CatalogueChangeRecord(
            version_id=draft_version.id,
            kind=str(change.kind),
            target_code=",".join(change.target_codes),
            fields=_jsonable(dict(change.fields)),
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
