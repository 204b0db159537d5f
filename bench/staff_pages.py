"""Time the big staff pages on a seeded database: p50/p95, bytes of HTML, SQL statements.

    BENCH_DATABASE_URL=sqlite:////tmp/large.sqlite3 python -m bench.staff_pages [--runs 20]
        [--label before|after]

With ``BENCH_DATABASE_URL`` the pages are read from that database (seeded beforehand with
``flask --app app bench seed --scale large``; nothing is written); without it a throwaway
SQLite database is seeded at the ``--scale`` given (``medium`` by default: a tenth of
``large``'s bodies at its catalogue size, a few minutes). Every page is requested through
the Flask test client by the seed's secretariat user, once to warm up and then ``--runs``
times. Writes ``bench/results/staff_pages.json`` and prints a table; with ``--label`` the
CPU, bytes and statements per page are also kept under ``by_label`` (earlier labels stay).

:func:`page_urls` lists the pages for a seeded database, so a load test against gunicorn
can request the same URLs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

RESULTS = Path(__file__).resolve().parent / "results" / "staff_pages.json"
TARGET_P95_SECONDS = 0.150
TARGET_BYTES = 200_000


def page_urls() -> dict[str, str]:
    """The staff pages of a seeded database (name -> URL), in an app context.

    The seed's hearing (the last one), its first goal, the last period of the reading and
    the last two catalogue versions (the diff is empty when there is only one).
    """
    from barometer.models import CatalogueVersion, Goal, MeasurementPeriod
    from core.extensions import db
    from hearing.models import Hearing

    hearing_id = db.session.scalar(select(func.max(Hearing.id)))
    numbers = list(
        db.session.scalars(select(CatalogueVersion.number).order_by(CatalogueVersion.number))
    )
    period = db.session.scalar(
        select(MeasurementPeriod.code).order_by(MeasurementPeriod.code.desc()).limit(1)
    )
    goal = db.session.scalar(select(Goal.code).order_by(Goal.code).limit(1))
    old, new = (numbers[-2], numbers[-1]) if len(numbers) > 1 else (numbers[-1], numbers[-1])
    hearing = f"/hearings/{hearing_id}"
    return {
        "hearing_dashboard": hearing,
        "consolidation_workspace": f"{hearing}/consolidation",
        "proposal_groups_page_2": f"{hearing}/consolidation?page=2#proposals",
        "proposal_groups_unhandled": f"{hearing}/consolidation?state=unhandled",
        "coverage_of_a_goal": f"{hearing}/consolidation/coverage/{goal}",
        "response_list": f"{hearing}/responses",
        "reading_page": f"/barometer/reading/{period}",
        "catalogue_version": f"/barometer/catalogue/versions/{numbers[-1]}",
        "catalogue_diff": f"/barometer/catalogue/diff?from={old}&to={new}",
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def time_pages(app: Any, runs: int, email: str, password: str) -> dict[str, Any]:
    """Per page: p50/p95 seconds, bytes and SQL statements of one request."""
    from sqlalchemy import event

    from core.extensions import db

    with app.app_context():
        urls = page_urls()
        engine = db.engine
    client = app.test_client()
    answer = client.post("/login", data={"email": email, "password": password})
    assert answer.status_code == 302, "the secretariat user could not log in"
    statements: list[str] = []

    def count(*_args: Any) -> None:
        statements.append("")

    pages: dict[str, Any] = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url  # warm up
        timings, cpu, size = [], [], 0
        for _ in range(runs):
            statements.clear()
            event.listen(engine, "before_cursor_execute", count)
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            event.remove(engine, "before_cursor_execute", count)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.data)
        pages[name] = {
            "url": url,
            "p50_seconds": round(statistics.median(timings), 4),
            "p95_seconds": round(_percentile(timings, 0.95), 4),
            # CPU time of this process: on a shared machine steadier than the wall clock.
            "cpu_p50_seconds": round(statistics.median(cpu), 4),
            "bytes": size,
            "sql_statements": len(statements),
            "meets_target": _percentile(timings, 0.95) <= TARGET_P95_SECONDS
            and size < TARGET_BYTES,
        }
    return pages


def _app(database_url: str, tmp: str) -> Any:
    from app import create_app
    from config import TestingConfig

    return create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=database_url,
        UPLOAD_FOLDER=f"{tmp}/uploads",
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
        # As served (the testing config turns it off): frozen catalogue versions are kept in
        # the process's memory (barometer.frozen_versions), so the workspace and the
        # response pages do not load the whole catalogue on every request.
        CATALOGUE_MEMORY=True,
    )


def _seeded(tmp: str, scale_name: str) -> tuple[Any, str]:
    from flask_migrate import upgrade

    from bench.scales import SCALES, Scale
    from bench.seed import seed
    from core.extensions import db

    url = f"sqlite:///{tmp}/staff_pages.sqlite3"
    app = _app(url, tmp)
    scale = SCALES.get(scale_name) or Scale(
        "medium", areas=6, goals=60, indicators=300, periods=4, bodies=10, proposals=10,
        editions=4,
    )  # fmt: skip
    with app.app_context():
        upgrade()
        seed(scale, seed=2007, password=app.config["DEMO_PASSWORD"], folder=Path(tmp, "uploads"))
        db.session.commit()
    return app, scale.name


def run(runs: int, scale_name: str) -> dict[str, Any]:
    from bench.seed import SECRETARIAT_EMAIL
    from core.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        given = os.environ.get("BENCH_DATABASE_URL", "")
        started = time.perf_counter()
        if given:
            app, scale = _app(given, tmp), "given database"
        else:
            app, scale = _seeded(tmp, scale_name)
        build_seconds = time.perf_counter() - started
        pages = time_pages(app, runs, SECRETARIAT_EMAIL, app.config["DEMO_PASSWORD"])
        with app.app_context():
            db.engine.dispose()
    return {
        "benchmark": "staff_pages",
        "scale": scale,
        "runs": runs,
        "build_seconds": round(build_seconds, 1),
        "targets": {"p95_seconds": TARGET_P95_SECONDS, "bytes_below": TARGET_BYTES},
        "pages": pages,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scale", default="medium", help="small, large or medium (default)")
    parser.add_argument(
        "--label", default="", help="also keep this run's CPU per page under by_label (before)"
    )
    args = parser.parse_args()
    result = run(args.runs, args.scale)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    by_label: dict[str, Any] = previous.get("by_label", {})
    if args.label:
        by_label[args.label] = {
            name: {k: page[k] for k in ("cpu_p50_seconds", "bytes", "sql_statements")}
            for name, page in result["pages"].items()
        }
    if by_label:
        result["by_label"] = by_label
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"staff pages, {result['scale']}, {args.runs} requests each (test client, 1 user)")
    print(f"  {'page':28} {'p50 s':>7} {'p95 s':>7} {'cpu s':>7} {'bytes':>9} {'SQL':>4}  target")
    for name, page in result["pages"].items():
        mark = "met" if page["meets_target"] else "MISSED"
        print(
            f"  {name:28} {page['p50_seconds']:7.3f} {page['p95_seconds']:7.3f} "
            f"{page['cpu_p50_seconds']:7.3f} "
            f"{page['bytes']:9d} {page['sql_statements']:4d}  {mark}"
        )


if __name__ == "__main__":
    main()
