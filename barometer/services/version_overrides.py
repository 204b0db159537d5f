"""The secretariat's override of the version in force for one measurement period.

The rule (``barometer.version_in_force``) gives every half-year its version; the
secretariat may choose another version that was approved for one period, with a reason
(e.g. "the collection had started on version 1"). Setting and clearing are audited.
Functions take ``actor`` and ``now``, flush and never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from barometer.errors import CatalogueInvalid
from barometer.models import CatalogueVersion, VersionOverride
from barometer.period import Period
from barometer.queries_in_force import override_of
from barometer.validation import Problem
from core import audit
from core.errors import N_, NotFound
from core.extensions import db
from core.models import User

MAX_REASON = 2000


def _period_code(code: str) -> str:
    try:
        return str(Period.parse(code))
    except ValueError:
        problem = Problem("period", N_("Give the period as a half-year, e.g. 2009-H2."))
        raise CatalogueInvalid([problem]) from None


def set_override(
    period_code: str, version_number: int, reason: str, *, actor: User | None, now: datetime
) -> VersionOverride:
    """Put ``version_number`` in force for the period, with the reason why."""
    code = _period_code(period_code)
    version = db.session.scalar(
        select(CatalogueVersion).where(CatalogueVersion.number == version_number)
    )
    problems = []
    if version is None or not version.was_approved:
        problems.append(
            Problem("version", N_("Only a version that was approved can be put in force."))
        )
    text = (reason or "").strip()
    if not text:
        problems.append(Problem("reason", N_("Say why this period uses another version.")))
    elif len(text) > MAX_REASON:
        problems.append(Problem("reason", N_("At most %(max)s characters."), {"max": MAX_REASON}))
    if problems or version is None:
        raise CatalogueInvalid(problems)
    row = override_of(code)
    old = {"version": row.version.number, "reason": row.reason} if row else None
    if row is None:
        row = VersionOverride(period_code=code)
        db.session.add(row)
    row.version_id, row.reason, row.set_at = version.id, text, now
    row.set_by_id = actor.id if actor else None
    db.session.flush()
    audit.record(
        actor,
        "catalogue.version_override_set",
        row,
        now=now,
        summary=f"{code}: version {version.number} ({text})",
        changes={
            "version": {"old": old["version"] if old else None, "new": version.number},
            "reason": {"old": old["reason"] if old else None, "new": text},
        },
    )
    return row


def clear_override(period_code: str, *, actor: User | None, now: datetime) -> None:
    """Let the rule decide the period's version again."""
    code = _period_code(period_code)
    row = override_of(code)
    if row is None:
        raise NotFound(N_("The period %(code)s has no chosen version."), code=code)
    audit.record(
        actor,
        "catalogue.version_override_cleared",
        row,
        now=now,
        summary=f"{code}: version {row.version.number}",
        changes={"version": {"old": row.version.number, "new": None}},
    )
    db.session.delete(row)
    db.session.flush()
