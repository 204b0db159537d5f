"""The hearing note of a large hearing as the documents the note job stores: the PDF tagged
for PDF/UA-1 against the untagged render of the same HTML, and the Word document.

    .venv/bin/python -m bench.note_documents [--runs 2] [--bodies 100]

Builds, in a throwaway SQLite database, the closed hearing of ``bench.consolidation``
(``--bodies`` bodies, each with coverage of 60 goals and 10 proposals) and starts its
consolidation. The note's values are collected once (the secretariat's full note, labelled
as version 1, as ``hearing.services.note_render`` stores it) and its HTML rendered once;
per run it times the PDF untagged and tagged (layout and writing each time; the two take
turns going first) and the .docx (``hearing.word_note.note_docx``, from the same values).

Targets (issue on documents): tagging costs at most 1.3x the untagged time; the .docx of
the 100-body note under 5 s. Writes bench/results/note_documents.json and prints a table.
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

RESULTS = Path(__file__).resolve().parent / "results" / "note_documents.json"
TARGET_RATIO = 1.3
TARGET_DOCX_SECONDS = 5.0


def _pdf(html: str, variant: str | None) -> tuple[float, bytes]:
    from core import pdf

    started = time.perf_counter()
    document = pdf.html_to_document(html)
    with pdf._frozen_heap():
        data = bytes(document.write_pdf(pdf_variant=variant))
    return time.perf_counter() - started, data


def _docx(values: dict[str, Any]) -> tuple[float, bytes]:
    from hearing.word_note import note_docx

    started = time.perf_counter()
    data = note_docx(values, lang="da")
    return time.perf_counter() - started, data


def _check_docx(data: bytes, bodies: int) -> dict[str, int]:
    """What the .docx holds: its headings and the hearing list's rows (one per body)."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    headings = sum(1 for p in doc.paragraphs if p.style and p.style.name.startswith("Heading"))
    hearing_list = doc.tables[0]
    assert len(hearing_list.rows) == bodies + 1, "the hearing list has a row per body"
    return {"headings": headings, "tables": len(doc.tables), "paragraphs": len(doc.paragraphs)}


def run(runs: int, bodies: int) -> dict[str, Any]:
    from flask_migrate import upgrade
    from pypdf import PdfReader

    from app import create_app
    from bench.consolidation import build_hearing
    from config import TestingConfig
    from core import pdf
    from core.extensions import db
    from hearing.models import Hearing
    from hearing.queries.note_content import NOTE_TEMPLATE, note_context, with_labels

    times: dict[str, list[float]] = {"untagged": [], "tagged": [], "docx": [], "context": []}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            TestingConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.sqlite3",
            UPLOAD_FOLDER=f"{tmp}/uploads",
        )
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            hearing_id = build_hearing(bodies, Path(tmp) / "uploads")
            build_seconds = time.perf_counter() - started
        with app.test_request_context():
            pdf.warm_up()
            hearing = db.session.get(Hearing, hearing_id)
            assert hearing is not None
            started = time.perf_counter()
            values = note_context(hearing, public=False, locale="da")
            times["context"].append(time.perf_counter() - started)
            values = {**values, "note_number": 1, "note_finalised": False}
            values["note_generated_at"] = hearing.deadline
            html = pdf.render_pdf_html(NOTE_TEMPLATE, with_labels(values), lang="da")
            for run_number in range(runs):
                order = [(None, "untagged"), (pdf.PDF_VARIANT, "tagged")]
                for variant, name in order if run_number % 2 == 0 else order[::-1]:
                    seconds, data = _pdf(html, variant)
                    times[name].append(seconds)
                    sizes[name] = len(data)
                seconds, docx = _docx(values)
                times["docx"].append(seconds)
                sizes["docx"] = len(docx)
            pages = len(PdfReader(io.BytesIO(data)).pages)
            contents = _check_docx(docx, bodies)
        with app.app_context():
            db.engine.dispose()

    def summary(values: list[float]) -> dict[str, Any]:
        return {"median": round(statistics.median(values), 3), "all": [round(v, 3) for v in values]}

    ratio = statistics.median(times["tagged"]) / statistics.median(times["untagged"])
    docx_seconds = statistics.median(times["docx"])
    return {
        "benchmark": "note_documents",
        "document": "hearing note (the secretariat's full note)",
        "bodies": bodies,
        "runs": runs,
        "build_seconds": round(build_seconds, 1),
        "note_context_seconds": round(times["context"][0], 3),
        "pdf_pages": pages,
        "untagged_seconds": summary(times["untagged"]),
        "tagged_seconds": summary(times["tagged"]),
        "time_ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "tagging_met": ratio <= TARGET_RATIO,
        "bytes": sizes,
        "size_ratio": round(sizes["tagged"] / sizes["untagged"], 3),
        "docx_seconds": summary(times["docx"]),
        "docx_target_seconds": TARGET_DOCX_SECONDS,
        "docx_met": docx_seconds < TARGET_DOCX_SECONDS,
        "docx_contents": contents,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--bodies", type=int, default=100)
    args = parser.parse_args()
    result = run(args.runs, args.bodies)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"hearing note, {args.bodies} bodies, {result['pdf_pages']} pages: untagged "
        f"{result['untagged_seconds']['median']:.1f} s, tagged "
        f"{result['tagged_seconds']['median']:.1f} s, ratio {result['time_ratio']:.2f} "
        f"(target {TARGET_RATIO}), size ratio {result['size_ratio']:.2f}; docx "
        f"{result['docx_seconds']['median']:.2f} s (target < {TARGET_DOCX_SECONDS:.0f} s), "
        f"{result['bytes']['docx'] // 1024} kB"
    )


if __name__ == "__main__":
    main()
