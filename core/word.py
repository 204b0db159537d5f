"""Word documents (.docx) built from plain values with python-docx: the same values as a
PDF's template, laid out as an editable document with real headings (the Heading styles),
real tables, the document's language and page numbers in the footer (PAGE and NUMPAGES
fields, which Word fills in).

A long document (the hearing note of 100 bodies has some 15,000 paragraphs) is built with
:class:`_Document`, python-docx's document with a quicker ``add_paragraph`` (see there),
and :func:`add_text` for runs."""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.document import CT_Document
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from docx.shared import Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from flask import send_file
from flask_babel import gettext as _
from lxml import etree
from markdown_it import MarkdownIt
from werkzeug.wrappers import Response

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}
_FIELD = "\x00"  # marks where a field goes in a translated text
_md = MarkdownIt("commonmark", {"html": False})
# Characters XML 1.0 cannot hold (Word's manual line break, U+000B, pasted into a text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What python-docx turns into a tab or a line break rather than text.
_BREAKS = re.compile("([\t\n\r])")
_P, _PPR, _PSTYLE, _VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_R, _RPR, _B, _I, _T = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:i"), qn("w:t")
_TAB, _BR, _SPACE = qn("w:tab"), qn("w:br"), qn("xml:space")
_TR, _TC = qn("w:tr"), qn("w:tc")


class _Document(DocxDocument):
    """python-docx's document whose ``add_paragraph`` (and so ``add_heading``) costs the
    same for the 15,000th paragraph as for the first, and little.

    python-docx looks a style's name up by scanning every style of the document for each
    paragraph (about 2 ms), finds the body's end by scanning its children from the start
    and builds each element through its schema helpers; here each style's id is looked up
    once, the end (``w:sectPr``) is kept and the elements are made with lxml directly.
    The XML is the one python-docx writes: ``w:p`` with ``w:pPr/w:pStyle`` and one run."""

    def __init__(self, element: CT_Document, part: DocumentPart) -> None:
        super().__init__(element, part)
        self._style_ids: dict[str, str | None] = {}
        self._body_element = element.body
        self._end = self._body_element.sectPr

    def add_paragraph(self, text: str = "", style: str | ParagraphStyle | None = None) -> Paragraph:
        body = self._body_element
        p = body.makeelement(_P, {})
        if self._end is not None:
            self._end.addprevious(p)
        else:
            body.append(p)
        if style is not None:
            name = style if isinstance(style, str) else style.name
            if name not in self._style_ids:
                self._style_ids[name] = self.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            style_id = self._style_ids[name]
            if style_id is not None:
                etree.SubElement(etree.SubElement(p, _PPR), _PSTYLE, {_VAL: style_id})
        paragraph = Paragraph(p, self._body)
        if text:
            add_text(paragraph, text)
        return paragraph


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> Run:
    """``paragraph.add_run(text)`` (bold, italic), made with lxml directly: a tab becomes
    ``w:tab`` and a line break ``w:br``, as python-docx makes them."""
    return Run(_run(paragraph._p, text, bold=bold, italic=italic), paragraph)  # type: ignore[arg-type]


def _run(p: Any, text: str, *, bold: bool = False, italic: bool = False) -> Any:
    r = etree.SubElement(p, _R)
    if bold or italic:
        properties = etree.SubElement(r, _RPR)
        if bold:
            etree.SubElement(properties, _B)
        if italic:
            etree.SubElement(properties, _I)
    for part in _BREAKS.split(text):
        if part == "\t":
            etree.SubElement(r, _TAB)
        elif part in ("\n", "\r"):
            etree.SubElement(r, _BR)
        elif part:
            t = etree.SubElement(r, _T)
            t.text = part
            if len(part.strip()) < len(part):
                t.set(_SPACE, "preserve")
    return r


def xml_safe(value: Any) -> Any:
    """The values with every text made storable in a document: a character XML cannot
    hold becomes a space (python-docx refuses it), recursively through dicts, lists and
    tuples."""
    if isinstance(value, str):
        return _NOT_XML.sub(" ", value)
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(v) for v in value)
    return value


def new_document(*, lang: str, title: str, header: str, footer: str) -> DocxDocument:
    """An empty document in ``lang``: its title, a header line and a footer line that ends
    with "Page N of M"."""
    part = Document().part
    doc = _Document(part.element, part)
    tag = LANGUAGE_TAGS.get(lang, lang)
    doc.core_properties.title = title
    doc.core_properties.language = tag
    _set_language(doc, tag)
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    foot = section.footer.paragraphs[0]
    foot.text = f"{footer} · " if footer else ""
    text = _(
        "Page %(page)s of %(pages)s",
        page=f"{_FIELD}PAGE{_FIELD}",
        pages=f"{_FIELD}NUMPAGES{_FIELD}",
    )
    for i, part in enumerate(text.split(_FIELD)):
        if i % 2:
            add_field(foot, part)
        elif part:
            foot.add_run(part)
    return doc


def _set_language(doc: DocxDocument, tag: str) -> None:
    """The language of every style's text (the document defaults and Normal)."""
    for rpr in (
        doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")),
        doc.styles["Normal"].element.get_or_add_rPr(),
    ):
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
        lang.set(qn("w:bidi"), tag)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A field (``PAGE``, ``NUMPAGES``) that Word computes; "1" until it does. Each part
    in a run of its own, as Word writes it."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run("1")
    char("end")


def add_table(doc: DocxDocument, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
    """A table with a header row that repeats on every page; each cell's lines as lines."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    head = table.rows[0]
    props = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    props.append(repeat)
    for cell, text in zip(head.cells, header, strict=True):
        add_text(cell.paragraphs[0], text, bold=True)
    # Rows as python-docx's add_row makes them (each cell with its column's width), made
    # with lxml directly: a table of the note can have a thousand rows.
    widths = [tc.tcPr for tc in head._tr.tc_lst]
    for values in rows:
        tr = etree.SubElement(table._tbl, _TR)
        for width, text in zip(widths, values, strict=True):
            tc = etree.SubElement(tr, _TC)
            tc.append(copy.deepcopy(width))
            for line in str(text).split("\n"):
                p = etree.SubElement(tc, _P)
                if line:
                    _run(p, line)
    return table


def add_labelled(doc: DocxDocument, label: str, text: str) -> Paragraph:
    """A paragraph that starts with a bold label."""
    paragraph = doc.add_paragraph()
    add_text(paragraph, f"{label}: ", bold=True)
    if text:
        add_text(paragraph, text)
    return paragraph


def add_markdown(doc: DocxDocument, text: str, *, top_level: int = 2) -> None:
    """A Markdown text as Word paragraphs: headings (at their own level, at least
    ``top_level``, as in the PDF where they are the page's h2, h3 ...), paragraphs,
    bulleted and numbered lists, bold and italic. Links keep their text."""
    lists: list[str] = []
    heading = 0
    for token in _md.parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if token.type.startswith("bullet") else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            heading = max(top_level, int(token.tag[1]))
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "inline":
            if heading:
                paragraph = doc.add_heading(level=heading)
            else:
                paragraph = doc.add_paragraph(style=lists[-1] if lists else None)
            _inline(paragraph, token.children or [])


def _inline(paragraph: Paragraph, children: list) -> None:  # type: ignore[type-arg]
    bold = italic = False
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run("\n")


def docx_bytes(doc: DocxDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_response(data: bytes, filename: str) -> Response:
    return send_file(
        io.BytesIO(data),
        mimetype=DOCX_MIMETYPE,
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
