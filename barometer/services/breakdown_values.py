"""Saving category values: from the entry form of one indicator, or from a tidy file.

All or nothing: every entry is checked first (:func:`barometer.breakdown_sheet.
plan_category_entries`) and nothing is written when one has a problem. Who may enter what
follows the total's measurements (:func:`barometer.services.measurements.
allowed_owner_ids`). Functions take ``actor`` and ``now``, flush, write the audit log and
never commit. Category values never touch the total's measurement or its status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from barometer.breakdown_sheet import CategoryEntry, parse_file, plan_category_entries
from barometer.errors import ImportRejected
from barometer.measurement_import import IndicatorSpec
from barometer.models import CategoryValue, MeasurementPeriod
from barometer.services.breakdowns import DimensionInfo
from barometer.services.measurements import allowed_owner_ids
from core import audit
from core.errors import N_, Forbidden, StaleEdit
from core.extensions import db
from core.models import User
from core.spreadsheets import SheetLimits

FIELDS = ("value", "suppressed", "reason")


def category_codes(
    breakdowns: Mapping[str, Sequence[DimensionInfo]],
) -> dict[str, dict[str, list[str]]]:
    """Per indicator code, per dimension code, its category codes (what the checks need)."""
    return {
        code: {d.code: [c.code for c in d.categories] for d in dims}
        for code, dims in breakdowns.items()
    }


def current_values(
    period: MeasurementPeriod, codes: Sequence[str]
) -> dict[tuple[str, str, str], CategoryValue]:
    rows = db.session.scalars(
        select(CategoryValue).where(
            CategoryValue.period_id == period.id, CategoryValue.indicator_code.in_(list(codes))
        )
    )
    return {(r.indicator_code, r.dimension_code, r.category_code): r for r in rows}


def stamp(values: Mapping[tuple[str, str, str], CategoryValue]) -> str:
    """What the form saw: each value's key and lock version, so a save made meanwhile by
    someone else is noticed."""
    return ",".join(f"{'/'.join(k)}:{values[k].lock_version}" for k in sorted(values))


def _check_access(
    period: MeasurementPeriod, specs: Sequence[IndicatorSpec], actor: User | None
) -> None:
    allowed = allowed_owner_ids(actor, period)
    if allowed is None:
        return
    if not period.is_open:
        raise Forbidden(
            N_("The period %(code)s is closed: only the secretariat can change its values."),
            code=period.code,
        )
    for spec in specs:
        if spec.owner_id not in allowed:
            raise Forbidden(
                N_("%(code)s belongs to %(owner)s: only its data contacts enter its values."),
                code=spec.code,
                owner=spec.owner_code,
            )


def save_category_values(
    period: MeasurementPeriod,
    entries: Sequence[CategoryEntry],
    specs: Mapping[str, IndicatorSpec],
    breakdowns: Mapping[str, Sequence[DimensionInfo]],
    *,
    actor: User | None,
    now: datetime,
    expected_stamp: str | None = None,
    via: str = "form",
) -> int:
    """Save the entries, all or nothing; an empty entry (form only) removes the value.
    Returns the number of values written or removed."""
    codes = sorted({e.code for e in entries})
    _check_access(period, [specs[c] for c in codes if c in specs], actor)
    current = current_values(period, codes)
    if expected_stamp is not None and stamp(current) != expected_stamp:
        raise StaleEdit(
            N_(
                "Someone else saved values of these categories after you opened the form. "
                "Reload and try again."
            )
        )
    filled = [e for e in entries if not e.empty]
    problems = plan_category_entries(
        filled, specs, category_codes(breakdowns), allowed_owner_ids(actor, period)
    )
    if problems:
        raise ImportRejected(problems)
    written = 0
    for e in entries:
        row = current.get(e.key)
        if e.empty:
            if row is not None:
                _record(actor, now, row, period, audit.snapshot(row, FIELDS), {}, via, "removed")
                db.session.delete(row)
                written += 1
            continue
        before = audit.snapshot(row, FIELDS) if row is not None else {}
        if row is None:
            row = CategoryValue(
                indicator_code=e.code,
                period_id=period.id,
                dimension_code=e.dimension,
                category_code=e.category,
            )
            db.session.add(row)
        elif (row.value, row.suppressed, row.reason) == (e.value, e.suppressed, e.reason.strip()):
            continue
        row.value, row.suppressed, row.reason = e.value, e.suppressed, e.reason.strip()
        row.entered_at, row.entered_by_id = now, actor.id if actor else None
        db.session.flush()
        _record(actor, now, row, period, before, audit.snapshot(row, FIELDS), via, "saved")
        written += 1
    db.session.flush()
    return written


def _record(
    actor: User | None,
    now: datetime,
    row: CategoryValue,
    period: MeasurementPeriod,
    before: dict[str, object],
    after: dict[str, object],
    via: str,
    what: str,
) -> None:
    summary = f"{row.indicator_code} {row.dimension_code}/{row.category_code} {period.code} ({via})"
    audit.record(
        actor,
        f"category_value.{what}",
        row,
        now=now,
        summary=summary,
        changes=audit.diff_fields(before, after),
    )


def import_category_file(
    period: MeasurementPeriod,
    filename: str,
    data: bytes,
    specs: Mapping[str, IndicatorSpec],
    breakdowns: Mapping[str, Sequence[DimensionInfo]],
    *,
    actor: User | None,
    now: datetime,
) -> int:
    """Import a tidy file all or nothing: ImportRejected lists every problem, by row and
    column, if there is one."""
    limits = SheetLimits.from_config(current_app.config)
    entries, problems = parse_file(filename, data, period.period, limits)
    problems += plan_category_entries(
        entries, specs, category_codes(breakdowns), allowed_owner_ids(actor, period)
    )
    if allowed_owner_ids(actor, period) == set() and not period.is_open:
        closed = N_("The period %(code)s is closed: only the secretariat can change its values.")
        raise Forbidden(closed, code=period.code)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row))
    return save_category_values(
        period, entries, specs, breakdowns, actor=actor, now=now, via=f"import {filename}"
    )
