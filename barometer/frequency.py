"""How often an indicator is measured, and where its series breaks (pure: no Flask, no
database).

An indicator is measured every half-year, once a year in one named half-year (an annual
survey delivered in the second half), or irregularly. A half-year in which an indicator is
not measured is *off-cycle*: no value is expected there, so the reading neither greys it
nor counts it against coverage. A *data break* recorded for a period says the series
changed there (a new source, a new definition): a value from that period on cannot be
compared with one before it.

Data breaks are stored as plain text, one per line, ``2008-H2: Danmarks Statistik changed
the definition``, so that forms, spreadsheets and the hearing contract carry them as one
field; :func:`parse_breaks` reads them and says which line is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from barometer.bilingual import pick
from barometer.period import Period


class Frequency(StrEnum):
    HALF_YEARLY = "half_yearly"
    ANNUAL = "annual"
    IRREGULAR = "irregular"


FREQUENCIES = tuple(f.value for f in Frequency)


def is_frequency(value: object) -> bool:
    return str(value) in FREQUENCIES


@dataclass(frozen=True)
class Cycle:
    """An indicator's measuring rhythm: the frequency and, for an annual one, its half."""

    frequency: Frequency = Frequency.HALF_YEARLY
    measured_half: int | None = None  # 1 or 2, only for an annual indicator

    def __post_init__(self) -> None:
        annual = self.frequency == Frequency.ANNUAL
        if annual and self.measured_half not in (1, 2):
            raise ValueError("An annual indicator needs the half-year it is measured in (1 or 2)")
        if not annual and self.measured_half is not None:
            raise ValueError("Only an annual indicator names the half-year it is measured in")

    @classmethod
    def of(cls, frequency: str | None, measured_half: int | None) -> Cycle:
        """A cycle from stored values; anything unusable reads as half-yearly."""
        try:
            return cls(Frequency(frequency or Frequency.HALF_YEARLY), measured_half)
        except ValueError:
            return cls()

    def is_due(self, period: Period) -> bool:
        """Whether a value is expected for ``period`` (irregular values never are)."""
        if self.frequency == Frequency.ANNUAL:
            return period.half == self.measured_half
        return self.frequency == Frequency.HALF_YEARLY

    def next_expected(self, after: Period) -> Period | None:
        """The first period after ``after`` in which a value is expected (None: irregular)."""
        if self.frequency == Frequency.IRREGULAR:
            return None
        period = after.next()
        while not self.is_due(period):
            period = period.next()
        return period


@dataclass(frozen=True)
class DataBreak:
    period: Period
    text: str

    def line(self) -> str:
        return f"{self.period}: {self.text}"


@dataclass(frozen=True)
class BreakProblem:
    line: int  # 1-based
    content: str


def parse_breaks(text: str | None) -> tuple[tuple[DataBreak, ...], list[BreakProblem]]:
    """The breaks written one per line as ``2008-H2: what changed``, in period order, and
    the lines that do not read so (a bad period, no description, a period twice)."""
    found: dict[Period, DataBreak] = {}
    problems = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        head, sep, rest = line.partition(":")
        try:
            period = Period.parse(head)
        except ValueError:
            period = None
        if not sep or period is None or not rest.strip() or period in found:
            problems.append(BreakProblem(number, line))
            continue
        found[period] = DataBreak(period, rest.strip())
    return tuple(found[p] for p in sorted(found)), problems


def breaks_by_period(text: str | None) -> Mapping[Period, str]:
    """The readable breaks by period (lines that do not read are left out)."""
    return {b.period: b.text for b in parse_breaks(text)[0]}


def format_breaks(breaks: Mapping[Period, str]) -> str:
    return "\n".join(DataBreak(p, breaks[p]).line() for p in sorted(breaks))


def localised_breaks(da: str | None, en: str | None, locale: str) -> tuple[DataBreak, ...]:
    """The Danish breaks, each with its English text on an English page where one is
    written for its period (else the Danish text, marked as only in Danish)."""
    english = breaks_by_period(en)
    return tuple(
        DataBreak(b.period, pick(b.text, english.get(b.period), locale))
        for b in parse_breaks(da)[0]
    )


@dataclass(frozen=True)
class Metadata:
    """An indicator's metadata as pages show it, for the period a page is about."""

    frequency: str
    measured_half: int | None
    next_expected: Period | None  # the first period after the page's with a value due
    breaks: tuple[DataBreak, ...]
    limitations: str
    contact: str
    last_updated: date | None

    @classmethod
    def of(cls, values: Mapping[str, Any], period: Period, locale: str = "da") -> Metadata:
        """From an indicator's stored fields (a snapshot's indicator or the reading's), the
        texts in ``locale``'s language where an English version is written."""
        get = values.get
        cycle = Cycle.of(get("frequency"), get("measured_half"))
        updated = values.get("last_updated")
        if isinstance(updated, str):
            updated = date.fromisoformat(updated)
        return cls(
            frequency=str(cycle.frequency),
            measured_half=cycle.measured_half,
            next_expected=cycle.next_expected(period),
            breaks=localised_breaks(get("data_breaks"), get("data_breaks_en"), locale),
            limitations=pick(get("limitations"), get("limitations_en"), locale),
            contact=values.get("contact") or "",
            last_updated=updated,
        )
