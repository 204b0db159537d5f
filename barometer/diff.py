"""The difference between two catalogue versions, over plain snapshots (pure).

Rows are matched by code at each level: focus areas, goals, indicators and success
criteria. A row present only in the newer version is *added*, only in the older one
*removed*; a row in both with different field values is *changed*, field by field.
Moving a goal to another focus area (or an indicator to another goal, a criterion to
another target) shows as a change of its parent field. Order (position) is not compared.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("focus_areas", "goals", "indicators", "success_criteria")
# Nested rows are compared at their own level; owner names follow the owner's code.
_NOT_COMPARED = {"goals", "indicators", "success_criteria", "owner_name_da", "owner_name_en"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RowChange:
    code: str
    label: str
    fields: tuple[FieldChange, ...] = ()


@dataclass
class LevelDiff:
    added: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class VersionDiff:
    from_number: int
    to_number: int
    levels: dict[str, LevelDiff]

    @property
    def empty(self) -> bool:
        return all(level.empty for level in self.levels.values())

    def to_dict(self) -> dict[str, Any]:
        def row(r: RowChange, with_fields: bool) -> dict[str, Any]:
            out: dict[str, Any] = {"code": r.code, "label": r.label}
            if with_fields:
                out["fields"] = {f.field: {"old": f.old, "new": f.new} for f in r.fields}
            return out

        return {
            "from": self.from_number,
            "to": self.to_number,
            "empty": self.empty,
            **{
                name: {
                    "added": [row(r, False) for r in level.added],
                    "removed": [row(r, False) for r in level.removed],
                    "changed": [row(r, True) for r in level.changed],
                }
                for name, level in self.levels.items()
            },
        }


def _rows(snapshot: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Flatten a snapshot into {level: {code: fields}}, each row naming its parent."""
    out: dict[str, dict[str, dict[str, Any]]] = {level: {} for level in LEVELS}

    def flat(row: Mapping[str, Any], **parent: str) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k not in _NOT_COMPARED} | parent

    for area in snapshot["focus_areas"]:
        out["focus_areas"][area["code"]] = flat(area)
        for goal in area["goals"]:
            out["goals"][goal["code"]] = flat(goal, focus_area=area["code"])
            for c in goal["success_criteria"]:
                out["success_criteria"][c["code"]] = flat(c, target=goal["code"])
            for ind in goal["indicators"]:
                out["indicators"][ind["code"]] = flat(ind, goal=goal["code"])
                for c in ind["success_criteria"]:
                    out["success_criteria"][c["code"]] = flat(c, target=ind["code"])
    return out


def _label(row: Mapping[str, Any]) -> str:
    for key in ("name_da", "text_da", "text"):
        if row.get(key):
            return str(row[key])
    return ""


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[FieldChange]:
    for name in list(old) + [k for k in new if k not in old]:
        if old.get(name) != new.get(name):
            yield FieldChange(name, old.get(name), new.get(name))


def diff_versions(old: Mapping[str, Any], new: Mapping[str, Any]) -> VersionDiff:
    old_rows, new_rows = _rows(old), _rows(new)
    levels: dict[str, LevelDiff] = {}
    for level in LEVELS:
        before, after = old_rows[level], new_rows[level]
        result = LevelDiff()
        for code, row in after.items():
            if code not in before:
                result.added.append(RowChange(code, _label(row)))
        for code, row in before.items():
            if code not in after:
                result.removed.append(RowChange(code, _label(row)))
        for code, row in after.items():
            if code in before:
                changes = tuple(_field_changes(before[code], row))
                if changes:
                    result.changed.append(RowChange(code, _label(row), changes))
        levels[level] = result
    return VersionDiff(old["number"], new["number"], levels)
