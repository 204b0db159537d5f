"""Benchmark 4 at scale (issue 16): the hearing note job of a very large hearing on real RQ
workers, with 1 and with 2 workers.

    .venv/bin/python -m bench.note_scale [--bodies 1000] [--workers 1 2] [--keep DIR]

Builds, in a throwaway SQLite database, the closed hearing of ``bench.consolidation``
(``--bodies`` bodies, each with coverage of 60 goals and 10 proposals; ``--keep DIR`` keeps
the built database there and reuses it next time). Per worker count it copies that
database, empties Redis database ``REDIS_DB``, starts the workers with the harness
(``flask --app app jobs worker``, production settings, ``JOBS_MODE=rq``), asks for the
note as the consolidation does (``request_note``) and follows the job until it ends. The
job is what production runs: the note's values, the PDF in parts of ``NOTE_PART_BODIES``
bodies (offered to the other workers as RQ jobs, see ``hearing.services.note_parts``),
joined with pypdf, and the Word document.

Recorded per run: the wall time from the request to the job's end, the job's own time per
part (``Job.parts``), each worker's CPU seconds during the run (its own and its work
horses'), the peak resident memory of any one process of each worker's tree (polled from
``/proc`` every 0.2 s, ``bench.proctree``), the pages and the load average before and after.
``JOBS_TIMEOUT`` is raised to ``--timeout`` for the run (the default of 600 s is reported
against the wall time). Writes bench/results/note_scale.json (results per size are kept)
and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import measured, proctree
from bench import server as harness

REDIS_DB = 7
DEFAULT_JOBS_TIMEOUT = 600


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def build(bodies: int, folder: Path) -> dict[str, Any]:
    """The built hearing in ``folder`` (reused when a previous build left it there)."""
    from bench.consolidation import build_hearing

    facts = folder / f"note{bodies}.json"
    db_file, uploads = folder / f"note{bodies}.sqlite3", folder / f"uploads{bodies}"
    if facts.exists() and db_file.exists():
        return {**json.loads(facts.read_text()), "reused": True}
    started = time.perf_counter()
    with measured.built(db_file, uploads):
        ident = build_hearing(bodies, uploads)
    built = {"bodies": bodies, "hearing_id": ident,
             "build_seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    facts.write_text(json.dumps(built))
    return {**built, "reused": False}


def _request_note(db_file: Path, uploads: Path, hearing_id: int, settings: dict[str, Any]) -> int:
    """Ask for the note as a change to the consolidation does; the job record's id."""
    from core.background import latest_for
    from core.clock import utcnow
    from core.extensions import db
    from hearing.models import Hearing
    from hearing.services.hearing_jobs import NOTE
    from hearing.services.note_versions import request_note

    app = measured.app_for(db_file, uploads)
    app.config.update(settings)
    with app.app_context():
        hearing = db.session.get(Hearing, hearing_id)
        assert hearing is not None
        request_note(hearing, actor=None, now=utcnow())
        db.session.commit()  # enqueued on RQ now
        job = latest_for(NOTE, ("Hearing", hearing_id))
        assert job is not None
        ident = job.id
        db.engine.dispose()
    return ident


def _read(db_file: Path, query: str, *args: Any) -> tuple[Any, ...] | None:
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=30) as conn:
        row = conn.execute(query, args).fetchone()
    return tuple(row) if row is not None else None


def _wait_workers(url: str, count: int, deadline: float = 180) -> None:
    from redis import Redis
    from rq import Worker

    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if len(Worker.all(connection=Redis.from_url(url))) >= count:
            return
        time.sleep(0.5)
    raise RuntimeError(f"{count} RQ workers did not start in {deadline:.0f} s.")


def _wait_idle(url: str, deadline: float = 300) -> None:
    """Until the queue is empty and no worker is busy (the part jobs left over end at once)."""
    from redis import Redis
    from rq import Queue, Worker

    connection = Redis.from_url(url)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        busy = [w for w in Worker.all(connection=connection) if w.get_state() == "busy"]
        if Queue("default", connection=connection).count == 0 and not busy:
            return
        time.sleep(0.5)


def run_job(source: Path, uploads: Path, hearing_id: int, workers: int, tmp: Path,
            timeout: int) -> dict[str, Any]:  # fmt: skip
    """The note job on ``workers`` RQ workers, from a fresh copy of the built database."""
    db_file = tmp / "bench.sqlite3"
    shutil.copy(source, db_file)
    url = harness.redis_url(REDIS_DB)
    settings = {"JOBS_MODE": "rq", "REDIS_URL": url, "JOBS_QUEUE": "default",
                "JOBS_TIMEOUT": timeout, "JOBS_MAX_RETRIES": 0}  # fmt: skip
    env = harness.base_env(
        str(tmp),
        DATABASE_URL=f"sqlite:///{db_file}",
        UPLOAD_FOLDER=str(uploads),
        **{key: str(value) for key, value in settings.items()},
    )
    load_before = uptime()
    processes = [harness.start_worker(env, tmp / f"worker{n}.log") for n in range(workers)]
    try:
        _wait_workers(url, workers)
        cpu_before = {p.pid: proctree.cpu_seconds(p.pid, children=True) for p in processes}
        poller = proctree.TreePoller([p.pid for p in processes]).start()
        started = time.perf_counter()
        job_id = _request_note(db_file, uploads, hearing_id, settings)
        state = None
        while time.perf_counter() - started < timeout + 120:
            row = _read(db_file, "SELECT state FROM jobs WHERE id = ?", job_id)
            state = row[0] if row else None
            if state in ("finished", "failed"):
                break
            time.sleep(1)
        wall = time.perf_counter() - started
        _wait_idle(url)
        memory = poller.stop()
        cpu = {p.pid: proctree.cpu_seconds(p.pid, children=True) - cpu_before[p.pid]
               for p in processes}  # fmt: skip
    finally:
        for process in processes:
            harness.stop(process)
    row = _read(db_file, "SELECT state, error, parts, started_at, finished_at FROM jobs "
                "WHERE id = ?", job_id)  # fmt: skip
    assert row is not None
    if row[0] != "finished":
        logs = "\n".join((tmp / f"worker{n}.log").read_text()[-2000:] for n in range(workers))
        raise RuntimeError(f"The note job ended {row[0]}: {row[1]}\n{logs}")
    parts = json.loads(row[2] or "[]")
    note = _read(db_file, "SELECT pages, full_stored_name FROM hearing_notes "
                 "WHERE hearing_id = ? ORDER BY number DESC", hearing_id)  # fmt: skip
    assert note is not None
    part_seconds = [p["seconds"] for p in parts]
    annex = [s for p, s in zip(parts, part_seconds, strict=True) if p["name"] != "body"]
    return {
        "workers": workers,
        "wall_seconds": round(wall, 1),
        "within_default_jobs_timeout": wall <= DEFAULT_JOBS_TIMEOUT,
        "pages": note[0],
        "pdf_bytes": (uploads / note[1]).stat().st_size if note[1] else None,
        "parts": len(parts),
        "part_seconds_sum": round(sum(part_seconds), 1),
        "annex_part_seconds": {"min": round(min(annex), 1), "max": round(max(annex), 1),
                               "mean": round(sum(annex) / len(annex), 1)} if annex else None,
        "outside_parts_seconds": round(wall - sum(part_seconds), 1) if workers == 1 else None,
        "cpu_seconds": round(sum(cpu.values()), 1),
        "cpu_seconds_per_worker": [round(cpu[p.pid], 1) for p in processes],
        "memory_per_worker": [memory[p.pid] for p in processes],
        "peak_process_rss_mb": max(m["peak_process_rss_mb"] for m in memory.values()),
        "job_parts": parts,
        "uptime_before": load_before,
        "uptime_after": uptime(),
    }  # fmt: skip


def run(bodies: int, worker_counts: list[int], keep: Path | None, timeout: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        built = build(bodies, folder)
        print(f"hearing of {bodies} bodies: built in {built['build_seconds']:.0f} s"
              f"{' (reused)' if built['reused'] else ''}; {uptime()}", flush=True)  # fmt: skip
        runs = []
        for workers in worker_counts:
            tmp = Path(scratch) / f"run{workers}"
            tmp.mkdir()
            found = run_job(folder / f"note{bodies}.sqlite3", folder / f"uploads{bodies}",
                            built["hearing_id"], workers, tmp, timeout)  # fmt: skip
            print(f"  {workers} worker(s): {found['wall_seconds']:.0f} s wall, "
                  f"{found['cpu_seconds']:.0f} s CPU", flush=True)  # fmt: skip
            runs.append(found)
    return {"bodies": bodies, "build_seconds": built["build_seconds"], "jobs_timeout": timeout,
            "note_part_bodies": _config("NOTE_PART_BODIES"), "runs": runs}  # fmt: skip


def _config(name: str) -> Any:
    from config import Config

    return getattr(Config, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the built database here")
    parser.add_argument("--timeout", type=int, default=5400, help="JOBS_TIMEOUT for the run")
    args = parser.parse_args()
    found = run(args.bodies, args.workers, args.keep, args.timeout)
    path = harness.RESULTS / "note_scale.json"
    previous = json.loads(path.read_text()).get("by_bodies", {}) if path.exists() else {}
    kept = {r["workers"]: r for r in previous.get(str(args.bodies), {}).get("runs", [])}
    kept.update({r["workers"]: r for r in found["runs"]})  # a run per worker count is kept
    found["runs"] = [kept[workers] for workers in sorted(kept)]
    previous[str(args.bodies)] = {**found, "load_average_at_end": list(os.getloadavg())}
    harness.write_result("note_scale", {
        "what": "the hearing note job (PDF in parts, joined, and the .docx) on RQ workers",
        "by_bodies": dict(sorted(previous.items(), key=lambda item: int(item[0]))),
    })  # fmt: skip
    harness.table(
        ("bodies", "workers", "pages", "wall s", "CPU s", "parts", "sum of parts s",
         "peak MB (one process)"),
        [(args.bodies, r["workers"], r["pages"], r["wall_seconds"], r["cpu_seconds"],
          r["parts"], r["part_seconds_sum"], r["peak_process_rss_mb"]) for r in found["runs"]],
    )  # fmt: skip


if __name__ == "__main__":
    main()
