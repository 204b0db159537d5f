"""Long work with a job record: start it, run it, follow its progress, retry it.

:func:`start` writes a ``queued`` :class:`~core.job_models.Job` in the caller's
transaction and enqueues :func:`run_job` with :mod:`core.jobs` (after the commit: on RQ
when Redis is configured, else in this process once the request's transaction has handed
its connection back). :func:`run_job` claims the row, calls the kind's work function with a
:class:`Run` (to report progress and time the parts) and the job's arguments, and ends the
row ``finished`` (with the link the function returned) or ``failed`` (with the error).

A work function is a module-level function ``work(**arguments, run=run)`` that commits its
own work and may return a :class:`Result`; each progress report commits too, so the status
page sees it. Packages register
their kinds (``register("edition.report", "barometer....", _l("..."))``) in ``init_app``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, url_for
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import selectinload
from werkzeug.utils import import_string

from core import audit, jobs
from core.clock import utcnow
from core.errors import N_, ValidationFailed
from core.extensions import db
from core.job_models import Job, JobState
from core.models import User

RUN_JOB = "core.background.run_job"
MAX_ERROR = 2000


@dataclass(frozen=True)
class Kind:
    name: str
    path: str  # the dotted path of the work function
    label: Any  # a lazy translated label for the job page
    # The dotted path of ``gone(job) -> Gone | None``, for a kind whose stored result is
    # kept for a limited time: whether a finished job's result is gone (see result_gone).
    gone: str | None = None


@dataclass(frozen=True)
class Gone:
    """A finished job's result that is no longer stored: why (translated), and where a POST
    makes it again (None when the reader may not)."""

    message: str
    again_url: str | None
    again_label: str


KINDS: dict[str, Kind] = {}

#: Result pages whose language is chosen by ``?lang=`` (public pages, which are the same
#: for everyone): the link to them carries the staff member's language.
LANGUAGE_BY_QUERY: set[str] = set()


def register(
    name: str,
    path: str,
    label: Any,
    *,
    gone: str | None = None,
    query_language: tuple[str, ...] = (),
) -> None:
    """A job kind; ``gone`` names the function telling whether its stored result was
    removed, ``query_language`` its result endpoints that take ``?lang=``."""
    KINDS[name] = Kind(name, path, label, gone)
    LANGUAGE_BY_QUERY.update(query_language)


def result_url(job: Job, locale: str) -> str | None:
    """The link to a finished job's result, in ``locale`` where the page takes it."""
    if job.result_endpoint is None:
        return None
    values = dict(job.result_values or {})
    if job.result_endpoint in LANGUAGE_BY_QUERY and locale != "da":
        values["lang"] = locale
    return url_for(job.result_endpoint, **values)


def result_gone(job: Job) -> Gone | None:
    """Whether a finished job's stored result was removed (asked in a request: the kind's
    ``gone`` function builds its message and its link in the reader's language)."""
    kind = KINDS.get(job.kind)
    if job.state != JobState.FINISHED or kind is None or kind.gone is None:
        return None
    gone: Gone | None = import_string(kind.gone)(job)
    return gone


def kind_label(name: str) -> Any:
    kind = KINDS.get(name)
    return kind.label if kind else name


class TryAgainLater(Exception):
    """Raised by a work function that cannot run yet (another run holds its subject): the
    job goes back to ``queued`` and RQ tries it again later."""


@dataclass(frozen=True)
class Result:
    """Where the result is shown: an endpoint and its values (built into a URL when shown)."""

    endpoint: str
    values: dict[str, Any]


def start(
    kind: str,
    arguments: dict[str, Any],
    *,
    subject: tuple[str, int] | None,
    label: str,
    actor: User | None,
    now: datetime,
) -> Job:
    """A queued job of ``kind``, run after the caller's commit."""
    if kind not in KINDS:
        raise ValueError(f"Unknown job kind {kind!r}.")
    job = Job(
        kind=kind,
        arguments=dict(arguments),
        subject_type=subject[0] if subject else None,
        subject_id=subject[1] if subject else None,
        subject_label=label[:300],
        state=JobState.QUEUED,
        progress=0,
        attempt=0,
        created_at=now,
        started_by_id=actor.id if actor else None,
    )
    db.session.add(job)
    db.session.flush()
    jobs.enqueue(RUN_JOB, job.id)
    return job


def retry(job: Job, *, actor: User, now: datetime) -> Job:
    """Queue a failed job again (a finished, queued or running one is refused)."""
    if job.state == JobState.FINISHED:
        raise ValidationFailed(N_("This job has finished; a finished job is not run again."))
    if job.state != JobState.FAILED:
        raise ValidationFailed(N_("This job has not failed; only a failed job can be retried."))
    old_error = job.error
    job.state, job.progress, job.step, job.step_values = JobState.QUEUED, 0, None, None
    job.error, job.finished_at, job.parts = None, None, None
    db.session.flush()
    audit.record(
        actor,
        "job.retried",
        job,
        now=now,
        summary=f"{job.kind} {job.subject_label}",
        changes={"error": {"old": old_error, "new": None}},
    )
    jobs.enqueue(RUN_JOB, job.id)
    return job


class Run:
    """What a work function gets: progress reports and timed parts, committed as they come."""

    def __init__(self, job_id: int, attempt: int) -> None:
        self.job_id, self.attempt = job_id, attempt
        self.parts: list[dict[str, Any]] = []

    def progress(self, percent: int, step: str, **values: Any) -> None:
        """Reach ``percent`` at ``step`` (an English message id marked with ``N_``)."""
        _update(self, progress=max(0, min(99, int(percent))), step=step, step_values=values)

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        """Time the work inside the block as one part of the job (kept on the job)."""
        began = time.perf_counter()
        yield
        self.parts.append({"name": name, "seconds": round(time.perf_counter() - began, 3)})
        _update(self, parts=list(self.parts))

    def add_part(self, name: str, seconds: float) -> None:
        """A part timed elsewhere (by another worker)."""
        self.parts.append({"name": name, "seconds": round(seconds, 3)})
        _update(self, parts=list(self.parts))


def _stale_before() -> datetime:
    """A run that started before this outlived ``JOBS_TIMEOUT``: it was killed."""
    return utcnow() - timedelta(seconds=int(current_app.config["JOBS_TIMEOUT"]))


def _claim(job_id: int) -> Run | None:
    """Take the job: queued, failed (RQ retries a failed run), or left running by a killed run.

    Raises :class:`TryAgainLater` inside RQ when a run that may be alive holds it.
    """
    claimable = or_(
        Job.state.in_([JobState.QUEUED, JobState.FAILED]),
        and_(Job.state == JobState.RUNNING, Job.started_at < _stale_before()),
    )
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, claimable)
        .values(
            state=JobState.RUNNING,
            progress=0,
            step=None,
            step_values=None,
            error=None,
            parts=None,
            started_at=utcnow(),
            finished_at=None,
            attempt=Job.attempt + 1,
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        state = db.session.scalar(select(Job.state).where(Job.id == job_id))
        db.session.rollback()
        if state == JobState.RUNNING and _in_rq():
            raise TryAgainLater(f"Job {job_id} is being run.")
        return None
    attempt = db.session.scalar(select(Job.attempt).where(Job.id == job_id))
    db.session.commit()
    return Run(job_id, int(attempt or 0))


def _in_rq() -> bool:
    """Whether this runs in an RQ worker (which retries a job that raises)."""
    try:
        from rq import get_current_job
    except ImportError:  # pragma: no cover - rq is a dependency
        return False
    return get_current_job() is not None


def _update(run: Run, **values: Any) -> None:
    """Change this run's row (nothing once a newer run has taken it over)."""
    db.session.execute(
        update(Job)
        .where(Job.id == run.job_id, Job.attempt == run.attempt, Job.state == JobState.RUNNING)
        .values(**values)
    )
    db.session.commit()


def run_job(job_id: int) -> None:
    """What the queue runs: claim the job, do its work, record how it ended.

    A failure is recorded on the job and logged; inside RQ it is raised again, so RQ
    retries it (``JOBS_MAX_RETRIES``). In-process, the job page's retry button is the retry.
    """
    run = _claim(job_id)
    if run is None:
        return  # finished already, or gone
    job = db.session.get(Job, job_id)
    if job is None:
        return
    kind, arguments = KINDS[job.kind], dict(job.arguments or {})
    try:
        result = import_string(kind.path)(**arguments, run=run)
    except TryAgainLater:
        db.session.rollback()
        _update(run, state=JobState.QUEUED, step=None, step_values=None)
        raise
    except Exception as err:
        db.session.rollback()
        current_app.logger.exception("Background job %s failed.", kind.path)
        error = f"{type(err).__name__}: {err}"[:MAX_ERROR]
        _update(run, state=JobState.FAILED, error=error, finished_at=utcnow())
        if _in_rq():
            raise
        return
    done: dict[str, Any] = {"state": JobState.FINISHED, "progress": 100, "finished_at": utcnow()}
    if isinstance(result, Result):
        done.update(result_endpoint=result.endpoint, result_values=result.values)
    _update(run, step=None, step_values=None, **done)


def find(job_id: int) -> Job | None:
    return db.session.get(Job, job_id)


def recent(state: JobState | None = None, *, limit: int = 100, offset: int = 0) -> list[Job]:
    """The newest jobs (of one state), newest first, with who started them (one query more
    however many: the job page names them)."""
    query = (
        select(Job)
        .options(selectinload(Job.started_by))
        .order_by(Job.created_at.desc(), Job.id.desc())
        .offset(offset)
        .limit(limit)
    )
    if state is not None:
        query = query.where(Job.state == state)
    return list(db.session.scalars(query))


def count(state: JobState | None = None) -> int:
    """How many jobs (of one state) there are: the job page's pages."""
    query = select(func.count(Job.id))
    if state is not None:
        query = query.where(Job.state == state)
    return int(db.session.scalar(query) or 0)


def latest_for(kind: str, subject: tuple[str, int]) -> Job | None:
    """The newest job of ``kind`` on ``subject``."""
    return db.session.scalar(
        select(Job)
        .where(Job.kind == kind, Job.subject_type == subject[0], Job.subject_id == subject[1])
        .order_by(Job.id.desc())
        .limit(1)
    )


def others_on_subject(job: Job, *, limit: int = 20) -> list[Job]:
    """The other jobs on ``job``'s subject (e.g. the open data and the report of one
    publication), newest first."""
    if job.subject_type is None or job.subject_id is None:
        return []
    return list(
        db.session.scalars(
            select(Job)
            .where(
                Job.subject_type == job.subject_type,
                Job.subject_id == job.subject_id,
                Job.id != job.id,
            )
            .order_by(Job.id.desc())
            .limit(limit)
        )
    )
