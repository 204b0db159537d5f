"""Running headers and footers as artifacts, as PDF/UA asks.

WeasyPrint tags the content of the page margins (our header with the municipality and the
case, the footer "Side 2 af 9") as marked content belonging to structure elements that it
keeps out of the structure tree: PDF 1.7 has no place for them in the tree, and WeasyPrint
leaves it there. Such content is neither in the tree nor marked as an artifact, which a
PDF/UA checker reports (every piece of content must be one or the other) and which a screen
reader may read out of order. Here each page's marked content whose element is not reachable
from the structure tree becomes ``/Artifact <</Type /Pagination>>``, and its entry in the
parent tree is emptied, so the orphaned elements are dropped when the file is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, NumberTree, Operator


def mark_page_furniture(data: bytes) -> bytes:
    """``data`` with the untagged marked content of its pages made pagination artifacts."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None or "/ParentTree" not in tree:
            return data
        reachable = {element.objgen for element in elements(tree)}
        parent_tree = NumberTree(tree.ParentTree)
        changed = False
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            entries = parent_tree.get(int(key)) if key is not None else None
            if not isinstance(entries, Array):
                continue
            orphans = {
                mcid
                for mcid, element in enumerate(entries)
                if isinstance(element, Dictionary) and element.objgen not in reachable
            }
            if orphans:
                _mark(pdf, page, orphans)
                for mcid in orphans:
                    entries[mcid] = None
                changed = True
        if not changed:
            return data
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # the same document gives the same bytes
        return out.getvalue()


def elements(node: Any) -> Iterator[Dictionary]:
    """Every structure element under ``node`` (the tree root or an element), in order."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def _mark(pdf: pikepdf.Pdf, page: pikepdf.Page, orphans: set[int]) -> None:
    artifact = [Name.Artifact, Dictionary(Type=Name.Pagination)]
    instructions: list[Any] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands = instruction.operands if hasattr(instruction, "operands") else None
        if (
            operands is not None
            and str(instruction.operator) == "BDC"
            and len(operands) == 2
            and isinstance(operands[1], Dictionary)
            and "/MCID" in operands[1]
            and int(operands[1].MCID) in orphans
        ):
            instructions.append(pikepdf.ContentStreamInstruction(artifact, Operator("BDC")))
        else:
            instructions.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
