"""Measurement periods and measurements: opening and closing periods, saving values.

Services take ``actor`` and ``now``, flush, write the audit entry and never commit.
Saving is all or nothing: every entry is checked first (:mod:`barometer.measurement_import`)
and nothing is written when one has a problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from barometer.errors import ImportProblem, ImportRejected
from barometer.measurement_import import (
    Change,
    ChangeKind,
    Entry,
    Existing,
    IndicatorSpec,
    Plan,
    plan_entries,
)
from barometer.measurement_sheet import KEYS, parse_file
from barometer.models import Measurement, MeasurementCorrection, MeasurementPeriod, PeriodState
from barometer.period import Period
from core import audit
from core.clock import LOCAL_TZ
from core.errors import N_, AlreadyExists, Forbidden, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import Role, User
from core.spreadsheets import SheetLimits

MEASUREMENT_FIELDS = ("value", "provisional", "note", "note_en", "source", "source_en")


@dataclass(frozen=True)
class PeriodData:
    code: str
    collection_deadline: datetime


def end_of_day(day: date) -> datetime:
    """A deadline given as a date means the end of that day, Copenhagen time (as UTC)."""
    local = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=LOCAL_TZ)
    return (local - timedelta(seconds=1)).astimezone(UTC)


def parse_period_code(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError:
        raise ValidationFailed(
            N_("%(code)s is not a half-year; write it like 2007-H1."), code=code
        ) from None


def period_by_code(code: str) -> MeasurementPeriod | None:
    return db.session.scalar(select(MeasurementPeriod).where(MeasurementPeriod.code == code))


def open_period(data: PeriodData, *, actor: User | None, now: datetime) -> MeasurementPeriod:
    period = parse_period_code(data.code)
    if period_by_code(str(period)) is not None:
        raise AlreadyExists(N_("The period %(code)s already exists."), code=str(period))
    row = MeasurementPeriod(
        code=str(period),
        collection_deadline=data.collection_deadline,
        state=PeriodState.OPEN,
        opened_at=now,
        opened_by_id=actor.id if actor else None,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor,
        "measurement_period.opened",
        row,
        now=now,
        summary=row.code,
        changes={"collection_deadline": {"old": None, "new": data.collection_deadline.isoformat()}},
    )
    return row


def close_period(row: MeasurementPeriod, *, actor: User | None, now: datetime) -> None:
    if row.state == PeriodState.CLOSED:
        return
    row.state, row.closed_at = PeriodState.CLOSED, now
    db.session.flush()
    audit.record(
        actor,
        "measurement_period.closed",
        row,
        now=now,
        summary=row.code,
        changes={"state": {"old": "open", "new": "closed"}},
    )


def reopen_period(row: MeasurementPeriod, *, actor: User | None, now: datetime) -> None:
    if row.state == PeriodState.OPEN:
        return
    row.state, row.closed_at = PeriodState.OPEN, None
    db.session.flush()
    audit.record(
        actor,
        "measurement_period.reopened",
        row,
        now=now,
        summary=row.code,
        changes={"state": {"old": "closed", "new": "open"}},
    )


# -- who may enter what ------------------------------------------------------------------


def allowed_owner_ids(actor: User | None, period: MeasurementPeriod) -> set[int] | None:
    """The administrations whose values the actor may enter in the period (None: all).

    The secretariat (and the system, for the demo and the CLI run by an operator) may
    enter every value, also in a closed period; a data contact only their
    administration's, and only while the period is open.
    """
    if actor is None or actor.has_role(Role.SECRETARIAT):
        return None
    if not period.is_open:
        return set()
    return {b.id for b in actor.data_contact_bodies}


def existing_for(
    period: MeasurementPeriod, codes: Sequence[str] | None = None
) -> dict[str, Existing]:
    query = select(Measurement).where(Measurement.period_id == period.id)
    if codes is not None:
        query = query.where(Measurement.indicator_code.in_(list(codes)))
    return {m.indicator_code: _existing(m) for m in db.session.scalars(query)}


def _existing(m: Measurement) -> Existing:
    return Existing(
        m.value, m.provisional, m.note or "", m.source or "", m.lock_version,
        m.note_en or "", m.source_en or "",
    )  # fmt: skip


def plan(
    period: MeasurementPeriod,
    entries: Sequence[Entry],
    specs: Mapping[str, IndicatorSpec],
    *,
    actor: User | None,
) -> Plan:
    """What saving the entries would change, with every problem; writes nothing."""
    codes = [e.code for e in entries]
    return plan_entries(
        entries, specs, existing_for(period, codes), allowed_owner_ids(actor, period)
    )


def _check_access(
    period: MeasurementPeriod,
    entries: Sequence[Entry],
    specs: Mapping[str, IndicatorSpec],
    actor: User | None,
) -> None:
    allowed = allowed_owner_ids(actor, period)
    if allowed is None:
        return
    if not period.is_open:
        raise Forbidden(
            N_("The period %(code)s is closed: only the secretariat can change its values."),
            code=period.code,
        )
    for e in entries:
        spec = specs.get(e.code)
        if spec is not None and spec.owner_id not in allowed:
            raise Forbidden(
                N_("%(code)s belongs to %(owner)s: only its data contacts enter its values."),
                code=e.code,
                owner=spec.owner_code,
            )


def _check_stale(entries: Sequence[Entry], existing: Mapping[str, Existing]) -> None:
    for e in entries:
        if e.expected_version is None:
            continue
        old = existing.get(e.code)
        current = old.lock_version if old is not None else 0
        if current != e.expected_version:
            raise StaleEdit(
                N_(
                    "Someone else saved a value for %(code)s after you opened the form. "
                    "Reload and try again."
                ),
                code=e.code,
            )


def save_entries(
    period: MeasurementPeriod,
    entries: Sequence[Entry],
    specs: Mapping[str, IndicatorSpec],
    *,
    actor: User | None,
    now: datetime,
    source_label: str = "form",
) -> Plan:
    """Save the entries, all or nothing; corrections keep the old value with the reason."""
    _check_access(period, entries, specs, actor)
    existing = existing_for(period, [e.code for e in entries])
    _check_stale(entries, existing)
    result = plan_entries(entries, specs, existing, allowed_owner_ids(actor, period))
    if result.problems:
        raise ImportRejected(result.problems)
    rows = {
        m.indicator_code: m
        for m in db.session.scalars(
            select(Measurement).where(
                Measurement.period_id == period.id,
                Measurement.indicator_code.in_([c.entry.code for c in result.writes]),
            )
        )
    }
    for change in result.writes:
        _write(period, change, rows.get(change.entry.code), actor=actor, now=now, via=source_label)
    return result


def _write(
    period: MeasurementPeriod,
    change: Change,
    row: Measurement | None,
    *,
    actor: User | None,
    now: datetime,
    via: str,
) -> Measurement:
    e = change.entry
    before: dict[str, Any] = audit.snapshot(row, MEASUREMENT_FIELDS) if row is not None else {}
    if row is None:
        row = Measurement(indicator_code=e.code, period_id=period.id)
        db.session.add(row)
    elif change.kind == ChangeKind.CORRECTION:
        db.session.add(
            MeasurementCorrection(
                measurement=row,
                old_value=row.value,
                new_value=e.value,
                old_provisional=row.provisional,
                new_provisional=e.provisional,
                reason=e.reason.strip(),
                corrected_at=now,
                corrected_by_id=actor.id if actor else None,
            )
        )
    row.value, row.provisional = e.value, e.provisional
    row.note, row.source = e.note.strip(), e.source.strip()
    if e.note_en is not None:
        row.note_en = e.note_en.strip()
    if e.source_en is not None:
        row.source_en = e.source_en.strip()
    row.entered_at, row.entered_by_id = now, actor.id if actor else None
    db.session.flush()
    action = {
        ChangeKind.NEW: "measurement.entered",
        ChangeKind.CORRECTION: "measurement.corrected",
        ChangeKind.UPDATE: "measurement.updated",
    }[change.kind]
    changes = audit.diff_fields(before, audit.snapshot(row, MEASUREMENT_FIELDS))
    if change.kind == ChangeKind.CORRECTION:
        changes["reason"] = {"old": None, "new": e.reason.strip()}
    audit.record(
        actor, action, row, now=now, summary=f"{e.code} {period.code} ({via})", changes=changes
    )
    return row


def corrections_for(code: str) -> list[tuple[MeasurementCorrection, str]]:
    """Every correction of a code's measurements, newest first, with the period code."""
    rows = db.session.execute(
        select(MeasurementCorrection, MeasurementPeriod.code)
        .join(Measurement, MeasurementCorrection.measurement_id == Measurement.id)
        .join(MeasurementPeriod, Measurement.period_id == MeasurementPeriod.id)
        .where(Measurement.indicator_code == code)
        .order_by(MeasurementCorrection.corrected_at.desc(), MeasurementCorrection.id.desc())
    )
    return [(c, p) for c, p in rows]


def plan_file(
    period: MeasurementPeriod,
    filename: str,
    data: bytes,
    specs: Mapping[str, IndicatorSpec],
    *,
    actor: User | None,
) -> tuple[Plan, list[Entry]]:
    """Every problem of a file (unreadable cells and refused values alike, by row and
    column) and what importing it would change; writes nothing."""
    limits = SheetLimits.from_config(current_app.config)
    parsed = parse_file(filename, data, period.period, limits)
    result = plan(period, parsed.entries, specs, actor=actor)
    result.problems = sorted(
        parsed.problems + result.problems,
        key=lambda p: (p.row, KEYS.index(p.column) if p.column in KEYS else len(KEYS)),
    )
    result.skipped_rows = parsed.skipped_rows
    if allowed_owner_ids(actor, period) == set() and not period.is_open:
        closed = N_("The period %(code)s is closed: only the secretariat can change its values.")
        result.problems.insert(0, ImportProblem(0, "", closed, code=period.code))
    return result, parsed.entries


def import_file(
    period: MeasurementPeriod,
    filename: str,
    data: bytes,
    specs: Mapping[str, IndicatorSpec],
    *,
    actor: User | None,
    now: datetime,
    expected: Mapping[str, int] | None = None,
) -> Plan:
    """Import a file all or nothing: ImportRejected lists every problem if there is one.

    ``expected``: the lock version of each code's measurement when the preview was shown
    (0: none), so a value saved meanwhile by someone else makes the import a StaleEdit.
    """
    result, entries = plan_file(period, filename, data, specs, actor=actor)
    if expected is not None:
        entries = [replace(e, expected_version=expected.get(e.code, 0)) for e in entries]
        _check_stale(entries, existing_for(period, [e.code for e in entries]))
    if result.problems:
        raise ImportRejected(result.problems)
    label = f"import {filename}"
    return save_entries(period, entries, specs, actor=actor, now=now, source_label=label)
