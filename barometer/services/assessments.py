"""The administration's assessment per period and focus area (Markdown, draft or final)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from barometer.models import Assessment, AssessmentState, MeasurementPeriod
from core import audit
from core.errors import N_, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import User

MAX_TEXT = 20_000
FIELDS = ("text", "text_en", "state")


@dataclass(frozen=True)
class AssessmentData:
    text: str
    state: AssessmentState = AssessmentState.DRAFT
    text_en: str = ""  # optional: English pages show the Danish text, marked, without it


def assessment_for(period: MeasurementPeriod, focus_area_code: str) -> Assessment | None:
    return db.session.scalar(
        select(Assessment).where(
            Assessment.period_id == period.id, Assessment.focus_area_code == focus_area_code
        )
    )


def assessments_of(period: MeasurementPeriod) -> dict[str, Assessment]:
    rows = db.session.scalars(select(Assessment).where(Assessment.period_id == period.id))
    return {a.focus_area_code: a for a in rows}


def save_assessment(
    period: MeasurementPeriod,
    focus_area_code: str,
    data: AssessmentData,
    *,
    actor: User | None,
    now: datetime,
    expected_version: int | None = None,
) -> Assessment:
    """Create or change the assessment; ``expected_version`` 0 means "none existed"."""
    text = data.text.strip()
    if data.state == AssessmentState.FINAL and not text:
        raise ValidationFailed(N_("A final assessment needs a text."))
    text_en = data.text_en.strip()
    if max(len(text), len(text_en)) > MAX_TEXT:
        raise ValidationFailed(N_("At most %(max)s characters."), max=MAX_TEXT)
    row = assessment_for(period, focus_area_code)
    current = row.lock_version if row is not None else 0
    if expected_version is not None and expected_version != current:
        raise StaleEdit(
            N_("Someone else saved this assessment after you opened it. Reload and try again.")
        )
    before = audit.snapshot(row, FIELDS) if row is not None else {}
    if row is None:
        row = Assessment(period_id=period.id, focus_area_code=focus_area_code)
        db.session.add(row)
    row.text, row.text_en, row.state = text, text_en, AssessmentState(data.state)
    row.updated_at, row.updated_by_id = now, actor.id if actor else None
    db.session.flush()
    changes = audit.diff_fields(before, audit.snapshot(row, FIELDS))
    audit.record(
        actor,
        "assessment.saved" if before else "assessment.created",
        row,
        now=now,
        summary=f"{period.code} {focus_area_code} ({row.state})",
        changes=changes,
    )
    return row
