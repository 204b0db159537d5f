"""Reading a contract change's fields as the node services take them: JSON values coerced
(numbers, dates, whole numbers), merged over the row's current values into the node's
data class, and the rows a change names looked up by code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import MISSING as NO_DEFAULT
from dataclasses import fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from barometer.errors import CatalogueInvalid
from barometer.models import CatalogueVersion, Goal, Indicator
from barometer.validation import Problem
from core.errors import N_, NotFound
from core.extensions import db

MISSING = N_("The field %(name)s is missing.")


def refused(field_name: str, message: str, **params: Any) -> CatalogueInvalid:
    """The error for one field of a change, as the node services raise it."""
    return CatalogueInvalid([Problem(field_name, message, params)])


def _decimal(name: str, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise refused(name, N_("%(value)s is not a number."), value=value) from None
    if not result.is_finite():
        raise refused(name, N_("%(value)s is not a number."), value=value)
    return result


def _date(name: str, value: Any) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise refused(name, N_("%(value)s is not a date."), value=value) from None


_DECIMALS = {"target_value", "min_change", "baseline_value"}
_DATES = {"decision_date", "last_updated"}
_INTS = {"decimals", "direction", "number"}
_OPTIONAL_INTS = {"measured_half"}


def _coerce(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in _DECIMALS:
            out[name] = _decimal(name, value)
        elif name in _DATES:
            out[name] = _date(name, value)
        elif name in _OPTIONAL_INTS and (value is None or value == ""):
            out[name] = None
        elif name in _INTS | _OPTIONAL_INTS:
            try:
                out[name] = int(value)
            except (TypeError, ValueError):
                raise refused(name, N_("%(value)s is not a whole number."), value=value) from None
        else:
            out[name] = value
    return out


def build_data(cls: type, current: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
    """The node data (``cls``) of ``current`` values with the change's ``values`` over them;
    ``goal`` and ``focus_area`` (moves) are left to the caller."""
    names = {f.name for f in fields(cls)}
    unknown = set(values) - names - {"goal", "focus_area"}
    if unknown:
        raise refused(sorted(unknown)[0], N_("Unknown field %(name)s."), name=sorted(unknown)[0])
    merged = {k: v for k, v in current.items() if k in names} | {
        k: v for k, v in _coerce(values).items() if k in names
    }
    missing = [
        f.name
        for f in fields(cls)
        if f.name not in merged and f.default is NO_DEFAULT and f.default_factory is NO_DEFAULT
    ]
    if missing:
        raise refused(missing[0], MISSING, name=missing[0])
    return cls(**merged)


def find_row(model: type, version: CatalogueVersion, code: str) -> Any:
    found = find_row_or_none(model, version, code)
    if found is None:
        raise NotFound(N_("Nothing with the code %(code)s in this version."), code=code)
    return found


def current_values(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    values = {n: getattr(obj, n) for n in names if hasattr(obj, n)}
    if isinstance(obj, Indicator):
        values["owner_code"] = obj.owner.code
        values["kind"], values["unit"] = str(obj.kind), str(obj.unit)
    return values


def find_target_or_none(version: CatalogueVersion, code: str) -> Goal | Indicator | None:
    indicator = db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == code)
    )
    if indicator is not None:
        return indicator
    return db.session.scalar(select(Goal).where(Goal.version_id == version.id, Goal.code == code))


def find_target(version: CatalogueVersion, code: str) -> Goal | Indicator:
    """The goal or indicator a success criterion is added to."""
    target = find_target_or_none(version, code)
    if target is not None:
        return target
    raise NotFound(N_("No goal or indicator with the code %(code)s in this version."), code=code)


def find_row_or_none(model: type, version: CatalogueVersion, code: str) -> Any:
    return db.session.scalar(
        select(model).where(model.version_id == version.id, model.code == code)  # type: ignore[attr-defined]
    )
