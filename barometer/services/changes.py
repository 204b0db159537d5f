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

from barometer.errors import CatalogueInvalid
from barometer.models import (
    CatalogueChangeRecord,
    CatalogueVersion,
    FocusArea,
    Goal,
    Indicator,
    SuccessCriterion,
)
from barometer.services import catalogue as svc
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
        svc.add_criterion(target, _build(svc.CriterionData, {}, values), actor=actor, now=now)
    elif kind == ChangeKind.CHANGE_SUCCESS_CRITERION:
        row = _row(SuccessCriterion, version, code)
        data = _build(svc.CriterionData, _current(row, svc.CRITERION_FIELDS), values)
        svc.update_criterion(row, data, actor=actor, now=now)
    elif kind == ChangeKind.REMOVE_SUCCESS_CRITERION:
        svc.delete_criterion(_row(SuccessCriterion, version, code), actor=actor, now=now)
    elif kind == ChangeKind.ADD_INDICATOR:
        goal = _row(Goal, version, code)
        svc.add_indicator(goal, _build(svc.IndicatorData, {}, values), actor=actor, now=now)
    elif kind == ChangeKind.CHANGE_INDICATOR:
        row = _row(Indicator, version, code)
        data = _build(svc.IndicatorData, _current(row, svc.INDICATOR_FIELDS), values)
        goal = _row(Goal, version, values["goal"]) if values.get("goal") else None
        svc.update_indicator(row, data, actor=actor, now=now, goal=goal)
    elif kind == ChangeKind.REMOVE_INDICATOR:
        svc.delete_indicator(_row(Indicator, version, code), actor=actor, now=now)
    elif kind == ChangeKind.ADD_GOAL:
        area = _row(FocusArea, version, code)
        svc.add_goal(area, _build(svc.GoalData, {}, values), actor=actor, now=now)
    elif kind == ChangeKind.CHANGE_GOAL:
        row = _row(Goal, version, code)
        data = _build(svc.GoalData, _current(row, svc.GOAL_FIELDS), values)
        area = _row(FocusArea, version, values["focus_area"]) if values.get("focus_area") else None
        svc.update_goal(row, data, actor=actor, now=now, focus_area=area)


def _goal_or_indicator(version: CatalogueVersion, code: str) -> Goal | Indicator:
    indicator = db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == code)
    )
    if indicator is not None:
        return indicator
    goal = db.session.scalar(select(Goal).where(Goal.version_id == version.id, Goal.code == code))
    if goal is not None:
        return goal
    raise NotFound(N_("No goal or indicator with the code %(code)s in this version."), code=code)


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
    svc.ensure_editable(draft_version)
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
