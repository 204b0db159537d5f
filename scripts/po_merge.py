"""Git merge driver for translation catalogues: the union of both sides' messages.

Two branches that each add messages to a sorted ``.po`` or ``.pot`` file conflict on every
neighbouring line although nothing contradicts. This driver keeps every message from both
sides; where both translated the same message differently it keeps ours. Register it once::

    git config merge.po.name "translation catalogue union"
    git config merge.po.driver "python scripts/po_merge.py %O %A %B %P"

``.gitattributes`` routes ``*.po`` and ``*.pot`` to it. Run ``scripts/translations.py update``
afterwards to drop messages that no longer occur in the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def _read(path: str):  # type: ignore[no-untyped-def]
    with Path(path).open("rb") as fh:
        return read_po(fh)


def merge(ours_path: str, theirs_path: str, name: str = "") -> None:
    ours = _read(ours_path)
    theirs = _read(theirs_path)
    for message in theirs:
        if not message.id:
            continue
        existing = ours.get(message.id, context=message.context)
        if existing is None:
            ours[message.id] = message
        elif not _translated(existing) and _translated(message):
            existing.string = message.string
            existing.flags = set(message.flags)
    with Path(ours_path).open("wb") as fh:
        # The same line width as scripts/translations.py writes, so a merge adds only its messages.
        width = 100 if "/en/" in name else 76
        write_po(fh, ours, no_location=True, sort_output=True, width=width)


def _translated(message) -> bool:  # type: ignore[no-untyped-def]
    string = message.string
    return bool(string) if isinstance(string, str) else all(string)


if __name__ == "__main__":
    _base, ours_file, theirs_file, pathname = [*sys.argv[1:5], ""][:4]
    merge(ours_file, theirs_file, pathname)
