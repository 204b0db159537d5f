"""What tagging for PDF/UA-1 costs: the overview table PDF of 300 indicators, or the edition
report of the ``large`` catalogue (300 indicators, 20 half-years, ``bench.documents``), laid
out and written untagged and tagged (the product writes tagged).

    .venv/bin/python -m bench.pdf_ua [--runs 3] [--document overview|report]

Target (issue on documents): tagging costs at most 1.3x the untagged time, layout
included. Writes bench/results/pdf_ua.json (overview) or pdf_ua_report.json (report) and
prints a short table.
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

RESULTS = Path(__file__).resolve().parent / "results" / "pdf_ua.json"
SCALE = {"areas": 6, "goals": 60, "indicators": 300}
TARGET_RATIO = 1.3


def run(runs: int, kind: str = "overview") -> dict[str, Any]:
    from flask_migrate import upgrade

    from app import create_app
    from barometer.pdf import overview_html
    from barometer.queries import load_version_tree, version_snapshot
    from bench.synthetic import build_catalogue
    from config import TestingConfig
    from core import pdf
    from core.extensions import db

    untagged: list[float] = []
    tagged: list[float] = []
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.sqlite3")
        with app.app_context():
            upgrade()
            if kind == "report":
                from bench.documents import build_report_edition

                ident = build_report_edition(**SCALE)
            else:
                ident = build_catalogue(**SCALE).id
            db.session.commit()
        with app.test_request_context():
            if kind == "report":
                from barometer.editions.pdf import report_html
                from barometer.models import Edition

                edition = db.session.get(Edition, ident)
                assert edition is not None
                html = report_html(edition.snapshot, "da")
            else:
                html = overview_html(version_snapshot(load_version_tree(ident)), "da")
            pdf.warm_up()
            for _ in range(runs):
                for variant, times in ((None, untagged), (pdf.PDF_VARIANT, tagged)):
                    started = time.perf_counter()
                    document = pdf.html_to_document(html)
                    data = document.write_pdf(pdf_variant=variant)
                    times.append(time.perf_counter() - started)
                    sizes[variant or "untagged"] = len(data)
        with app.app_context():
            db.engine.dispose()
    ratio = statistics.median(tagged) / statistics.median(untagged)
    return {
        "benchmark": "pdf_ua",
        "document": "report (large, 20 half-years)" if kind == "report" else "overview table",
        "scale": SCALE,
        "runs": runs,
        "untagged_seconds": {"median": round(statistics.median(untagged), 3)},
        "tagged_seconds": {"median": round(statistics.median(tagged), 3)},
        "time_ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
        "bytes": sizes,
        "size_ratio": round(sizes[pdf.PDF_VARIANT] / sizes["untagged"], 3),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--document", choices=("overview", "report"), default="overview")
    args = parser.parse_args()
    result = run(args.runs, args.document)
    path = RESULTS.with_name("pdf_ua_report.json") if args.document == "report" else RESULTS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{args.document} PDF, {SCALE['indicators']} indicators: untagged "
        f"{result['untagged_seconds']['median']:.2f} s, tagged "
        f"{result['tagged_seconds']['median']:.2f} s, ratio {result['time_ratio']:.2f} "
        f"(target {TARGET_RATIO}), size ratio {result['size_ratio']:.2f}"
    )


if __name__ == "__main__":
    main()
