"""Measurement values: the unit rules and planning a set of entries.

Pure functions over plain values (no database): the entry form and the file import
(:mod:`barometer.measurement_sheet`) both turn their input into :class:`Entry` objects
and call :func:`plan_entries`, which lists every problem (by row and column) and, when
there is none, what would change - new values, corrections with their old values,
unchanged rows. The service writes a plan only when it has no problem, so an import is
all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from barometer.errors import ImportProblem
from barometer.status_method import round_value
from core.errors import N_

MAX_NOTE = 2000
MAX_SOURCE = 300
MAX_REASON = 1000
MAX_ABS_VALUE = Decimal("1e14")


@dataclass(frozen=True)
class IndicatorSpec:
    """What the rules need to know of an indicator (from the catalogue version in use)."""

    code: str
    name_da: str
    name_en: str | None
    unit: str
    decimals: int
    owner_id: int
    owner_code: str
    kind: str = "effect"

    def name(self, locale: str = "da") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_da


def not_the_owner(row: int, code: str, spec: IndicatorSpec) -> ImportProblem:
    """The problem of a value entered for ``code``, an indicator of another administration."""
    return ImportProblem(
        row,
        "code",
        N_("%(code)s belongs to %(owner)s: only its data contacts enter its values."),
        code=code,
        owner=spec.owner_code,
    )


@dataclass(frozen=True)
class Existing:
    """The current measurement of a code in the period."""

    value: Decimal | None
    provisional: bool
    note: str
    source: str
    lock_version: int
    note_en: str = ""
    source_en: str = ""


@dataclass(frozen=True)
class Entry:
    """One value to save, from a form row or a file row.

    ``expected_version`` is the measurement's lock version when the form was opened: 0
    when there was none, None when not checked (a file states no version).
    """

    code: str
    value: Decimal | None
    provisional: bool = False
    note: str = ""
    source: str = ""
    reason: str = ""
    expected_version: int | None = None
    row: int = 0
    # The English note and source; None: not given here (the registered ones are kept).
    note_en: str | None = None
    source_en: str | None = None


class ChangeKind(StrEnum):
    NEW = "new"
    CORRECTION = "correction"  # the value or the provisional flag changes: needs a reason
    UPDATE = "update"  # only the note or the source changes
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    entry: Entry
    kind: ChangeKind
    old: Existing | None


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped_rows: int = 0

    def of_kind(self, *kinds: ChangeKind) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    @property
    def writes(self) -> list[Change]:
        return [c for c in self.changes if c.kind != ChangeKind.UNCHANGED]


# -- the unit rules ------------------------------------------------------------------------


def decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def shown(value: Decimal) -> str:
    """A value as typed, without trailing zeros (``46.40`` reads ``46.4``)."""
    return format(value.normalize(), "f")


def value_problems(value: Decimal, unit: str, decimals: int) -> list[tuple[str, dict[str, Any]]]:
    """What is wrong with a value for an indicator of this unit and number of decimals."""
    text = Decimal(shown(value))  # written the reader's way when the message is shown
    problems: list[tuple[str, dict[str, Any]]] = []
    if abs(value) >= MAX_ABS_VALUE:
        return [(N_("%(value)s is too large."), {"value": text})]
    if unit == "count" and (value < 0 or value != value.to_integral_value()):
        problems.append(
            (N_("A count must be a whole number of at least 0; %(value)s is not."), {"value": text})
        )
    elif decimals_of(value) > decimals:
        problems.append(
            (
                N_("%(value)s has too many decimals: the indicator has at most %(decimals)s."),
                {"value": text, "decimals": decimals},
            )
        )
    if unit == "percent" and not Decimal(0) <= value <= Decimal(100):
        problems.append(
            (N_("A percentage must be between 0 and 100; %(value)s is not."), {"value": text})
        )
    if unit in ("rate_per_1000", "amount_dkk", "index") and value < 0:
        problems.append((N_("The value cannot be negative; %(value)s is."), {"value": text}))
    if unit == "rate_per_1000" and value > 1000:
        problems.append(
            (N_("A rate per 1,000 must be at most 1,000; %(value)s is not."), {"value": text})
        )
    return problems


# -- planning ------------------------------------------------------------------------------


def _kind(entry: Entry, old: Existing | None) -> ChangeKind:
    if old is None:
        return ChangeKind.NEW
    if old.value is None and entry.value is not None:
        return ChangeKind.NEW  # registered as "no value": the first value is no correction
    if old.value != entry.value or old.provisional != entry.provisional:
        return ChangeKind.CORRECTION
    if old.note != entry.note or old.source != entry.source:
        return ChangeKind.UPDATE
    if entry.note_en not in (None, old.note_en) or entry.source_en not in (None, old.source_en):
        return ChangeKind.UPDATE
    return ChangeKind.UNCHANGED


def _lengths(entry: Entry) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for column, text, limit in (
        ("note", entry.note, MAX_NOTE),
        ("source", entry.source, MAX_SOURCE),
        ("note_en", entry.note_en or "", MAX_NOTE),
        ("source_en", entry.source_en or "", MAX_SOURCE),
        ("reason", entry.reason, MAX_REASON),
    ):
        if len(text) > limit:
            found.append((column, N_("At most %(max)s characters."), {"max": limit}))
    return found


def entry_problems(
    entry: Entry, spec: IndicatorSpec, old: Existing | None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(column, message, params) for each problem of one entry."""
    found = _lengths(entry)
    if entry.value is None:
        if not entry.note.strip():
            found.append(("value", N_("Give a value, or a note saying why there is none."), {}))
    else:
        found += [("value", m, p) for m, p in value_problems(entry.value, spec.unit, spec.decimals)]
    if old is not None and _kind(entry, old) == ChangeKind.CORRECTION and not entry.reason.strip():
        before = "–" if old.value is None else round_value(old.value, spec.decimals)
        found.append(
            (
                "reason",
                N_(
                    "This changes the registered value (%(old)s): give a reason for the correction."
                ),
                {"old": before},
            )
        )
    return found


def plan_entries(
    entries: Iterable[Entry],
    specs: Mapping[str, IndicatorSpec],
    existing: Mapping[str, Existing],
    allowed_owner_ids: Iterable[int] | None = None,
) -> Plan:
    """Check every entry and say what saving them would change.

    ``allowed_owner_ids``: the administrations whose indicators the actor may enter
    values for (None: every one, as for the secretariat).
    """
    allowed = None if allowed_owner_ids is None else set(allowed_owner_ids)
    plan = Plan()
    seen: dict[str, int] = {}
    for entry in entries:
        spec = specs.get(entry.code)
        if spec is None:
            plan.problems.append(
                ImportProblem(
                    entry.row, "code", N_("Unknown indicator code %(code)s."), code=entry.code
                )
            )
            continue
        if entry.code in seen:
            plan.problems.append(
                ImportProblem(
                    entry.row,
                    "code",
                    N_("The indicator %(code)s appears more than once (first in row %(first)s)."),
                    code=entry.code,
                    first=seen[entry.code],
                )
            )
            continue
        seen[entry.code] = entry.row
        if allowed is not None and spec.owner_id not in allowed:
            plan.problems.append(not_the_owner(entry.row, entry.code, spec))
            continue
        old = existing.get(entry.code)
        found = entry_problems(entry, spec, old)
        plan.problems += [ImportProblem(entry.row, c, m, **p) for c, m, p in found]
        if not found:
            plan.changes.append(Change(entry, _kind(entry, old), old))
    return plan
