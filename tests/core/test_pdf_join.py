"""Joining tagged PDFs into one tagged PDF (core.pdf_join), and running headers and footers
made artifacts (core.pdf_artifacts): checked with pikepdf and with poppler's reading of the
structure tree."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
import pytest
from flask import Flask

from core.pdf import html_to_pdf
from core.pdf_join import join_tagged
from tests.pdf_structure import (
    assert_content_in_tree_or_artifact,
    assert_tagged_pdf,
    structure_texts,
)


@pytest.fixture(autouse=True)
def _context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


PAGE = "@page { @top-left { content: 'Aarhus Kommune' } @bottom-right { content: counter(page) } }"


def _pdf(title: str, body: str) -> bytes:
    return html_to_pdf(
        f'<html lang="da"><head><title>{title}</title><style>{PAGE}</style></head>'
        f"<body>{body}</body></html>"
    )


def _table(label: str) -> str:
    return (
        f"<table><caption>{label}</caption><tr><th scope='col'>Udvalg</th>"
        f"<th scope='col'>Svar</th></tr><tr><td>{label}</td><td>ja</td></tr></table>"
    )


def test_joined_parts_are_one_tagged_document_in_reading_order(app: Flask) -> None:
    first = _pdf(
        "Høringsnotat", '<h1>Høringsnotat</h1><p>Indledning <a href="https://a.dk">a</a></p>'
    )
    second = _pdf("x", "<h2>Bilag</h2><h3>BUU – svar</h3>" + _table("BUU") + "<p>Første svar</p>")
    third = _pdf(
        "x",
        "<h3>KFU – svar</h3>" + _table("KFU") + '<p>Andet <a href="https://b.dk">b</a></p>'
        "<h3 style='break-before: page'>IR – svar</h3><p>Tredje svar</p>",
    )
    data, pages = join_tagged([first, second, third], [0, 1, 2])

    assert pages == 4
    assert_tagged_pdf(data, lang="da", title="Høringsnotat")
    texts = structure_texts(data)
    expected = ("Høringsnotat", "Bilag", "BUU – svar", "Første svar", "KFU – svar", "Andet ",
                "IR – svar", "Tredje svar")  # fmt: skip
    order = [texts.index(text) for text in expected]
    assert order == sorted(order)
    assert not any("Aarhus Kommune" in text for text in texts)  # the header is an artifact

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.StructTreeRoot
        keys = [int(key) for key in pikepdf.NumberTree(tree.ParentTree).keys()]  # noqa: SIM118
        linked = [int(page.obj.StructParents) for page in pdf.pages]
        linked += [int(a.StructParent) for p in pdf.pages for a in p.obj.get("/Annots", [])]
        assert sorted(linked) == sorted(set(linked)) == sorted(keys)  # each key used once
        assert int(tree.ParentTreeNextKey) == max(keys) + 1
        ids = [str(e.ID) for e in _elements(tree) if "/ID" in e]
        assert len(ids) == 4 and len(set(ids)) == 4  # two tables' header cells, all distinct
        for cell in (e for e in _elements(tree) if str(e.S) == "/TD"):
            assert all(str(h) in ids for h in cell.A.Headers)
        with pdf.open_outline() as outline:
            [note] = outline.root
            [annex] = note.children
            assert [str(item.title) for item in annex.children] == [
                "BUU – svar", "KFU – svar", "IR – svar",
            ]  # fmt: skip
            ir_page = pdf.pages.index(pikepdf.Page(annex.children[2].destination[0]))
        assert ir_page == 3


def _elements(node: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    from core.pdf_artifacts import elements

    return list(elements(node))


def test_a_running_header_and_footer_are_artifacts_not_lost_tags(app: Flask) -> None:
    data = _pdf("Side", "<h1>Overskrift</h1><p>Tekst</p>")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert_content_in_tree_or_artifact(pdf)
        marks = [str(i.operands[0]) for i in pikepdf.parse_content_stream(pdf.pages[0], "BDC")]
    assert marks.count("/Artifact") >= 2  # header and footer (WeasyPrint adds its own too)
    texts = structure_texts(data)
    assert "Overskrift" in texts and "Tekst" in texts
