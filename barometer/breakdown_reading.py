"""The breakdowns of one indicator as the reading page shows them (the read side).

Per chosen dimension: each category's value in the period (or why there is none), its
movement against the previous period, and the gap between two chosen categories over the
periods. Four queries whatever the number of categories or periods; the arithmetic is
:mod:`barometer.breakdown_gap`. Nothing here reads or changes the total's status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from barometer.breakdown_gap import (
    CategoryPoint,
    GapRow,
    GapTrend,
    Movement,
    gap_series,
    gap_trend,
    movements,
)
from barometer.period import Period
from barometer.services.breakdowns import (
    CategoryInfo,
    DimensionInfo,
    category_values,
    version_breakdowns,
)


@dataclass(frozen=True)
class CategoryRow:
    category: CategoryInfo
    point: CategoryPoint | None  # None: nothing registered for the period
    movement: Movement | None


@dataclass(frozen=True)
class GapView:
    first: CategoryInfo
    second: CategoryInfo
    rows: list[GapRow]
    trend: GapTrend | None


@dataclass(frozen=True)
class DimensionView:
    dimension: DimensionInfo
    rows: list[CategoryRow]
    gap: GapView | None
    # Per category code, per period code: its point and its movement (for the chart and the
    # table of every period).
    series: Mapping[str, Mapping[str, CategoryPoint]] = field(default_factory=dict)
    moves: Mapping[str, Mapping[str, Movement | None]] = field(default_factory=dict)

    def cell(self, category: str, period: str) -> tuple[CategoryPoint | None, Movement | None]:
        """A category's point in a period (None: nothing registered) and its movement."""
        point = self.series.get(category, {}).get(period)
        return point, self.moves.get(category, {}).get(period)


def _default_pair(d: DimensionInfo) -> tuple[str, str] | None:
    """The last category against the first (e.g. non-Western against Danish origin)."""
    if len(d.categories) < 2:
        return None
    return d.categories[-1].code, d.categories[0].code


def indicator_breakdowns(
    version_id: int,
    code: str,
    periods: Sequence[Period],
    current: Period,
    *,
    min_change: Decimal | None = None,
    pairs: Mapping[str, tuple[str, str]] | None = None,
) -> list[DimensionView]:
    """``periods``: the periods shown (none after ``current``); ``pairs``: per dimension
    code the two categories whose gap is shown (else the last against the first)."""
    dimensions = version_breakdowns(version_id, [code]).get(code, [])
    if not dimensions:
        return []
    shown = {str(p) for p in periods if p <= current}
    series: dict[tuple[str, str], dict[str, CategoryPoint]] = {}
    for row, period in category_values([code]):
        if period in shown:
            point = CategoryPoint(row.value, row.suppressed, row.reason)
            series.setdefault((row.dimension_code, row.category_code), {})[period] = point
    views = []
    for d in dimensions:
        rows, own_series, moves = [], {}, {}
        for c in d.categories:
            own = own_series[c.code] = series.get((d.code, c.code), {})
            moves[c.code] = movements(own, min_change)
            rows.append(CategoryRow(c, own.get(str(current)), moves[c.code].get(str(current))))
        gap = _gap(d, series, shown, (pairs or {}).get(d.code))
        views.append(DimensionView(d, rows, gap, own_series, moves))
    return views


def _gap(
    d: DimensionInfo,
    series: Mapping[tuple[str, str], Mapping[str, CategoryPoint]],
    shown: set[str],
    pair: tuple[str, str] | None,
) -> GapView | None:
    if pair is None or pair[0] == pair[1] or not all(d.category(c) for c in pair):
        pair = _default_pair(d)
    if pair is None:
        return None
    first, second = d.category(pair[0]), d.category(pair[1])
    assert first is not None and second is not None  # noqa: S101 - checked above
    a, b = series.get((d.code, first.code), {}), series.get((d.code, second.code), {})
    rows = gap_series(a, b, [p for p in sorted(shown) if p in a or p in b])
    return GapView(first, second, rows, gap_trend(rows))
