"""The difference between two catalogue versions, over plain snapshots (pure).

Rows are matched by code at each level: focus areas, goals, indicators and success
criteria. A row present only in the newer version is *added*, only in the older one
*removed*; a row in both with different field values is *changed*, field by field.
Moving a goal to another focus area (or an indicator to another goal, a criterion to
another target) shows as a change of its parent field. Order (position) is not compared.
Breakdown dimensions are a level of their own (their categories compared as one text, in
order), and the dimensions chosen for an indicator are a field of it (``breakdowns``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("focus_areas", "goals", "indicators", "success_criteria", "breakdown_dimensions")
# Nested rows are compared at their own level; owner names follow the owner's code.
# category_list: a dimension's categories are compared as their one text ("categories").
_NOT_COMPARED = {
    "goals", "indicators", "success_criteria", "owner_name_da", "owner_name_en", "category_list",
}  # fmt: skip


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
    label_en: str = ""  # the English name or text, when the row has one


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
                # A snapshot older than breakdowns has none chosen.
                out["indicators"][ind["code"]] = {"breakdowns": ""} | flat(ind, goal=goal["code"])
                for c in ind["success_criteria"]:
                    out["success_criteria"][c["code"]] = flat(c, target=ind["code"])
    for dimension in snapshot.get("breakdown_dimensions", []):
        out["breakdown_dimensions"][dimension["code"]] = flat(dimension)
    return out


def _label(row: Mapping[str, Any]) -> str:
    for key in ("name_da", "text_da", "text"):
        if row.get(key):
            return str(row[key])
    return ""


def _label_en(row: Mapping[str, Any]) -> str:
    for key in ("name_en", "text_en"):
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
                result.added.append(RowChange(code, _label(row), label_en=_label_en(row)))
        for code, row in before.items():
            if code not in after:
                result.removed.append(RowChange(code, _label(row), label_en=_label_en(row)))
        for code, row in after.items():
            if code in before:
                changes = tuple(_field_changes(before[code], row))
                if changes:
                    result.changed.append(
                        RowChange(code, _label(row), changes, label_en=_label_en(row))
                    )
        levels[level] = result
    return VersionDiff(old["number"], new["number"], levels)


# -- the three-way check: a change made on an older version, applied to a newer one ----------

# The level of the row each kind of change acts on, and of the parent an addition goes into.
_ACTS_ON = {
    "change_success_criterion": "success_criteria",
    "remove_success_criterion": "success_criteria",
    "change_indicator": "indicators",
    "remove_indicator": "indicators",
    "change_goal": "goals",
}
_ADDS_TO = {"add_indicator": ("goals", "indicators"), "add_goal": ("focus_areas", "goals")}
# A change's field names where the snapshot names them otherwise.
_SNAPSHOT_NAME = {"owner_code": "owner"}


@dataclass(frozen=True)
class Conflict:
    """What changed meanwhile in a row a change touches: ``what`` is "removed", "changed"
    (with the fields, old = the base version's value, new = the newer one's) or "added"
    (a row with the code the change adds, or a success criterion added to its target)."""

    level: str
    code: str
    what: str
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "code": self.code,
            "what": self.what,
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields],
        }


def _row_conflict(
    base: Mapping[str, dict[str, Any]],
    theirs: Mapping[str, dict[str, Any]],
    level: str,
    code: str,
    only: set[str] | None = None,
) -> Conflict | None:
    """The row as it changed from base to theirs (``only`` these fields, if given)."""
    if code not in base:
        return None  # not in the consulted version: the catalogue's own check speaks
    if code not in theirs:
        return Conflict(level, code, "removed")
    changed = tuple(
        f for f in _field_changes(base[code], theirs[code]) if only is None or f.field in only
    )
    return Conflict(level, code, "changed", changed) if changed else None


def conflicts_meanwhile(
    base: Mapping[str, Any],
    theirs: Mapping[str, Any],
    kind: str,
    target_code: str,
    fields: Mapping[str, Any],
) -> list[Conflict]:
    """Whether a change written against ``base`` touches what changed between ``base`` and
    ``theirs`` (snapshots): the row it changes or removes (for a change, only the fields it
    sets), or the row it adds to and, for a success criterion, that row's criteria."""
    old, new = _rows(base), _rows(theirs)
    found: list[Conflict] = []

    def add(conflict: Conflict | None) -> None:
        if conflict is not None:
            found.append(conflict)

    if kind in _ACTS_ON:
        level = _ACTS_ON[kind]
        only = None
        if kind.startswith("change_"):
            only = {_SNAPSHOT_NAME.get(name, name) for name in fields}
        add(_row_conflict(old[level], new[level], level, target_code, only))
    elif kind == "add_success_criterion":
        level = "indicators" if target_code in old["indicators"] else "goals"
        add(_row_conflict(old[level], new[level], level, target_code))
        criteria = old["success_criteria"], new["success_criteria"]
        codes = {c for rows in criteria for c, row in rows.items() if row["target"] == target_code}
        for code in sorted(codes):
            if code not in criteria[0]:
                found.append(Conflict("success_criteria", code, "added"))
            else:
                add(_row_conflict(criteria[0], criteria[1], "success_criteria", code))
    elif kind in _ADDS_TO:
        parent, level = _ADDS_TO[kind]
        add(_row_conflict(old[parent], new[parent], parent, target_code))
        code = str(fields.get("code") or "")
        if code and code in new[level] and code not in old[level]:
            found.append(Conflict(level, code, "added"))
    return found
