"""URLs: ids in paths are bounded to what the database's id columns can hold, and absolute
links are built on ``PUBLIC_BASE_URL``, never on the Host header of a request."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.routing import IntegerConverter, Map

# Ids are PostgreSQL ``integer`` columns (SQLite's hold more); a larger number would make the
# driver raise "integer out of range" instead of finding nothing.
ID_MAX = 2**31 - 1


def _up_to(limit: int) -> str:
    """A regular expression matching the decimal numbers 1..``limit`` without leading zeros."""
    digits = str(limit)
    shorter = rf"[1-9]\d{{0,{len(digits) - 2}}}"
    same_length = [digits]
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):
            rest = len(digits) - i - 1
            same_length.append(rf"{digits[:i]}[{low}-{int(digit) - 1}]\d{{{rest}}}")
    return "(?:" + "|".join([shorter, *same_length]) + ")"


class IdConverter(IntegerConverter):
    """``<id:name>``: a whole number from 1 to ``ID_MAX``; anything else does not match (404).

    The bound is in the regular expression, not only in ``to_python``: werkzeug answers 405
    instead of 404 when a value fails conversion on a path another method would match.
    """

    regex = _up_to(ID_MAX)

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, min=1, max=ID_MAX)


def parse_id(text: str) -> int | None:
    """The id a form field names, or None when it is not one (see ``IdConverter``)."""
    return int(text) if re.fullmatch(IdConverter.regex, text.strip()) else None


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link on ``PUBLIC_BASE_URL`` (API links, mail), with or without a request."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    """Register the converters; call it before any blueprint is registered."""
    app.url_map.converters["id"] = IdConverter
