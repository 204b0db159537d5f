"""The plain summary that opens an edition: fixed readings, both languages (issue 13)."""

from __future__ import annotations

from typing import Any

from barometer.bilingual import Text
from barometer.plain_summary import summarise

PERIOD = Text(da="2. halvår 2009", en="2nd half 2009")


def _group(colour: str, green: int = 0, yellow: int = 0, red: int = 0, grey: int = 0) -> Any:
    return {"all": {"colour": colour, "green": green, "yellow": yellow, "red": red,
                    "grey": grey, "first": 0, "total": green + yellow + red + grey}}  # fmt: skip


AREAS = [
    ("BES", Text(da="Beskæftigelse", en="Employment")),
    ("UDD", Text(da="Uddannelse", en="Education")),
    ("BOL", Text(da="Bolig", en="Housing")),
    ("SUN", Text(da="Sundhed", en="Health")),
    ("TRY", Text(da="Tryghed", en="Safety")),
]
READING = {
    "overall": _group("green", green=19, yellow=3, red=4, grey=2),
    "focus_areas": {
        "BES": _group("yellow"),
        "UDD": _group("green"),
        "BOL": _group("green"),
        "SUN": _group("red"),
        "TRY": _group("not_assessable"),
    },
}


def test_a_fixed_reading_in_danish() -> None:
    assert summarise(READING, AREAS, PERIOD).da == (
        "19 af 26 indikatorer går i den rigtige retning, 4 i den forkerte. "
        "Uddannelse og Bolig går frem, Beskæftigelse står stille, og Sundhed går tilbage. "
        "For Tryghed er der for få målinger til en samlet vurdering. "
        "2 indikatorer har ingen værdi for 2. halvår 2009."
    )


def test_the_same_reading_in_english() -> None:
    assert summarise(READING, AREAS, PERIOD).en == (
        "19 of 26 indicators are moving in the right direction, 4 in the wrong one. "
        "Education and Housing are moving forward, Employment is standing still, "
        "and Health is going backwards. "
        "Safety has too few measurements for an overall assessment. "
        "2 indicators have no value for 2nd half 2009."
    )


def test_one_of_each_reads_in_the_singular_and_says_nothing_it_need_not() -> None:
    reading = {
        "overall": _group("green", green=1),
        "focus_areas": {"BES": _group("yellow")},
    }
    text = summarise(reading, AREAS[:1], PERIOD)
    assert text.da == "1 af 1 indikator går i den rigtige retning. Beskæftigelse står stille."
    assert text.en == (
        "1 of 1 indicator is moving in the right direction. Employment is standing still."
    )


def test_nothing_assessable() -> None:
    reading = {
        "overall": _group("not_assessable", grey=1),
        "focus_areas": {"BES": _group("not_assessable", grey=1)},
    }
    text = summarise(reading, AREAS[:1], PERIOD)
    assert text.da.startswith("Ingen indikatorer kan vurderes for 2. halvår 2009.")
    assert text.en.endswith("1 indicator has no value for 2nd half 2009.")
