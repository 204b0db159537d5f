"""The job record: one row per piece of long work run in the background.

A job is ``queued`` until a worker (or, without Redis, the web process after the commit)
claims it (``running``); it ends ``finished`` with a link to its result or ``failed`` with
the error. While it runs it keeps its ``progress`` (0-100) and the ``step`` it is at, so
the person who started it and the secretariat's job page can follow it. See
docs/operations-mail-and-jobs.md, "The job page and retry".
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.types import UTCDateTime


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FAILED = "failed"
    FINISHED = "finished"


def _values(enum: type[StrEnum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum)


class Job(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    # What the job works on, e.g. ("Edition", 7) and its title when it was started.
    subject_type: Mapped[str | None] = mapped_column(String(50))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    subject_label: Mapped[str] = mapped_column(String(300), default="")
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    # A message id (translated when shown) with its values, e.g. "Part %(part)s of %(parts)s".
    step: Mapped[str | None] = mapped_column(String(200))
    step_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The result, as an endpoint and its values (jobs run without a request to build URLs).
    result_endpoint: Mapped[str | None] = mapped_column(String(100))
    result_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Timed parts of the work: [{"name": "...", "seconds": 1.2}, ...]
    parts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    started_by: Mapped[Any] = relationship("User")

    __table_args__ = (
        CheckConstraint(f"state IN ({_values(JobState)})", name="state"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
        CheckConstraint(
            "(state IN ('failed', 'finished')) = (finished_at IS NOT NULL)", name="finished_at"
        ),
        Index("ix_jobs_state_created", "state", "created_at"),
        Index("ix_jobs_subject", "subject_type", "subject_id"),
    )

    @property
    def active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def seconds(self) -> float | None:
        """How long the latest run took (or has taken so far, for a running job)."""
        if self.started_at is None:
            return None
        from core.clock import utcnow

        end = self.finished_at or utcnow()
        return max(0.0, (end - self.started_at).total_seconds())
