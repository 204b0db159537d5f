"""Reading an Atom feed in tests, checked against what RFC 4287 requires."""

from __future__ import annotations

from typing import Any

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(body: bytes) -> Any:
    """The feed element; fails unless the feed and each entry have an id, a title and an
    updated time, the feed an author and a self link, and each entry a link to its page."""
    feed = etree.fromstring(body)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
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
