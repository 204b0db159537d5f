"""Hearing workflow rules: states, transitions, deadline arithmetic, the canonical response.

Pure code: no Flask, no database, standard library only. Services call these functions
with ``now`` passed in, so tests never depend on the wall clock.

Time
====
Every datetime that enters or leaves this module is timezone-aware. A naive datetime
raises ``ValueError``: guessing its zone is how a deadline silently moves by an hour.
Returned instants are in UTC (``datetime.UTC``); local wall times are Europe/Copenhagen
(``LOCAL_TZ``) unless a ``tz`` is given.

All comparisons and subtractions are done on UTC values. Python compares two datetimes
that share a ``tzinfo`` by their wall time and ignores ``fold``, which gives the wrong
answer in the autumn hour that happens twice; converting to UTC first avoids that.

Local wall time to instant (``deadline_from_local``):

* A date alone means the end of that local day, 23:59:59.999999, so "senest den
  1. februar 2007" accepts everything submitted on 1 February (22:59:59.999999 UTC in
  winter, 21:59:59.999999 UTC in summer). A date alone is never refused: if the clocks
  jumped forward over midnight (Copenhagen, 14 May 1916), the day ended at the jump.
* A time that does not exist (the spring-forward gap, e.g. 2007-03-25 02:30) raises
  ``ValidationFailed("That time does not exist on that date (summer time begins).")``.
  Shifting it silently would publish a deadline nobody typed.
* A time that exists twice (the autumn fall-back, e.g. 2007-10-28 02:30) means the
  earlier instant (``fold=0``, still summer time, 00:30 UTC): a deadline must never end
  later than a reader of the letter could expect. ``fold`` on the given time is ignored,
  because a form cannot set it and two equal-looking times must not mean two instants.

A deadline is met when the instant is at or before it (``instant <= deadline``); a
deadline has passed when ``now`` is strictly after it.

Reminders
=========
A reminder "n days before" falls due at the deadline's local wall time n calendar days
earlier (so it goes out at the same clock time across a change to or from summer time).
``reminder_due`` returns only the most urgent due reminder (the smallest n whose moment
has passed) and nothing once that one was sent. Larger reminders whose moments were
skipped (the job did not run) are superseded, never sent late, so a body never gets a
burst of "7 days left", "3 days left", "1 day left" in one minute. ``already_sent`` is
the reminders sent for the current effective deadline: an extension starts a new schedule.

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
``receipt_number("BIU 227/2006", "ØU", 2) == "BIU-227-2006-OEU-2"``: each part is
NFC-normalised, Æ/Ø/Å (and æ/ø/å) become AE/OE/AA, other letters lose their accents
(é -> E), everything is upper-cased, every run of characters other than A-Z and 0-9
becomes one "-", and leading/trailing "-" are dropped.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from core.errors import TransitionNotAllowed, ValidationFailed

__all__ = [
    "HEARING_TRANSITIONS",
    "LOCAL_TZ",
    "RESPONSE_TRANSITIONS",
    "CanonicalContent",
    "HearingState",
    "ResponseState",
    "all_deadlines_passed",
    "allowed_hearing_transitions",
    "allowed_response_transitions",
    "canonical_json",
    "canonicalise",
    "check_hearing_transition",
    "check_response_transition",
    "content_sha256",
    "deadline_from_local",
    "effective_deadline",
    "end_of_local_day",
    "is_before_deadline",
    "receipt_number",
    "reminder_due",
    "reminder_moment",
    "time_left",
    "to_local",
    "to_utc",
    "validate_extension",
]

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")

GAP_MESSAGE = "That time does not exist on that date (summer time begins)."
EXTENSION_TOO_EARLY_MESSAGE = "An extension must end after the hearing deadline (%(deadline)s)."


# --------------------------------------------------------------------------- states


class HearingState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    CONSOLIDATION = "consolidation"
    DECIDED = "decided"
    ARCHIVED = "archived"


# A read-only view, so no caller can add a shortcut transition at run time.
HEARING_TRANSITIONS: Mapping[HearingState, frozenset[HearingState]] = MappingProxyType(
    {
        HearingState.DRAFT: frozenset({HearingState.OPEN}),
        HearingState.OPEN: frozenset({HearingState.CLOSED}),
        HearingState.CLOSED: frozenset({HearingState.CONSOLIDATION}),
        HearingState.CONSOLIDATION: frozenset({HearingState.DECIDED}),
        HearingState.DECIDED: frozenset({HearingState.ARCHIVED}),
        HearingState.ARCHIVED: frozenset(),
    }
)


class ResponseState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


RESPONSE_TRANSITIONS: Mapping[ResponseState, frozenset[ResponseState]] = MappingProxyType(
    {
        ResponseState.DRAFT: frozenset({ResponseState.SUBMITTED}),
        # Amending a submitted response starts a new draft version; the submitted one is kept.
        ResponseState.SUBMITTED: frozenset({ResponseState.DRAFT, ResponseState.WITHDRAWN}),
        # A withdrawn response can be started again as a new draft.
        ResponseState.WITHDRAWN: frozenset({ResponseState.DRAFT}),
    }
)


def allowed_hearing_transitions(current: HearingState | str) -> frozenset[HearingState]:
    """The states a hearing in ``current`` may move to (plain strings from storage work too)."""
    return HEARING_TRANSITIONS[HearingState(current)]


def check_hearing_transition(current: HearingState | str, target: HearingState | str) -> None:
    """Raise ``TransitionNotAllowed`` unless the table lists ``current -> target``.

    An unknown state value raises ``ValueError``: that is a programming error, not a rule.
    """
    source, destination = HearingState(current), HearingState(target)
    if destination not in HEARING_TRANSITIONS[source]:
        raise TransitionNotAllowed(
            "Cannot move a hearing from %(current)s to %(target)s.",
            current=source.value,
            target=destination.value,
        )


def allowed_response_transitions(current: ResponseState | str) -> frozenset[ResponseState]:
    """The states a response in ``current`` may move to."""
    return RESPONSE_TRANSITIONS[ResponseState(current)]


def check_response_transition(current: ResponseState | str, target: ResponseState | str) -> None:
    """Raise ``TransitionNotAllowed`` unless the table lists ``current -> target``."""
    source, destination = ResponseState(current), ResponseState(target)
    if destination not in RESPONSE_TRANSITIONS[source]:
        raise TransitionNotAllowed(
            "Cannot move a response from %(current)s to %(target)s.",
            current=source.value,
            target=destination.value,
        )


# --------------------------------------------------------------------------- time


def _aware_utc(value: datetime, name: str) -> datetime:
    """Return ``value`` as a UTC instant; a naive datetime is refused, never guessed."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got the naive {value.isoformat()}.")
    return value.astimezone(UTC)


def _require_date(value: date, name: str) -> None:
    # A datetime is a date subclass; accepting one here would drop its time (and maybe zone).
    if isinstance(value, datetime):
        raise ValueError(f"{name} must be a date, not a datetime.")
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}.")


def to_utc(dt: datetime) -> datetime:
    """The same instant with ``tzinfo=UTC``. Naive input raises ``ValueError``."""
    return _aware_utc(dt, "dt")


def to_local(instant: datetime) -> datetime:
    """The same instant as Europe/Copenhagen wall time, for display."""
    return _aware_utc(instant, "instant").astimezone(LOCAL_TZ)


def _wall_to_utc(wall: datetime, tz: tzinfo, *, later: bool = False) -> datetime:
    """The UTC instant of a naive local wall time in ``tz``.

    Ambiguous wall times take the earlier instant unless ``later``; wall times in a gap
    raise ``ValidationFailed`` (see the module docstring for why).
    """
    instant = wall.replace(tzinfo=tz, fold=1 if later else 0).astimezone(UTC)
    # In a gap the round trip lands on another wall time; naive equality ignores fold.
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        raise ValidationFailed(
            GAP_MESSAGE,
            date=wall.date().isoformat(),
            time=wall.time().isoformat(timespec="minutes"),
        )
    return instant


def end_of_local_day(d: date, tz: tzinfo = LOCAL_TZ) -> datetime:
    """The last microsecond of local date ``d`` (23:59:59.999999 in ``tz``), in UTC.

    Never refuses a date: if the clocks jumped forward over midnight, the day ended at
    the jump (Copenhagen, 14 May 1916: 23:00 became 24:00, so the day ended at 22:59:59.999999).
    """
    _require_date(d, "d")
    wall = datetime.combine(d, time.max)
    try:
        # ``later``: in a zone that falls back at midnight the day includes both passes of
        # the last hour. Copenhagen changes at 02:00/03:00, so there it changes nothing.
        return _wall_to_utc(wall, tz, later=True)
    except ValidationFailed:
        # In a gap, fold=1 gives an instant before the jump and fold=0 one after it.
        before = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
        after = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
        return _last_instant_on_or_before(d, tz, before, after)


def _last_instant_on_or_before(d: date, tz: tzinfo, low: datetime, high: datetime) -> datetime:
    """Bisect to the last instant whose local date is not after ``d``.

    ``low`` is on or before ``d`` and ``high`` after it; they are at most a day apart (a
    zone once skipped a whole date), so this takes at most 37 steps.
    """
    one_microsecond = timedelta(microseconds=1)
    while high - low > one_microsecond:
        middle = low + (high - low) // 2
        if middle.astimezone(tz).date() > d:
            high = middle
        else:
            low = middle
    return low


def deadline_from_local(d: date, t: time | None = None, tz: tzinfo = LOCAL_TZ) -> datetime:
    """A deadline entered as local date (and optional wall time), as a UTC instant.

    A date alone is the end of that day; a time that does not exist raises
    ``ValidationFailed``; a time that exists twice is the earlier instant.
    """
    _require_date(d, "d")
    if t is None:
        return end_of_local_day(d, tz)
    if not isinstance(t, time):
        raise TypeError(f"t must be a time, not {type(t).__name__}.")
    if t.tzinfo is not None:
        raise ValueError("t must be a local wall time without tzinfo; tz names the zone.")
    return _wall_to_utc(datetime.combine(d, t), tz)


def effective_deadline(hearing_deadline: datetime, extension: datetime | None) -> datetime:
    """The deadline that applies to one body: its extension if it has one, else the hearing's."""
    hearing = _aware_utc(hearing_deadline, "hearing_deadline")
    if extension is None:
        return hearing
    return _aware_utc(extension, "extension")


def validate_extension(
    hearing_deadline: datetime, current_effective: datetime, new_extension: datetime
) -> None:
    """Refuse an extension that does not end after the hearing deadline.

    Shortening an existing extension is allowed as long as it still ends after the hearing
    deadline (a typo must be correctable; the caller logs the change and its reason).
    ``current_effective`` is checked for being aware and kept in the signature so a
    stricter rule can be added without changing callers.
    """
    hearing = _aware_utc(hearing_deadline, "hearing_deadline")
    _aware_utc(current_effective, "current_effective")
    new = _aware_utc(new_extension, "new_extension")
    if new <= hearing:
        raise ValidationFailed(EXTENSION_TOO_EARLY_MESSAGE, deadline=hearing.astimezone(LOCAL_TZ))


def is_before_deadline(instant: datetime, deadline: datetime) -> bool:
    """True when ``instant`` is at or before ``deadline``: the deadline itself still counts."""
    return _aware_utc(instant, "instant") <= _aware_utc(deadline, "deadline")


def all_deadlines_passed(
    now: datetime, hearing_deadline: datetime, extensions: Iterable[datetime | None]
) -> bool:
    """True when the hearing may close: every body's effective deadline has passed.

    ``extensions`` holds one entry per consulted body (``None`` when it has none). The
    hearing deadline itself must also have passed, so a hearing never closes before the
    date in its letter, even with an empty hearing list.
    """
    current = _aware_utc(now, "now")
    deadlines = [effective_deadline(hearing_deadline, ext) for ext in extensions]
    deadlines.append(_aware_utc(hearing_deadline, "hearing_deadline"))
    return all(not is_before_deadline(current, deadline) for deadline in deadlines)


def time_left(now: datetime, deadline: datetime) -> timedelta:
    """Real elapsed time until ``deadline`` (an hour short on the spring day); zero once passed."""
    remaining = _aware_utc(deadline, "deadline") - _aware_utc(now, "now")
    return max(remaining, timedelta(0))


def reminder_moment(deadline: datetime, days_before: int, tz: tzinfo = LOCAL_TZ) -> datetime:
    """The instant ``days_before`` local calendar days before ``deadline``, same wall time.

    If that wall time falls in the spring gap, ``fold=0`` moves it forward by the gap,
    which is harmless for a reminder (it still goes out that day).
    """
    if isinstance(days_before, bool) or not isinstance(days_before, int) or days_before < 0:
        raise ValueError(f"days_before must be a whole number >= 0, got {days_before!r}.")
    local = _aware_utc(deadline, "deadline").astimezone(tz).replace(tzinfo=None, fold=0)
    wall = local - timedelta(days=days_before)
    return wall.replace(tzinfo=tz).astimezone(UTC)


def reminder_due(
    now: datetime, deadline: datetime, days_before: Sequence[int], already_sent: Collection[int]
) -> int | None:
    """The reminder to send now (its "days before"), or None.

    Only the most urgent due reminder (smallest n whose moment has passed) is ever
    returned; larger ones whose moments were skipped are superseded, so a late job run
    sends one reminder, not a burst. Nothing once the deadline has passed.
    """
    current = _aware_utc(now, "now")
    if not is_before_deadline(current, deadline):
        return None
    due = [n for n in set(days_before) if reminder_moment(deadline, n) <= current]
    if not due:
        return None
    most_urgent = min(due)
    return None if most_urgent in already_sent else most_urgent


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
    instant = _aware_utc(value, "a datetime in the content").replace(tzinfo=None)
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


def _receipt_part(text: str, name: str) -> str:
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


def receipt_number(hearing_reference: str, body_code: str, sequence: int) -> str:
    """A readable receipt number, e.g. ("BIU 227/2006", "ØU", 2) -> "BIU-227-2006-OEU-2"."""
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise ValueError(f"sequence must be a whole number >= 1, got {sequence!r}.")
    reference = _receipt_part(hearing_reference, "hearing_reference")
    body = _receipt_part(body_code, "body_code")
    return f"{reference}-{body}-{sequence}"
