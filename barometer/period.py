"""The half-year measurement period (``2007-H1``): parsing, order, arithmetic and labels.

Periods are written ``YYYY-H1`` or ``YYYY-H2``; a target named by a year alone ("by 2010")
means the end of that year, its second half. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from barometer.bilingual import Text, language


@dataclass(frozen=True, order=True)
class Period:
    """A half-year measurement period, e.g. ``2007-H1``; periods order in time."""

    year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError(f"A period's half must be 1 or 2, not {self.half!r}")

    @classmethod
    def parse(cls, text: str) -> Period:
        year, sep, half = text.strip().partition("-H")
        if not (sep and _is_year(year) and half in ("1", "2")):
            raise ValueError(f"Invalid period {text!r}: expected a half-year like '2007-H1'")
        return cls(int(year), int(half))

    @classmethod
    def target_year(cls, year: int) -> Period:
        # A target "by 2010" is read as by the end of 2010, i.e. its second half.
        return cls(year, 2)

    @classmethod
    def parse_target(cls, text: str) -> Period:
        """A target period: a half-year, or a year alone meaning its second half."""
        year = text.strip()
        return cls.target_year(int(year)) if _is_year(year) else cls.parse(text)

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def fraction(self) -> Decimal:
        """The period as a fractional year: H1 = year.0, H2 = year.5."""
        return Decimal(self.year) + (Decimal("0.5") if self.half == 2 else Decimal(0))

    def previous(self) -> Period:
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)

    def next(self) -> Period:
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    def label(self, locale: str) -> str:
        """The label in a language, e.g. "1. halvår 2007" or "1st half 2007"."""
        if language(locale) == "da":
            return f"{self.half}. halvår {self.year}"
        return f"{'1st' if self.half == 1 else '2nd'} half {self.year}"

    def label_text(self) -> Text:
        return Text.build(self.label)

    def short_label(self) -> str:
        """A compact label for chart axes: "07 H1"."""
        return f"{self.year % 100:02d} H{self.half}"


def _is_year(text: str) -> bool:
    # Four digits, not starting with 0: year 0 has no calendar date (date(0, 6, 30) fails).
    return len(text) == 4 and text.isascii() and text.isdigit() and text[0] != "0"
