"""The canonical form of a submitted response and its receipt number.

Pure code: standard library only. A submitted version stores ``canonical_json`` of its
content and the ``content_sha256`` of that text; its receipt number comes from
``receipt_number``.

Canonical form of a response
============================
``canonical_json(content)`` turns the content of a submitted response version into one
string; ``content_sha256`` is the lowercase hex SHA-256 of that string's UTF-8 bytes. The
same content always gives the same bytes, on any machine (NFC is stable across Unicode
versions for every character assigned in both):

1. The top level is a mapping (a JSON object).
2. Object keys must be strings. They are NFC-normalised, then sorted by Unicode code
   point (Python string order). Two keys that are equal after normalisation are refused
   (``ValueError``).
3. No whitespace: separators are ``,`` between items and ``:`` between key and value.
4. Text is NFC-normalised (``unicodedata.normalize("NFC", ...)``), so "å" typed as one
   character or as "a" + combining ring hashes the same. It is written as UTF-8, not as
   ``\\uXXXX`` escapes (``ensure_ascii=False``); only the escapes JSON requires are used:
   ``\\"``, ``\\\\``, ``\\n``, ``\\r``, ``\\t``, ``\\b``, ``\\f``, and ``\\u00xx`` (lowercase
   hex) for the other control characters U+0000 to U+001F. Lone surrogates are refused.
5. ``None`` is ``null``; ``True``/``False`` are ``true``/``false``.
6. ``int`` is a JSON integer in decimal digits.
7. ``Decimal`` is a JSON *string* holding its plain decimal notation, never an exponent:
   ``Decimal("1E+1")`` -> ``"10"``, ``Decimal("0.5")`` -> ``"0.5"``. Trailing zeros are
   kept (``Decimal("1.50")`` -> ``"1.50"``) because the number of decimals is part of what
   the body wrote; negative zero is written as zero (``"-0.00"`` -> ``"0.00"``). A string,
   not a JSON number, because most JSON readers parse numbers as binary floats and would
   change the value. NaN and infinities are refused (``ValueError``), as are exponents
   beyond +/-1000 (the plain notation would be absurdly long).
8. ``float`` is refused (``TypeError``: use ``Decimal``); a float cannot say 0.1 exactly.
9. An aware ``datetime`` is converted to UTC and written as ISO 8601 with a ``Z``:
   ``"2007-02-01T22:59:59.999999Z"``; the fraction is exactly six digits when the
   microsecond is not zero and is left out when it is (``"2007-02-01T12:00:00Z"``). A
   naive datetime is refused (``ValueError``).
10. A ``date`` is ``"YYYY-MM-DD"``.
11. Lists and tuples are JSON arrays, in their given order. Any other type (sets, floats,
    times, bytes, ...) is refused with ``TypeError``.

As a consequence, re-canonicalising the parsed output gives the same string: decimals and
dates are already strings, and strings stay strings.

Receipt numbers
===============
A receipt number is a consultee's receipt code and the version number:
``receipt_number("BIU-227-2006-OEU", 2) == "BIU-227-2006-OEU-2"``. The code is stored
on the consultee when its first version is frozen; it is ``receipt_code("BIU 227/2006",
"ØU") == "BIU-227-2006-OEU"`` unless another consultee holds that code already (two
references or body codes can read alike, see ``hearing.services.frozen_versions``). Each
part is NFC-normalised, Æ/Ø/Å (and æ/ø/å) become AE/OE/AA, other letters lose their
accents (é -> E), everything is upper-cased, every run of characters other than A-Z and
0-9 becomes one "-", and leading/trailing "-" are dropped; the reference is cut to 60
characters and the body code to 30 (``receipt_parts``). As the version number is the
last part and has no "-", distinct codes give distinct receipt numbers.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

__all__ = [
    "CanonicalContent",
    "canonical_json",
    "canonicalise",
    "content_sha256",
    "receipt_code",
    "receipt_number",
    "receipt_part",
    "receipt_parts",
]


# --------------------------------------------------------------------------- canonical form

# A bound on the plain notation of a Decimal: "1E+999999999" would be a gigabyte of zeros.
_MAX_DECIMAL_EXPONENT = 1000


@dataclass(frozen=True, slots=True)
class CanonicalContent:
    """The canonical JSON text of a response version and the SHA-256 hex stored beside it."""

    text: str
    sha256: str


def _canonical_str(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        # A lone surrogate cannot be hashed as UTF-8; better to refuse it at the door.
        raise ValueError("Text must be valid Unicode (it contains a lone surrogate).") from exc
    return unicodedata.normalize("NFC", value)


def _canonical_decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"{value} is not a number a response can contain.")
    exponent = value.as_tuple().exponent  # an int for every finite Decimal
    if isinstance(exponent, int) and abs(exponent) > _MAX_DECIMAL_EXPONENT:
        raise ValueError(f"The exponent of {value} is too large for plain notation.")
    if value.is_zero():
        value = value.copy_abs()  # "-0" and "0" are the same amount
    return format(value, "f")


def _canonical_datetime(value: datetime) -> str:
    if value.utcoffset() is None:  # never guessed: see hearing.workflow
        raise ValueError(
            f"A datetime in the content must be timezone-aware, got the naive {value.isoformat()}."
        )
    instant = value.astimezone(UTC).replace(tzinfo=None)
    timespec = "microseconds" if instant.microsecond else "seconds"
    return instant.isoformat(timespec=timespec) + "Z"


def _canonical_mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise TypeError(f"Keys must be strings, got {type(key).__name__} {key!r}.")
        name = _canonical_str(key)
        if name in result:
            raise ValueError(f"Two keys are the same text after NFC normalisation: {name!r}.")
        result[name] = _canonical_value(item)
    return result


def _refuse_float(value: float) -> None:
    raise TypeError(f"Floats are not allowed in canonical content: use Decimal, not {value!r}.")


def _canonical_list(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [_canonical_value(item) for item in value]


# Checked in this order, first match wins: bool before int (True is an int), datetime
# before date (a datetime is a date). ``int`` turns an IntEnum into its plain number.
_CONVERTERS: tuple[tuple[type | tuple[type, ...], Callable[[Any], Any]], ...] = (
    (bool, bool),
    (int, int),
    (float, _refuse_float),
    (Decimal, _canonical_decimal),
    (str, _canonical_str),
    (datetime, _canonical_datetime),
    (date, date.isoformat),
    (Mapping, _canonical_mapping),
    ((list, tuple), _canonical_list),
)


def _canonical_value(value: Any) -> Any:
    """Reduce ``value`` to plain JSON types (dict, list, str, int, bool, None)."""
    if value is None:
        return None
    for kind, convert in _CONVERTERS:
        if isinstance(value, kind):
            return convert(value)
    raise TypeError(f"Cannot put a {type(value).__name__} in canonical content.")


def canonical_json(content: Mapping[str, Any]) -> str:
    """The canonical JSON text of ``content``; the module docstring defines it exactly."""
    if not isinstance(content, Mapping):
        raise TypeError(f"content must be a mapping, not {type(content).__name__}.")
    return json.dumps(
        _canonical_mapping(content),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )


def content_sha256(canonical: str) -> str:
    """Lowercase hex SHA-256 of the UTF-8 bytes of ``canonical``."""
    if not isinstance(canonical, str):
        raise TypeError(f"canonical must be a str, not {type(canonical).__name__}.")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def canonicalise(content: Mapping[str, Any]) -> CanonicalContent:
    """Canonical text and its hash in one call, as stored with a submitted version."""
    text = canonical_json(content)
    return CanonicalContent(text=text, sha256=content_sha256(text))


# --------------------------------------------------------------------------- receipts

_DANISH_LETTERS = str.maketrans({"Æ": "AE", "Ø": "OE", "Å": "AA", "æ": "ae", "ø": "oe", "å": "aa"})
_NOT_ALPHANUMERIC = re.compile(r"[^A-Z0-9]+")
_REFERENCE_MAX, _BODY_MAX = 60, 30


def receipt_part(text: str, name: str) -> str:
    # Danish letters first, on composed text: NFKD would turn "Å" into a plain "A".
    danish = unicodedata.normalize("NFC", text).translate(_DANISH_LETTERS)
    decomposed = unicodedata.normalize("NFKD", danish)
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Again, for letters that only show an Ø or Æ once decomposed (e.g. "Ǿ").
    ascii_ish = unaccented.translate(_DANISH_LETTERS).upper()
    part = _NOT_ALPHANUMERIC.sub("-", ascii_ish).strip("-")
    if not part:
        raise ValueError(f"{name} {text!r} has no letters or digits for a receipt number.")
    return part


def receipt_parts(hearing_reference: str, body_code: str) -> tuple[str, str]:
    """The reference and body code as they appear in a receipt code, cut to 60 and 30
    characters so that every receipt number fits its column (120)."""
    reference = receipt_part(hearing_reference, "hearing_reference")[:_REFERENCE_MAX]
    body = receipt_part(body_code, "body_code")[:_BODY_MAX]
    return reference.rstrip("-"), body.rstrip("-")


def receipt_code(hearing_reference: str, body_code: str) -> str:
    """A consultee's readable code, e.g. ("BIU 227/2006", "ØU") -> "BIU-227-2006-OEU"."""
    return "-".join(receipt_parts(hearing_reference, body_code))


def receipt_number(code: str, sequence: int) -> str:
    """The receipt number of version ``sequence``, e.g. ("BIU-227-2006-OEU", 2) -> "...-2"."""
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise ValueError(f"sequence must be a whole number >= 1, got {sequence!r}.")
    if not code:
        raise ValueError("A receipt number needs a code.")
    return f"{code}-{sequence}"
