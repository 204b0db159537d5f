"""Benchmark 5 (issue 16): the exports of a large hearing and of an edition's data, time and
peak memory at two sizes. The target is memory that stays flat as the data grows (streamed).

    .venv/bin/python -m bench.exports [--bodies 10 100] [--no-editions] [--label after]

Per ``--bodies`` it builds, in a throwaway SQLite database, the closed hearing of
``bench.consolidation`` (each body's registered response with its scanned letter, coverage
of 60 goals and 10 proposals: 10 rows of the consolidation per body) and asks the
secretariat's routes, logged in through the test client, for the consolidation as CSV and
as XLSX and for the archive package (every receipt as PDF, the scans, the metadata). The
answer is read in chunks as a download would be, never held whole. For the edition data it
publishes an edition of a catalogue at two sizes (``EDITION_SIZES``) and makes the files
stored at publication (CSV, JSON, tidy CSV, data package) and the workbook.

Each measurement runs in a fresh process (``bench.measured``): wall time, and the peak of
resident memory above the process's own before the work. Writes
bench/results/exports.json (results per label are kept) and prints a table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import measured

RESULTS = Path(__file__).resolve().parent / "results" / "exports.json"
EMAIL, PASSWORD = "sek@example.dk", "correct-horse-battery"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HEARING_EXPORTS = {
    "consolidation-csv": "/hearings/{id}/consolidation.csv",
    "consolidation-xlsx": "/hearings/{id}/consolidation.xlsx",
    "archive": "/hearings/{id}/archive.zip",
}
# (focus areas, goals, indicators, half-years)
EDITION_SIZES = {"edition-small": (2, 12, 60, 4), "edition-large": (6, 60, 300, 20)}


def _download(app: Any, url: str) -> dict[str, Any]:
    client = app.test_client()
    token = _CSRF.search(client.get("/login").get_data(as_text=True))
    assert token is not None
    login = client.post(
        "/login", data={"csrf_token": token.group(1), "email": EMAIL, "password": PASSWORD}
    )
    assert login.status_code == 302, login.status_code

    def work() -> dict[str, Any]:
        answer = client.get(url, buffered=False)
        assert answer.status_code == 200, (url, answer.status_code)
        digest, size, chunks = hashlib.sha256(), 0, 0
        for chunk in answer.response:
            digest.update(chunk)
            size += len(chunk)
            chunks += 1
        answer.close()
        return {"bytes": size, "chunks": chunks, "sha256": digest.hexdigest()}

    return measured.measure(work)


def _edition_files(ident: int) -> dict[str, Any]:
    from barometer.editions.open_data import documents
    from barometer.editions.workbook import edition_xlsx
    from barometer.models import Edition
    from core.extensions import db

    def work() -> dict[str, Any]:
        edition = db.session.get(Edition, ident)
        assert edition is not None
        files = documents(edition.snapshot, edition.id)
        sizes = {name: len(data) for name, _type, data in files}
        sizes["data.xlsx"] = len(edition_xlsx(edition.snapshot, "da"))
        return {"bytes": sum(sizes.values()), "files": sizes}

    return measured.measure(work)


def measure_child(kind: str, db_file: Path, uploads: Path, ident: int) -> None:
    app = measured.app_for(db_file, uploads)
    if kind in HEARING_EXPORTS:
        result = _download(app, HEARING_EXPORTS[kind].format(id=ident))
    else:
        with app.test_request_context("/"):
            result = _edition_files(ident)
    print(json.dumps(result))


def _build_edition(size: tuple[int, int, int, int]) -> int:
    from bench.documents import build_report_edition

    areas, goals, indicators, periods = size
    return build_report_edition(areas, goals, indicators, periods)


def run(bodies: list[int], editions: bool) -> dict[str, Any]:
    from bench.consolidation import build_hearing

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in bodies:
            db_file, uploads = folder / f"h{count}.sqlite3", folder / f"uploads{count}"
            started = time.perf_counter()
            with measured.built(db_file, uploads):
                hearing_id = build_hearing(count, uploads)
            print(f"built {count} bodies in {time.perf_counter() - started:.0f} s", flush=True)
            for kind in HEARING_EXPORTS:
                found = measured.child("bench.exports", kind, db_file, uploads, hearing_id)
                results.setdefault(kind, {})[f"{count} bodies"] = found
                print(kind, count, found["seconds"], found["work_peak_mb"], flush=True)
        for name, size in EDITION_SIZES.items() if editions else ():
            db_file, uploads = folder / f"{name}.sqlite3", folder / f"uploads-{name}"
            with measured.built(db_file, uploads):
                edition_id = _build_edition(size)
            found = measured.child("bench.exports", name, db_file, uploads, edition_id)
            label = "{} areas, {} goals, {} indicators, {} half-years".format(*size)
            results.setdefault("edition-data", {})[label] = found
            print(name, found["seconds"], found["work_peak_mb"], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, nargs="*", default=[10, 100])
    parser.add_argument("--no-editions", action="store_true")
    parser.add_argument("--label", default="after", help="kept with the result: before/after")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--uploads", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--id", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_child(args.measure, args.db, args.uploads, args.id)
        return
    found = run(args.bodies, not args.no_editions)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    by_label = previous.get("by_label", {})
    by_label.setdefault(args.label, {}).update(found)
    result = {**previous, "benchmark": "exports", "by_label": by_label,
              "machine": measured.machine()}  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    rows = [
        [kind, size, f"{v['seconds']:.2f} s", f"{v['bytes'] / 1e6:.2f} MB", v["work_peak_mb"]]
        for kind, sizes in found.items()
        for size, v in sizes.items()
    ]
    print(measured.table(["export", "size", "time", "output", "peak MB above start"], rows))


if __name__ == "__main__":
    main()
