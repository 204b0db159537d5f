"""Values as a form shows them and as it hands them on: numbers without trailing zeros,
dates the Danish way (14.12.2006) in the field and as ISO (2006-12-14) behind it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any


def shown_value(value: Any) -> str:
    """A content value as a form shows it (numbers without trailing zeros)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    return str(value)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")


def iso_date(text: str) -> str:
    """A date typed the Danish way (14.12.2006, also 14-12-2006 or 14/12/2006) as the
    catalogue stores it (2006-12-14); anything else as typed, for the catalogue to refuse."""
    found = _DANISH_DATE.match(text)
    if not found:
        return text
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return text
