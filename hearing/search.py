"""Search and filters on the secretariat's lists: hearings, and the responses to one hearing.

Pure functions on loaded objects (a municipality has tens of hearings and bodies, each list
is loaded whole for its page already); text matches case-insensitively, Danish letters
included, and every given condition must hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hearing import workflow
from hearing.models import Consultee, Hearing
from hearing.models.responses import Channel, ResponseVersion


def _words(text: str) -> list[str]:
    return text.casefold().split()


def _has_all(words: Sequence[str], *fields: str | None) -> bool:
    haystack = " ".join(f or "" for f in fields).casefold()
    return all(w in haystack for w in words)


@dataclass(frozen=True)
class HearingFilter:
    text: str = ""  # words in the case reference or the title
    state: str = ""  # a HearingState value, the state as of now
    year: int | None = None  # the year of the hearing's deadline (Copenhagen time)

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.state or self.year)


def hearings_matching(
    hearings: Iterable[Hearing], wanted: HearingFilter, now: datetime
) -> list[Hearing]:
    words = _words(wanted.text)
    return [
        h
        for h in hearings
        if _has_all(words, h.reference, h.title)
        and (not wanted.state or h.state_at(now) == wanted.state)
        and (wanted.year is None or workflow.to_local(h.deadline).year == wanted.year)
    ]


class Answer(StrEnum):
    """What the responses list can be narrowed to, from the submitted versions only
    (a body's draft is its own)."""

    ANSWERED = "answered"  # a current version (no remarks included)
    NO_REMARKS = "no_remarks"
    UNANSWERED = "unanswered"  # no current version (never answered, or withdrawn)
    WITHDRAWN = "withdrawn"  # the latest version was withdrawn
    LATE = "late"  # a version came in after the body's deadline
    BY_LETTER = "by_letter"  # registered by the secretariat (letter or e-mail)


@dataclass(frozen=True)
class ResponseFilter:
    text: str = ""  # words in the body's code or name
    answer: str = ""  # an Answer value

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.answer)


def _answer_is(answer: str, versions: Sequence[ResponseVersion]) -> bool:
    current = next((v for v in reversed(versions) if v.is_current), None)
    facts: dict[str, bool] = {
        Answer.ANSWERED: current is not None,
        Answer.NO_REMARKS: current is not None and current.no_remarks,
        Answer.UNANSWERED: current is None,
        Answer.WITHDRAWN: bool(versions) and versions[-1].withdrawn_at is not None,
        Answer.LATE: any(v.late for v in versions),
        Answer.BY_LETTER: any(v.channel != Channel.SYSTEM for v in versions),
    }
    return facts.get(answer, True)


def responses_matching(
    rows: Iterable[tuple[Consultee, list[ResponseVersion]]], wanted: ResponseFilter, locale: str
) -> list[tuple[Consultee, list[ResponseVersion]]]:
    words = _words(wanted.text)
    return [
        (consultee, versions)
        for consultee, versions in rows
        if _has_all(words, consultee.body.code, consultee.body.name(locale))
        and (not wanted.answer or _answer_is(wanted.answer, versions))
    ]
