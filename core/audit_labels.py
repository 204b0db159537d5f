"""Readable labels for the audit log, and the actions it keeps from those who may not see
them. ``core`` knows no domain: each package's ``init_app`` registers its actions' labels,
its fields' labels (a name, or a function for names with a code in them such as
``coverage.A1-M1.assessment``) and the actions that are private to their author's body
(a consulted body's unsubmitted draft) on the app; the audit view reads what was registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

_KEY = "core.audit_labels"


@dataclass
class AuditLabels:
    actions: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    field_functions: list[Callable[[str], str | None]] = field(default_factory=list)
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
    private: Iterable[str] = (),
) -> None:
    """Add labels (lazily translated strings) and private actions to ``app``'s audit log."""
    labels = _labels(app)
    labels.actions.update(actions or {})
    labels.fields.update(fields or {})
    if field_function is not None and field_function not in labels.field_functions:
        labels.field_functions.append(field_function)
    labels.private.update(private)


def action_label(action: str) -> str:
    """The action in the user's language; an action no package named stays as it is."""
    label = _labels(current_app).actions.get(action)
    return str(label) if label is not None else action


def field_label(name: str) -> str:
    labels = _labels(current_app)
    if name in labels.fields:
        return str(labels.fields[name])
    for function in labels.field_functions:
        found = function(name)
        if found:
            return found
    return name.replace("_", " ").capitalize()


def private_actions() -> tuple[str, ...]:
    """The actions kept out of the log for everyone but administrators."""
    return tuple(sorted(_labels(current_app).private))
