"""Join tagged PDFs (PDF/UA) into one tagged PDF: pages, structure tree and bookmarks.

A long document rendered in parts (the hearing note for many bodies) must stay one
accessible document. Appending pages alone (as pypdf does) leaves the later parts' marked
content pointing into no structure tree: a screen reader finds nothing there. Here every
part after the first brings its structure with it:

* its top-level structure elements become children of the first part's ``Document``
  element, in order, so the reading order runs through every part;
* its parent tree (which structure element each marked-content id on a page, and each
  link annotation, belongs to) is added under keys moved past the keys already used, and
  its pages' ``/StructParents`` and annotations' ``/StructParent`` are moved with them;
* its element ids (WeasyPrint names a table's header cells by the table's object number,
  which the parts repeat) get a prefix, in the ids and in the cells' ``/Headers``;
* its bookmarks are added under the bookmark the caller names (``nest``), pointing at the
  pages they pointed at in the part.

The first part keeps its catalogue: language, title, ``MarkInfo``, viewer preferences and
the PDF/UA identification in its metadata. The parts must come from the same renderer with
the same role map (WeasyPrint's standard structure types need none).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, NumberTree, OutlineItem, PageLocation


def join_tagged(documents: Sequence[bytes], nest: Sequence[int] = ()) -> tuple[bytes, int]:
    """One PDF of ``documents`` in order, and its page count.

    ``nest[i]`` is the depth at which part ``i``'s top-level bookmarks are placed: 0 at the
    top, 1 under the last top-level bookmark so far, 2 under that one's last child, and so
    on (missing entries mean 0; part 0's own bookmarks stay where they are).
    """
    with pikepdf.open(io.BytesIO(documents[0])) as merged:
        document = _document_element(merged)
        parent_tree = NumberTree(merged.Root.StructTreeRoot.ParentTree)
        next_key = _next_key(merged.Root.StructTreeRoot, parent_tree)
        with merged.open_outline() as outline:
            for index, data in enumerate(documents[1:], start=1):
                with pikepdf.open(io.BytesIO(data)) as part:
                    first_page = len(merged.pages)
                    merged.pages.extend(part.pages)
                    next_key = _add_structure(
                        merged, part, document, parent_tree, next_key, first_page
                    )
                    depth = nest[index] if index < len(nest) else 0
                    _add_bookmarks(part, outline.root, depth, first_page)
        merged.Root.StructTreeRoot.ParentTreeNextKey = next_key
        out = io.BytesIO()
        merged.save(out, deterministic_id=True)
        return out.getvalue(), len(merged.pages)


def _document_element(pdf: pikepdf.Pdf) -> Any:
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, Array) else kids


def _next_key(tree: Any, parent_tree: NumberTree) -> int:
    used = [int(key) for key in parent_tree.keys()]  # noqa: SIM118 - a NumberTree
    return max(int(tree.get("/ParentTreeNextKey", 0)), max(used, default=-1) + 1)


def _add_structure(
    merged: pikepdf.Pdf,
    part: pikepdf.Pdf,
    document: Dictionary,
    parent_tree: NumberTree,
    offset: int,
    first_page: int,
) -> int:
    """Bring ``part``'s structure into ``merged`` (whose pages it was just appended to)."""
    for page in merged.pages[first_page:]:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    # Copied after the pages: pikepdf copies each foreign object once per source file, so
    # the elements' /Pg and the link elements' annotations are the pages' copies.
    part_tree = NumberTree(part.Root.StructTreeRoot.ParentTree)
    last = -1
    for key, value in part_tree.items():
        parent_tree[int(key) + offset] = _copy(merged, value)
        last = max(last, int(key))
    kids = _document_element(part).get("/K", Array())
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary):
            copied = _copy(merged, kid)
            copied.P = document
            document.K.append(copied)
            _prefix_ids(copied, f"p{first_page}-")
    return offset + last + 1


def _prefix_ids(element: Dictionary, prefix: str) -> None:
    """Make the part's element ids (table header cells) unique in the joined document, and
    the cells' ``/Headers`` that name them with them."""
    if "/ID" in element:
        element.ID = pikepdf.String(prefix + str(element.ID))
    attributes = element.get("/A")
    for owner in attributes if isinstance(attributes, Array) else [attributes]:
        if isinstance(owner, Dictionary) and "/Headers" in owner:
            owner.Headers = Array([pikepdf.String(prefix + str(h)) for h in owner.Headers])
    kids = element.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary) and "/S" in kid:
            _prefix_ids(kid, prefix)


def _copy(merged: pikepdf.Pdf, value: Any) -> Any:
    if isinstance(value, Array) and not value.is_indirect:
        return Array([_copy(merged, item) for item in value])
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return merged.copy_foreign(value)
    return value


def _add_bookmarks(part: pikepdf.Pdf, top: list[OutlineItem], depth: int, first_page: int) -> None:
    pages = {page.obj.objgen: number for number, page in enumerate(part.pages)}
    siblings = top
    for _ in range(depth):
        if not siblings:
            break
        siblings = siblings[-1].children
    with part.open_outline() as outline:
        siblings.extend(_moved(item, pages, first_page) for item in outline.root)


def _moved(item: OutlineItem, pages: dict[tuple[int, int], int], first_page: int) -> OutlineItem:
    """A copy of ``item`` (and its children) pointing at the same page in the joined PDF."""
    page, location, left, top = _target(item, pages)
    copy = OutlineItem(
        str(item.title),
        first_page + page if page is not None else None,
        location if page is not None else None,
        left=left,
        top=top,
    )
    copy.is_closed = item.is_closed
    copy.children.extend(_moved(child, pages, first_page) for child in item.children)
    return copy


def _target(
    item: OutlineItem, pages: dict[tuple[int, int], int]
) -> tuple[int | None, str | None, float | None, float | None]:
    destination: Any = item.destination
    if destination is None and item.action is not None and "/D" in item.action:
        destination = item.action.D
    if not isinstance(destination, Array) or len(destination) < 2:
        return None, None, None, None
    page = pages.get(destination[0].objgen) if destination[0].is_indirect else None
    kind = str(destination[1]).lstrip("/")
    if kind == "XYZ" and len(destination) >= 4:
        return page, kind, _number(destination[2]), _number(destination[3])
    return page, kind if kind in PageLocation.__members__ else None, None, None


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):  # null: keep the viewer's current value
        return None
