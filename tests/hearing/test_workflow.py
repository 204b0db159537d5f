"""Example-based tests of hearing.workflow: states, deadlines, reminders, canonical form."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from core.errors import TransitionNotAllowed, ValidationFailed
from hearing.canonical import (
    canonical_json,
    canonicalise,
    content_sha256,
    receipt_code,
    receipt_number,
)
from hearing.reminders import reminder_due, reminder_moment
from hearing.workflow import (
    HEARING_TRANSITIONS,
    LOCAL_TZ,
    NEW_DEADLINE_PASSED_MESSAGE,
    RESPONSE_TRANSITIONS,
    SHORTEN_NOT_EARLIER_MESSAGE,
    HearingState,
    ResponseState,
    all_deadlines_passed,
    allowed_hearing_transitions,
    allowed_response_transitions,
    check_hearing_transition,
    check_response_transition,
    deadline_from_local,
    effective_deadline,
    end_of_local_day,
    is_before_deadline,
    shortened_deadline_problem,
    time_left,
    to_local,
    to_utc,
    validate_extension,
)

ONE_SECOND = timedelta(seconds=1)
ONE_MICROSECOND = timedelta(microseconds=1)

# The precedent in the domain notes: "senest den 1. februar 2007".
FEB_1_2007 = date(2007, 2, 1)
DEADLINE = datetime(2007, 2, 1, 22, 59, 59, 999999, tzinfo=UTC)


def utc(text: str) -> datetime:
    """An instant given by its UTC wall time: utc("2007-02-01 22:59")."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def local(text: str, *, fold: int = 0) -> datetime:
    """An instant given by its Copenhagen wall time; fold=1 is the second pass in autumn."""
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ, fold=fold)


# --------------------------------------------------------------------------- hearing states

HEARING_PATH = [
    (HearingState.DRAFT, HearingState.OPEN),
    (HearingState.OPEN, HearingState.CLOSED),
    (HearingState.CLOSED, HearingState.CONSOLIDATION),
    (HearingState.CONSOLIDATION, HearingState.DECIDED),
    (HearingState.DECIDED, HearingState.ARCHIVED),
    # The secretariat's corrections: reopening a closed hearing, cancelling an issued one.
    (HearingState.CLOSED, HearingState.OPEN),
    (HearingState.OPEN, HearingState.CANCELLED),
    (HearingState.CLOSED, HearingState.CANCELLED),
]
HEARING_REFUSED = [
    pair for pair in itertools.product(HearingState, repeat=2) if pair not in HEARING_PATH
]


def test_hearing_transition_table_is_exactly_the_documented_path() -> None:
    listed = {(src, dst) for src, targets in HEARING_TRANSITIONS.items() for dst in targets}
    assert listed == set(HEARING_PATH)
    assert set(HEARING_TRANSITIONS) == set(HearingState)


@pytest.mark.parametrize(("current", "target"), HEARING_PATH)
def test_each_allowed_hearing_transition_is_accepted(
    current: HearingState, target: HearingState
) -> None:
    check_hearing_transition(current, target)
    assert target in allowed_hearing_transitions(current)


@pytest.mark.parametrize(("current", "target"), HEARING_REFUSED)
def test_every_other_hearing_transition_is_refused(
    current: HearingState, target: HearingState
) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        check_hearing_transition(current, target)
    assert caught.value.message == "Cannot move a hearing from %(current)s to %(target)s."
    assert caught.value.params == {"current": current.value, "target": target.value}
    assert str(caught.value) == f"Cannot move a hearing from {current} to {target}."


def test_archived_hearing_allows_no_transition() -> None:
    assert allowed_hearing_transitions(HearingState.ARCHIVED) == frozenset()


def test_hearing_transition_accepts_state_values_read_from_storage() -> None:
    check_hearing_transition("draft", "open")
    assert allowed_hearing_transitions("open") == {HearingState.CLOSED, HearingState.CANCELLED}


def test_unknown_hearing_state_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        check_hearing_transition("draft", "published")


def test_hearing_transition_table_cannot_be_changed_at_run_time() -> None:
    with pytest.raises(TypeError):
        HEARING_TRANSITIONS[HearingState.DRAFT] = frozenset(HearingState)  # type: ignore[index]


# --------------------------------------------------------------------------- response states

RESPONSE_PATH = [
    (ResponseState.DRAFT, ResponseState.SUBMITTED),
    (ResponseState.SUBMITTED, ResponseState.DRAFT),
    (ResponseState.SUBMITTED, ResponseState.WITHDRAWN),
    (ResponseState.WITHDRAWN, ResponseState.DRAFT),
]
RESPONSE_REFUSED = [
    pair for pair in itertools.product(ResponseState, repeat=2) if pair not in RESPONSE_PATH
]


def test_response_transition_table_is_exactly_the_documented_set() -> None:
    listed = {(src, dst) for src, targets in RESPONSE_TRANSITIONS.items() for dst in targets}
    assert listed == set(RESPONSE_PATH)


@pytest.mark.parametrize(("current", "target"), RESPONSE_PATH)
def test_each_allowed_response_transition_is_accepted(
    current: ResponseState, target: ResponseState
) -> None:
    check_response_transition(current, target)
    assert target in allowed_response_transitions(current)


@pytest.mark.parametrize(("current", "target"), RESPONSE_REFUSED)
def test_every_other_response_transition_is_refused(
    current: ResponseState, target: ResponseState
) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        check_response_transition(current, target)
    assert caught.value.params == {"current": current.value, "target": target.value}


# --------------------------------------------------------------------------- deadlines


def test_date_only_deadline_is_end_of_local_day_in_winter() -> None:
    deadline = deadline_from_local(FEB_1_2007)
    assert deadline == utc("2007-02-01 22:59:59.999999")
    assert to_local(deadline).replace(tzinfo=None) == datetime(2007, 2, 1, 23, 59, 59, 999999)


def test_deadline_is_returned_as_utc_aware() -> None:
    assert deadline_from_local(FEB_1_2007).tzinfo is UTC
    assert deadline_from_local(FEB_1_2007, time(12, 0)).tzinfo is UTC


def test_end_of_local_day_equals_date_only_deadline() -> None:
    assert end_of_local_day(FEB_1_2007) == deadline_from_local(FEB_1_2007)


def test_end_of_local_day_uses_the_given_zone() -> None:
    five_west = timezone(timedelta(hours=-5))
    assert end_of_local_day(FEB_1_2007, five_west) == utc("2007-02-02 04:59:59.999999")


def test_date_only_deadline_when_clocks_jumped_over_midnight_ends_at_the_jump() -> None:
    # 1916-05-14: Denmark's first summer time began at 23:00, which became 24:00.
    deadline = deadline_from_local(date(1916, 5, 14))
    assert deadline == utc("1916-05-14 21:59:59.999999")
    assert to_local(deadline + ONE_MICROSECOND) == local("1916-05-15 00:00")


def test_deadline_with_time_is_that_local_wall_time() -> None:
    assert deadline_from_local(FEB_1_2007, time(12, 0)) == utc("2007-02-01 11:00")


def test_deadline_instant_itself_is_accepted() -> None:
    assert is_before_deadline(DEADLINE, DEADLINE)


def test_second_before_deadline_is_accepted() -> None:
    assert is_before_deadline(DEADLINE - ONE_SECOND, DEADLINE)


def test_second_after_deadline_is_refused() -> None:
    assert not is_before_deadline(DEADLINE + ONE_SECOND, DEADLINE)


def test_last_second_of_deadline_day_local_is_accepted() -> None:
    assert is_before_deadline(local("2007-02-01 23:59:59"), DEADLINE)


def test_midnight_after_deadline_day_local_is_refused() -> None:
    assert not is_before_deadline(local("2007-02-02 00:00"), DEADLINE)


def test_date_only_deadline_on_spring_forward_day_ends_in_summer_time() -> None:
    # 2007-03-25: clocks went 02:00 CET -> 03:00 CEST, so the evening is UTC+2.
    assert deadline_from_local(date(2007, 3, 25)) == utc("2007-03-25 21:59:59.999999")


def test_spring_forward_day_is_23_hours_long() -> None:
    day = end_of_local_day(date(2007, 3, 25)) - end_of_local_day(date(2007, 3, 24))
    assert day == timedelta(hours=23)


def test_deadline_at_0330_on_spring_forward_day_is_summer_time() -> None:
    assert deadline_from_local(date(2007, 3, 25), time(3, 30)) == utc("2007-03-25 01:30")


def test_deadline_at_0130_on_spring_forward_day_is_still_winter_time() -> None:
    assert deadline_from_local(date(2007, 3, 25), time(1, 30)) == utc("2007-03-25 00:30")


def test_deadline_in_spring_forward_gap_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        deadline_from_local(date(2007, 3, 25), time(2, 30))
    assert caught.value.message == "That time does not exist on that date (summer time begins)."
    assert caught.value.status_code == 400


def test_date_only_deadline_on_fall_back_day_ends_in_winter_time() -> None:
    # 2007-10-28: clocks went 03:00 CEST -> 02:00 CET; the evening is CET, UTC+1.
    assert deadline_from_local(date(2007, 10, 28)) == utc("2007-10-28 22:59:59.999999")


def test_fall_back_day_is_25_hours_long() -> None:
    day = end_of_local_day(date(2007, 10, 28)) - end_of_local_day(date(2007, 10, 27))
    assert day == timedelta(hours=25)


def test_ambiguous_time_on_fall_back_day_is_the_earlier_instant() -> None:
    # 02:30 happens twice: 00:30 UTC (CEST) and 01:30 UTC (CET); the first one is chosen.
    deadline = deadline_from_local(date(2007, 10, 28), time(2, 30))
    assert deadline == utc("2007-10-28 00:30")
    assert to_local(deadline).utcoffset() == timedelta(hours=2)


def test_fold_on_the_given_time_is_ignored() -> None:
    later_pass = time(2, 30, fold=1)
    assert deadline_from_local(date(2007, 10, 28), later_pass) == utc("2007-10-28 00:30")


def test_deadline_at_0330_on_fall_back_day_is_winter_time() -> None:
    assert deadline_from_local(date(2007, 10, 28), time(3, 30)) == utc("2007-10-28 02:30")


def test_deadline_refuses_a_datetime_in_place_of_a_date() -> None:
    with pytest.raises(ValueError):
        deadline_from_local(datetime(2007, 2, 1, 12, 0))


def test_deadline_refuses_a_time_with_its_own_zone() -> None:
    with pytest.raises(ValueError):
        deadline_from_local(FEB_1_2007, time(12, 0, tzinfo=UTC))


def test_comparison_in_repeated_hour_uses_instants_not_wall_times() -> None:
    # Same tzinfo: Python would compare wall times (02:00 < 02:59) and ignore fold.
    deadline = local("2007-10-28 02:59:59", fold=0)  # 00:59:59 UTC
    second_pass = local("2007-10-28 02:00", fold=1)  # 01:00:00 UTC, after it
    assert not is_before_deadline(second_pass, deadline)


# --------------------------------------------------------------------------- extensions

EXTENSION = utc("2007-02-15 22:59:59.999999")


def test_extension_replaces_the_hearing_deadline_for_that_body() -> None:
    assert effective_deadline(DEADLINE, EXTENSION) == EXTENSION


def test_extension_applies_to_that_body_only() -> None:
    extended_body = effective_deadline(DEADLINE, EXTENSION)
    other_body = effective_deadline(DEADLINE, None)
    assert extended_body == EXTENSION
    assert other_body == DEADLINE


def test_effective_deadline_is_returned_in_utc() -> None:
    extension = to_local(EXTENSION)
    assert effective_deadline(DEADLINE, extension).tzinfo is UTC


def test_extension_later_than_hearing_deadline_is_accepted() -> None:
    validate_extension(DEADLINE, DEADLINE, EXTENSION)


def test_extension_earlier_than_hearing_deadline_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_extension(DEADLINE, DEADLINE, DEADLINE - timedelta(days=1))
    assert (
        caught.value.message == "An extension must end after the hearing deadline (%(deadline)s)."
    )
    assert caught.value.params["deadline"] == DEADLINE


def test_extension_equal_to_hearing_deadline_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        validate_extension(DEADLINE, DEADLINE, DEADLINE)


def test_shortening_an_extension_that_still_ends_after_the_hearing_deadline_is_allowed() -> None:
    validate_extension(DEADLINE, EXTENSION, EXTENSION - timedelta(days=7))


def test_all_deadlines_passed_is_false_while_one_extension_is_still_running() -> None:
    now = DEADLINE + timedelta(days=1)
    assert not all_deadlines_passed(now, DEADLINE, [None, EXTENSION, None])


def test_all_deadlines_passed_is_true_once_every_extension_has_passed() -> None:
    now = EXTENSION + ONE_MICROSECOND
    assert all_deadlines_passed(now, DEADLINE, [None, EXTENSION, None])


def test_all_deadlines_passed_is_false_at_the_deadline_instant() -> None:
    assert not all_deadlines_passed(DEADLINE, DEADLINE, [None, None])


def test_all_deadlines_passed_without_consultees_still_waits_for_the_hearing_deadline() -> None:
    assert not all_deadlines_passed(DEADLINE - ONE_SECOND, DEADLINE, [])
    assert all_deadlines_passed(DEADLINE + ONE_SECOND, DEADLINE, [])


# --------------------------------------------------------------------------- time left


def test_time_left_before_the_deadline() -> None:
    assert time_left(DEADLINE - timedelta(hours=2), DEADLINE) == timedelta(hours=2)


def test_time_left_is_zero_once_the_deadline_has_passed() -> None:
    assert time_left(DEADLINE + timedelta(days=3), DEADLINE) == timedelta(0)


def test_time_left_counts_real_hours_across_spring_forward() -> None:
    # Both in local time with the same tzinfo: wall-clock subtraction would say 24 hours.
    now = local("2007-03-25 00:00")
    deadline = local("2007-03-26 00:00")
    assert time_left(now, deadline) == timedelta(hours=23)


# --------------------------------------------------------------------------- conversions


def test_to_local_keeps_the_instant_and_shows_copenhagen_time() -> None:
    shown = to_local(DEADLINE)
    assert shown == DEADLINE
    assert shown.tzinfo is LOCAL_TZ
    assert shown.hour == 23


def test_to_utc_keeps_the_instant_and_sets_utc() -> None:
    converted = to_utc(local("2007-07-01 12:00"))
    assert converted == utc("2007-07-01 10:00")
    assert converted.tzinfo is UTC


NAIVE = datetime(2007, 2, 1, 12, 0)
NAIVE_CALLS: dict[str, Callable[[], object]] = {
    "to_utc": lambda: to_utc(NAIVE),
    "to_local": lambda: to_local(NAIVE),
    "effective_deadline hearing": lambda: effective_deadline(NAIVE, None),
    "effective_deadline extension": lambda: effective_deadline(DEADLINE, NAIVE),
    "validate_extension hearing": lambda: validate_extension(NAIVE, DEADLINE, EXTENSION),
    "validate_extension current": lambda: validate_extension(DEADLINE, NAIVE, EXTENSION),
    "validate_extension new": lambda: validate_extension(DEADLINE, DEADLINE, NAIVE),
    "is_before_deadline instant": lambda: is_before_deadline(NAIVE, DEADLINE),
    "is_before_deadline deadline": lambda: is_before_deadline(DEADLINE, NAIVE),
    "all_deadlines_passed now": lambda: all_deadlines_passed(NAIVE, DEADLINE, []),
    "all_deadlines_passed hearing": lambda: all_deadlines_passed(DEADLINE, NAIVE, []),
    "all_deadlines_passed extension": lambda: all_deadlines_passed(DEADLINE, DEADLINE, [NAIVE]),
    "time_left now": lambda: time_left(NAIVE, DEADLINE),
    "time_left deadline": lambda: time_left(DEADLINE, NAIVE),
    "reminder_due now": lambda: reminder_due(NAIVE, DEADLINE, [3], []),
    "reminder_due deadline": lambda: reminder_due(DEADLINE, NAIVE, [3], []),
    "reminder_moment": lambda: reminder_moment(NAIVE, 3),
    "canonical_json": lambda: canonical_json({"submitted_at": NAIVE}),
}


@pytest.mark.parametrize("call", NAIVE_CALLS.values(), ids=NAIVE_CALLS.keys())
def test_naive_datetimes_are_refused(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


# --------------------------------------------------------------------------- reminders

REMINDER_DAYS = (7, 3, 1)


def days_before(n: int) -> datetime:
    return DEADLINE - timedelta(days=n)


def test_reminder_moment_is_n_local_days_before_at_the_same_wall_time() -> None:
    assert reminder_moment(DEADLINE, 3) == local("2007-01-29 23:59:59.999999")


def test_reminder_moment_counts_local_days_across_spring_forward() -> None:
    deadline = deadline_from_local(date(2007, 3, 27))  # 21:59:59.999999 UTC, summer time
    assert reminder_moment(deadline, 3) == local("2007-03-24 23:59:59.999999")
    assert reminder_moment(deadline, 3) == utc("2007-03-24 22:59:59.999999")


def test_negative_days_before_is_refused() -> None:
    with pytest.raises(ValueError):
        reminder_moment(DEADLINE, -1)


def test_no_reminder_before_the_first_moment() -> None:
    now = days_before(7) - ONE_MICROSECOND
    assert reminder_due(now, DEADLINE, REMINDER_DAYS, set()) is None


def test_reminder_is_due_at_its_moment() -> None:
    assert reminder_due(days_before(7), DEADLINE, REMINDER_DAYS, set()) == 7


def test_reminder_is_due_on_its_day() -> None:
    now = days_before(3) + timedelta(hours=12)
    assert reminder_due(now, DEADLINE, REMINDER_DAYS, {7}) == 3


def test_reminder_is_not_due_again_once_sent() -> None:
    now = days_before(3) + timedelta(hours=12)
    assert reminder_due(now, DEADLINE, REMINDER_DAYS, {7, 3}) is None


def test_no_reminder_after_the_deadline_even_if_never_sent() -> None:
    now = DEADLINE + ONE_MICROSECOND
    assert reminder_due(now, DEADLINE, REMINDER_DAYS, set()) is None


def test_reminder_with_zero_days_is_due_at_the_deadline_instant() -> None:
    assert reminder_due(DEADLINE, DEADLINE, (0,), set()) == 0


def test_skipped_reminders_do_not_burst() -> None:
    # The job did not run for a week: only the most urgent reminder goes out, once.
    now = days_before(1) + timedelta(hours=1)
    sent: set[int] = set()
    first = reminder_due(now, DEADLINE, REMINDER_DAYS, sent)
    assert first == 1
    sent.add(first)
    for minutes in range(0, 60 * 20, 7):
        later = now + timedelta(minutes=minutes)
        assert reminder_due(later, DEADLINE, REMINDER_DAYS, sent) is None


def test_reminder_order_of_configuration_does_not_matter() -> None:
    now = days_before(3)
    assert reminder_due(now, DEADLINE, [1, 7, 3], set()) == 3


# --------------------------------------------------------------------------- canonical form


def test_canonical_json_does_not_depend_on_key_order() -> None:
    first = {"remarks": "ingen", "body": "KFU", "answer": {"b": 1, "a": 2}}
    second = {"answer": {"a": 2, "b": 1}, "body": "KFU", "remarks": "ingen"}
    assert canonical_json(first) == canonical_json(second)


def test_canonical_json_is_compact_and_sorted() -> None:
    assert canonical_json({"b": [1, 2], "a": {"d": None, "c": True}}) == (
        '{"a":{"c":true,"d":null},"b":[1,2]}'
    )


def test_canonical_json_writes_decimal_without_exponent() -> None:
    assert canonical_json({"v": Decimal("1E+1")}) == '{"v":"10"}'


def test_canonical_json_writes_small_decimal_in_plain_notation() -> None:
    assert canonical_json({"v": Decimal("1E-7")}) == '{"v":"0.0000001"}'


def test_canonical_json_keeps_the_decimals_that_were_written() -> None:
    assert canonical_json({"v": Decimal("46.40")}) == '{"v":"46.40"}'


def test_canonical_json_writes_negative_zero_as_zero() -> None:
    assert canonical_json({"v": Decimal("-0.0")}) == '{"v":"0.0"}'


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1E+1001"])
def test_canonical_json_refuses_decimals_without_a_plain_form(value: str) -> None:
    with pytest.raises(ValueError):
        canonical_json({"v": Decimal(value)})


def test_canonical_json_normalises_text_to_nfc() -> None:
    composed = "Kultur- og fritidsudvalget p\u00e5 h\u00f8ring"
    decomposed = "Kultur- og fritidsudvalget pa\u030a h\u00f8ring"
    assert canonical_json({"t": composed}) == canonical_json({"t": decomposed})


def test_canonical_json_normalises_keys_to_nfc() -> None:
    assert canonical_json({"\u00e5": 1}) == canonical_json({"a\u030a": 1})


def test_canonical_json_refuses_keys_equal_after_normalisation() -> None:
    with pytest.raises(ValueError):
        canonical_json({"\u00e5": 1, "a\u030a": 2})


def test_canonical_json_writes_non_ascii_as_utf8_not_escapes() -> None:
    assert canonical_json({"t": "Økonomiudvalget"}) == '{"t":"Økonomiudvalget"}'


def test_canonical_json_refuses_floats() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        canonical_json({"v": 0.1})


def test_canonical_json_refuses_floats_nested_in_lists() -> None:
    with pytest.raises(TypeError):
        canonical_json({"v": [Decimal("1"), {"w": 2.5}]})


def test_canonical_json_writes_datetime_as_utc_with_z() -> None:
    submitted = local("2007-02-01 14:05:00.123456")
    assert canonical_json({"at": submitted}) == '{"at":"2007-02-01T13:05:00.123456Z"}'


def test_canonical_json_drops_zero_microseconds() -> None:
    assert canonical_json({"at": utc("2007-02-01 12:00")}) == '{"at":"2007-02-01T12:00:00Z"}'


def test_canonical_json_writes_date_as_iso() -> None:
    assert canonical_json({"d": FEB_1_2007}) == '{"d":"2007-02-01"}'


def test_canonical_json_writes_tuples_as_lists_and_keeps_null() -> None:
    assert canonical_json({"t": (1, "a"), "n": None}) == '{"n":null,"t":[1,"a"]}'


@pytest.mark.parametrize("value", [{1, 2}, b"bytes", time(12, 0), object()])
def test_canonical_json_refuses_other_types(value: Any) -> None:
    with pytest.raises(TypeError):
        canonical_json({"v": value})


def test_canonical_json_refuses_non_string_keys() -> None:
    with pytest.raises(TypeError):
        canonical_json({1: "one"})  # type: ignore[dict-item]


def test_canonical_json_refuses_lone_surrogates() -> None:
    with pytest.raises(ValueError):
        canonical_json({"t": "\ud800"})


def test_canonical_json_output_parses_back_to_the_same_data() -> None:
    content = {"b": Decimal("2.50"), "a": ["x", None, 3]}
    assert json.loads(canonical_json(content)) == {"a": ["x", None, 3], "b": "2.50"}


# Computed once with `printf '%s' '<the literal below>' | sha256sum`.
KNOWN_CANONICAL = '{"a":"på","b":"10","c":null,"d":"2007-02-01T22:59:59.999999Z"}'
KNOWN_SHA256 = "dbc64c2d98caf066ff2802cb6caa3136e6a6b6c35ad21ca35ac2edf1402c6e5d"


def test_content_hash_is_stable_for_a_known_document() -> None:
    document = {"d": DEADLINE, "c": None, "b": Decimal("1E+1"), "a": "pa\u030a"}
    canonical = canonical_json(document)
    assert canonical == KNOWN_CANONICAL
    expected = hashlib.sha256(KNOWN_CANONICAL.encode("utf-8")).hexdigest()
    assert expected == KNOWN_SHA256
    assert content_sha256(canonical) == KNOWN_SHA256


def test_canonicalise_returns_text_and_its_hash() -> None:
    result = canonicalise({"a": "på"})
    assert result.text == '{"a":"på"}'
    assert result.sha256 == content_sha256('{"a":"på"}')


# --------------------------------------------------------------------------- receipts


@pytest.mark.parametrize(
    ("reference", "body", "sequence", "expected"),
    [
        ("BIU 227/2006", "KFU", 1, "BIU-227-2006-KFU-1"),
        ("BIU 227/2006", "ØU", 2, "BIU-227-2006-OEU-2"),
        ("høring 1/2007", "kfu", 3, "HOERING-1-2007-KFU-3"),
        ("Ældre og Åben", "æøå", 4, "AELDRE-OG-AABEN-AEOEAA-4"),
        ("  BIU -- 227//2006. ", "-SUU-", 5, "BIU-227-2006-SUU-5"),
        ("Café 12", "Integrationsrådet", 6, "CAFE-12-INTEGRATIONSRAADET-6"),
    ],
)
def test_receipt_number_examples(reference: str, body: str, sequence: int, expected: str) -> None:
    assert receipt_number(receipt_code(reference, body), sequence) == expected


def test_receipt_number_treats_decomposed_danish_letters_like_composed_ones() -> None:
    assert receipt_number(receipt_code("BIU 1/2007", "a\u030aU"), 1) == "BIU-1-2007-AAU-1"


@pytest.mark.parametrize("sequence", [0, -1, True])
def test_receipt_number_refuses_a_sequence_below_one(sequence: int) -> None:
    with pytest.raises(ValueError):
        receipt_number(receipt_code("BIU 227/2006", "KFU"), sequence)


def test_receipt_number_refuses_a_part_without_letters_or_digits() -> None:
    with pytest.raises(ValueError):
        receipt_code("BIU 227/2006", " / ")


# --------------------------------------------------------------------------- shortening


def test_a_shortened_deadline_must_lie_between_now_and_the_present_deadline() -> None:
    now = datetime(2007, 1, 10, 12, tzinfo=UTC)
    current = datetime(2007, 2, 1, 22, 59, tzinfo=UTC)
    assert shortened_deadline_problem(now, current, datetime(2007, 1, 20, tzinfo=UTC)) is None
    assert shortened_deadline_problem(now, current, now) == NEW_DEADLINE_PASSED_MESSAGE
    assert shortened_deadline_problem(now, current, current) == SHORTEN_NOT_EARLIER_MESSAGE
    later = current + timedelta(seconds=1)
    assert shortened_deadline_problem(now, current, later) == SHORTEN_NOT_EARLIER_MESSAGE
    just_after_now = now + timedelta(microseconds=1)
    assert shortened_deadline_problem(now, current, just_after_now) is None
