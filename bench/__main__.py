"""Run every benchmark in turn: ``python -m bench`` (or ``make bench``).

Each one writes its own JSON under ``bench/results/``. A benchmark module that does not
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
    "consolidation",
    "submission_rush",
    "note_documents",
    "documents",
    "exports",
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
