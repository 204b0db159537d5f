"""Background jobs: one ``enqueue()`` for RQ and for the embedded default.

A job is an importable module-level function that takes plain arguments (ids, strings,
numbers; never ORM objects) and does its own commit, like a CLI command. It must be
idempotent: RQ retries a failed job, and a worker that dies mid-job runs it again.

When the current transaction has written something, the job waits for its commit:
a worker must never look for rows that are not committed yet, and a rolled-back
action must not leave its job behind. With RQ (``REDIS_URL`` set) the job goes to the
queue after the commit; without it, the job runs in this process after the commit, in
a fresh app context and database session, and its errors are logged, never raised into
the request that caused it. Either way it starts only once the committed transaction has
handed its connection back to the pool, so a request never holds one connection while its
job waits for a second (20 requests at once would otherwise empty the pool and stall).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction
from werkzeug.utils import import_string

from core.extensions import db

JobFunc = Callable[..., Any] | str
MODES = ("auto", "inline", "rq")
RETRY_INTERVALS = (30, 120, 600)  # seconds before the 1st, 2nd, 3rd... retry in RQ

_PENDING = "pending_jobs"
_READY = "committed_jobs"
_WROTE = "jobs_transaction_wrote"


@dataclass
class _Job:
    path: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    app: Flask
    job_id: str | None = None
    transaction: SessionTransaction | None = field(default=None, repr=False)

    def same_call(self, other: _Job) -> bool:
        return (self.path, self.args, self.kwargs) == (other.path, other.args, other.kwargs)


def function_path(func: JobFunc) -> str:
    """The dotted import path of a job function; RQ and the inline runner import it."""
    if isinstance(func, str):
        return func
    module, name = getattr(func, "__module__", None), getattr(func, "__qualname__", "")
    if not module or module == "__main__" or "." in name or "<" in name:
        raise ValueError(f"A job must be a module-level function, not {func!r}.")
    return f"{module}.{name}"


def jobs_mode(app: Flask) -> str:
    mode = str(app.config.get("JOBS_MODE", "auto")).lower()
    if mode not in MODES:
        raise RuntimeError(f"JOBS_MODE must be one of {MODES}, not {mode!r}.")
    if mode == "auto":
        return "rq" if app.config.get("REDIS_URL") else "inline"
    if mode == "rq" and not app.config.get("REDIS_URL"):
        raise RuntimeError("JOBS_MODE is 'rq' but REDIS_URL is not set.")
    return mode


def enqueue(func: JobFunc, *args: Any, **kwargs: Any) -> str | None:
    """Run ``func(*args, **kwargs)`` in the background, after the current commit.

    Returns the RQ job id (known at once, even while the job waits for the commit), or
    None when the job runs in-process.
    """
    return _submit(_new_job(func, args, kwargs), once=False)


def enqueue_once(func: JobFunc, *args: Any, **kwargs: Any) -> str | None:
    """Like :func:`enqueue`, but a call already waiting for this commit is not added twice.

    Many services may queue mail in one transaction; one send job after the commit is
    enough.
    """
    return _submit(_new_job(func, args, kwargs), once=True)


def has_uncommitted_writes(session: Session) -> bool:
    """True when the session holds changes that are not committed yet (flushed or not)."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_WROTE))


def _new_job(func: JobFunc, args: tuple[Any, ...], kwargs: dict[str, Any]) -> _Job:
    path = function_path(func)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    job_id = uuid.uuid4().hex if jobs_mode(app) == "rq" else None
    return _Job(path, args, dict(kwargs), app, job_id)


def _submit(job: _Job, *, once: bool) -> str | None:
    session = db.session()
    if not has_uncommitted_writes(session):
        _dispatch(job)
        return job.job_id
    pending: list[_Job] = session.info.setdefault(_PENDING, [])
    if once:
        for waiting in pending:
            if waiting.same_call(job):
                return waiting.job_id
    job.transaction = session.get_nested_transaction() or session.get_transaction()
    pending.append(job)
    return job.job_id


def _dispatch(job: _Job) -> None:
    if job.job_id is None:
        _run_inline(job)
    else:
        _push_to_rq(job)


def _run_inline(job: _Job) -> None:
    with job.app.app_context():
        try:
            import_string(job.path)(*job.args, **job.kwargs)
        except Exception:
            db.session.rollback()
            job.app.logger.exception("Background job %s failed.", job.path)


def _push_to_rq(job: _Job) -> None:
    app = job.app
    try:
        queue(app).enqueue_call(
            run_in_app_context,
            args=(job.path, *job.args),
            kwargs=job.kwargs,
            timeout=app.config["JOBS_TIMEOUT"],
            result_ttl=app.config["JOBS_RESULT_TTL"],
            retry=_retry(app),
            job_id=job.job_id,
            description=job.path,
        )
    except Exception:
        # The action is committed already; the cron commands catch up on what a lost
        # job would have done (mail send, reminders), so log instead of failing.
        app.logger.exception("Could not enqueue background job %s on RQ.", job.path)


def _retry(app: Flask) -> Any:
    from rq import Retry

    retries = int(app.config["JOBS_MAX_RETRIES"])
    return Retry(max=retries, interval=list(RETRY_INTERVALS[:retries])) if retries > 0 else None


def redis_connection(app: Flask) -> Any:
    from redis import Redis

    connection = app.extensions.get("jobs_redis")
    if connection is None:
        connection = Redis.from_url(app.config["REDIS_URL"])
        app.extensions["jobs_redis"] = connection
    return connection


def queue(app: Flask, name: str | None = None) -> Any:
    from rq import Queue

    return Queue(name or app.config["JOBS_QUEUE"], connection=redis_connection(app))


# --- Running RQ jobs inside the app -------------------------------------------------

_worker_app: Flask | None = None
_engine_pid = os.getpid()


def serve(
    app: Flask, queues: tuple[str, ...] = (), *, burst: bool = False, simple: bool = False
) -> None:
    """Run an RQ worker on ``queues`` (by default ``JOBS_QUEUE``) whose jobs run inside ``app``.

    ``flask jobs worker`` calls this with the app the command was started for; a worker
    that forks a work horse per job hands that app on to it.
    """
    from core.rq_worker import PromptSimpleWorker, PromptWorker

    global _worker_app  # noqa: PLW0603 - one app per worker process
    _worker_app = app
    worker_class = PromptSimpleWorker if simple else PromptWorker
    worker = worker_class(
        [queue(app, name) for name in queues or (app.config["JOBS_QUEUE"],)],
        connection=redis_connection(app),
    )
    worker.work(burst=burst, with_scheduler=True)


def run_in_app_context(path: str, *args: Any, **kwargs: Any) -> Any:
    """What RQ runs: the job function, inside a fresh app context of the worker's app."""
    app = _app_for_worker()
    _forget_inherited_connections(app)
    with app.app_context():
        return import_string(path)(*args, **kwargs)


def _app_for_worker() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined, no-any-return]
    if _worker_app is None:
        raise RuntimeError("Jobs run in a worker started with `flask --app app jobs worker`.")
    return _worker_app


def _forget_inherited_connections(app: Flask) -> None:
    """RQ forks a work horse per job: drop (without closing) the parent's pooled connections."""
    global _engine_pid  # noqa: PLW0603
    if _engine_pid != os.getpid():
        with app.app_context():
            db.engine.dispose(close=False)
        _engine_pid = os.getpid()


# --- Session events: hold jobs until the commit ---------------------------------------


def _pending(session: Session) -> list[_Job]:
    return session.info.get(_PENDING, [])  # type: ignore[no-any-return]


@event.listens_for(Session, "after_flush")
def _note_write(session: Session, flush_context: object) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
def _ready_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; its jobs wait for the outermost commit
    # The connection is still checked out here; the jobs start in _forget_on_end, once
    # the transaction has given it back.
    session.info.setdefault(_READY, []).extend(session.info.pop(_PENDING, []))
    session.info.pop(_WROTE, None)


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    if _pending(session):
        session.info[_PENDING] = [
            job
            for job in _pending(session)
            if previous_transaction not in _ancestry(job.transaction)
        ]


@event.listens_for(Session, "after_transaction_end")
def _forget_on_end(session: Session, transaction: SessionTransaction) -> None:
    # The outermost transaction ended and its connection is back in the pool: start the
    # jobs of a commit; the jobs still pending (rollback or close) are dropped.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_WROTE, None)
        for job in session.info.pop(_READY, []):
            _dispatch(job)


def _ancestry(transaction: SessionTransaction | None) -> Iterator[SessionTransaction]:
    while transaction is not None:
        yield transaction
        transaction = transaction.parent
