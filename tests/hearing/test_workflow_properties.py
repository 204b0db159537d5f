"""Property-based tests of hearing.workflow (hypothesis)."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.errors import ValidationFailed
from hearing.canonical import canonical_json, receipt_code, receipt_number
from hearing.reminders import reminder_due
from hearing.workflow import (
    LOCAL_TZ,
    deadline_from_local,
    end_of_local_day,
    is_before_deadline,
    time_left,
    to_local,
    to_utc,
)

# No example database: the tests must not write a .hypothesis directory into the tree.
# No per-example deadline: the machines are shared and timing would make tests flaky.
quick = settings(database=None, deadline=None)

ONE_MICROSECOND = timedelta(microseconds=1)

# Years near the ends of the datetime range overflow when moved to UTC; 1900-2200 covers
# every hearing this product will see and both the table-driven and rule-driven tz data.
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
aware_datetimes = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 12, 31),
    timezones=st.one_of(st.just(UTC), st.just(LOCAL_TZ), st.timezones()),
)

keys = st.text(max_size=8).map(lambda text: unicodedata.normalize("NFC", text))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    # Built from digits and an exponent so that 1E+40 and 1.50 both occur, exactly.
    st.builds(lambda n, e: Decimal(f"{n}E{e}"), st.integers(), st.integers(-40, 40)),
    dates,
    aware_datetimes,
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=20,
)
top_level = st.dictionaries(keys, documents, max_size=6)


def shuffled(value: Any, rng: random.Random) -> Any:
    """The same data with every mapping's keys inserted in another order."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {key: shuffled(item, rng) for key, item in items}
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


def in_spring_gap(d: date, t: time) -> bool:
    """Independent of the module: PEP 495 gives a gap a smaller offset for fold=0 than 1."""
    first = datetime.combine(d, t, tzinfo=LOCAL_TZ).replace(fold=0).utcoffset()
    second = datetime.combine(d, t, tzinfo=LOCAL_TZ).replace(fold=1).utcoffset()
    assert first is not None and second is not None
    return first < second


# --------------------------------------------------------------------------- canonical form


@quick
@given(content=top_level, seed=st.integers(min_value=0, max_value=2**32))
def test_canonical_json_is_invariant_under_key_permutation(
    content: dict[str, Any], seed: int
) -> None:
    assert canonical_json(shuffled(content, random.Random(seed))) == canonical_json(content)


@quick
@given(content=top_level)
def test_canonical_json_of_its_parsed_output_is_itself(content: dict[str, Any]) -> None:
    canonical = canonical_json(content)
    assert canonical_json(json.loads(canonical)) == canonical


@quick
@given(text=st.text())
def test_canonical_json_does_not_depend_on_the_unicode_normal_form(text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text)
    assert canonical_json({"t": decomposed}) == canonical_json({"t": text})


# --------------------------------------------------------------------------- deadlines


@quick
@given(deadline=aware_datetimes)
@example(deadline=datetime(2007, 10, 28, 2, 59, 59, 999999, tzinfo=LOCAL_TZ, fold=0))
@example(deadline=datetime(2007, 3, 25, 3, 0, tzinfo=LOCAL_TZ))
def test_a_microsecond_before_the_deadline_is_accepted_and_after_refused(
    deadline: datetime,
) -> None:
    instant = to_utc(deadline)
    # Also expressed in the deadline's own zone, where Python compares wall times.
    before = (instant - ONE_MICROSECOND).astimezone(deadline.tzinfo)
    after = (instant + ONE_MICROSECOND).astimezone(deadline.tzinfo)
    assert is_before_deadline(before, deadline)
    assert is_before_deadline(deadline, deadline)
    assert not is_before_deadline(after, deadline)


@quick
@given(d=dates)
@example(d=date(1916, 5, 14))  # summer time began at 23:00: the day ended at the jump
@example(d=date(2007, 3, 25))
@example(d=date(2007, 10, 28))
def test_date_only_deadline_is_within_that_local_date(d: date) -> None:
    deadline = deadline_from_local(d)
    assert deadline.tzinfo is UTC
    assert to_local(deadline).date() == d
    assert to_local(deadline + ONE_MICROSECOND).date() == d + timedelta(days=1)


@quick
@given(d=dates, t=st.times())
@example(d=date(2007, 3, 25), t=time(2, 30))
@example(d=date(2007, 10, 28), t=time(2, 30))
def test_deadline_with_time_is_that_wall_time_on_that_date_or_refused_in_the_gap(
    d: date, t: time
) -> None:
    try:
        deadline = deadline_from_local(d, t)
    except ValidationFailed:
        assert in_spring_gap(d, t)
        return
    assert not in_spring_gap(d, t)
    shown = to_local(deadline)
    assert shown.date() == d
    assert shown.time() == t.replace(fold=0)
    assert shown.fold == 0  # an ambiguous time is the earlier instant


@quick
@given(d=dates)
@example(d=date(1940, 5, 14))  # Copenhagen's clocks jumped from midnight to 01:00
def test_end_of_local_day_is_the_last_microsecond_before_the_next_day(d: date) -> None:
    end = end_of_local_day(d)
    start_of_next = to_local(end + ONE_MICROSECOND)
    assert to_local(end).date() == d
    assert start_of_next.date() == d + timedelta(days=1)
    # Midnight itself, unless the clocks jumped forward over midnight (15 May 1940: to 01:00).
    midnight = datetime.combine(d + timedelta(days=1), time())
    midnight_exists = to_local(midnight.replace(tzinfo=LOCAL_TZ)).replace(tzinfo=None) == midnight
    assert start_of_next.replace(tzinfo=None) == midnight or not midnight_exists


@quick
@given(d=dates, tz=st.timezones())
@example(d=date(2011, 12, 30), tz=ZoneInfo("Pacific/Apia"))  # a date that never happened
def test_end_of_local_day_in_any_zone_is_the_last_instant_not_after_that_date(
    d: date, tz: ZoneInfo
) -> None:
    end = end_of_local_day(d, tz)
    assert end.astimezone(tz).date() <= d
    assert (end + ONE_MICROSECOND).astimezone(tz).date() > d


@quick
@given(now=aware_datetimes, deadline=aware_datetimes)
def test_time_left_is_never_negative_and_is_the_real_gap_before_the_deadline(
    now: datetime, deadline: datetime
) -> None:
    left = time_left(now, deadline)
    assert left >= timedelta(0)
    if is_before_deadline(now, deadline):
        assert to_utc(now) + left == to_utc(deadline)
    else:
        assert left == timedelta(0)


# --------------------------------------------------------------------------- reminders


@quick
@given(
    deadline=aware_datetimes,
    offset=st.timedeltas(min_value=timedelta(days=-20), max_value=timedelta(days=5)),
    days=st.lists(st.integers(min_value=0, max_value=14), max_size=5),
    sent=st.sets(st.integers(min_value=0, max_value=14), max_size=5),
)
def test_reminder_due_is_configured_unsent_and_before_the_deadline(
    deadline: datetime, offset: timedelta, days: list[int], sent: set[int]
) -> None:
    now = to_utc(deadline) + offset
    due = reminder_due(now, deadline, days, sent)
    if due is not None:
        assert due in days
        assert due not in sent
        assert is_before_deadline(now, deadline)


@quick
@given(
    deadline=aware_datetimes,
    days=st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=5),
    hours=st.lists(st.integers(min_value=1, max_value=24 * 20), min_size=1, max_size=40),
)
def test_a_job_run_at_any_times_sends_each_reminder_at_most_once_in_decreasing_order(
    deadline: datetime, days: list[int], hours: list[int]
) -> None:
    start = to_utc(deadline) - timedelta(days=16)
    sent: list[int] = []
    for elapsed in sorted(hours):
        due = reminder_due(start + timedelta(hours=elapsed), deadline, days, set(sent))
        if due is not None:
            sent.append(due)
    assert len(sent) == len(set(sent))
    assert sent == sorted(sent, reverse=True)


# --------------------------------------------------------------------------- receipts

RECEIPT_SHAPE = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*")


@quick
@given(reference=st.text(), body=st.text(), sequence=st.integers(min_value=1))
def test_receipt_number_is_upper_case_ascii_words_joined_by_single_dashes(
    reference: str, body: str, sequence: int
) -> None:
    try:
        receipt = receipt_number(receipt_code(reference, body), sequence)
    except ValueError:
        return  # a part without any letter or digit; covered by an example test
    assert RECEIPT_SHAPE.fullmatch(receipt)
    assert receipt.endswith(f"-{sequence}")
