"""The units an indicator is measured in, and everything said about each one.

One row per unit: its translated label (forms, pages), the short suffix after a number in
charts, how a value and a change read in a sentence (``{n}`` is the formatted number; a
change of a percentage is in percentage points), its word in the measurement
spreadsheets, and the words a catalogue import accepts for it. Pure: no Flask, no
database (labels are lazy, translated when shown).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Unit(StrEnum):
    PERCENT = "percent"
    PERCENTAGE_POINTS = "percentage_points"
    COUNT = "count"
    RATE_PER_1000 = "rate_per_1000"
    AMOUNT_DKK = "amount_dkk"
    INDEX = "index"


Bilingual = Mapping[str, str]  # {"da": ..., "en": ...}


@dataclass(frozen=True)
class UnitInfo:
    label: object  # a lazy translated string
    suffix: Bilingual  # after a number in charts, e.g. " %"
    value_form: Bilingual  # a value in a sentence, e.g. "{n} %"
    change_form: Bilingual  # a change in a sentence
    sheet_word: tuple[str, str]  # (Danish, English) in the measurement spreadsheets
    synonyms: tuple[str, ...]  # what an import accepts besides the code, lower case


_POINTS = {"da": "{n} procentpoint", "en": "{n} points"}
_PLAIN = {"da": "{n}", "en": "{n}"}
UNITS: Mapping[Unit, UnitInfo] = {
    Unit.PERCENT: UnitInfo(
        _l("Percent"),
        {"da": " %", "en": "%"},
        {"da": "{n} %", "en": "{n}%"},
        _POINTS,
        ("procent", "percent"),
        ("procent", "%"),
    ),
    Unit.PERCENTAGE_POINTS: UnitInfo(
        _l("Percentage points"),
        {"da": " pp", "en": " pp"},
        _POINTS,
        _POINTS,
        ("procentpoint", "percentage points"),
        ("percentage points", "procentpoint", "pct.-point"),
    ),
    Unit.COUNT: UnitInfo(_l("Count"), {}, _PLAIN, _PLAIN, ("antal", "count"), ("antal",)),
    Unit.RATE_PER_1000: UnitInfo(
        _l("Rate per 1,000"),
        {"da": " ‰", "en": " ‰"},
        {"da": "{n} pr. 1.000", "en": "{n} per 1,000"},
        {"da": "{n} pr. 1.000", "en": "{n} per 1,000"},
        ("pr. 1.000", "per 1,000"),
        ("rate per 1,000", "pr. 1.000", "per 1000", "promille"),
    ),
    Unit.AMOUNT_DKK: UnitInfo(
        _l("Amount in DKK"),
        {"da": " kr.", "en": " DKK"},
        {"da": "{n} kr.", "en": "{n} DKK"},
        {"da": "{n} kr.", "en": "{n} DKK"},
        ("kr.", "DKK"),
        ("dkk", "kr.", "kroner"),
    ),
    Unit.INDEX: UnitInfo(_l("Index"), {}, _PLAIN, _PLAIN, ("indeks", "index"), ("indeks",)),
}
CHOICES = tuple((unit.value, info.label) for unit, info in UNITS.items())
# Every word an import accepts, casefolded with single spaces: the code and its synonyms.
WORDS: Mapping[str, str] = {
    word: unit.value for unit, info in UNITS.items() for word in (unit.value, *info.synonyms)
}


def is_unit(unit: str) -> bool:
    return unit in UNITS


def _info(unit: str) -> UnitInfo | None:
    return UNITS.get(Unit(unit)) if is_unit(unit) else None


def label(unit: str) -> str:
    """The translated label; an unknown unit reads as itself."""
    info = _info(str(unit))
    return str(info.label) if info else str(unit)


def suffix(unit: str, locale: str) -> str:
    """The short suffix after a number ("" for counts, indices and unknown units)."""
    info = _info(str(unit))
    return info.suffix.get("en" if locale == "en" else "da", "") if info else ""


def value_form(unit: str, lang: str) -> str:
    return UNITS[Unit(unit)].value_form[lang]


def change_form(unit: str, lang: str) -> str:
    return UNITS[Unit(unit)].change_form[lang]


def sheet_word(unit: str, locale: str) -> str:
    """The unit's word in a measurement spreadsheet; an unknown unit reads as itself."""
    info = _info(str(unit))
    if info is None:
        return str(unit)
    da, en = info.sheet_word
    return en if locale == "en" else da


def parse(text: str) -> str | None:
    """The unit a word names (any case, extra spaces ignored), or None."""
    return WORDS.get(re.sub(r"\s+", " ", text.strip().casefold()))
