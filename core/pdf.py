"""PDF documents: a Jinja template with plain values, rendered by WeasyPrint.

One renderer for every document (the overview table now; the hearing letter, the
hearing note and the barometer report later). WeasyPrint may load only files from our
own static folder (and the design system's fonts): no network, no other files, so a
value that smuggles a URL into a document cannot make the server fetch anything.
Templates get plain values, not ORM objects, so nothing lazy-loads while rendering.
Print CSS lives in ``static/css/pdf/``; the page footer ("Side X af Y" / "Page X of Y")
comes from ``page-<lang>.css``; fonts are named explicitly ('DejaVu Sans').
"""

from __future__ import annotations

import functools
import gc
import io
import mimetypes
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Response, current_app, render_template, send_file
from flask_babel import force_locale

import config
from core.design_system import DKFDS_FONTS
from core.extensions import db


def _allowed_roots() -> list[Path]:
    static = Path(current_app.static_folder or config.BASE_DIR / "static")
    return [static.resolve(), DKFDS_FONTS.resolve()]


@functools.lru_cache(maxsize=64)
def _file_bytes(path: Path, mtime_ns: int) -> bytes:
    """A static file's bytes, read once per process (and again when it changes)."""
    return path.read_bytes()


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files inside the allowed folders; refuses everything else."""

        def __init__(self, roots: list[Path]) -> None:
            super().__init__(allowed_protocols=("file",))
            self.roots = roots

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed_path(url, self.roots)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            data = _file_bytes(path, path.stat().st_mtime_ns)
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return StaticOnlyFetcher


def allowed_path(url: str, roots: list[Path]) -> Path:
    """The file a ``file:`` URL names, if it lies inside one of ``roots``; else ValueError."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"Refused to fetch {url!r}: only our own static files are allowed.")
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
        raise ValueError(f"Refused to fetch {url!r}: not a file in the static folder.")
    return path


def _check_plain(context: Mapping[str, Any]) -> None:
    for name, value in context.items():
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if isinstance(item, db.Model):
                raise TypeError(f"PDF context value {name!r} is an ORM object; pass plain values.")


def render_pdf_html(template_name: str, context: Mapping[str, Any], *, lang: str) -> str:
    """The final HTML of a document, in ``lang`` (Danish or English)."""
    _check_plain(context)
    with force_locale(lang):
        return render_template(template_name, **context, lang=lang)


_frozen_lock = threading.Lock()
_frozen_depth = 0
_froze_here = False


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the objects alive before a render out of the garbage collector's scans.

    WeasyPrint makes millions of objects, so Python's cyclic collector runs many full
    collections during a render, and each one walks every tracked object of the process:
    the app, the ORM objects and the document's context (about 430,000 objects while the
    10-body note is made). ``gc.freeze()`` (cheap: it moves a list) puts them in the
    permanent generation for the render: WeasyPrint took 12-17 % less time (see
    bench/README.md). They are unfrozen afterwards (by the last render, when renders
    overlap in threads), unless the process was frozen before (a gunicorn worker freezes
    the loaded app for its life), which stays as it was. Before that, one collection frees
    the render's own garbage (WeasyPrint's boxes are cycles): it walks only the objects
    made since the freeze, so it is cheap, and without it the cycles waited for a rare full
    collection: a worker that made 100 receipts one after another grew by some 7 MB each
    (bench/README.md, ``exports``).
    """
    global _frozen_depth, _froze_here  # noqa: PLW0603 - one counter per process
    with _frozen_lock:
        if _frozen_depth == 0:
            # A gunicorn worker froze the loaded app for its life (gunicorn.conf.py): the
            # objects made since are few, and unfreezing would thaw the app too.
            _froze_here = gc.get_freeze_count() == 0
            if _froze_here:
                gc.freeze()
        _frozen_depth += 1
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen_depth -= 1
            if _frozen_depth == 0:
                gc.collect()
                if _froze_here:
                    gc.unfreeze()


def html_to_document(html: str) -> Any:
    """Lay out the pages (WeasyPrint's ``Document``: ``len(document.pages)`` is known)."""
    import weasyprint

    _cache_page_references()
    roots = _allowed_roots()
    fetcher = _fetcher_class()(roots)
    html_doc = weasyprint.HTML(string=html, base_url=str(roots[0]) + "/", url_fetcher=fetcher)
    with _frozen_heap():
        return html_doc.render()


# Tagged PDF for assistive technology (PDF/UA-1): a structure tree of headings, lists,
# tables and figures, the document's language, its title shown as the window title,
# bookmarks, and page headers and footers as artifacts (``core.pdf_artifacts``;
# docs/publishing.md).
PDF_VARIANT = "pdf/ua-1"


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """``pydyf.PDF.page_references`` (each page's ``N 0 R``), made once per page count.

    pydyf builds the tuple of every page's reference on each access, and WeasyPrint's
    tagging reads it once per marked content of the structure tree: for the hearing note
    of 100 bodies (520 pages, some 200,000 marked contents) that was 10^8 references
    made, minutes of the render. Pages are only ever appended to ``Kids``, so the tuple
    stays right while their number is unchanged."""
    kids = pdf.pages["Kids"]
    key = (id(kids), len(kids))
    cached = pdf.__dict__.get("_page_references_cache")
    if cached is None or cached[0] != key:
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__["_page_references_cache"] = (key, references)
    return cached[1]


def _cache_page_references() -> None:
    import pydyf

    if pydyf.PDF.__dict__.get("page_references") is not _PAGE_REFERENCES:
        pydyf.PDF.page_references = _PAGE_REFERENCES  # type: ignore[method-assign,assignment]


_PAGE_REFERENCES = property(_page_references)


def document_to_pdf(document: Any) -> bytes:
    from core.pdf_artifacts import mark_page_furniture

    with _frozen_heap():
        return mark_page_furniture(bytes(document.write_pdf(pdf_variant=PDF_VARIANT)))


def html_to_pdf(html: str) -> bytes:
    # One frozen heap for layout and writing, so the laid-out pages are collected with the
    # rest of the render's garbage once they are let go.
    with _frozen_heap():
        document = html_to_document(html)
        data = document_to_pdf(document)
        del document
    return data


def warm_up() -> None:
    """Import WeasyPrint and let Pango and fontconfig load the fonts once, in this process.

    An RQ worker forks a work horse per job: called in the worker before it forks, the
    import (about 0.3 s) and the font set-up are inherited instead of paid by every job.
    """
    html_to_pdf('<html lang="da"><body><p>Side 1 af 1 – æøå</p></body></html>')


def render_pdf(template_name: str, context: Mapping[str, Any], *, lang: str) -> bytes:
    return html_to_pdf(render_pdf_html(template_name, context, lang=lang))


def pdf_response(data: bytes, filename: str) -> Response:
    return send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
