"""Files attached to outgoing mail, made when the message is sent.

A queued message names its files by reference (``"hearing_letter:12"``); the module that
owns a document registers a maker for its kind with :func:`register`. The outbox row
stays small, one hearing's letter is not stored once per recipient, and ``core`` never
imports the modules that own the documents. A maker builds the document as it stood when
the message was caused (the hearing letter as issued), so a retry sends the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from flask import Flask, current_app

EXTENSION_KEY = "mail_attachment_makers"
REFERENCES_MAX = 400  # the width of ``outbound_emails.attachments``


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "application/pdf"
    data: bytes


# (key, locale) -> the file, or None when what it names is gone.
Maker = Callable[[str, str], Attachment | None]


def register(app: Flask, kind: str, maker: Maker) -> None:
    app.extensions.setdefault(EXTENSION_KEY, {})[kind] = maker


def reference(kind: str, key: object) -> str:
    return f"{kind}:{key}"


def join(references: Sequence[str]) -> str | None:
    """The column value for ``references`` (space-separated), or None for none."""
    text = " ".join(references)
    if len(text) > REFERENCES_MAX or any(" " in r or ":" not in r for r in references):
        raise ValueError(f"Not attachment references: {references!r}")
    return text or None


class AttachmentCache:
    """The files of one sending run: each (reference, locale) is made once, however many
    recipients a hearing's letter goes to."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], Attachment | None] = {}

    def files(self, references: str | None, locale: str) -> list[Attachment]:
        return [f for f in (self._one(r, locale) for r in _split(references)) if f is not None]

    def _one(self, ref: str, locale: str) -> Attachment | None:
        if (ref, locale) not in self._made:
            kind, _, key = ref.partition(":")
            maker = current_app.extensions.get(EXTENSION_KEY, {}).get(kind)
            made = maker(key, locale) if maker is not None else None
            if made is None:
                current_app.logger.warning("No file for the mail attachment %r.", ref)
            self._made[(ref, locale)] = made
        return self._made[(ref, locale)]


def _split(references: str | None) -> Iterable[str]:
    return (references or "").split()
