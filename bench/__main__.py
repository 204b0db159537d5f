"""Run every benchmark in turn: ``python -m bench`` (or ``make bench``).

Each one writes its own JSON under ``bench/results/``; the load benchmarks serve the app
with gunicorn on 127.0.0.1 through ``bench/server.py``. A benchmark module that does not
exist yet is skipped, so the list can name the ones later work adds.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

BENCHMARKS = (
    "overview_pdf",
    "pdf_ua",
    "reading",
    "public_page",
    "staff_pages",
    "staff_load",
    "consolidation",
    "submission_rush",
    "note_documents",
    "documents",
    "note_scale",  # the note job of 1,000 bodies on 1 and 2 RQ workers (about an hour)
    "exports",
    "publish",
    "worker_memory",  # last: the web workers' memory the load benchmarks above recorded
)


def main() -> int:
    failures = 0
    for name in BENCHMARKS:
        if importlib.util.find_spec(f"bench.{name}") is None:
            continue
        print(f"== bench.{name}", flush=True)
        failures += (
            subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False).returncode != 0
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
