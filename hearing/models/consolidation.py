"""Models of consolidation: proposal groups, recommendations, summaries, the hearing note
and the committee's decision.

Every proposal of a body's current submitted version belongs to exactly one
:class:`ProposalGroup` (merging moves proposals into one group; splitting gives each its own
group again). A group carries one :class:`Recommendation`. The :class:`Decision` records the
committee's outcome for each recommendation (:class:`DecisionOutcome`), which points at the
catalogue change it produced.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from barometer.models import CatalogueChangeRecord, CatalogueVersion
from core.clock import utcnow
from core.extensions import db
from core.models import Body, User
from core.types import UTCDateTime
from hearing.models.hearings import Hearing

if TYPE_CHECKING:  # imported by name only: models_responses imports hearing.models.hearings first
    from hearing.models.responses import Proposal


class TargetKind(StrEnum):
    GOAL = "goal"
    INDICATOR = "indicator"
    NONE = "none"  # a proposal of kind "other" without a target


class RecommendationOutcome(StrEnum):
    ACCEPT = "accept"
    ACCEPT_WITH_CHANGES = "accept_with_changes"
    REJECT = "reject"
    OUT_OF_SCOPE = "out_of_scope"


class DecisionResult(StrEnum):
    APPROVED = "approved"
    APPROVED_WITH_CHANGE = "approved_with_change"
    REJECTED = "rejected"


def _values(enum: type[StrEnum]) -> str:
    return ", ".join(f"'{v.value}'" for v in enum)


class ProposalGroup(db.Model):  # type: ignore[name-defined,misc]
    """One or more proposals on the same target, handled together."""

    __tablename__ = "consolidation_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    target_kind: Mapped[TargetKind] = mapped_column(String(20))
    target_code: Mapped[str] = mapped_column(String(20), default="")
    proposal_kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hearing: Mapped[Hearing] = relationship()
    members: Mapped[list[ProposalGroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="ProposalGroupMember.id"
    )
    recommendation: Mapped[Recommendation | None] = relationship(
        back_populates="group", cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (CheckConstraint(f"target_kind IN ({_values(TargetKind)})", name="target"),)

    @property
    def proposals(self) -> list[Proposal]:
        return [m.proposal for m in self.members]

    @property
    def is_merged(self) -> bool:
        return len(self.members) > 1


class ProposalGroupMember(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "consolidation_group_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("consolidation_groups.id", ondelete="CASCADE"), index=True
    )
    # A proposal of a frozen response version, in exactly one group.
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("response_proposals.id", ondelete="CASCADE"), unique=True
    )

    group: Mapped[ProposalGroup] = relationship(back_populates="members")
    proposal: Mapped[Proposal] = relationship("Proposal")


class Recommendation(db.Model):  # type: ignore[name-defined,misc]
    """The administration's comment and recommendation (indstilling) on one group."""

    __tablename__ = "consolidation_recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("consolidation_groups.id", ondelete="CASCADE"), unique=True
    )
    outcome: Mapped[RecommendationOutcome] = mapped_column(String(30))
    # For "accept with changes": the fields of the change as the administration edited them.
    changed_content: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    administration_comment: Mapped[str] = mapped_column(Text, default="")
    reasoning: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Set by the service when a proposal of the group (or its whole response) is
    # confidential: the texts are withheld from public output until the secretariat
    # confirms that it rewrote them so they reveal nothing confidential.
    derived_from_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    rewrite_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rewrite_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    group: Mapped[ProposalGroup] = relationship(back_populates="recommendation")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    rewrite_confirmed_by: Mapped[User | None] = relationship(foreign_keys=[rewrite_confirmed_by_id])

    @property
    def withheld(self) -> bool:
        """Its texts stay out of public output: derived from confidential, not confirmed."""
        return self.derived_from_confidential and self.rewrite_confirmed_at is None

    __table_args__ = (
        CheckConstraint(f"outcome IN ({_values(RecommendationOutcome)})", name="outcome"),
        CheckConstraint(
            "(outcome = 'accept_with_changes') = (changed_content IS NOT NULL)",
            name="changed_iff_with_changes",
        ),
        CheckConstraint(
            "(rewrite_confirmed_at IS NULL) = (rewrite_confirmed_by_id IS NULL)",
            name="rewrite_confirmed_iff_by",
        ),
    )


class FocusAreaSummary(db.Model):  # type: ignore[name-defined,misc]
    """The secretariat's summary of what was said on one focus area."""

    __tablename__ = "consolidation_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    focus_area_code: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # As on a recommendation: the area had confidential input when the summary was saved.
    derived_from_confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    rewrite_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rewrite_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    rewrite_confirmed_by: Mapped[User | None] = relationship(foreign_keys=[rewrite_confirmed_by_id])

    __table_args__ = (
        UniqueConstraint("hearing_id", "focus_area_code"),
        CheckConstraint(
            "(rewrite_confirmed_at IS NULL) = (rewrite_confirmed_by_id IS NULL)",
            name="rewrite_confirmed_iff_by",
        ),
    )

    @property
    def withheld(self) -> bool:
        """Its text stays out of public output: derived from confidential, not confirmed."""
        return self.derived_from_confidential and self.rewrite_confirmed_at is None


class HearingNote(db.Model):  # type: ignore[name-defined,misc]
    """One stored version of the hearing note (høringsnotat).

    Every version has the secretariat's full PDF (``full_stored_name``, with the
    confidential parts) and the SHA-256 of its content (``content_sha256``: the note's
    values without its number and time, so an unchanged consolidation makes no new
    version). The final version of a public hearing also has the public PDF
    (``stored_name``/``sha256``, without the confidential parts). Each PDF has its Word
    document beside it, made from the same values (``full_docx_*``, ``docx_*``).
    """

    __tablename__ = "hearing_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stored_name: Mapped[str | None] = mapped_column(String(64))  # the public PDF
    sha256: Mapped[str | None] = mapped_column(String(64))
    full_stored_name: Mapped[str | None] = mapped_column(String(64))  # the secretariat's PDF
    full_sha256: Mapped[str | None] = mapped_column(String(64))
    full_docx_stored_name: Mapped[str | None] = mapped_column(String(64))  # its .docx
    full_docx_sha256: Mapped[str | None] = mapped_column(String(64))
    docx_stored_name: Mapped[str | None] = mapped_column(String(64))  # the public .docx
    docx_sha256: Mapped[str | None] = mapped_column(String(64))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    pages: Mapped[int | None] = mapped_column(Integer)
    finalised: Mapped[bool] = mapped_column(Boolean, default=False)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    hearing: Mapped[Hearing] = relationship()
    generated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("hearing_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("finalised = (finalised_at IS NOT NULL)", name="finalised_iff"),
    )


class NoteJobState(StrEnum):
    QUEUED = "queued"
    RENDERING = "rendering"
    DONE = "done"
    FAILED = "failed"


class NoteJobStage(StrEnum):
    """What a rendering job is doing, shown to the secretariat while it runs."""

    CONTENT = "content"  # collecting the note's values
    LAYOUT = "layout"  # WeasyPrint lays out the pages
    WRITING = "writing"  # writing the PDF (the page count is known)
    PUBLIC = "public"  # the public PDF of the final note


class HearingNoteJob(db.Model):  # type: ignore[name-defined,misc]
    """The hearing's note renderer: one row per hearing, the state of its latest request.

    A change to the consolidation sets it to ``queued`` (and enqueues the job) unless it is
    queued already; the job claims it (``rendering``, ``attempt`` + 1), renders the state
    of the consolidation at that moment and ends ``done`` (with the version it made or
    found current) or ``failed``. A change while it renders queues it again.
    """

    __tablename__ = "hearing_note_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[NoteJobState] = mapped_column(String(20))
    stage: Mapped[NoteJobStage | None] = mapped_column(String(20))
    pages: Mapped[int | None] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("hearing_notes.id", ondelete="SET NULL"))

    note: Mapped[HearingNote | None] = relationship()

    __table_args__ = (
        CheckConstraint(f"state IN ({_values(NoteJobState)})", name="state"),
        CheckConstraint(f"stage IS NULL OR stage IN ({_values(NoteJobStage)})", name="stage"),
    )


class Decision(db.Model):  # type: ignore[name-defined,misc]
    """The committee's decision on the hearing note."""

    __tablename__ = "hearing_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(
        ForeignKey("hearings.id", ondelete="CASCADE"), unique=True
    )
    note_id: Mapped[int] = mapped_column(ForeignKey("hearing_notes.id"))
    deciding_body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id"))
    meeting_date: Mapped[date] = mapped_column(Date)
    case_reference: Mapped[str] = mapped_column(String(100))
    # Discarding the draft leaves the decision without it (docs/consolidation.md).
    draft_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogue_versions.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The last time the note and the decision were sent to every consulted body, and by whom.
    parties_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    parties_notified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    hearing: Mapped[Hearing] = relationship()
    note: Mapped[HearingNote] = relationship()
    deciding_body: Mapped[Body] = relationship()
    draft_version: Mapped[CatalogueVersion | None] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    parties_notified_by: Mapped[User | None] = relationship(foreign_keys=[parties_notified_by_id])
    outcomes: Mapped[list[DecisionOutcome]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", order_by="DecisionOutcome.id"
    )


class DecisionOutcome(db.Model):  # type: ignore[name-defined,misc]
    """The committee's outcome for one recommendation, and the change it made."""

    __tablename__ = "hearing_decision_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_decisions.id", ondelete="CASCADE"), index=True
    )
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("consolidation_recommendations.id"), unique=True
    )
    result: Mapped[DecisionResult] = mapped_column(String(30))
    changed_content: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    change_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("catalogue_change_records.id", ondelete="SET NULL")
    )
    # The three-way check: what the approved change touches that changed in the catalogue
    # since the hearing's version (a list of ``barometer.diff.Conflict.to_dict()``); the
    # change waits until the secretariat resolves it: "applied" or "kept" (not applied).
    conflict: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True))
    conflict_resolution: Mapped[str | None] = mapped_column(String(20))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    decision: Mapped[Decision] = relationship(back_populates="outcomes")
    recommendation: Mapped[Recommendation] = relationship()
    change_record: Mapped[CatalogueChangeRecord | None] = relationship()
    resolved_by: Mapped[User | None] = relationship()

    @property
    def makes_change(self) -> bool:
        """The committee approved a change to the catalogue (docs/consolidation.md)."""
        if self.result == DecisionResult.APPROVED_WITH_CHANGE:
            return True
        accepting = (RecommendationOutcome.ACCEPT, RecommendationOutcome.ACCEPT_WITH_CHANGES)
        return self.result == DecisionResult.APPROVED and self.recommendation.outcome in accepting

    @property
    def open_conflict(self) -> bool:
        return self.conflict is not None and self.conflict_resolution is None

    __table_args__ = (
        CheckConstraint(f"result IN ({_values(DecisionResult)})", name="result"),
        CheckConstraint(
            "(result = 'approved_with_change') = (changed_content IS NOT NULL)",
            name="changed_iff_with_change",
        ),
        CheckConstraint(
            "conflict_resolution IS NULL OR "
            "(conflict IS NOT NULL AND conflict_resolution IN ('applied', 'kept'))",
            name="resolution",
        ),
    )
