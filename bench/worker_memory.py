"""Benchmark 6: the resident memory of a web worker after the load benchmarks.

    .venv/bin/python -m bench.worker_memory

The load benchmarks (``public_page``, ``submission_rush``, ``staff_pages``) read each
gunicorn web worker's VmRSS from ``/proc`` after their load, before the server stops, and
keep it in ``bench/results/worker_memory.json`` (``bench.server.record_memory``). This
prints that file as a table against the target (at most 250 MB per worker) and exits 1 when
no benchmark has recorded a figure yet. ``make bench`` runs it last.
"""

from __future__ import annotations

import json
import sys

from bench import server as harness

TARGET_MB = 250


def main() -> int:
    path = harness.RESULTS / "worker_memory.json"
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print("No load benchmark has recorded a web worker's memory yet.")
        return 1
    rows = [
        (
            name,
            entry["setting"],
            entry["max_rss_mb"],
            ", ".join(map(str, entry["rss_mb_per_worker"])),
        )
        for name, entry in result["after"].items()
    ]
    harness.table(("after", "server", "max RSS MB", "each worker"), rows)
    verdict = "met" if result["max_rss_mb"] <= TARGET_MB else "missed"
    print(f"largest worker: {result['max_rss_mb']} MB; target <= {TARGET_MB} MB: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
