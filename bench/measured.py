"""Shared by ``bench.documents`` and ``bench.exports``: throwaway databases and one measurement
per fresh Python process, so each peak of resident memory is that measurement's own.

The parent builds a SQLite database in a temporary folder, then runs
``python -m <bench module> --measure KIND --db FILE --uploads DIR --id N`` once per
measurement; the child prints one JSON line (``measured``) with its wall time, its resident
memory before the work (after imports and the app), its peak during the work (Linux's
high-water mark ``VmHWM``, reset just before the work through ``/proc/self/clear_refs``)
and the difference: what the work itself needed at most.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MACHINE_NOTE = (
    "2 CPU cores shared with other work (other sessions' test suites and benchmarks) during "
    "the measurement: absolute seconds vary by up to 3x with the load; ratios and memory "
    "are steadier."
)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average": [round(v, 1) for v in os.getloadavg()],
        "note": MACHINE_NOTE,
    }


def app_for(db_file: Path, uploads: Path) -> Any:
    from app import create_app
    from config import TestingConfig

    return create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_file}",
        UPLOAD_FOLDER=str(uploads),
    )


@contextmanager
def built(db_file: Path, uploads: Path) -> Iterator[Any]:
    """An app on a new, migrated database: build inside, it is committed by the builder."""
    from flask_migrate import upgrade

    from core.extensions import db

    app = app_for(db_file, uploads)
    with app.app_context():
        upgrade()
        yield app
        db.session.commit()
        db.engine.dispose()


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    """The current resident set of this process (Linux), in MB."""
    return _status_mb("VmRSS")


def reset_peak() -> None:
    """Start the high-water mark of the resident set afresh (Linux 4.0 and later)."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """The highest resident set since :func:`reset_peak` (else since the start), in MB."""
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` (which returns its own facts, e.g. seconds of its parts) and add the wall
    time and memory; printed by the child for the parent."""
    gc.collect()
    reset_peak()
    before = rss_mb()
    started = time.perf_counter()
    facts = work()
    seconds = time.perf_counter() - started
    peak = peak_mb()
    return {
        **facts,
        "seconds": round(seconds, 3),
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak, 1),
        "work_peak_mb": round(peak - before, 1),
    }


def child(module: str, kind: str, db_file: Path, uploads: Path, ident: int, **extra: Any) -> Any:
    """Run one measurement in a fresh process; its JSON result."""
    command = [sys.executable, "-m", module, "--measure", kind, "--db", str(db_file),
               "--uploads", str(uploads), "--id", str(ident)]  # fmt: skip
    for key, value in extra.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{module} {kind} failed:\n{done.stderr[-3000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])


def table(headers: list[str], rows: list[list[Any]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True))
             for line in (headers, *rows)]  # fmt: skip
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
