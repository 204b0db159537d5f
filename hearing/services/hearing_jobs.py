"""Long work of the hearing workflow as job records (core.background): the hearing note
(PDF and Word, see :mod:`hearing.services.note_render`) and the archive package."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from core import background, uploads
from core.background import Result, Run
from core.errors import N_
from core.extensions import db
from core.job_models import Job
from core.models import User
from hearing import archive
from hearing.models import Hearing

NOTE = "hearing.note"
ARCHIVE = "hearing.archive"


def register() -> None:
    background.register(
        NOTE, "hearing.services.note_render.render_note", _l("Hearing note (PDF and Word)")
    )
    background.register(
        ARCHIVE,
        "hearing.services.hearing_jobs.archive_work",
        _l("Archive package of a hearing"),
        gone="hearing.views.archive.package_gone",
    )


def _subject(hearing: Hearing) -> tuple[str, int]:
    return ("Hearing", hearing.id)


def _label(hearing: Hearing) -> str:
    return f"{hearing.reference} {hearing.title}"


def start_note(hearing: Hearing, *, actor: User | None, now: datetime) -> Job:
    return background.start(
        NOTE,
        {"hearing_id": hearing.id},
        subject=_subject(hearing),
        label=_label(hearing),
        actor=actor,
        now=now,
    )


def start_archive(hearing: Hearing, *, actor: User | None, now: datetime) -> Job:
    """Pack the archive package after the commit; the job's page links to the zip."""
    return background.start(
        ARCHIVE,
        {"hearing_id": hearing.id},
        subject=_subject(hearing),
        label=_label(hearing),
        actor=actor,
        now=now,
    )


def package_folder() -> Path:
    """Where the jobs store archive packages (kept ``ARCHIVE_PACKAGE_HOURS``, see
    :mod:`hearing.services.archive_packages`)."""
    return Path(current_app.config["STORAGE_DIR"]) / "archive-packages"


def archive_path(job_id: int) -> Path:
    return package_folder() / f"job-{job_id}.zip"


def archive_work(hearing_id: int, *, run: Run) -> Result:
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None or hearing.issued_at is None:
        raise RuntimeError(f"Hearing {hearing_id} has no archive package.")
    path = archive_path(run.job_id)
    path.parent.mkdir(parents=True, exist_ok=True)  # a storage fault shows before the work
    run.progress(10, N_("Collecting the documents"))
    with run.part("package"), current_app.test_request_context():
        data = archive.package(hearing)
    run.progress(90, N_("Storing the package"))
    uploads.write_atomically(path, data)
    return Result("hearing.archive_download", {"hearing_id": hearing_id, "job_id": run.job_id})
