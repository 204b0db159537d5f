"""Background jobs: held until the commit, dropped on rollback, inline or on a real RQ."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core import jobs
from core.extensions import db as _db
from core.models import User
from tests.conftest import REDIS_TEST_URL
from tests.factories import make_user
from tests.workers import start_worker

RUNS: list[Any] = []


# Jobs must be importable module-level functions; these record what they saw.
def count_users_job(label: str = "") -> int:
    """Records how many users the job's own, fresh session sees (committed rows only)."""
    count = _db.session.scalar(select(func.count()).select_from(User)) or 0
    RUNS.append((label, count))
    return count


def failing_job() -> None:
    raise RuntimeError("the job broke")


@pytest.fixture(autouse=True)
def _clear_runs() -> Iterator[None]:
    RUNS.clear()
    yield
    RUNS.clear()


def work_off_queue(app: Flask) -> None:
    """What `flask jobs worker --burst --simple` does, in this process."""
    from rq import SimpleWorker

    worker = SimpleWorker([jobs.queue(app)], connection=jobs.redis_connection(app))
    worker.work(burst=True)


def test_an_inline_job_waits_for_the_commit_and_sees_the_committed_rows(db: Any) -> None:
    make_user()
    assert jobs.enqueue(count_users_job, "after") is None
    assert RUNS == []
    db.session.commit()
    assert RUNS == [("after", 1)]


def test_a_rolled_back_transaction_runs_no_job(db: Any) -> None:
    make_user()
    jobs.enqueue(count_users_job)
    db.session.rollback()
    make_user()
    db.session.commit()
    assert RUNS == []


def test_a_session_closed_without_commit_drops_its_jobs(db: Any) -> None:
    make_user()
    jobs.enqueue(count_users_job)
    db.session.close()
    make_user()
    db.session.commit()
    assert RUNS == []


def test_a_job_from_a_rolled_back_savepoint_is_dropped_and_the_others_run(db: Any) -> None:
    make_user()
    jobs.enqueue(count_users_job, "outer")
    savepoint = db.session.begin_nested()
    make_user()
    jobs.enqueue(count_users_job, "inner")
    savepoint.rollback()
    savepoint = db.session.begin_nested()
    jobs.enqueue(count_users_job, "released")
    savepoint.commit()
    assert RUNS == []
    db.session.commit()
    assert RUNS == [("outer", 1), ("released", 1)]


def test_a_job_runs_at_once_when_the_transaction_has_written_nothing(db: Any) -> None:
    make_user()
    db.session.commit()
    db.session.scalar(select(User.id))  # a read-only transaction is open
    jobs.enqueue(count_users_job, "now")
    assert RUNS == [("now", 1)]


def test_enqueue_once_adds_one_job_per_commit_for_the_same_call(db: Any) -> None:
    make_user()
    for _ in range(3):
        jobs.enqueue_once(count_users_job, "once")
    jobs.enqueue_once(count_users_job, "other")
    db.session.commit()
    assert RUNS == [("once", 1), ("other", 1)]
    make_user()
    jobs.enqueue_once(count_users_job, "once")
    db.session.commit()
    assert RUNS[-1] == ("once", 2)


def test_a_failing_inline_job_is_logged_and_the_commit_stands(
    db: Any, caplog: pytest.LogCaptureFixture
) -> None:
    make_user("kept@example.dk")
    jobs.enqueue(failing_job)
    jobs.enqueue(count_users_job, "next")
    with caplog.at_level(logging.ERROR):
        db.session.commit()
    assert "failing_job failed" in caplog.text
    assert RUNS == [("next", 1)]
    assert db.session.scalar(select(User.email)) == "kept@example.dk"


def test_a_job_must_be_a_module_level_function(db: Any) -> None:
    with pytest.raises(ValueError, match="module-level"):
        jobs.enqueue(lambda: None)


def test_auto_mode_uses_rq_only_when_redis_is_configured(app: Flask, configured: Any) -> None:
    configured(JOBS_MODE="auto", REDIS_URL="")
    assert jobs.jobs_mode(app) == "inline"
    configured(REDIS_URL=REDIS_TEST_URL)
    assert jobs.jobs_mode(app) == "rq"
    configured(JOBS_MODE="rq", REDIS_URL="")
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        jobs.jobs_mode(app)
    configured(JOBS_MODE="sometimes")
    with pytest.raises(RuntimeError, match="JOBS_MODE"):
        jobs.jobs_mode(app)


@pytest.mark.redis
def test_with_redis_the_job_is_queued_after_the_commit_and_a_worker_runs_it(
    app: Flask, db: Any, redis_jobs: Any
) -> None:
    from rq.job import Job, JobStatus

    make_user()
    job_id = jobs.enqueue(count_users_job, "rq")
    assert job_id is not None
    assert jobs.queue(app).count == 0
    db.session.commit()
    assert jobs.queue(app).job_ids == [job_id]
    job = Job.fetch(job_id, connection=redis_jobs)
    assert job.retries_left == app.config["JOBS_MAX_RETRIES"]
    assert job.timeout == app.config["JOBS_TIMEOUT"]

    work_off_queue(app)

    assert RUNS == [("rq", 1)]
    assert Job.fetch(job_id, connection=redis_jobs).get_status() == JobStatus.FINISHED


@pytest.mark.redis
def test_with_redis_a_rolled_back_transaction_queues_nothing(
    app: Flask, db: Any, redis_jobs: Any
) -> None:
    make_user()
    jobs.enqueue(count_users_job)
    db.session.rollback()
    assert jobs.queue(app).count == 0


@pytest.mark.redis
def test_the_jobs_worker_command_runs_the_queued_jobs_and_stops_in_burst_mode(
    app: Flask, db: Any, redis_jobs: Any
) -> None:
    make_user()
    jobs.enqueue(count_users_job, "cli")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst", "--simple"])
    assert result.exit_code == 0, result.output
    assert RUNS == [("cli", 1)]
    assert jobs.queue(app).count == 0


def test_the_jobs_worker_command_needs_redis(app: Flask, configured: Any) -> None:
    configured(REDIS_URL="")
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output


@pytest.mark.redis
@pytest.mark.parametrize("simple", [False, True], ids=["forking", "simple"])
def test_a_worker_told_to_stop_leaves_at_once_when_its_listener_read_the_unsubscribe_first(
    app: Flask, redis_jobs: Any, simple: bool
) -> None:
    """The race RQ's own worker loses under load, made certain: its pub/sub listener has
    read the reply to UNSUBSCRIBE before it is told to stop, and waits (60 s in RQ) for a
    subscription that never comes. Stopping the worker must not wait for that."""
    from core.rq_worker import PromptSimpleWorker, PromptWorker

    worker_class = PromptSimpleWorker if simple else PromptWorker
    worker = worker_class([jobs.queue(app)], connection=redis_jobs)
    worker.subscribe()
    worker.pubsub.unsubscribe()
    deadline = time.monotonic() + 10
    while worker.pubsub.subscribed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not worker.pubsub.subscribed, "the listener never read the reply"

    stopping = threading.Thread(target=worker.unsubscribe, daemon=True)
    started = time.monotonic()
    stopping.start()
    stopping.join(10)
    assert not stopping.is_alive(), "the worker waits for its listener to time out"
    assert time.monotonic() - started < 5


@pytest.mark.redis
def test_the_jobs_worker_command_exits_promptly_on_sigterm(
    app: Flask, db: Any, redis_jobs: Any
) -> None:
    from rq import Worker

    worker = start_worker(app)
    try:
        # Told to stop once it listens for jobs: RQ installs its signal handlers after it
        # registers, and a SIGTERM before them ends the process without a clean stop.
        deadline = time.monotonic() + 60
        while not _listening(redis_jobs) and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker did not start"
            time.sleep(0.1)
        assert _listening(redis_jobs), "the worker never listened for jobs"
        worker.terminate()
        assert worker.wait(15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(15)
    assert Worker.all(connection=redis_jobs) == []  # it signed off on its way out


def _listening(connection: Any) -> bool:
    from rq import Worker

    return any(w.get_state() == "idle" for w in Worker.all(connection=connection))
