"""Time a full reading for 300 indicators x 20 periods: the pure computation and the page.

    .venv/bin/python -m bench.reading [--runs 5]

Builds the synthetic catalogue (6 focus areas, 60 goals, 300 indicators) in a throwaway
SQLite database with 20 half-years of measurements (2007-H1..2016-H2, every value filled
in), then times per run:

1. ``compute_reading`` alone on plain inputs (the pure status method);
2. ``barometer.reading.compute``: the inputs built from plain catalogue values and
   measurements, the reading and the page's rows with every history (still pure);
3. the reading page through the test client: the queries, the computation, 300
   sparklines and 7 gauges, and the template - with the number of SQL statements.

Writes bench/results/reading.json and prints a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "reading.json"
SCALE = {"areas": 6, "goals": 60, "indicators": 300, "periods": 20}
EMAIL = "bench@example.dk"
PASSWORD = "bench-password-123"  # noqa: S105 - a throwaway database


def _measurements(codes: list[str], periods: list[Any], seed: int = 2007) -> list[dict[str, Any]]:
    """A random walk per indicator, one decimal, kept between 0 and 100."""
    from core.clock import utcnow

    rng = random.Random(seed)
    rows = []
    now = utcnow()
    for code in codes:
        value = Decimal(rng.randrange(200, 800)) / 10
        for p in periods:
            value = min(Decimal(100), max(Decimal(0), value + Decimal(rng.randrange(-20, 21)) / 10))
            rows.append(
                {"indicator_code": code, "period_id": p.id, "value": value, "note": "",
                 "provisional": False, "source": "", "entered_at": now, "lock_version": 1}
            )  # fmt: skip
    return rows


def _seconds(values: list[float]) -> dict[str, Any]:
    return {"median": round(statistics.median(values), 4), "all": [round(v, 4) for v in values]}


def _build(app: Any) -> tuple[int, str]:
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from barometer.models import Measurement
    from barometer.period import Period
    from barometer.services import measurements as msvc
    from bench.synthetic import NOW, build_catalogue
    from core.extensions import db
    from core.models import Role
    from core.services import accounts

    upgrade()
    version = build_catalogue(SCALE["areas"], SCALE["goals"], SCALE["indicators"])
    period, periods = Period(2007, 1), []
    for _ in range(SCALE["periods"]):
        periods.append(msvc.open_period(msvc.PeriodData(str(period), NOW), actor=None, now=NOW))
        period = period.next()
    codes = [f"I{i:04d}" for i in range(SCALE["indicators"])]
    db.session.execute(insert(Measurement), _measurements(codes, periods))
    accounts.create_user(
        accounts.UserData(EMAIL, "Bench", roles=(accounts.RoleData(Role.SECRETARIAT),)),
        PASSWORD,
        actor=None,
        now=NOW,
    )
    db.session.commit()
    return version.id, periods[-1].code


def _time_pure(version_id: int, last: str, runs: int) -> dict[str, Any]:
    from barometer.models import CatalogueVersion
    from barometer.period import Period
    from barometer.reading import load_catalogue, load_values, period_codes
    from barometer.reading_values import compute, indicator_input
    from barometer.status import compute_reading
    from core.extensions import db

    catalogue = load_catalogue(db.session.get(CatalogueVersion, version_id))
    period = Period.parse(last)
    values = load_values([i.code for i in catalogue.indicators()], up_to=period)
    periods = [Period.parse(c) for c in period_codes()]
    inputs = {i.code: indicator_input(i, values.get(i.code, {})) for i in catalogue.indicators()}
    structure = catalogue.structure()
    method, page = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        compute_reading(structure, inputs, period)
        method.append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        compute(catalogue, values, period, periods)
        page.append(time.perf_counter() - t1)
    return {"compute_reading_seconds": _seconds(method), "page_values_seconds": _seconds(page)}


def _time_page(app: Any, last: str, runs: int) -> dict[str, Any]:
    from sqlalchemy import event

    from core.extensions import db

    client = app.test_client()
    client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    url = f"/barometer/reading/{last}"
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    timings, size = [], 0
    with app.app_context():
        engine = db.engine
    for _ in range(runs):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - t0)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
        size = len(response.data)
    return {
        "render_page_seconds": _seconds(timings),
        "sql_statements": len(statements),
        "html_bytes": size,
    }


def run(runs: int) -> dict[str, Any]:
    from app import create_app
    from config import TestingConfig
    from core.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.sqlite3",
            WTF_CSRF_ENABLED=False,
        )
        with app.app_context():
            started = time.perf_counter()
            version_id, last = _build(app)
            build_seconds = time.perf_counter() - started
            pure = _time_pure(version_id, last, runs)
        page = _time_page(app, last, runs)
        with app.app_context():
            db.engine.dispose()
    return {
        "benchmark": "reading",
        "scale": SCALE,
        "runs": runs,
        "build_seconds": round(build_seconds, 3),
        **pure,
        **page,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    result = run(parser.parse_args().runs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    med = {k: result[k]["median"] for k in (
        "compute_reading_seconds", "page_values_seconds", "render_page_seconds"
    )}  # fmt: skip
    print(f"reading, {SCALE['indicators']} x {SCALE['periods']} (median of {result['runs']})")
    print(f"  compute_reading (pure status method): {med['compute_reading_seconds']:.4f} s")
    print(f"  reading.compute (inputs + page rows): {med['page_values_seconds']:.4f} s")
    print(f"  reading page (queries + template):    {med['render_page_seconds']:.4f} s")
    print(f"  {result['sql_statements']} SQL statements, {result['html_bytes']} bytes of HTML")


if __name__ == "__main__":
    main()
