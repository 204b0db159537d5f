"""Reading an Atom feed in tests, checked against what RFC 4287 requires: the feed's and
each entry's required elements, once each, only Atom's own children, RFC 3339 times,
absolute ids that do not repeat, a link to each entry's page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 4287 3.3: a date construct is an RFC 3339 date-time, with its offset or Z.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")
FEED_CHILDREN = {
    *(f"{ATOM}{n}" for n in ("author", "category", "contributor", "generator", "icon", "id")),
    *(f"{ATOM}{n}" for n in ("link", "logo", "rights", "subtitle", "title", "updated", "entry")),
}
ENTRY_CHILDREN = {
    *(f"{ATOM}{n}" for n in ("author", "category", "content", "contributor", "id", "link")),
    *(f"{ATOM}{n}" for n in ("published", "rights", "source", "summary", "title", "updated")),
}


def _check(element: Any, allowed: set[str]) -> None:
    """Only Atom's own children; a date, an absolute IRI as id, one id/title/updated each."""
    assert {child.tag for child in element} <= allowed, [c.tag for c in element]
    for name in ("id", "title", "updated"):
        assert len(element.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(element.findtext(f"{ATOM}updated") or ""), "updated"
    assert urlsplit(element.findtext(f"{ATOM}id") or "").scheme in {"http", "https", "urn", "tag"}


def parse(body: bytes) -> Any:
    """The feed element; fails unless the feed and each entry have an id, a title and an
    updated time, the feed an author and a self link, and each entry a link to its page."""
    feed = etree.fromstring(body)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    _check(feed, FEED_CHILDREN)
    entries = feed.findall(f"{ATOM}entry")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries), "entry ids repeat"
    for entry in entries:
        _check(entry, ENTRY_CHILDREN)
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        link = entry.find(f"{ATOM}link")  # no rel: the alternate, the page of the news
        assert link.get("rel", "alternate") == "alternate"
        assert link.get("href").startswith("http")
    return feed


def titles(feed: Any) -> list[str]:
    return [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]


def summaries(feed: Any) -> list[str]:
    return [e.findtext(f"{ATOM}summary") for e in feed.findall(f"{ATOM}entry")]
