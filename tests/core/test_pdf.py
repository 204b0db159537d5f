"""The PDF renderer: plain values in, only our own static files fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from core.pdf import allowed_path, render_pdf_html


def test_the_fetcher_allows_only_files_inside_the_static_folder(app: Flask) -> None:
    static = Path(app.static_folder or "").resolve()
    css = static / "css" / "pdf" / "base.css"
    assert allowed_path(css.as_uri(), [static]) == css
    for url in (
        "http://example.com/x.css",
        "https://127.0.0.1/static/css/app.css",
        "file:///etc/passwd",
        (static / ".." / "app.py").as_uri(),
        "data:text/css,body{}",
        "ftp://example.com/a",
    ):
        with pytest.raises(ValueError, match="Refused"):
            allowed_path(url, [static])


def test_a_document_with_a_foreign_url_renders_without_fetching_it(app: Flask) -> None:
    import logging

    from core.pdf import html_to_pdf

    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect()
    logger = logging.getLogger("weasyprint")
    # Alembic's logging configuration disables loggers that existed before it ran.
    disabled, logger.disabled = logger.disabled, False
    logger.addHandler(handler)
    try:
        with app.test_request_context():
            pdf = html_to_pdf(
                '<p>æøå</p><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/hostname">'
            )
    finally:
        logger.removeHandler(handler)
        logger.disabled = disabled
    assert pdf.startswith(b"%PDF")
    assert sum("Refused" in r.getMessage() for r in records) == 2


def test_orm_objects_are_refused_in_a_pdf_context(app: Flask, db: Any) -> None:
    from tests.factories import make_body

    body = make_body()
    with app.test_request_context(), pytest.raises(TypeError, match="plain values"):
        render_pdf_html("core/pdf/base.html", {"body": body}, lang="da")


def test_a_render_leaves_nothing_frozen_even_when_renders_overlap(app: Flask) -> None:
    import gc
    import threading

    from core.pdf import html_to_document, html_to_pdf

    with app.app_context():
        document = html_to_document("<p>Side 1</p>")
        assert gc.get_freeze_count() == 0 and len(document.pages) == 1
        errors: list[BaseException] = []

        def render() -> None:
            with app.app_context():
                try:
                    assert html_to_pdf("<p>Side 2</p>").startswith(b"%PDF")
                except BaseException as err:
                    errors.append(err)

        threads = [threading.Thread(target=render) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors
        assert gc.get_freeze_count() == 0


def test_a_render_in_a_worker_frozen_for_life_leaves_it_frozen(app: Flask) -> None:
    """gunicorn.conf.py freezes a worker's loaded app; a PDF made in a request must not thaw
    it (the full collections would walk the whole app again)."""
    import gc

    from core.pdf import html_to_pdf

    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with app.app_context():
            assert html_to_pdf("<p>Side 1</p>").startswith(b"%PDF")
        # Not thawed (0); a few frozen objects freed since have left it.
        assert gc.get_freeze_count() > frozen * 0.9
    finally:
        gc.unfreeze()


def test_tagging_reads_the_page_references_made_once_per_page_count(app: Flask) -> None:
    """WeasyPrint's tagging asks for every page's reference once per marked content;
    pydyf built the tuple of all pages each time (minutes for a 520-page note)."""
    import io

    import pikepdf
    import pydyf

    from core.pdf import html_to_pdf

    with app.app_context():
        pages = "".join(f'<h1 style="break-before: page">Side {n}</h1>' for n in range(3))
        data = html_to_pdf(f'<html lang="da"><body>{pages}</body></html>')
    pdf = pydyf.PDF()
    for _ in range(2):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first and first == (b"3 0 R", b"4 0 R")
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == (b"3 0 R", b"4 0 R", b"5 0 R")
    with pikepdf.open(io.BytesIO(data)) as document:
        page_ids = [page.obj.objgen for page in document.pages]
        headings = [
            element
            for element in _structure(document.Root.StructTreeRoot)
            if element.get("/S") == "/H1"
        ]
        assert [h.K[0].Pg.objgen if "/Pg" not in h else h.Pg.objgen for h in headings] == [
            *page_ids
        ]


def _structure(element: Any) -> list[Any]:
    import pikepdf

    found = [element]
    kids = element.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                found += _structure(kid)
    elif isinstance(kids, pikepdf.Dictionary):
        found += _structure(kids)
    return found


def test_a_render_frees_its_own_garbage_without_waiting_for_a_full_collection(
    app: Flask,
) -> None:
    """WeasyPrint's boxes are reference cycles: a render collects them before it unfreezes
    the heap, so PDFs made one after another (receipts in the archive package, a web worker's
    requests) leave no objects behind (they grew by some 26,000 objects, 7 MB, per render)."""
    import gc

    from core.pdf import html_to_pdf

    rows = "".join(f"<tr><td>Række {n}</td><td>æøå</td></tr>" for n in range(40))
    html = f'<html lang="da"><body><h1>Kvittering</h1><table>{rows}</table></body></html>'
    with app.app_context():
        html_to_pdf(html)
        gc.collect()
        before = len(gc.get_objects())
        for _ in range(3):
            html_to_pdf(html)
        assert len(gc.get_objects()) - before < 2_000


def test_a_table_s_caption_is_never_left_at_the_foot_of_a_page_without_its_table(
    app: Flask,
) -> None:
    """A caption that fit a page whose first rows did not was once a table of its own in
    the structure tree (a /Table without header cells: not PDF/UA), left alone at the foot
    of the page, as "Dækning pr. mål UDD" in the demo's hearing note."""
    import io

    from pypdf import PdfReader

    from core.pdf import html_to_pdf
    from tests.pdf_structure import assert_tagged_pdf

    rows = "".join(f"<tr><th scope='row'>M{i}</th><td>{i}</td></tr>" for i in range(6))
    for spacer in range(222, 240, 2):  # millimetres: the caption lands at a page's foot
        html = (
            '<html lang="da"><head><title>Tabel</title>'
            '<link rel="stylesheet" href="css/pdf/base.css"></head><body><h1>Tabel</h1>'
            f'<div style="height: {spacer}mm"></div><table><caption>Dækning pr. mål</caption>'
            '<thead><tr><th scope="col">Mål</th><th scope="col">Dækker</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></body></html>"
        )
        with app.test_request_context("/"):
            data = html_to_pdf(html)
        assert_tagged_pdf(data, lang="da", title="Tabel")
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
        [page] = [p for p in pages if "Dækning pr. mål" in p]
        assert "Mål" in page.replace("Dækning pr. mål", "") and "M0" in page, spacer
