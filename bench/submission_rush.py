"""The deadline rush on PostgreSQL: ``--bodies`` bodies saving and submitting within seconds.

    .venv/bin/python -m bench.submission_rush [--bodies 200] [--window 10] [--workers 4]
        [--jobs rq inline] [--rq-workers 2] [--redis-db 14] [--label current]

Builds, in the PostgreSQL database ``barometer_bench_rush`` (emptied, made with the
migrations), an open hearing with ``--bodies`` committees, one member and a saved draft
each, and serves it with gunicorn (``bench/server.py``: ``gunicorn.conf.py``, ``--workers``
processes x 4 threads, production settings) with an SMTP sink on 127.0.0.1 for the
receipts. Every member's client (a thread with its own HTTP session) logs in beforehand;
then the clients start one after the other, evenly spread over ``--window`` seconds, and
each opens its response form, saves it with new text, opens the confirmation page and
submits. Once per job mode: ``rq`` (jobs to Redis, ``--rq-workers`` ``flask jobs worker``
processes) and ``inline`` (jobs in the web process after the commit).

Afterwards the database is checked: each body must have exactly one submitted version
(none lost, none duplicated), with its own receipt number, and the receipts that reached
the SMTP sink are matched to those numbers. Writes bench/results/submission_rush.json
(one entry per job mode and label, earlier entries kept) and prints a table.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import server as harness
from bench.rush_members import EXPECTED, FAST_HASHES, Client, Sink, build_hearing

RESULTS = harness.RESULTS / "submission_rush.json"
DB_NAME = "barometer_bench_rush"
TARGET = "0 errors, 0 lost, 0 duplicated, one unique receipt per body"


def _seed(url: str, bodies: int, folder: str) -> tuple[int, list[tuple[int, str]]]:
    from app import create_app
    from config import TestingConfig
    from core.extensions import db

    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=url,
        UPLOAD_FOLDER=f"{folder}/uploads",
        STORAGE_DIR=f"{folder}/storage",
    )
    with app.app_context():
        seeded = build_hearing(bodies, datetime.now(UTC))
        db.engine.dispose()
    return seeded


def _check(url: str, hearing_id: int, mails: list[str]) -> dict[str, Any]:
    """What the database holds after the rush: versions per body, receipt numbers."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT c.body_id, v.receipt_number FROM consultees c "
                "JOIN responses r ON r.consultee_id = c.id "
                "LEFT JOIN response_versions v ON v.response_id = r.id "
                "WHERE c.hearing_id = :h"
            ),
            {"h": hearing_id},
        ).all()
    engine.dispose()
    per_body = Counter(body for body, receipt in rows if receipt is not None)
    bodies = {body for body, _ in rows}
    receipts = [receipt for _, receipt in rows if receipt is not None]
    text = "\n".join(mails)
    return {
        "bodies": len(bodies),
        "submitted": len(per_body),
        "lost": sum(1 for body in bodies if per_body[body] == 0),
        "duplicated": sum(1 for count in per_body.values() if count > 1),
        "receipt_numbers": len(receipts),
        "unique_receipt_numbers": len(set(receipts)),
        "mails_received": len(mails),
        "receipt_numbers_found_in_mails": sum(1 for r in set(receipts) if r in text),
        "outbox": _outbox(url),
    }


def one_mode(args: argparse.Namespace, jobs: str) -> dict[str, Any]:
    from aiosmtpd.controller import Controller

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=harness.free_port(), enable_SMTPUTF8=True)
    smtp.start()
    workers: list[Any] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url = harness.postgres_url(DB_NAME)
            extra = {
                # Development settings with a random key: production's cookies are for https
                # only, and the clients talk plain http to 127.0.0.1.
                "APP_ENV": "development",
                "DATABASE_URL": url,
                "JOBS_MODE": jobs,
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": str(smtp.port),
                "MAIL_SEND_AFTER_COMMIT": "on",
                "LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
                "LOGIN_LIMIT_PER_ADDRESS": "10000 per minute",
                **FAST_HASHES,
            }
            if jobs == "rq":
                extra["REDIS_URL"] = harness.redis_url(args.redis_db)
                extra["RATELIMIT_STORAGE_URI"] = extra["REDIS_URL"]
            env = harness.base_env(tmp, **extra)
            harness.flask(env, "db", "upgrade")
            hearing_id, members = _seed(url, args.bodies, tmp)
            if jobs == "rq":
                workers = [
                    harness.start_worker(env, Path(tmp) / f"worker-{n}.log")
                    for n in range(args.rq_workers)
                ]
            with harness.serve(env, workers=args.workers) as server:
                clients = [Client(server.base, hearing_id, b, e) for b, e in members]
                for client in clients:
                    client.log_in()
                for client in clients[: 4 * args.workers]:  # a warm server, as at a deadline
                    client.http.get(client.url, timeout=120)
                    client.http.get(client.url + "/submit", timeout=120)
                cpu = (server.cpu_seconds(), time.process_time())
                seconds = _rush(clients, args.window)
                cpu = (server.cpu_seconds() - cpu[0], time.process_time() - cpu[1])
                rss = server.worker_rss_mb()
                mails = _wait_for_mail(sink, url, 180 if jobs == "rq" else 5)
                check = _check(url, hearing_id, mails)
    finally:
        for worker in workers:
            harness.stop(worker, grace=10)
        smtp.stop()
    setting = f"gunicorn {args.workers} workers x 4 threads, PostgreSQL, jobs {jobs}"
    harness.record_memory(f"submission_rush_{jobs}", setting, rss)
    return _summary(args, jobs, clients, seconds, check, rss) | {
        "cpu_seconds": {
            "web_workers": round(cpu[0], 1),
            "web_workers_per_request": round(cpu[0] / max(1, 4 * len(clients)), 3),
            "clients": round(cpu[1], 1),
            "note": "the clients (HTML parsing, 200 threads) share the 2 cores with the server",
        }
    }


def _rush(clients: list[Client], window: float) -> float:
    """Start client i at i/len x window seconds; the time until the last one is done."""
    started = time.perf_counter() + 0.5

    def turn(index: int) -> None:
        time.sleep(max(0.0, started + index * window / len(clients) - time.perf_counter()))
        clients[index].save_and_submit()

    threads = [threading.Thread(target=turn, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _outbox(url: str) -> dict[str, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT status, count(*) FROM outbound_emails GROUP BY status")
        ).all()
    engine.dispose()
    return {str(status): int(count) for status, count in rows}


def _wait_for_mail(sink: Sink, url: str, seconds: float) -> list[str]:
    """The mails received once the outbox holds no queued message (or after ``seconds``)."""
    end = time.monotonic() + seconds
    while _outbox(url).get("queued", 0) and time.monotonic() < end:
        time.sleep(1)
    time.sleep(0.5)  # the last message's DATA is handled after the sender's commit
    return list(sink.messages)


def _summary(
    args: argparse.Namespace,
    jobs: str,
    clients: list[Client],
    seconds: float,
    check: dict[str, Any],
    rss: list[float],
) -> dict[str, Any]:
    timings = [t for client in clients for t in client.timings]
    statuses = Counter(f"{what}: {status}" for what, _, status in timings)
    errors = sum(1 for what, _, status in timings if status != EXPECTED[what])
    errors += sum(1 for c in clients if len(c.timings) < len(EXPECTED))  # stopped early
    posts = [s for what, s, _ in timings if what in {"save", "submit"}]
    ok = (
        errors == 0
        and check["lost"] == 0
        and check["duplicated"] == 0
        and check["unique_receipt_numbers"] == len(clients)
    )
    return {
        "jobs": jobs,
        "bodies": len(clients),
        "setting": (
            f"gunicorn {args.workers} workers x 4 threads (gthread), APP_ENV=development "
            "(plain http), PostgreSQL, "
            + (f"{args.rq_workers} RQ workers" if jobs == "rq" else "jobs in the web process")
            + f"; clients started evenly over {args.window} s, each: open form, save, "
            "open confirmation, submit"
        ),
        "all_done_after_seconds": round(seconds, 2),
        "requests": len(timings),
        "errors": errors,
        "answers": dict(sorted(statuses.items())),
        "latency_ms": {
            "save_and_submit_posts": harness.percentiles(posts),
            **{
                what: harness.percentiles([s for w, s, _ in timings if w == what])
                for what in EXPECTED
            },
        },
        "database": check,
        "web_worker_rss_mb": rss,
        "target": TARGET,
        "meets_target": ok,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _merged(entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The results file with these entries replaced and the others (and ``earlier``) kept."""
    try:
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    results = {**previous.get("results", {}), **entries}
    earlier = {"earlier": previous["earlier"]} if "earlier" in previous else {}
    return {"target": TARGET, "results": dict(sorted(results.items())), **earlier}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=200)
    parser.add_argument("--window", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--jobs", nargs="+", choices=("rq", "inline"), default=["rq", "inline"])
    parser.add_argument("--rq-workers", type=int, default=2)
    parser.add_argument("--redis-db", type=int, default=14)
    parser.add_argument("--label", default="current", help="the entry's name, e.g. 'before'")
    args = parser.parse_args()
    entries = {f"{jobs}:{args.label}": one_mode(args, jobs) for jobs in args.jobs}
    harness.write_result("submission_rush", _merged(entries))
    rows = []
    for name, r in entries.items():
        lat, db = r["latency_ms"]["save_and_submit_posts"], r["database"]
        rows.append(
            (
                name,
                r["bodies"],
                r["all_done_after_seconds"],
                r["errors"],
                lat["p50"],
                lat["p95"],
                lat["p99"],
                db["lost"],
                db["duplicated"],
                db["unique_receipt_numbers"],
                db["receipt_numbers_found_in_mails"],
                max(r["web_worker_rss_mb"], default=0),
            )
        )
    harness.table(
        (
            "jobs:label",
            "bodies",
            "done s",
            "errors",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "lost",
            "dup",
            "receipts",
            "mailed",
            "RSS MB",
        ),
        rows,
    )
    print(f"target: {TARGET}")


if __name__ == "__main__":
    main()
