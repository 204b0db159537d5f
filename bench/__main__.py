"""Run every benchmark in turn: ``python -m bench`` (or ``make bench``).

Each one writes its own JSON under ``bench/results/``; the load benchmarks serve the app
with gunicorn on 127.0.0.1 through ``bench/server.py``. A benchmark module that does not
exist yet is skipped, so the list can name the ones later work adds.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

# (module, arguments): the scales the issue about speed and scale names (``large`` for the
# staff pages, 100 and 1,000 bodies for the documents and exports). Run one alone with
# ``python -m bench.<module> --help`` for smaller, quicker variants.
BENCHMARKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview_pdf", ()),
    ("pdf_ua", ()),
    ("reading", ()),
    ("public_page", ()),
    ("staff_pages", ("--scale", "large")),
    ("staff_load", ("--scale", "large")),  # 8 users, each request as soon as the last is done
    ("staff_load", ("--scale", "large", "--think-ms", "1000", "--duration", "30")),  # readers
    ("consolidation", ()),
    ("submission_rush", ()),
    ("note_documents", ()),
    ("documents", ()),
    ("note_scale", ()),  # the note job of 1,000 bodies on 1 and 2 RQ workers (about an hour)
    ("exports", ("--bodies", "100", "1000")),
    ("publish", ()),
    ("worker_memory", ()),  # last: the web workers' memory the load benchmarks above recorded
)


def main() -> int:
    failures = 0
    for name, arguments in BENCHMARKS:
        if importlib.util.find_spec(f"bench.{name}") is None:
            continue
        print(f"== bench.{name} {' '.join(arguments)}", flush=True)
        command = [sys.executable, "-m", f"bench.{name}", *arguments]
        failures += subprocess.run(command, check=False).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
