"""How long a stored archive package is kept (docs/records.md, "How long a package is kept").

The job behind the button "Pack the archive package" stores its zip as
``STORAGE_DIR/archive-packages/job-<job>.zip`` for the job page to link to. The package
holds the hearing's responses, registered letters and scans, so it is not kept for ever:

* ``ARCHIVE_PACKAGE_HOURS`` (72) after it was packed it is removed (``expired``);
* a package packed before its hearing's personal data was erased (the retention purge,
  docs/privacy.md) is removed at once (``purged``): it holds what the purge erased. A package
  packed after the purge holds no erased data and goes by its hours;
* a file no archive job of an existing hearing refers to (a restored database, a deleted
  hearing) goes by its hours, counted from the file's time (``orphaned``), as does the
  hidden temporary file of a write that was killed (``unfinished``, never audited: it was
  never a package).

:func:`clean_packages` is a step of ``flask --app app privacy purge`` (after the hearings'
purge, so a hearing purged in the same run loses its packages in that run) and the whole of
``flask --app app hearing archive-clean`` (hourly, for the hours to hold to the hour). It
only looks at the files that exist, so a second run removes nothing more (two at the very
same moment may each audit a package; the removal itself is harmless twice).
Each removed package is audited on its hearing (``hearing.archive_package_expired`` or
``hearing.archive_package_purged``, with the job); the files go once the transaction
commits, so a rolled-back run leaves every package and records nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import event, select

from core import audit
from core.extensions import db
from core.job_models import Job, JobState
from hearing.models import Hearing
from hearing.services.hearing_jobs import ARCHIVE, package_folder

PACKAGE = re.compile(r"^job-(\d{1,12})\.zip$")
UNFINISHED = re.compile(r"^\.job-\d{1,12}\.zip\.part$")
EXPIRED, PURGED, ORPHANED, LEFT_OVER = "expired", "purged", "orphaned", "unfinished"


@dataclass(frozen=True)
class _JobRef:
    """The audited object of a package whose job or hearing is gone: the job by its id."""

    id: int


def kept_hours() -> int:
    return int(current_app.config["ARCHIVE_PACKAGE_HOURS"])


def packed_at(job: Job, path: Path) -> datetime:
    """When the package was packed: its job's end, else the file's time."""
    return job.finished_at if job.finished_at is not None else _file_time(path)


def _file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def purged_with_hearing(hearing: Hearing, job: Job, path: Path) -> bool:
    """Whether the package was packed before the hearing's personal data was erased."""
    purged = hearing.personal_data_purged_at
    return purged is not None and packed_at(job, path) <= purged


def _stored(folder: Path) -> dict[int, Path]:
    if not folder.is_dir():
        return {}
    found = {}
    for path in folder.iterdir():
        match = PACKAGE.match(path.name)
        if match and path.is_file():
            found[int(match.group(1))] = path
    return found


def _reason(job: Job | None, hearing: Hearing | None, path: Path, cutoff: datetime) -> str | None:
    if job is None or hearing is None:
        return ORPHANED if _file_time(path) <= cutoff else None
    if purged_with_hearing(hearing, job, path):
        return PURGED
    return EXPIRED if packed_at(job, path) <= cutoff else None


def _audit(reason: str, job_id: int, hearing: Hearing | None, hours: int, now: datetime) -> None:
    action = "hearing.archive_package_expired"
    if reason == PURGED:
        action = "hearing.archive_package_purged"
    changes: dict[str, object] = {"job": job_id}
    if reason != PURGED:
        changes["stored_hours"] = hours
    if hearing is None:
        audit.record(None, action, _JobRef(job_id), now=now, object_type="Job", changes=changes)
    else:
        audit.record(None, action, hearing, now=now, summary=hearing.reference, changes=changes)


def _remove_after_commit(paths: list[Path]) -> None:
    if not paths:
        return

    @event.listens_for(db.session(), "after_commit", once=True)
    def _remove_files(session: object) -> None:
        for path in paths:
            path.unlink(missing_ok=True)


def clean_packages(now: datetime) -> dict[str, int]:
    """Remove the stored packages that are due (see the module docstring); return counts."""
    folder, hours = package_folder(), kept_hours()
    cutoff = now - timedelta(hours=hours)
    stored = _stored(folder)
    jobs = {
        job.id: job
        for job in db.session.scalars(
            select(Job).where(
                Job.id.in_(sorted(stored)),
                Job.kind == ARCHIVE,
                Job.subject_type == "Hearing",
                Job.state == JobState.FINISHED,
            )
        )
    }
    subjects = sorted({job.subject_id for job in jobs.values() if job.subject_id is not None})
    hearings = {
        h.id: h for h in db.session.scalars(select(Hearing).where(Hearing.id.in_(subjects)))
    }
    counts = {EXPIRED: 0, PURGED: 0, ORPHANED: 0, LEFT_OVER: 0}
    doomed: list[Path] = []
    for job_id, path in sorted(stored.items()):
        job = jobs.get(job_id)
        hearing = hearings.get(job.subject_id or 0) if job is not None else None
        reason = _reason(job, hearing, path, cutoff)
        if reason is None:
            continue
        _audit(reason, job_id, hearing, hours, now)
        counts[reason] += 1
        doomed.append(path)
    for path in sorted(folder.glob(".job-*.zip.part")) if folder.is_dir() else []:
        if UNFINISHED.match(path.name) and _file_time(path) <= cutoff:
            counts[LEFT_OVER] += 1
            doomed.append(path)
    _remove_after_commit(doomed)
    return counts
