"""Categories of a breakdown beside the total: their movement and the gap between two (pure).

The status of an indicator is computed on its **total** only (:mod:`barometer.status`);
categories never change it or a roll-up. What categories get:

- :func:`category_movement`: up, down or flat against the previous period with a value
  (a suppressed or missing value has no movement, and is never read as zero);
- :func:`gap_series`: the difference between two chosen categories per period (e.g.
  non-Western minus Danish origin) and whether it narrows or widens from one period with
  a gap to the next, and :func:`gap_trend` over the whole series.

Plain values only: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Movement(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"


class GapTrend(StrEnum):
    NARROWS = "narrows"
    WIDENS = "widens"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class CategoryPoint:
    """One category's value in one period: a number, or none (suppressed or missing)."""

    value: Decimal | None
    suppressed: bool = False
    reason: str = ""


def category_movement(
    current: Decimal | None, previous: Decimal | None, min_change: Decimal | None = None
) -> Movement | None:
    """Up, down or flat (a change smaller than ``min_change`` is flat); None when either
    value is missing or suppressed."""
    if current is None or previous is None:
        return None
    change = current - previous
    if change == 0 or (min_change is not None and abs(change) < min_change):
        return Movement.FLAT
    return Movement.UP if change > 0 else Movement.DOWN


def movements(
    series: Mapping[str, CategoryPoint], min_change: Decimal | None = None
) -> dict[str, Movement | None]:
    """Per period (keys sortable, e.g. "2008-H1"), the movement against the period before
    it, when both have a value."""
    out: dict[str, Movement | None] = {}
    previous: Decimal | None = None
    for period in sorted(series):
        value = series[period].value
        out[period] = category_movement(value, previous, min_change)
        previous = value
    return out


def _trend(previous: Decimal, current: Decimal) -> GapTrend:
    if abs(current) < abs(previous):
        return GapTrend.NARROWS
    if abs(current) > abs(previous):
        return GapTrend.WIDENS
    return GapTrend.UNCHANGED


@dataclass(frozen=True)
class GapRow:
    period: str
    first: Decimal | None
    second: Decimal | None
    gap: Decimal | None  # first minus second; None when either is missing or suppressed
    trend: GapTrend | None  # against the last earlier period with a gap


def gap_series(
    first: Mapping[str, CategoryPoint],
    second: Mapping[str, CategoryPoint],
    periods: Sequence[str] | None = None,
) -> list[GapRow]:
    """The gap ``first - second`` per period, oldest first, and whether it narrows (its
    size, whatever its sign, gets smaller) or widens against the last period with a gap."""
    chosen = sorted(set(first) | set(second)) if periods is None else sorted(periods)
    rows: list[GapRow] = []
    last: Decimal | None = None
    for period in chosen:
        a, b = first.get(period), second.get(period)
        va, vb = (a.value if a else None), (b.value if b else None)
        gap = va - vb if va is not None and vb is not None else None
        trend = _trend(last, gap) if gap is not None and last is not None else None
        rows.append(GapRow(period, va, vb, gap, trend))
        if gap is not None:
            last = gap
    return rows


def gap_trend(rows: Sequence[GapRow]) -> GapTrend | None:
    """Over the whole series: the first gap against the last one (None: fewer than two)."""
    gaps = [r.gap for r in rows if r.gap is not None]
    if len(gaps) < 2:
        return None
    return _trend(gaps[0], gaps[-1])
