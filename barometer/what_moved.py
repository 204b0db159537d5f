"""What moved since the previous edition: the indicators whose status changed, in words
and as rows for a small table, in Danish and English at once.

The report's summary page shows it. Pure: it reads two stored snapshots (this edition's
and the previous published one's) and touches neither Flask nor the database. Benchmarks
never have a status, so they never "move".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from barometer.bilingual import Text

# The summary page lists at most this many; the annex has every indicator's status.
SHOWN = 24
# A status that says which way an indicator went, from worst to best; any other status
# (no value, first measurement, not measured this half-year, data break) has no rank.
_RANK = {"red": 0, "yellow": 1, "green": 2}


@dataclass(frozen=True)
class MovedRow:
    code: str
    name: Text
    before: str  # the status in the previous edition
    after: str  # the status in this edition

    @property
    def better(self) -> bool | None:
        """True: a better status; False: a worse one; None: no value on one side."""
        if self.before in _RANK and self.after in _RANK:
            return _RANK[self.after] > _RANK[self.before]
        return None


@dataclass(frozen=True)
class WhatMoved:
    previous_id: int | None
    previous_period: Text | None  # None: there is no earlier edition to compare with
    rows: tuple[MovedRow, ...]
    compared: int  # indicators with a status in both editions
    sentence: Text

    @property
    def shown(self) -> tuple[MovedRow, ...]:
        return self.rows[:SHOWN]

    @property
    def not_shown(self) -> int:
        return max(0, len(self.rows) - SHOWN)


def _indicators(snapshot: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for area in snapshot["catalogue"]["focus_areas"]:
        for goal in area["goals"]:
            yield from goal["indicators"]


def _name(ind: Mapping[str, Any]) -> Text:
    return Text(da=str(ind["name_da"]), en=str(ind.get("name_en") or ind["name_da"]))


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _sentence(rows: tuple[MovedRow, ...], compared: int, period: Text, lang: str) -> str:
    since = period.get(lang)
    better = sum(1 for r in rows if r.better is True)
    worse = sum(1 for r in rows if r.better is False)
    other = len(rows) - better - worse
    if lang == "da":
        if not rows:
            return f"Ingen indikator har skiftet status siden {since}."
        parts = [f"{better} til det bedre"] if better else []
        parts += [f"{worse} til det værre"] if worse else []
        parts += [f"{other} med grå eller ingen farve i den ene udgave"] if other else []
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
        noun = _count(compared, "indikator", "indikatorer")
        return f"Siden {since} har {len(rows)} af {noun} skiftet status: {joined}."
    if not rows:
        return f"No indicator has changed status since {since}."
    parts = [f"{better} for the better"] if better else []
    parts += [f"{worse} for the worse"] if worse else []
    parts += [f"{other} grey or without a colour in one of them"] if other else []
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    noun = _count(compared, "indicator", "indicators")
    verb = "has" if len(rows) == 1 else "have"
    return f"Since {since}, {len(rows)} of {noun} {verb} changed status: {joined}."


FIRST = Text(
    da="Der er ingen tidligere udgave at sammenligne med.",
    en="There is no earlier edition to compare with.",
)


def what_moved(snapshot: Mapping[str, Any], previous: Mapping[str, Any] | None) -> WhatMoved:
    """The indicators whose status differs between ``previous`` and ``snapshot``, in this
    edition's catalogue order (an indicator in only one of them is left out)."""
    if previous is None:
        return WhatMoved(None, None, (), 0, FIRST)
    before = previous["reading"]["indicators"]
    rows, compared = [], 0
    for ind in _indicators(snapshot):
        code = str(ind["code"])
        if ind["kind"] == "benchmark" or code not in before:
            continue
        compared += 1
        old = str(before[code]["movement"])
        new = str(snapshot["reading"]["indicators"][code]["movement"])
        if old != new:
            rows.append(MovedRow(code, _name(ind), old, new))
    label = previous["period_label"]
    period = Text(da=str(label["da"]), en=str(label["en"]))
    found = tuple(rows)
    sentence = Text.build(lambda lang: _sentence(found, compared, period, lang))
    return WhatMoved(int(previous["edition"]["id"]), period, found, compared, sentence)
