"""Benchmark (issue 16): where publishing an edition spends its CPU, the decision against
the open-data files.

    DATABASE_URL=sqlite:////tmp/x/bench.sqlite3 .venv/bin/python -m bench.publish [--runs 3]
    .venv/bin/python -m bench.publish [--scale small|large]   # seeds a throwaway database

Reads a database seeded with ``flask --app app bench seed --scale large`` (300 indicators,
20 half-years, 50 published editions) when ``DATABASE_URL`` names one; without it, seeds a
throwaway SQLite database at ``--scale`` (``small`` by default, as ``make bench`` runs it).
Each run makes a correcting draft of the latest edition of the last period and, in one
transaction that is rolled back afterwards, times with ``time.process_time`` (CPU of this
process; the machine is shared):

- **snapshot**: the content built from the database (what the confirmation page hashes);
- **freeze**: canonical JSON, SHA-256, the state change, audit entry and subscribers
  (``editions.publish`` as a whole, which since issue 16 stops there);
- **open data**: the open-data files made from the snapshot (``open_data.documents``) and
  stored (``store_file``): the work of the ``edition.open_data`` job after the commit.

Writes bench/results/publish.json and prints a table of medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import measured

RESULTS = Path(__file__).resolve().parent / "results" / "publish.json"


def _one_run() -> dict[str, float]:
    from sqlalchemy import select

    from barometer.editions import open_data
    from barometer.models import Edition
    from barometer.services import editions as svc
    from core.clock import utcnow
    from core.extensions import db

    latest = db.session.scalar(
        select(Edition)
        .where(Edition.published_at.is_not(None))
        .order_by(Edition.period_code.desc(), Edition.id.desc())
        .limit(1)
    )
    if latest is None:
        raise SystemExit("No published edition: seed the database first (bench seed).")
    now = utcnow()
    draft = svc.create_correction(latest, "Benchmark", actor=None, now=now)
    began = time.process_time()
    svc.preview(draft)
    snapshot = time.process_time() - began
    began = time.process_time()
    svc.publish(draft, actor=None, now=now, render_documents=False, acknowledged=True)
    publish = time.process_time() - began
    began = time.process_time()
    files = open_data.documents(draft.snapshot, draft.id)
    made = time.process_time() - began
    began = time.process_time()
    for name, content_type, data in files:
        svc.store_file(draft, name, content_type, data, now=now)
    stored = time.process_time() - began
    db.session.rollback()
    return {
        "snapshot": snapshot,
        "publish": publish,
        "open_data_make": made,
        "open_data_store": stored,
        "open_data_bytes": float(sum(len(data) for _, _, data in files)),
    }


def _seed_throwaway(scale: str) -> None:
    """A fresh SQLite database at ``scale`` in a temporary folder, for this process."""
    from bench import server as harness

    tmp = tempfile.mkdtemp(prefix="bench-publish-")
    env = harness.base_env(tmp, APP_ENV="development")
    harness.flask(env, "db", "upgrade")
    harness.flask(env, "bench", "seed", "--scale", scale, timeout=3600)
    for name in ("DATABASE_URL", "INSTANCE_PATH", "UPLOAD_FOLDER", "STORAGE_DIR"):
        os.environ[name] = env[name]
    os.environ["APP_ENV"] = "development"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--label", default="after", help="kept with the result: before/after")
    parser.add_argument("--scale", default="small", choices=("small", "large"))
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        _seed_throwaway(args.scale)
    from app import create_app

    app = create_app(JOBS_MODE="inline")
    with app.app_context(), app.test_request_context("/"):
        runs = [_one_run() for _ in range(args.runs)]
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    by_label: dict[str, Any] = previous.get("by_label", {})
    by_label[args.label] = {"medians": medians, "runs": runs}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"benchmark": "publish", "by_label": by_label,
                    "machine": measured.machine()}, indent=2) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    rows = [[key, f"{value:.3f}"] for key, value in medians.items()]
    print(measured.table(["part (CPU s, median)", args.label], rows))


if __name__ == "__main__":
    main()
