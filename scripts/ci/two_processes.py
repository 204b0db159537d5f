"""Two app processes on one PostgreSQL and one Redis, with one RQ worker (run by .ci/run).

    .venv/bin/python scripts/ci/two_processes.py [--database NAME] [--redis-db N]

Makes the PostgreSQL database NAME empty (``scripts/ci/postgres.sh``), runs the migrations,
builds an open hearing with two consulted bodies, starts two gunicorn servers (A and B,
each its own process and connection pool, the same settings and ``SECRET_KEY``), one
``flask jobs worker`` and an SMTP sink, and shows through HTTP that:

1. a response saved and submitted through A is seen through B (its version page, with the
   receipt number the database holds);
2. the receipt mail, enqueued by A after its commit, is sent by the RQ worker;
3. a log-out through B ends the session on A: the cookie A accepted before is refused
   afterwards (the server-side session check, not the cookie, decides);
4. a publication through one process is seen by the other at once: the public page's
   cache key is read from the database on every request, not kept between requests.

Exits 0 when all hold, 1 with the failed step otherwise; every process is stopped.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from flask import Flask  # noqa: E402

from bench import server as harness  # noqa: E402
from bench.rush_members import FAST_HASHES, Client, Sink, form_fields  # noqa: E402


def _check(ok: bool, what: str) -> None:
    print(("ok     " if ok else "FAILED ") + what, flush=True)
    if not ok:
        raise SystemExit(1)


def _app(url: str, redis: str, folder: str) -> Flask:
    """This process's app on the same database and Redis (it seeds and publishes)."""
    from app import create_app
    from config import TestingConfig

    return create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=url,
        REDIS_URL=redis,
        UPLOAD_FOLDER=f"{folder}/uploads",
        STORAGE_DIR=f"{folder}/storage",
        EDITIONS_RENDER_PDF_ON_PUBLISH=False,
    )


def _seed(app: Flask) -> tuple[int, list[tuple[int, str]]]:
    """The migrations, a published edition, and an open hearing with two consulted bodies."""
    from flask_migrate import upgrade

    from bench.rush_members import build_hearing
    from core.extensions import db
    from tests.barometer.edition_factories import make_periods, make_published

    with app.app_context():
        upgrade()
        make_periods()
        make_published("2007-H1")
        db.session.commit()
        seeded = build_hearing(2, datetime.now(UTC))
        db.engine.dispose()
    return seeded


def _publish(app: Flask) -> None:
    from core.extensions import db
    from tests.barometer.edition_factories import make_published

    with app.app_context():
        make_published("2007-H2")
        db.session.commit()
        db.engine.dispose()


def _latest(server: harness.Server) -> str:
    answer = requests.get(server.url("/api/v1/editions/latest"), timeout=30)
    return answer.text if answer.ok else ""


def _receipt_number(url: str, body_id: int) -> str | None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        number = conn.execute(
            sa.text(
                "SELECT v.receipt_number FROM response_versions v "
                "JOIN responses r ON r.id = v.response_id "
                "JOIN consultees c ON c.id = r.consultee_id WHERE c.body_id = :b"
            ),
            {"b": body_id},
        ).scalar()
    engine.dispose()
    return None if number is None else str(number)


def run(database: str, redis_db: int) -> None:
    from aiosmtpd.controller import Controller

    started = time.monotonic()
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=harness.free_port(), enable_SMTPUTF8=True)
    smtp.start()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        stack.callback(smtp.stop)
        url = harness.postgres_url(database)
        redis = harness.redis_url(redis_db)
        env = harness.base_env(
            tmp,
            APP_ENV="development",  # plain http to 127.0.0.1: production's cookies need https
            DATABASE_URL=url,
            REDIS_URL=redis,
            RATELIMIT_STORAGE_URI=redis,
            JOBS_MODE="rq",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(smtp.port),
            MAIL_SEND_AFTER_COMMIT="on",
            **FAST_HASHES,
        )
        app = _app(url, redis, tmp)
        hearing_id, members = _seed(app)
        worker = harness.start_worker(env, Path(tmp) / "worker.log")
        stack.callback(harness.stop, worker, 10)
        a = harness.start(env, workers=1, threads=2)
        stack.callback(harness.stop, a.process)
        b = harness.start(env, workers=1, threads=2)
        stack.callback(harness.stop, b.process)
        harness.wait_healthy(a)
        harness.wait_healthy(b)
        print(f"two servers up after {time.monotonic() - started:.1f} s: {a.base}, {b.base}")

        body_id, email = members[0]
        member = Client(a.base, hearing_id, body_id, email)
        member.log_in()
        member.save_and_submit()
        _check(
            [status for _, _, status in member.timings] == [200, 302, 200, 302],
            "a response is saved and submitted through A",
        )
        receipt = _receipt_number(url, body_id)
        _check(receipt is not None, "the database holds the submitted version")
        page = member.http.get(f"{b.base}{member.url[len(a.base) :]}/versions/1", timeout=30)
        _check(
            page.status_code == 200 and str(receipt) in page.text,
            "B shows the submitted version with its receipt number",
        )

        end = time.monotonic() + 45
        while not any(str(receipt) in m for m in sink.messages) and time.monotonic() < end:
            time.sleep(0.2)
        _check(
            any(str(receipt) in m for m in sink.messages),
            "the receipt mail enqueued by A was sent by the RQ worker",
        )

        old_cookies = requests.utils.dict_from_cookiejar(member.http.cookies)
        mine = f"{a.base}/hearings/mine"
        _check(
            member.http.get(mine, allow_redirects=False, timeout=30).status_code == 200,
            "the session works on A",
        )
        logout = form_fields(member.http.get(f"{b.base}/hearings/mine", timeout=30).text, "/logout")
        out = member.http.post(f"{b.base}/logout", data=logout, allow_redirects=False, timeout=30)
        _check(out.status_code in {302, 303}, "log-out through B")
        replay = requests.get(mine, cookies=old_cookies, allow_redirects=False, timeout=30)
        _check(
            replay.status_code == 302 and "/login" in replay.headers.get("Location", ""),
            "A refuses the session cookie it accepted before the log-out through B",
        )
        member.http.close()

        seen = (_latest(a), _latest(b))  # served, and now remembered by each process
        _check(seen[0] == seen[1] != "", "A and B serve the latest edition")
        _publish(app)  # a third process publishes the next edition
        _check(
            _latest(a) == _latest(b) != seen[0],
            "a publication by another process is served by A and B on their next request",
        )
        print(f"two processes: all checks passed in {time.monotonic() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--database", default="barometer_two_processes")
    parser.add_argument("--redis-db", type=int, default=13)
    args = parser.parse_args()
    run(args.database, args.redis_db)


if __name__ == "__main__":
    main()
