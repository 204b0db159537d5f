"""The big staff pages under 8 concurrent users against gunicorn (benchmark 2).

    .venv/bin/python -m bench.staff_load [--scale small|large] [--connections 8]
        [--duration 10] [--workers 2] [--threads 4] [--think-ms 0]
    BENCH_DATABASE_URL=sqlite:////tmp/large.sqlite3 .venv/bin/python -m bench.staff_load

Seeds a throwaway SQLite database with ``flask --app app bench seed --scale`` (``small`` by
default: a few seconds; ``large`` is what the issue names and takes minutes to seed), or
reads the database of ``BENCH_DATABASE_URL`` as it is (seeded beforehand; nothing is
written but the log-in). Serves it with gunicorn through the shared harness
(:mod:`bench.server`), logs the seed's secretariat user in once, and then, page by page
(:func:`bench.staff_pages.page_urls`), puts ``--connections`` concurrent users (wrk, each
request with that user's session cookie) on the page for ``--duration`` seconds:
requests/s, p50/p95/p99, errors. Bytes and SQL statements of one request come from the
Flask test client on the same database (:func:`bench.staff_pages.time_pages`), and the
CPU seconds the web workers spent per request are measured from their ``/proc`` counters,
which a shared machine disturbs less than the wall clock. Development settings with a
random key, as in ``bench.submission_rush``: production's cookies are for https only.
Writes ``bench/results/staff_load.json`` and prints a table.

Two readings of "8 concurrent users": by default each user sends its next request the
moment the last one is answered (8 requests always in flight: a load test, far more than 8
people produce); with ``--think-ms 1000`` each user waits 0.5-1.5 s between requests, as a
person reading the page would (still one request a second each, where a reader takes many
seconds), and the results go to ``bench/results/staff_load_think.json``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from typing import Any

import requests

from bench import server as harness
from bench.rush_members import form_fields
from bench.staff_pages import TARGET_BYTES, TARGET_P95_SECONDS, page_urls, time_pages

PASSWORD = "bench-staff-load-2007"  # noqa: S105 - a throwaway database on 127.0.0.1
FAST_HASHES = {"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024"}


def _cookie(base: str, email: str) -> str:
    """The ``Cookie`` header of a session logged in as ``email``."""
    http = requests.Session()
    fields = dict(form_fields(http.get(base + "/login", timeout=60).text, "/login"))
    fields |= {"email": email, "password": PASSWORD}
    answer = http.post(base + "/login", data=fields, allow_redirects=False, timeout=60)
    if answer.status_code != 302:
        raise RuntimeError(f"the secretariat user could not log in ({answer.status_code})")
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


def _local_app(url: str, tmp: str) -> Any:
    from app import create_app
    from config import TestingConfig

    return create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=f"{tmp}/uploads",
        WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False, DEMO_PASSWORD=PASSWORD,
    )  # fmt: skip


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.seed import SECRETARIAT_EMAIL

    with tempfile.TemporaryDirectory() as tmp:
        given = os.environ.get("BENCH_DATABASE_URL", "")
        url = given or f"sqlite:///{tmp}/staff_load.sqlite3"
        env = harness.base_env(tmp, APP_ENV="development", DATABASE_URL=url,
                               DEMO_PASSWORD=PASSWORD, **FAST_HASHES)  # fmt: skip
        if not given:
            harness.flask(env, "db", "upgrade")
            harness.flask(env, "bench", "seed", "--scale", args.scale, timeout=3600)
        app = _local_app(url, tmp)
        with app.app_context():
            urls = page_urls()
        single = time_pages(app, 3, SECRETARIAT_EMAIL, PASSWORD)
        pages: dict[str, Any] = {}
        with harness.serve(env, workers=args.workers, threads=args.threads) as server:
            cookie = _cookie(server.base, SECRETARIAT_EMAIL)
            headers = ("Accept-Encoding: gzip, deflate, br", f"Cookie: {cookie}")
            for name, path in urls.items():
                page = requests.get(server.url(path), headers={"Cookie": cookie}, timeout=120)
                if page.status_code != 200 or "/login" in page.url:
                    raise RuntimeError(f"{path} answered {page.status_code}")
                cpu = server.cpu_seconds()
                load = harness.wrk(server.url(path), duration=args.duration,
                                   connections=args.connections, headers=headers,
                                   think_ms=args.think_ms)  # fmt: skip
                cpu = server.cpu_seconds() - cpu
                latency = load["latency_ms"]
                pages[name] = {
                    "url": path,
                    "requests": load["requests"],
                    "requests_per_second": load["requests_per_second"],
                    "errors": load["errors"],
                    "p50_ms": round(latency["p50"], 1),
                    "p95_ms": round(latency["p95"], 1),
                    "p99_ms": round(latency["p99"], 1),
                    "server_cpu_ms_per_request": round(1000 * cpu / max(1, load["requests"]), 1),
                    "bytes": single[name]["bytes"],
                    "sql_statements": single[name]["sql_statements"],
                    "meets_target": latency["p95"] <= TARGET_P95_SECONDS * 1000
                    and single[name]["bytes"] < TARGET_BYTES
                    and load["errors"] == 0,
                }
            memory = server.worker_rss_mb()
        with app.app_context():
            from core.extensions import db

            db.engine.dispose()
    return {
        "scale": "given database" if given else args.scale,
        "users": args.connections,
        "think_ms": args.think_ms,
        "think": "each user waits 0.5-1.5 times think_ms between requests"
        if args.think_ms
        else "none: each user's next request goes as soon as the last one is answered",
        "duration_seconds": args.duration,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "targets": {
            "p95_ms": TARGET_P95_SECONDS * 1000,
            "bytes_below": TARGET_BYTES,
            "errors": 0,
        },
        "pages": pages,
        "worker_rss_mb": memory,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="small", choices=("small", "large", "huge"))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think-ms", type=int, default=0)
    args = parser.parse_args()
    result = run(args)
    path = harness.write_result("staff_load_think" if args.think_ms else "staff_load", result)
    think = f", {args.think_ms} ms think time" if args.think_ms else ", no think time"
    print(f"staff pages, {result['scale']}, {args.connections} users{think}, {args.duration} s "
          f"each (gunicorn {args.workers}x{args.threads}) -> {path.name}")  # fmt: skip
    rows = [
        (name, p["requests_per_second"], p["p50_ms"], p["p95_ms"], p["p99_ms"],
         p["server_cpu_ms_per_request"], p["bytes"], p["sql_statements"], p["errors"],
         "met" if p["meets_target"] else "MISSED")
        for name, p in result["pages"].items()
    ]  # fmt: skip
    header = ("page", "req/s", "p50 ms", "p95 ms", "p99 ms", "cpu ms", "bytes", "SQL", "err", "")
    harness.table(header, rows)


if __name__ == "__main__":
    main()
