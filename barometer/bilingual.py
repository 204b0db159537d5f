"""Texts in both interface languages, and numbers written the way each language writes them.

Pages, PDFs and stored editions show Danish and English side by side, so explanations are
built in both at once (:class:`Text`) rather than through the request's locale. Numbers
are formatted with Babel so Danish reads "1.150,5" and English "1,150.5"; they are rounded
half-up first because Babel rounds half-even.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

LANGUAGES = ("da", "en")


def language(locale: str) -> str:
    """The language of a locale: "da_DK", "da-DK" or a Babel Locale give "da"."""
    code = str(locale).replace("-", "_").split("_")[0].lower()
    if code not in LANGUAGES:
        raise ValueError(f"Unsupported locale {locale!r}: expected Danish ('da') or English ('en')")
    return code


@dataclass(frozen=True)
class Text:
    """One explanation in both interface languages."""

    da: str
    en: str

    @classmethod
    def build(cls, sentence: Callable[[str], str]) -> Text:
        return cls(da=sentence("da"), en=sentence("en"))

    def get(self, locale: str) -> str:
        return self.da if language(locale) == "da" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"da": self.da, "en": self.en}


class DanishOnly(str):
    """A text entered in Danish, shown on an English page because it has no English version:
    pages mark it "kun på dansk / only in Danish" with ``lang="da"`` on it."""

    only_danish = True


def pick(da: str | None, en: str | None, locale: str) -> str:
    """The text in the page's language: English when there is one, else the Danish text
    (marked :class:`DanishOnly` on an English page)."""
    if language(locale) == "en":
        return en if en else DanishOnly(da or "")
    return da or ""


@lru_cache(maxsize=16)
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0." + "0" * decimals if decimals > 0 else "#,##0")


@lru_cache(maxsize=4)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def format_number(value: Decimal, decimals: int, locale: str) -> str:
    return _formatted(value, decimals, language(locale))


@lru_cache(maxsize=8192)
def _formatted(value: Decimal, decimals: int, locale: str) -> str:
    """A pure function of equal values (a reading repeats few of them), so remembered."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # abs() of a zero drops the sign of "-0.0", which would read as a negative zero.
    shown = abs(rounded) if rounded == 0 else rounded
    # What babel's format_decimal does, with the pattern and locale parsed once per
    # process (a reading of 300 indicators formats some 20,000 numbers).
    return _pattern(decimals).apply(shown, _locale(locale), numbering_system="latn")
