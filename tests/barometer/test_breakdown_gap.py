"""The movement of categories and the gap between two of them (pure: barometer.breakdown_gap)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from barometer.breakdown_gap import (
    CategoryPoint,
    GapTrend,
    Movement,
    category_movement,
    gap_series,
    gap_trend,
    movements,
)


def _series(**values: str | None) -> dict[str, CategoryPoint]:
    return {
        period.replace("_", "-"): CategoryPoint(None if v is None else Decimal(v))
        for period, v in values.items()
    }


def test_the_gap_that_closes_narrows_period_by_period_and_over_the_series() -> None:
    non_western = _series(**{"2007_H1": "42.0", "2007_H2": "45.0", "2008_H1": "49.0"})
    danish = _series(**{"2007_H1": "78.0", "2007_H2": "78.5", "2008_H1": "79.0"})
    rows = gap_series(non_western, danish)
    assert [r.gap for r in rows] == [Decimal("-36.0"), Decimal("-33.5"), Decimal("-30.0")]
    assert [r.trend for r in rows] == [None, GapTrend.NARROWS, GapTrend.NARROWS]
    assert gap_trend(rows) == GapTrend.NARROWS


def test_the_gap_that_grows_widens() -> None:
    women = _series(**{"2007_H1": "40.0", "2007_H2": "39.0"})
    men = _series(**{"2007_H1": "50.0", "2007_H2": "52.0"})
    rows = gap_series(women, men)
    assert rows[-1].trend == GapTrend.WIDENS
    assert gap_trend(rows) == GapTrend.WIDENS


def test_a_suppressed_value_leaves_no_gap_and_is_not_read_as_zero() -> None:
    first = {
        "2007-H1": CategoryPoint(Decimal("10")),
        "2007-H2": CategoryPoint(None, suppressed=True, reason="færre end 5"),
        "2008-H1": CategoryPoint(Decimal("8")),
    }
    second = _series(**{"2007_H1": "4", "2007_H2": "4", "2008_H1": "4"})
    rows = gap_series(first, second)
    assert rows[1].gap is None and rows[1].trend is None
    # Compared with the last period that had a gap (6), not with a zero in between.
    assert rows[2].gap == Decimal("4") and rows[2].trend == GapTrend.NARROWS


def test_one_gap_has_no_trend() -> None:
    rows = gap_series(_series(**{"2007_H1": "3"}), _series(**{"2007_H1": "1"}))
    assert gap_trend(rows) is None


def test_movement_of_a_category_against_the_period_before() -> None:
    assert category_movement(Decimal("5"), Decimal("4")) == Movement.UP
    assert category_movement(Decimal("3"), Decimal("4")) == Movement.DOWN
    assert category_movement(Decimal("4.1"), Decimal("4"), Decimal("0.5")) == Movement.FLAT
    assert category_movement(None, Decimal("4")) is None
    series = {
        "2007-H1": CategoryPoint(Decimal("4")),
        "2007-H2": CategoryPoint(None, suppressed=True, reason="færre end 5"),
        "2008-H1": CategoryPoint(Decimal("6")),
    }
    assert movements(series) == {"2007-H1": None, "2007-H2": None, "2008-H1": None}


@given(st.lists(st.integers(-1000, 1000), min_size=2, max_size=6))
def test_the_trend_over_the_series_follows_the_size_of_the_first_and_last_gap(
    gaps: list[int],
) -> None:
    periods = [f"{2007 + i // 2}-H{i % 2 + 1}" for i in range(len(gaps))]
    first = {p: CategoryPoint(Decimal(g)) for p, g in zip(periods, gaps, strict=True)}
    second = {p: CategoryPoint(Decimal(0)) for p in periods}
    trend = gap_trend(gap_series(first, second))
    size = abs(gaps[-1]) - abs(gaps[0])
    assert trend == (
        GapTrend.NARROWS if size < 0 else GapTrend.WIDENS if size > 0 else GapTrend.UNCHANGED
    )
