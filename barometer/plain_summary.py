"""A reading told in three or four plain sentences, in Danish and English at once.

The public edition page opens with it, before the caveat, and the report's summary page
after the cover and contents: how many
indicators move in the right direction, which focus areas move forward, stand still or go
backwards, which cannot be assessed, and how many indicators lack a value. Pure: it reads
the plain values of a reading (``Reading.to_dict()``, as an edition stores it) and the
focus areas' names, and touches neither Flask nor the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from barometer.bilingual import Text

# A focus area's colour as a verb phrase: (Danish, English singular, English plural).
_AREA_WORDS = {
    "green": ("går frem", "is moving forward", "are moving forward"),
    "yellow": ("står stille", "is standing still", "are standing still"),
    "red": ("går tilbage", "is going backwards", "are going backwards"),
}


def _names(names: Sequence[str], lang: str) -> str:
    """ "A", "A og B", "A, B og C" (Danish); "A", "A and B", "A, B and C" (English)."""
    word = " og " if lang == "da" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + word + names[-1]


def _clauses(clauses: Sequence[str], lang: str) -> str:
    """Clauses of one sentence: "X", "X, og Y", "X, Y, og Z" (a comma before the last)."""
    if len(clauses) == 1:
        return clauses[0]
    word = ", og " if lang == "da" else ", and "
    return ", ".join(clauses[:-1]) + word + clauses[-1]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _counts_sentence(overall: Mapping[str, Any], period: str, lang: str) -> str:
    green, red = int(overall["green"]), int(overall["red"])
    assessable = int(overall["green"]) + int(overall["yellow"]) + red
    if assessable == 0:
        if lang == "da":
            return f"Ingen indikatorer kan vurderes for {period}."
        return f"No indicator can be assessed for {period}."
    if lang == "da":
        noun = "indikator" if assessable == 1 else "indikatorer"
        text = f"{green} af {assessable} {noun} går i den rigtige retning"
        return _sentence(text + (f", {red} i den forkerte" if red else ""))
    noun = "indicator" if assessable == 1 else "indicators"
    verb = "is" if green == 1 else "are"
    text = f"{green} of {assessable} {noun} {verb} moving in the right direction"
    return _sentence(text + (f", {red} in the wrong one" if red else ""))


def _areas_sentence(by_colour: Mapping[str, list[str]], lang: str) -> str | None:
    clauses = []
    for colour, (da, one, many) in _AREA_WORDS.items():
        names = by_colour.get(colour)
        if names:
            verb = da if lang == "da" else (one if len(names) == 1 else many)
            clauses.append(f"{_names(names, lang)} {verb}")
    return _sentence(_clauses(clauses, lang)) if clauses else None


def _unassessed_sentence(names: Sequence[str], lang: str) -> str | None:
    if not names:
        return None
    if lang == "da":
        return f"For {_names(names, lang)} er der for få målinger til en samlet vurdering."
    verb = "has" if len(names) == 1 else "have"
    return f"{_names(names, lang)} {verb} too few measurements for an overall assessment."


def _missing_sentence(grey: int, period: str, lang: str) -> str | None:
    if grey == 0:
        return None
    if lang == "da":
        noun = "indikator" if grey == 1 else "indikatorer"
        return f"{grey} {noun} har ingen værdi for {period}."
    noun, verb = ("indicator", "has") if grey == 1 else ("indicators", "have")
    return f"{grey} {noun} {verb} no value for {period}."


def summarise(
    reading: Mapping[str, Any],
    areas: Sequence[tuple[str, Text]],
    period: Text,
) -> Text:
    """The plain summary of a reading.

    ``reading`` is ``Reading.to_dict()``; ``areas`` are the focus areas in catalogue order
    as (code, name); ``period`` is the period's label.
    """

    def sentences(lang: str) -> str:
        by_colour: dict[str, list[str]] = {}
        for code, name in areas:
            colour = str(reading["focus_areas"][code]["all"]["colour"])
            by_colour.setdefault(colour, []).append(name.get(lang))
        overall = reading["overall"]["all"]
        found = (
            _counts_sentence(overall, period.get(lang), lang),
            _areas_sentence(by_colour, lang),
            _unassessed_sentence(by_colour.get("not_assessable", []), lang),
            _missing_sentence(int(overall["grey"]), period.get(lang), lang),
        )
        return " ".join(s for s in found if s)

    return Text.build(sentences)


def summarise_snapshot(snapshot: Mapping[str, Any]) -> Text:
    """The plain summary of a stored edition (its reading, focus areas and period)."""

    def name(area: Mapping[str, Any]) -> Text:
        return Text(da=str(area["name_da"]), en=str(area.get("name_en") or area["name_da"]))

    areas = [(a["code"], name(a)) for a in snapshot["catalogue"]["focus_areas"]]
    label = snapshot["period_label"]
    return summarise(snapshot["reading"], areas, Text(da=label["da"], en=label["en"]))
