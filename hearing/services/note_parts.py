"""The hearing note for many bodies, rendered in parts and joined into one PDF.

A note with at least ``NOTE_PARTS_MIN_BODIES`` responses in its annex is rendered as the
body of the note, then the annex ``NOTE_PART_BODIES`` bodies at a time, each part its own
WeasyPrint document (so no one layout holds hundreds of pages in memory), timed on the job
(:class:`core.background.Run`), and joined by :func:`core.pdf_join.join_tagged` into one
tagged PDF: one structure tree in reading order, the annex's bookmarks under the note's.
Smaller notes stay one document.

The parts cannot know each other's page counts (on RQ they render at the same time), so
the body of the note numbers its own pages ("Side 2 af 9") and the annex pages name, in
their footer, the body whose response is on the page instead of a page number.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from flask import current_app

from core import jobs, uploads
from core.background import Run
from core.errors import N_
from core.pdf import render_pdf
from core.pdf_join import join_tagged
from hearing.queries.note_content import NOTE_TEMPLATE, with_labels


def in_parts(values: dict[str, Any]) -> bool:
    return len(values.get("versions") or []) >= int(current_app.config["NOTE_PARTS_MIN_BODIES"])


def parts(values: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(name, values) of each part: the body of the note, then each chunk of the annex."""
    size = max(1, int(current_app.config["NOTE_PART_BODIES"]))
    versions = list(values.get("versions") or [])
    found: list[tuple[str, dict[str, Any]]] = [
        ("body", {**values, "versions": [], "note_part": "body", "annex_heading": False})
    ]
    for start in range(0, len(versions), size):
        chunk = versions[start : start + size]
        name = f"annex {chunk[0]['body_code']}-{chunk[-1]['body_code']}"
        chunk_values = {**values, "versions": chunk, "note_part": "annex"}
        found.append((name, {**chunk_values, "annex_heading": start == 0}))
    return found


def render(values: dict[str, Any], *, lang: str, run: Run | None) -> tuple[bytes, int]:
    """The joined PDF and its page count; each part's time is recorded on ``run``.

    On RQ the parts are offered to the other workers too (one RQ job per part): each part is
    claimed by whoever comes first (an exclusive file in the shared storage), this run
    renders every part it can claim, then waits for the parts other workers took. With one
    worker it renders them all itself, so it never waits for a queue it blocks.
    """
    todo = parts(values)
    folder = _shared_folder(run) if run is not None and _on_rq() and len(todo) > 1 else None
    if folder is not None:
        for index in range(len(todo)):
            jobs.enqueue(PART_JOB, str(folder), index, todo[index][1], lang)
    rendered: dict[int, bytes] = {}
    for index, (name, part_values) in enumerate(todo):
        if folder is not None and not _claim(folder, index):
            continue  # another worker renders it
        if run is not None:
            run.progress(
                30 + 50 * index // len(todo),
                N_("Rendering part %(part)s of %(parts)s"),
                part=index + 1,
                parts=len(todo),
            )
        began = time.perf_counter()
        rendered[index] = render_pdf(NOTE_TEMPLATE, with_labels(part_values), lang=lang)
        if run is not None:
            run.add_part(name, time.perf_counter() - began)
    if folder is not None:
        _collect(folder, todo, rendered, run)
    if run is not None:
        run.progress(80, N_("Joining the parts"))
    return join_tagged(
        [rendered[index] for index in range(len(todo))], [_depth(v) for _, v in todo]
    )


def _depth(values: dict[str, Any]) -> int:
    """Where a part's bookmarks go: the annex heading under the note's title, each later
    part's bodies under the annex heading."""
    if values.get("note_part") == "body":
        return 0
    return 1 if values.get("annex_heading") else 2


PART_JOB = "hearing.services.note_parts.render_part"


def _on_rq() -> bool:
    from rq import get_current_job

    return get_current_job() is not None


def _shared_folder(run: Run) -> Path:
    folder = Path(current_app.config["STORAGE_DIR"]) / "note-parts" / f"{run.job_id}-{run.attempt}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _claim(folder: Path, index: int) -> bool:
    try:
        (folder / f"{index}.claim").open("x").close()
    except (FileExistsError, FileNotFoundError):  # taken, or the note is joined already
        return False
    return True


def render_part(folder: str, index: int, values: dict[str, Any], lang: str) -> None:
    """RQ job: render one part of a note if no one has claimed it yet."""
    path = Path(folder)
    if not path.is_dir() or not _claim(path, index):
        return
    began = time.perf_counter()
    with current_app.test_request_context():
        data = render_pdf(NOTE_TEMPLATE, with_labels(values), lang=lang)
    uploads.write_atomically(path / f"{index}.pdf", data)
    seconds = json.dumps({"seconds": time.perf_counter() - began}).encode()
    uploads.write_atomically(path / f"{index}.json", seconds)


def _collect(
    folder: Path,
    todo: list[tuple[str, dict[str, Any]]],
    rendered: dict[int, bytes],
    run: Run | None,
) -> None:
    """Wait for the parts other workers render (at most ``JOBS_TIMEOUT``), then tidy up."""
    deadline = time.monotonic() + int(current_app.config["JOBS_TIMEOUT"])
    try:
        for index, (name, _values) in enumerate(todo):
            if index in rendered:
                continue
            timing = folder / f"{index}.json"
            while not timing.exists():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Part {index + 1} of the note was not rendered in time.")
                time.sleep(0.2)
            rendered[index] = (folder / f"{index}.pdf").read_bytes()
            if run is not None:
                run.add_part(name, float(json.loads(timing.read_text())["seconds"]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
