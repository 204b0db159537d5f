"""Recommendations on groups of proposals and summaries per focus area.

Services take ``actor`` and ``now``, flush, write the audit entry and never commit; each
asks for a new version of the hearing note (``render_note=False`` skips that for bulk loads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from barometer.models import FocusArea
from core import audit
from core.errors import N_, NotFound, StaleEdit, ValidationFailed
from core.extensions import db
from core.models import User
from hearing.confidentiality import confidential_areas, holds_confidential
from hearing.models import Hearing
from hearing.models.consolidation import FocusAreaSummary, Recommendation, RecommendationOutcome
from hearing.queries import consolidation as queries
from hearing.queries.responses import catalogue_of, current_submitted_versions
from hearing.services.consolidation import ensure_consolidating, group_of
from hearing.services.note_versions import request_note
from hearing.services.proposal_changes import check_group_change, clean_changed_content

TEXT_MAX = 10_000
NO_OUTCOME = N_("Choose a recommendation.")
NO_REASONING = N_("Give the reasoning for the recommendation.")
_ACCEPTING = (RecommendationOutcome.ACCEPT, RecommendationOutcome.ACCEPT_WITH_CHANGES)


@dataclass(frozen=True)
class RecommendationData:
    outcome: str
    administration_comment: str = ""
    reasoning: str = ""
    changed_content: Mapping[str, Any] | None = None
    # "I have rewritten the text so it reveals nothing confidential" (a group holding a
    # confidential part only); every save without it withdraws an earlier confirmation.
    confirm_rewrite: bool = False


# -- recommendations -------------------------------------------------------------------------


def _text(value: str, *, required: str | None = None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(required)
    if len(value) > TEXT_MAX:
        raise ValidationFailed(
            N_("The text is too long (at most %(max)s characters)."), max=TEXT_MAX
        )
    return value


def set_recommendation(
    hearing: Hearing,
    group_id: int,
    data: RecommendationData,
    *,
    expected_revision: int,
    actor: User | None,
    now: datetime,
    render_note: bool = True,
) -> Recommendation:
    """Create or replace the group's recommendation.

    ``expected_revision`` is the revision the form was opened with (0: no recommendation
    yet); another save in between is refused as stale.
    """
    ensure_consolidating(hearing)
    group = group_of(hearing, group_id)
    try:
        outcome = RecommendationOutcome(data.outcome)
    except ValueError:
        raise ValidationFailed(NO_OUTCOME) from None
    comment = _text(data.administration_comment)
    reasoning = _text(data.reasoning, required=NO_REASONING)
    changed = (
        clean_changed_content(group, data.changed_content, hearing.version)
        if outcome is RecommendationOutcome.ACCEPT_WITH_CHANGES
        else None
    )
    current = group.recommendation
    if (current.revision if current else 0) != expected_revision:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )
    if outcome in _ACCEPTING:  # the catalogue must take the change it would make
        check_group_change(
            group,
            changed,
            hearing.version,
            as_proposed=outcome is RecommendationOutcome.ACCEPT,
        )
    old = _recommendation_values(current)
    if current is None:
        current = Recommendation(group=group, revision=0)
        db.session.add(current)
    current.outcome = outcome
    current.administration_comment = comment
    current.reasoning = reasoning
    current.changed_content = changed
    current.updated_at = now
    current.updated_by_id = actor.id if actor else None
    current.revision += 1
    _mark_confidential(current, confirm=data.confirm_rewrite, actor=actor, now=now)
    db.session.flush()
    new = _recommendation_values(current)
    audit.record(
        actor,
        "hearing.recommendation_set",
        current,
        now=now,
        summary=f"{hearing.reference}: {group.target_code} {outcome.value}",
        changes={k: {"old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v},
        object_type="recommendation",
    )
    if current.derived_from_confidential and current.rewrite_confirmed_at is not None:
        audit.record(
            actor,
            "hearing.recommendation_rewrite_confirmed",
            current,
            now=now,
            summary=f"{hearing.reference}: {group.target_code}",
            changes={"rewrite_confirmed_at": {"old": None, "new": now.isoformat()}},
            object_type="recommendation",
        )
    if render_note:
        request_note(hearing, actor=actor, now=now)
    return current


def _mark_confidential(
    rec: Recommendation, *, confirm: bool, actor: User | None, now: datetime
) -> None:
    """Derived from confidential when a source is; the rewrite is confirmed per save."""
    rec.derived_from_confidential = bool(rec.derived_from_confidential) or holds_confidential(
        rec.group.proposals
    )
    confirmed = confirm and rec.derived_from_confidential and actor is not None
    rec.rewrite_confirmed_at = now if confirmed else None
    rec.rewrite_confirmed_by_id = actor.id if confirmed and actor else None


def _recommendation_values(rec: Recommendation | None) -> dict[str, Any]:
    if rec is None:
        return {}
    return {
        "outcome": str(rec.outcome),
        "administration_comment": rec.administration_comment,
        "reasoning": rec.reasoning,
        "changed_content": rec.changed_content,
        "derived_from_confidential": rec.derived_from_confidential,
        "rewrite_confirmed": rec.rewrite_confirmed_at is not None,
    }


# -- summaries -------------------------------------------------------------------------------


def set_summary(
    hearing: Hearing,
    focus_area_code: str,
    text: str,
    *,
    expected_revision: int,
    actor: User | None,
    now: datetime,
    render_note: bool = True,
    confirm_rewrite: bool = False,
) -> FocusAreaSummary:
    """Write the summary of what was said on one focus area of the consulted version.

    A summary of an area with confidential input is marked derived from it; it reaches
    public output only with ``confirm_rewrite`` ("I have rewritten the text so it reveals
    nothing confidential"), which every save asks again."""
    ensure_consolidating(hearing)
    area = db.session.scalar(
        select(FocusArea.id).where(
            FocusArea.version_id == hearing.version_id, FocusArea.code == focus_area_code
        )
    )
    if area is None:
        raise NotFound(N_("Nothing with the code %(code)s in this version."), code=focus_area_code)
    text = _text(text)
    summary = queries.summaries_of(hearing).get(focus_area_code)
    if (summary.revision if summary else 0) != expected_revision:
        raise StaleEdit(
            N_("Someone else saved this record after you opened it. Reload and try again.")
        )
    old = summary.text if summary else None
    if summary is None:
        summary = FocusAreaSummary(
            hearing_id=hearing.id, focus_area_code=focus_area_code, revision=0
        )
        db.session.add(summary)
    summary.text = text
    summary.updated_at = now
    summary.updated_by_id = actor.id if actor else None
    summary.revision += 1
    areas = confidential_areas(catalogue_of(hearing), current_submitted_versions(hearing))
    summary.derived_from_confidential = focus_area_code in areas
    confirmed = confirm_rewrite and summary.derived_from_confidential and actor is not None
    summary.rewrite_confirmed_at = now if confirmed else None
    summary.rewrite_confirmed_by_id = actor.id if confirmed and actor else None
    db.session.flush()
    if confirmed:
        audit.record(
            actor,
            "hearing.summary_rewrite_confirmed",
            summary,
            now=now,
            summary=f"{hearing.reference}: {focus_area_code}",
            changes={"rewrite_confirmed_at": {"old": None, "new": now.isoformat()}},
            object_type="focus_area_summary",
        )
    audit.record(
        actor,
        "hearing.summary_set",
        summary,
        now=now,
        summary=f"{hearing.reference}: {focus_area_code}",
        changes={"text": {"old": old, "new": text}},
        object_type="focus_area_summary",
    )
    if render_note:
        request_note(hearing, actor=actor, now=now)
    return summary
