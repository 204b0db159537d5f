"""Atom feeds (RFC 4287) made with feedgen, for the public news of both domains.

A package builds its entries from what the public may see and hands them here; this
module only writes the document. Every entry has the id, title and updated time Atom
requires; the feed names the municipality as its author, so entries need none of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import Response, abort, current_app, request

from core.clock import ensure_utc
from core.i18n import current_locale

ATOM_TYPE = "application/atom+xml"
MAX_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    id: str  # a permanent IRI: never changes, never reused
    title: str
    link: str
    updated: datetime
    summary: str = ""


def feed_language(default: str | None = None) -> str:
    """The language asked for with ``?lang=``: else ``default``, else the visitor's."""
    lang = request.args.get("lang") or default or current_locale()
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    return lang


def atom(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    page_url: str,
    lang: str,
    entries: Sequence[Entry],
    empty_updated: datetime,
) -> bytes:
    """The Atom document, newest entry first (at most :data:`MAX_ENTRIES`)."""
    newest = sorted(entries, key=lambda e: ensure_utc(e.updated), reverse=True)[:MAX_ENTRIES]
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.author({"name": current_app.config["MUNICIPALITY_NAME"]})
    feed.link(href=self_url, rel="self", type=ATOM_TYPE)
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.language(lang)
    feed.updated(ensure_utc(newest[0].updated) if newest else ensure_utc(empty_updated))
    for item in newest:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.updated(ensure_utc(item.updated))
        if item.summary:
            entry.summary(item.summary)
    return bytes(feed.atom_str(pretty=True))


def atom_response(document: bytes) -> Response:
    response = Response(document, content_type=f"{ATOM_TYPE}; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
