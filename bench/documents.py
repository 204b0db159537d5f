"""Benchmark 4 (issue 16): the hearing note PDF and the edition report PDF, in full against
WeasyPrint alone on the same HTML, with the peak memory of each render.

    .venv/bin/python -m bench.documents [--bodies 100 [1000]] [--no-report]

Builds throwaway SQLite databases: per ``--bodies`` the closed hearing of
``bench.consolidation`` (each body with coverage of 60 goals and 10 proposals), and for the
report the ``large`` catalogue (6 focus areas, 60 goals, 300 indicators) with 20 half-years
measured through the services and the last two published (so the report has a previous
edition to compare with). Each measurement runs in a fresh process (``bench.measured``):

- **full**: what the job does: the note's context (the secretariat's full note) or the
  edition's snapshot and report context, the template, WeasyPrint's layout and the tagged
  PDF (PDF/UA-1); the child writes the final HTML to a file;
- **WeasyPrint alone**: layout and tagged PDF of that same HTML file.

Both after ``core.pdf.warm_up()`` (as the RQ worker does before it forks). Target: full at
most 1.3x WeasyPrint alone (our gathering and templating at most 30 %). Peak memory is the
child's ``ru_maxrss`` minus its resident set before the work. Writes
bench/results/documents.json (results per size are kept) and prints a table.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import measured

RESULTS = Path(__file__).resolve().parent / "results" / "documents.json"
TARGET_RATIO = 1.3
REPORT_PERIODS = 20


def build_report_edition(
    areas: int = 6, goals: int = 60, indicators: int = 300, periods: int = REPORT_PERIODS
) -> int:
    """A catalogue (by default ``large``'s) measured over ``periods`` half-years; the last
    two published; the id of the latest edition. The caller commits."""
    import random
    from datetime import timedelta

    from barometer.demo.editions import publication_date
    from barometer.services import editions as edition_svc
    from bench.seed import _measure, period_codes
    from bench.synthetic import NOW, build_catalogue

    codes = period_codes(periods)
    last_year = 2007 + (periods - 1) // 2
    version = build_catalogue(
        areas, goals, indicators, seed=2007, span=f"2007-{max(last_year, 2010)}"
    )
    _measure(codes, random.Random(2007), NOW)
    edition = None
    for code in codes[-2:]:
        when = publication_date(code) + timedelta(days=1)
        draft = edition_svc.create_draft(
            edition_svc.EditionData(code, version.number), actor=None, now=when
        )
        edition = edition_svc.publish(
            draft, actor=None, now=when, render_documents=False, acknowledged=True
        )
    assert edition is not None
    return edition.id


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _note_full(ident: int, html_file: Path) -> dict[str, Any]:
    from core import pdf
    from core.extensions import db
    from hearing.models import Hearing
    from hearing.queries.note_content import NOTE_TEMPLATE, note_context, with_labels

    started = time.perf_counter()
    hearing = db.session.get(Hearing, ident)
    assert hearing is not None
    values = note_context(hearing, public=False, locale="da")
    values = {**values, "note_number": 1, "note_finalised": False}
    values["note_generated_at"] = hearing.deadline
    context_done = time.perf_counter()
    html = pdf.render_pdf_html(NOTE_TEMPLATE, with_labels(values), lang="da")
    template_done = time.perf_counter()
    data = pdf.html_to_pdf(html)
    html_file.write_text(html, encoding="utf-8")
    html_file.with_suffix(".pdf").write_bytes(data)  # its pages are counted after the timing
    return {
        "context_seconds": round(context_done - started, 3),
        "template_seconds": round(template_done - context_done, 3),
        "weasyprint_seconds": round(time.perf_counter() - template_done, 3),
        "pdf_bytes": len(data),
        "html_bytes": len(html.encode()),
    }


def _report_full(ident: int, html_file: Path) -> dict[str, Any]:
    from barometer.editions.pdf import report_html
    from barometer.models import Edition
    from core import pdf
    from core.extensions import db

    started = time.perf_counter()
    edition = db.session.get(Edition, ident)
    assert edition is not None
    html = report_html(edition.snapshot, "da")  # context and template
    template_done = time.perf_counter()
    data = pdf.html_to_pdf(html)
    html_file.write_text(html, encoding="utf-8")
    html_file.with_suffix(".pdf").write_bytes(data)  # its pages are counted after the timing
    return {
        "context_and_template_seconds": round(template_done - started, 3),
        "weasyprint_seconds": round(time.perf_counter() - template_done, 3),
        "pdf_bytes": len(data),
        "html_bytes": len(html.encode()),
    }


def _alone(html_file: Path) -> dict[str, Any]:
    from core import pdf

    html = html_file.read_text(encoding="utf-8")
    data = pdf.html_to_pdf(html)
    return {"pdf_bytes": len(data)}


def measure_child(kind: str, db_file: Path, uploads: Path, ident: int, html: Path) -> None:
    from core import pdf

    app = measured.app_for(db_file, uploads)
    with app.test_request_context("/"):
        pdf.warm_up()
        if kind == "note-full":
            result = measured.measure(lambda: _note_full(ident, html))
        elif kind == "report-full":
            result = measured.measure(lambda: _report_full(ident, html))
        else:
            result = measured.measure(lambda: _alone(html))
    print(json.dumps(result))


def _pair(db_file: Path, uploads: Path, ident: int, what: str, html: Path) -> dict[str, Any]:
    full = measured.child("bench.documents", f"{what}-full", db_file, uploads, ident, html=html)
    alone = measured.child("bench.documents", f"{what}-alone", db_file, uploads, ident, html=html)
    full["pages"] = _pages(html.with_suffix(".pdf").read_bytes())
    ratio = full["seconds"] / alone["seconds"]
    return {
        "full": full,
        "weasyprint_alone": alone,
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
    }


def run(bodies: list[int], report: bool) -> dict[str, Any]:
    from bench.consolidation import build_hearing

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in bodies:
            db_file, uploads = folder / f"note{count}.sqlite3", folder / f"uploads{count}"
            started = time.perf_counter()
            with measured.built(db_file, uploads):
                hearing_id = build_hearing(count, uploads)
            build = time.perf_counter() - started
            print(f"built {count} bodies in {build:.0f} s", flush=True)
            pair = _pair(db_file, uploads, hearing_id, "note", folder / f"note{count}.html")
            results[f"note_{count}_bodies"] = {"bodies": count, "build_seconds": round(build, 1),
                                               **pair}  # fmt: skip
        if report:
            db_file, uploads = folder / "report.sqlite3", folder / "uploads-report"
            started = time.perf_counter()
            with measured.built(db_file, uploads):
                edition_id = build_report_edition()
            build = time.perf_counter() - started
            print(f"built the report's edition in {build:.0f} s", flush=True)
            pair = _pair(db_file, uploads, edition_id, "report", folder / "report.html")
            results["report_large"] = {
                "catalogue": "6 focus areas, 60 goals, 300 indicators, 20 half-years",
                "build_seconds": round(build, 1),
                **pair,
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, nargs="*", default=[100])
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--label", default="", help="kept with the result, e.g. before/after")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--uploads", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--html", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_child(args.measure, args.db, args.uploads, args.id, args.html)
        return
    found = run(args.bodies, not args.no_report)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    documents = previous.get("documents", {})
    for key, value in found.items():
        documents[key if not args.label else f"{key}_{args.label}"] = value
    result = {
        "benchmark": "documents",
        "target_ratio": TARGET_RATIO,
        "documents": documents,
        "machine": measured.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    rows = [
        [key, v["full"]["pages"], f"{v['full']['seconds']:.1f} s",
         f"{v['weasyprint_alone']['seconds']:.1f} s", f"{v['ratio']:.2f}",
         "yes" if v["met"] else "NO", v["full"]["work_peak_mb"],
         v["weasyprint_alone"]["work_peak_mb"]]
        for key, v in found.items()
    ]  # fmt: skip
    print(measured.table(
        ["document", "pages", "full", "WeasyPrint alone", "ratio", "<= 1.3",
         "peak MB (full)", "peak MB (alone)"], rows))  # fmt: skip


if __name__ == "__main__":
    main()
