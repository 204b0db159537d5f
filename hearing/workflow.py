"""Hearing workflow rules: states, transitions, deadline arithmetic, who may still answer.

Pure code: no Flask, no database, standard library only. Services call these functions
with ``now`` passed in, so tests never depend on the wall clock. Reminders live in
``hearing.reminders``; the canonical form of a response and its receipt number in
``hearing.canonical``.

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

Answers and the displayed state
===============================
``answer_refusal`` is the one rule for whether a body may still answer (submit, change,
amend or withdraw its response): its effective deadline must not have passed, and the
hearing must be open. ``hearing_state_at`` is the state a hearing is in at an instant: an
open hearing whose every deadline has passed reads as closed before anything saved it so
(``flask hearing close-expired`` or the next change to the hearing does).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from core.errors import TransitionNotAllowed, ValidationFailed

__all__ = [
    "HEARING_TRANSITIONS",
    "LOCAL_TZ",
    "RESPONSE_TRANSITIONS",
    "AnswerRefusal",
    "HearingState",
    "ResponseState",
    "accepts_answers",
    "all_deadlines_passed",
    "allowed_hearing_transitions",
    "allowed_response_transitions",
    "answer_refusal",
    "aware_utc",
    "check_hearing_transition",
    "check_response_transition",
    "deadline_from_local",
    "effective_deadline",
    "end_of_local_day",
    "hearing_state_at",
    "is_before_deadline",
    "shortened_deadline_problem",
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
    CANCELLED = "cancelled"


# A read-only view, so no caller can add a shortcut transition at run time.
HEARING_TRANSITIONS: Mapping[HearingState, frozenset[HearingState]] = MappingProxyType(
    {
        HearingState.DRAFT: frozenset({HearingState.OPEN}),
        # An issued hearing may be cancelled until its consolidation starts; a closed one
        # may be reopened with a new deadline (a draft is deleted rather than cancelled).
        HearingState.OPEN: frozenset({HearingState.CLOSED, HearingState.CANCELLED}),
        HearingState.CLOSED: frozenset(
            {HearingState.CONSOLIDATION, HearingState.OPEN, HearingState.CANCELLED}
        ),
        HearingState.CONSOLIDATION: frozenset({HearingState.DECIDED}),
        HearingState.DECIDED: frozenset({HearingState.ARCHIVED}),
        HearingState.ARCHIVED: frozenset(),
        HearingState.CANCELLED: frozenset(),
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


def aware_utc(value: datetime, name: str) -> datetime:
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
    return aware_utc(dt, "dt")


def to_local(instant: datetime) -> datetime:
    """The same instant as Europe/Copenhagen wall time, for display."""
    return aware_utc(instant, "instant").astimezone(LOCAL_TZ)


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
    hearing = aware_utc(hearing_deadline, "hearing_deadline")
    if extension is None:
        return hearing
    return aware_utc(extension, "extension")


def validate_extension(
    hearing_deadline: datetime, current_effective: datetime, new_extension: datetime
) -> None:
    """Refuse an extension that does not end after the hearing deadline.

    Shortening an existing extension is allowed as long as it still ends after the hearing
    deadline (a typo must be correctable; the caller logs the change and its reason).
    ``current_effective`` is checked for being aware and kept in the signature so a
    stricter rule can be added without changing callers.
    """
    hearing = aware_utc(hearing_deadline, "hearing_deadline")
    aware_utc(current_effective, "current_effective")
    new = aware_utc(new_extension, "new_extension")
    if new <= hearing:
        raise ValidationFailed(EXTENSION_TOO_EARLY_MESSAGE, deadline=hearing.astimezone(LOCAL_TZ))


SHORTEN_NOT_EARLIER_MESSAGE = (
    "The new deadline must be earlier than the present one (%(deadline)s)."
)
NEW_DEADLINE_PASSED_MESSAGE = "The new deadline must be in the future."


def shortened_deadline_problem(now: datetime, current: datetime, new: datetime) -> str | None:
    """Why ``new`` cannot replace the hearing deadline ``current`` when shortening it, or
    None: it must lie in the future and before the present deadline."""
    new_utc = aware_utc(new, "new")
    if new_utc <= aware_utc(now, "now"):
        return NEW_DEADLINE_PASSED_MESSAGE
    if new_utc >= aware_utc(current, "current"):
        return SHORTEN_NOT_EARLIER_MESSAGE
    return None


def is_before_deadline(instant: datetime, deadline: datetime) -> bool:
    """True when ``instant`` is at or before ``deadline``: the deadline itself still counts."""
    return aware_utc(instant, "instant") <= aware_utc(deadline, "deadline")


def all_deadlines_passed(
    now: datetime, hearing_deadline: datetime, extensions: Iterable[datetime | None]
) -> bool:
    """True when the hearing may close: every body's effective deadline has passed.

    ``extensions`` holds one entry per consulted body (``None`` when it has none). The
    hearing deadline itself must also have passed, so a hearing never closes before the
    date in its letter, even with an empty hearing list.
    """
    current = aware_utc(now, "now")
    deadlines = [effective_deadline(hearing_deadline, ext) for ext in extensions]
    deadlines.append(aware_utc(hearing_deadline, "hearing_deadline"))
    return all(not is_before_deadline(current, deadline) for deadline in deadlines)


def time_left(now: datetime, deadline: datetime) -> timedelta:
    """Real elapsed time until ``deadline`` (an hour short on the spring day); zero once passed."""
    remaining = aware_utc(deadline, "deadline") - aware_utc(now, "now")
    return max(remaining, timedelta(0))


# --------------------------------------------------------------------------- answers


class AnswerRefusal(StrEnum):
    """Why a body may not answer now."""

    DEADLINE_PASSED = "deadline_passed"
    HEARING_NOT_OPEN = "hearing_not_open"


def answer_refusal(
    state: HearingState | str, deadline: datetime, extension: datetime | None, now: datetime
) -> AnswerRefusal | None:
    """Why a body may not submit, change, amend or withdraw its response at ``now``, or None.

    ``deadline`` is the hearing's, ``extension`` the body's own (or None). A passed
    effective deadline is the reason whatever the state, so a body is told about its
    deadline rather than about a closing it may not have seen yet.
    """
    if not is_before_deadline(now, effective_deadline(deadline, extension)):
        return AnswerRefusal.DEADLINE_PASSED
    if HearingState(state) is not HearingState.OPEN:
        return AnswerRefusal.HEARING_NOT_OPEN
    return None


def accepts_answers(
    state: HearingState | str, deadline: datetime, extension: datetime | None, now: datetime
) -> bool:
    """True when a body with ``extension`` may still answer a hearing in ``state`` at ``now``."""
    return answer_refusal(state, deadline, extension, now) is None


def hearing_state_at(
    state: HearingState | str,
    deadline: datetime,
    extensions: Iterable[datetime | None],
    now: datetime,
) -> HearingState:
    """The state a hearing is in at ``now``: an open hearing whose every deadline has passed
    is closed, whether or not its closing was saved yet."""
    current = HearingState(state)
    if current is HearingState.OPEN and all_deadlines_passed(now, deadline, extensions):
        return HearingState.CLOSED
    return current
