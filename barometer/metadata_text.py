"""The sentences of an indicator's metadata in a reading: a half-year off its cycle, a
comparison a data break makes impossible, and a target met or missed at its date. The
(Danish, English) pairs live in :data:`barometer.status_text.PHRASES` with the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from barometer.bilingual import Text
from barometer.status_text import PHRASES, Style


def off_cycle_text(measured_half: int | None, period_label: Text) -> Text:
    """No value is expected: an annual indicator off its half-year, or an irregular one."""

    def sentence(lang: str) -> str:
        key = "off_cycle_irregular" if measured_half is None else "off_cycle_annual"
        half = str(measured_half) if lang == "da" else ("1st" if measured_half == 1 else "2nd")
        return PHRASES[lang][key].format(half=half, label=period_label.get(lang))

    return Text.build(sentence)


@dataclass(frozen=True)
class BreakFacts:
    """A comparison a data break makes impossible."""

    style: Style
    before: Decimal
    before_label: Text
    break_label: Text
    what: str
    what_en: str | None = None  # the English text of the break, where one is written


def not_comparable_text(facts: BreakFacts) -> Text:
    def sentence(lang: str) -> str:
        what = (facts.what_en if lang == "en" and facts.what_en else facts.what).strip()
        what = what if what.endswith((".", "!", "?")) else what + "."
        return PHRASES[lang]["not_comparable"].format(
            before=facts.style.value(facts.before, lang),
            label=facts.before_label.get(lang),
            break_label=facts.break_label.get(lang),
            what=what,
        )

    return Text.build(sentence)


def target_outcome_text(style: Style, due: Text, value: Decimal, goal: Decimal, met: bool) -> Text:
    """At or after the target date: "Målet for 2010 blev ikke nået: 1.485 mod 1.500."."""

    def sentence(lang: str) -> str:
        return PHRASES[lang]["outcome_met" if met else "outcome_missed"].format(
            due=due.get(lang), value=style.value(value, lang), target=style.value(goal, lang)
        )

    return Text.build(sentence)
