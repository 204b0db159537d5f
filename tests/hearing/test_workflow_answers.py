"""The one rule for whether a body may still answer, and the state a hearing is in at an
instant (hearing.workflow, pure)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hearing.workflow import (
    AnswerRefusal,
    HearingState,
    accepts_answers,
    answer_refusal,
    hearing_state_at,
)
from tests.hearing.factories import DEADLINE

ONE_SECOND = timedelta(seconds=1)
EXTENSION = DEADLINE + timedelta(days=7)


def test_an_open_hearing_accepts_answers_up_to_and_at_the_deadline() -> None:
    assert accepts_answers(HearingState.OPEN, DEADLINE, None, DEADLINE - ONE_SECOND)
    assert accepts_answers(HearingState.OPEN, DEADLINE, None, DEADLINE)
    assert not accepts_answers(HearingState.OPEN, DEADLINE, None, DEADLINE + ONE_SECOND)


def test_an_extension_keeps_the_body_answering_after_the_hearing_deadline() -> None:
    assert accepts_answers("open", DEADLINE, EXTENSION, DEADLINE + ONE_SECOND)
    assert answer_refusal("open", DEADLINE, EXTENSION, EXTENSION + ONE_SECOND) == (
        AnswerRefusal.DEADLINE_PASSED
    )


@pytest.mark.parametrize("state", [s for s in HearingState if s is not HearingState.OPEN])
def test_a_hearing_that_is_not_open_refuses_answers_before_the_deadline(
    state: HearingState,
) -> None:
    assert answer_refusal(state, DEADLINE, None, DEADLINE) == AnswerRefusal.HEARING_NOT_OPEN


def test_a_passed_deadline_is_the_reason_whatever_the_state() -> None:
    after = DEADLINE + ONE_SECOND
    assert answer_refusal("closed", DEADLINE, None, after) == AnswerRefusal.DEADLINE_PASSED


def test_an_open_hearing_reads_as_closed_once_every_deadline_has_passed() -> None:
    assert hearing_state_at("open", DEADLINE, [None], DEADLINE) == HearingState.OPEN
    assert hearing_state_at("open", DEADLINE, [None], DEADLINE + ONE_SECOND) == HearingState.CLOSED
    running = [None, EXTENSION]
    assert hearing_state_at("open", DEADLINE, running, DEADLINE + ONE_SECOND) == HearingState.OPEN


@pytest.mark.parametrize("state", [s for s in HearingState if s is not HearingState.OPEN])
def test_other_states_are_read_as_stored(state: HearingState) -> None:
    assert hearing_state_at(state, DEADLINE, [], DEADLINE + timedelta(days=400)) == state
