"""Time the overview table PDF for 6 focus areas, 60 goals and 300 indicators.

    .venv/bin/python -m bench.overview_pdf [--runs 3]

Builds the synthetic catalogue in a throwaway SQLite database, then, per run, times
(1) the whole export as the PDF route does it: load the version tree, build the overview
table, render the template and run WeasyPrint; and (2) WeasyPrint alone on the same final
HTML. Writes bench/results/overview_pdf.json and prints a short table.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "overview_pdf.json"
SCALE = {"areas": 6, "goals": 60, "indicators": 300}


def run(runs: int) -> dict[str, Any]:
    from flask_migrate import upgrade
    from pypdf import PdfReader

    from app import create_app
    from barometer.pdf import overview_html, overview_pdf
    from barometer.queries import load_version_tree, version_snapshot
    from bench.synthetic import build_catalogue
    from config import TestingConfig
    from core.extensions import db
    from core.pdf import html_to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.sqlite3")
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            version_id = build_catalogue(**SCALE).id
            db.session.commit()
            build_seconds = time.perf_counter() - started
        full, weasy = [], []
        pages = size = 0
        for _ in range(runs):
            with app.test_request_context():
                db.session.expire_all()
                t0 = time.perf_counter()
                data = overview_pdf(version_snapshot(load_version_tree(version_id)), "da")
                full.append(time.perf_counter() - t0)
                html = overview_html(version_snapshot(load_version_tree(version_id)), "da")
                t1 = time.perf_counter()
                same = html_to_pdf(html)
                weasy.append(time.perf_counter() - t1)
                pages, size = len(PdfReader(io.BytesIO(data)).pages), len(data)
                assert len(same) > 0
        with app.app_context():
            db.engine.dispose()
    return {
        "benchmark": "overview_pdf",
        "scale": SCALE,
        "runs": runs,
        "pages": pages,
        "pdf_bytes": size,
        "build_catalogue_seconds": round(build_seconds, 3),
        "full_export_seconds": {
            "median": round(statistics.median(full), 3),
            "all": [round(x, 3) for x in full],
        },
        "weasyprint_only_seconds": {
            "median": round(statistics.median(weasy), 3),
            "all": [round(x, 3) for x in weasy],
        },
        "overhead_ratio": round(statistics.median(full) / statistics.median(weasy), 3),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    result = run(parser.parse_args().runs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"overview PDF, {SCALE['indicators']} indicators, {result['pages']} pages")
    print(
        f"  full export (load + build + template + WeasyPrint): "
        f"{result['full_export_seconds']['median']:.3f} s (median of {result['runs']})"
    )
    print(
        f"  WeasyPrint alone on the same HTML:                  "
        f"{result['weasyprint_only_seconds']['median']:.3f} s"
    )
    print(f"  ratio: {result['overhead_ratio']:.3f}   -> {RESULTS.relative_to(Path.cwd())}")


if __name__ == "__main__":
    main()
