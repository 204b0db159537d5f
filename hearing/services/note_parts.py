"""The hearing note for many bodies, rendered in parts and joined into one PDF.

A note with at least ``NOTE_PARTS_MIN_BODIES`` responses in its annex is rendered as the
body of the note, then the annex ``NOTE_PART_BODIES`` bodies at a time, each part its own
WeasyPrint document (so no one layout holds hundreds of pages in memory), timed on the job
(:class:`core.background.Run`), and joined with pypdf. Smaller notes stay one document.

What the joined document keeps and loses (docs/consolidation.md): the first part's
structure tree, language, title and tagging cover the body of the note; the annex pages
are appended without their tags (pypdf does not merge structure trees, so their marked
content is left unlinked rather than pointing into the wrong tree), and each part numbers
its own pages.
"""

from __future__ import annotations

import io
import time
from typing import Any

from flask import current_app
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from core.background import Run
from core.errors import N_
from core.pdf import render_pdf
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


def render(
    values: dict[str, Any],
    *,
    lang: str,
    run: Run | None,
) -> tuple[bytes, int]:
    """The joined PDF and its page count; each part's time is recorded on ``run``."""
    todo = parts(values)
    rendered: list[bytes] = []
    for index, (name, part_values) in enumerate(todo):
        if run is not None:
            run.progress(
                30 + 50 * index // len(todo),
                N_("Rendering part %(part)s of %(parts)s"),
                part=index + 1,
                parts=len(todo),
            )
        began = time.perf_counter()
        rendered.append(render_pdf(NOTE_TEMPLATE, with_labels(part_values), lang=lang))
        if run is not None:
            run.add_part(name, time.perf_counter() - began)
    if run is not None:
        run.progress(80, N_("Joining the parts"))
    return join(rendered)


def join(documents: list[bytes]) -> tuple[bytes, int]:
    """One PDF of ``documents`` in order: the first with its catalogue (structure tree,
    language, title, outline), the pages of the others appended untagged."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(documents[0])))
    for data in documents[1:]:
        for page in PdfReader(io.BytesIO(data)).pages:
            added = writer.add_page(page)
            if "/StructParents" in added:
                del added[NameObject("/StructParents")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)
