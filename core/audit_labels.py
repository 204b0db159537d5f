"""Readable labels for the audit log, and the actions it keeps from those who may not see
them. ``core`` knows no domain: each package's ``init_app`` registers its actions' labels,
its object types' labels, its fields' labels (a name, or a function for names with a code in
them such as ``coverage.A1-M1.assessment``), how a field's stored values read (a unit, a
state, a body's id) and the actions that are private to their author's body (a consulted
body's unsubmitted draft) on the app; the audit view reads what was registered.

Values are stored as JSON (dates as ISO text, decimals as text); whatever no package names
is written the reader's way: dates and times as dates, decimals with the locale's comma,
true and false as yes and no, lists joined.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _

from core.i18n import local_date, local_datetime, number

_KEY = "core.audit_labels"


@dataclass
class AuditLabels:
    actions: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    field_functions: list[Callable[[str], str | None]] = field(default_factory=list)
    object_types: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Callable[[Any], str | None]] = field(default_factory=dict)
    value_functions: list[Callable[[str, Any], str | None]] = field(default_factory=list)
    private: set[str] = field(default_factory=set)


def _labels(app: Flask) -> AuditLabels:
    found: AuditLabels = app.extensions.setdefault(_KEY, AuditLabels())
    return found


def register(
    app: Flask,
    *,
    actions: Mapping[str, Any] | None = None,
    fields: Mapping[str, Any] | None = None,
    field_function: Callable[[str], str | None] | None = None,
    object_types: Mapping[str, Any] | None = None,
    values: Mapping[str, Callable[[Any], str | None]] | None = None,
    value_function: Callable[[str, Any], str | None] | None = None,
    private: Iterable[str] = (),
) -> None:
    """Add labels (lazily translated strings), value readers (per field name, or a function
    of the name and the value) and private actions to ``app``'s audit log."""
    labels = _labels(app)
    labels.actions.update(actions or {})
    labels.fields.update(fields or {})
    labels.object_types.update(object_types or {})
    labels.values.update(values or {})
    if field_function is not None and field_function not in labels.field_functions:
        labels.field_functions.append(field_function)
    if value_function is not None and value_function not in labels.value_functions:
        labels.value_functions.append(value_function)
    labels.private.update(private)


def action_label(action: str) -> str:
    """The action in the user's language; an action no package named stays as it is."""
    label = _labels(current_app).actions.get(action)
    return str(label) if label is not None else action


def field_label(name: str, object_type: str = "") -> str:
    """The field's name; one registered as ``"Type.name"`` is that object type's own."""
    labels = _labels(current_app)
    for key in (f"{object_type}.{name}", name):
        if key in labels.fields:
            return str(labels.fields[key])
    for function in labels.field_functions:
        found = function(name)
        if found:
            return found
    return name.replace("_", " ").capitalize()


def object_type_label(name: str) -> str:
    """The kind of object an entry is about (a hearing, a measurement period)."""
    label = _labels(current_app).object_types.get(name)
    return str(label) if label is not None else name


_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def value_label(name: str, value: Any, object_type: str = "") -> str:
    """A field's old or new value as the reader reads it: "–" for none. A reader registered
    as ``"Type.name"`` reads that object type's field."""
    if value is None or value in ("", []):
        return "–"
    labels = _labels(current_app)
    reader = labels.values.get(f"{object_type}.{name}") or labels.values.get(name)
    found = reader(value) if reader is not None else None
    for function in labels.value_functions:
        found = found if found is not None else function(name, value)
    if found is not None:
        return found
    return _plain(name, value)


def _plain(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(value_label(name, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {value_label(str(key), v)}" for key, v in value.items())
    return _text(str(value))


def _text(value: str) -> str:
    """An ISO date or time, or a decimal, stored as text, the reader's way."""
    try:
        if _DATETIME.match(value):
            return local_datetime(datetime.fromisoformat(value), "short")
        if _DATE.match(value):
            return local_date(date.fromisoformat(value), "medium")
    except ValueError:
        return value
    if _DECIMAL.match(value):
        decimal = Decimal(value)
        return number(decimal, -int(decimal.as_tuple().exponent))
    return value


_DATE_IN_TEXT = re.compile(r"\b\d{4}-\d\d-\d\d\b")


def summary_text(summary: str) -> str:
    """An entry's summary, its dates (written as ISO dates when it was recorded) the reader's
    way."""

    def local(match: re.Match[str]) -> str:
        try:
            return local_date(date.fromisoformat(match.group(0)), "medium")
        except ValueError:
            return match.group(0)

    return _DATE_IN_TEXT.sub(local, summary or "")


def value_language(name: str) -> str | None:
    """The language of a field's content when its name says it (``name_en``, ``text_da``)."""
    suffix = name.rpartition("_")[2]
    return suffix if suffix in ("da", "en") else None


def private_actions() -> tuple[str, ...]:
    """The actions kept out of the log for everyone but administrators."""
    return tuple(sorted(_labels(current_app).private))
