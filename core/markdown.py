"""Markdown written by staff (letters, assessments), rendered safely.

markdown-it turns the text into HTML with raw HTML switched off; nh3 then keeps only
the tags and attributes listed here, so nothing written in a text field can run script
or break the page's layout.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)


def render_markdown(text: str | None) -> Markup:
    """Sanitised HTML for a Markdown text; an empty text gives an empty string."""
    if not text:
        return Markup("")
    html = _md.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 above


def plain_text(text: str | None) -> str:
    """The text without any markup, e.g. for e-mail bodies and search."""
    if not text:
        return ""
    return nh3.clean(_md.render(text), tags=set()).strip()
