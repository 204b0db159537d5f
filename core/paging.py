"""Pages of a long list: which rows one screen shows, and the links to the other pages.

A page number comes from the query string (``?page=3``); a bad or out-of-range number shows
the nearest page instead of an error. The links keep every other query argument (the
filters), so paging never loses what was chosen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import Flask, request, url_for

# Past this many indicators the reading and a catalogue version show one focus area at a
# time (the reading of 300 indicators with their sparklines was about 690 kB of HTML).
AREA_AT_A_TIME = 60


@dataclass(frozen=True)
class Page:
    """Which page of how many rows; ``number`` is 1-based and within range."""

    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def first_row(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.total, self.offset + self.per_page)

    def numbers(self, around: int = 2) -> list[int | None]:
        """The page numbers to link: the first, the last and those near the current one;
        ``None`` where numbers are left out."""
        shown = sorted(
            {1, self.pages}
            | set(range(max(1, self.number - around), min(self.pages, self.number + around) + 1))
        )
        out: list[int | None] = []
        for n in shown:
            if out and out[-1] is not None and n - out[-1] > 1:  # type: ignore[operator]
                out.append(None)
            out.append(n)
        return out


def page_of(requested: int, per_page: int, total: int) -> Page:
    """The requested page, moved into range (a page past the end shows the last one)."""
    pages = max(1, math.ceil(total / per_page))
    return Page(min(max(1, requested), pages), per_page, total)


def requested(param: str = "page") -> int:
    """The page number asked for in the query string; 1 when missing or not a number."""
    value = request.args.get(param, "")
    return int(value) if value.isdigit() and len(value) < 7 else 1


def page_url(param: str, number: int, anchor: str = "") -> str:
    """This page's URL with ``param`` set to ``number``, the other query arguments kept."""
    args: dict[str, Any] = {**(request.view_args or {}), **request.args.to_dict()}
    args[param] = str(number)
    url = url_for(str(request.endpoint), **args)
    return f"{url}#{anchor}" if anchor else url


def init_app(app: Flask) -> None:
    app.jinja_env.globals["page_url"] = page_url


def chosen_part(codes: list[str], rows: int, asked: str, limit: int) -> str | None:
    """Which part (a focus area, by code) a long page shows, or None for all of it: past
    ``limit`` rows one part at a time, the first unless another is asked for; ``"all"``
    asks for every part."""
    if asked in codes:
        return asked
    if asked == "all" or rows <= limit or not codes:
        return None
    return codes[0]
