"""What every PDF the product makes must be: tagged for assistive technology (PDF/UA-1).

Opened with pikepdf: a structure tree, ``MarkInfo/Marked``, the document language, a title
shown as the window title, bookmarks, header cells in every table (named by its data cells),
alternative text on every figure,
every marked content of every page in the structure tree or an artifact (running headers and
footers); and ``pdfinfo`` (poppler) says "Tagged: yes".
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pikepdf


def _elements(node: Any) -> Iterator[Any]:
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def structure_of(data: bytes) -> list[str]:
    """The structure types of a PDF's tagged elements, in reading order."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(e.S) for e in _elements(pdf.Root.StructTreeRoot)]


def assert_tagged_pdf(data: bytes, *, lang: str, title: str | None = None) -> None:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root, "the PDF has no structure tree"
        assert bool(root.MarkInfo.Marked), "MarkInfo/Marked is not true"
        assert str(root.Lang) == lang, f"/Lang is {root.get('/Lang')}, not {lang}"
        shown = str(pdf.docinfo.get("/Title", ""))
        assert shown.strip(), "the PDF has no title"
        if title is not None:
            assert title in shown, f"title {shown!r} does not name {title!r}"
        assert bool(root.ViewerPreferences.DisplayDocTitle), "the title is not the window title"
        with pdf.open_outline() as outline:
            assert len(outline.root) > 0, "the PDF has no bookmarks"
        elements = list(_elements(root.StructTreeRoot))
        kinds = [str(e.S) for e in elements]
        assert any(k in ("/H1", "/H") for k in kinds), "no heading is tagged"
        for table in (e for e in elements if str(e.S) == "/Table"):
            cells = list(_elements(table))
            assert any(str(c.S) == "/TH" for c in cells), "a table without header cells"
            # Data cells name their header cells (/Headers to the header cells' /ID), which
            # PDF/UA accepts in place of /Scope: a screen reader reads the header with a cell.
            ids = {str(c.ID) for c in cells if str(c.S) == "/TH" and "/ID" in c}
            for cell in (c for c in cells if str(c.S) == "/TD"):
                named = cell.get("/A", {}).get("/Headers", [])
                assert all(str(header) in ids for header in named), "a cell names no header"
        for figure in (e for e in elements if str(e.S) == "/Figure"):
            assert str(figure.get("/Alt", "")).strip(), "a figure without alternative text"
        assert_content_in_tree_or_artifact(pdf)
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo is not None, "pdfinfo (poppler-utils) is missing: make system-packages"
    done = subprocess.run(  # noqa: S603 - a fixed tool on our own bytes
        [pdfinfo, "-"], input=data, capture_output=True, check=True
    )
    assert re.search(r"^Tagged:\s+yes$", done.stdout.decode("utf-8", "replace"), re.MULTILINE)


def assert_content_in_tree_or_artifact(pdf: pikepdf.Pdf) -> None:
    """Every marked content on every page belongs to an element of the structure tree (by
    the parent tree), and the rest is an artifact: nothing tagged is left outside the tree,
    such as a running header or footer (PDF/UA, ISO 14289-1 7.1)."""
    tree = pdf.Root.StructTreeRoot
    reachable = {element.objgen for element in _elements(tree)}
    parent_tree = pikepdf.NumberTree(tree.ParentTree)
    for number, page in enumerate(pdf.pages, start=1):
        ids = []
        artifacts = 0
        for instruction in pikepdf.parse_content_stream(page, "BDC BMC"):
            tag = str(instruction.operands[0])
            if tag == "/Artifact":
                artifacts += 1
            elif len(instruction.operands) == 2 and "/MCID" in instruction.operands[1]:
                ids.append(int(instruction.operands[1].MCID))
            else:
                raise AssertionError(f"page {number}: marked content {tag} is neither an "
                                     "element's nor an artifact")  # fmt: skip
        if not ids:
            continue
        assert "/StructParents" in page.obj, f"page {number} is not linked to the tree"
        entries = parent_tree[int(page.obj.StructParents)]
        for mcid in ids:
            element = entries[mcid] if mcid < len(entries) else None
            assert isinstance(element, pikepdf.Dictionary), f"page {number}: MCID {mcid} is lost"
            assert element.objgen in reachable, (
                f"page {number}: MCID {mcid} belongs to an element outside the structure tree"
            )


def structure_texts(data: bytes) -> list[str]:
    """The texts poppler finds by walking the structure tree (``pdfinfo -struct-text``), in
    the tree's reading order: what a screen reader reaches, not the page content."""
    import tempfile

    tool = shutil.which("pdfinfo")
    assert tool is not None, "pdfinfo (poppler-utils) is missing: make system-packages"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        done = subprocess.run(  # noqa: S603 - a fixed tool on our own file
            [tool, "-struct-text", file.name], capture_output=True, check=True
        )
    lines = (line.strip() for line in done.stdout.decode("utf-8").splitlines())
    return [line[1:-1] for line in lines if line.startswith('"') and line.endswith('"')]
