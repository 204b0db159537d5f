"""An indicator's breakdowns on the public pages: the reader's choice of categories, their
chart, table and downloads, and the gap between two of them.

Made from the published snapshot alone (its ``breakdowns`` part, see
:func:`barometer.breakdown_queries.edition_part`). A reader picks a dimension (a link) and
switches its categories on and off (check boxes in a form sent with GET), so it works
without JavaScript: each choice is its own page, with one chart. Codes in the query that
the edition does not have are left out and said so; the choice is rebuilt from the
snapshot's own codes, so what a page (and its cache key) can be is bounded by the edition.
The gap is the last chosen category minus the first (e.g. non-Western minus Danish
origin), computed by :mod:`barometer.breakdown_gap`; categories never touch the status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from barometer import units
from barometer.breakdown_gap import (
    CategoryPoint,
    GapRow,
    GapTrend,
    Movement,
    gap_series,
    gap_trend,
    movements,
)
from barometer.category_chart import category_chart
from barometer.chart_data import ComparisonLine, SeriesPoint
from barometer.chart_files import ChartTable
from barometer.reading_charts import chart_id
from barometer.status_text import Style

# The form's marker that the check boxes say which categories to show (without it: all).
CHOSEN = "chosen"


@dataclass(frozen=True)
class Category:
    code: str
    name: str


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Selection:
    """What the reader asked for, reduced to what the edition has."""

    dimension: Dimension
    chosen: tuple[Category, ...]
    problem: bool = False  # a code in the query that the edition does not have

    def query(self, lang: str) -> dict[str, Any]:
        """The query that asks for this choice (the downloads and the embed page)."""
        q: dict[str, Any] = {"lang": lang} if lang != "da" else {}
        return q | {"dimension": self.dimension.code, "category": [c.code for c in self.chosen],
                    CHOSEN: "1"}  # fmt: skip


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    text: str  # the value in the locale, or "–"
    suppressed: bool = False
    reason: str = ""
    movement: Movement | None = None  # against the category's previous period with a value


@dataclass(frozen=True)
class GapLine:
    period: str
    label: str
    gap_text: str
    trend: GapTrend | None


@dataclass(frozen=True)
class GapView:
    first: Category  # the gap is first minus second
    second: Category
    rows: tuple[GapLine, ...]
    trend: GapTrend | None
    first_text: str  # the size of the first and of the last gap, in words
    first_label: str
    last_text: str
    last_label: str


def dimensions_of(points: Sequence[Mapping[str, Any]], lang: str) -> tuple[Dimension, ...]:
    """The dimensions and categories an edition holds for one indicator, in their order."""
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for p in points:
        _, categories = found.setdefault(p["dimension"], (p["dimension_name"][lang], {}))
        categories.setdefault(p["category"], p["category_name"][lang])
    return tuple(
        Dimension(code, name, tuple(Category(c, n) for c, n in categories.items()))
        for code, (name, categories) in found.items()
    )


def choose(dimensions: Sequence[Dimension], args: Mapping[str, Any] | None) -> Selection | None:
    """The reader's choice from the query (``dimension``, ``category`` repeated, ``chosen``);
    none when the indicator has no breakdowns."""
    if not dimensions:
        return None
    args = args or {}
    asked = args.get("dimension")
    if asked is None:
        first = dimensions[0]
        return Selection(first, first.categories)
    dimension = next((d for d in dimensions if d.code == asked), None)
    if dimension is None:
        return Selection(dimensions[0], dimensions[0].categories, problem=True)
    wanted = list(args.get("category") or [])
    if not args.get(CHOSEN):
        return Selection(dimension, dimension.categories)
    chosen = tuple(c for c in dimension.categories if c.code in wanted)
    problem = len(set(wanted)) != len(chosen)
    return Selection(dimension, chosen, problem=problem)


@dataclass(frozen=True)
class CategoryView:
    """One chart: the total and the chosen categories of a dimension, with its table."""

    indicator: Any  # an ``IndicatorView`` of :mod:`barometer.editions.presenter`
    selection: Selection
    cells: Mapping[tuple[str, str], Cell]  # (category code, period code)
    gap: GapView | None

    def cell(self, category: str, period: str) -> Cell | None:
        return self.cells.get((category, period))

    def latest(self) -> list[tuple[Category, Cell | None]]:
        """Each chosen category in the edition's last period: its value and movement."""
        last = self.indicator.history[-1].period if self.indicator.history else ""
        return [(c, self.cells.get((c.code, last))) for c in self.selection.chosen]

    def _lines(self) -> list[ComparisonLine]:
        return [ComparisonLine(c.name, {p: cell.value for (code, p), cell in self.cells.items()
                                        if code == c.code and cell.value is not None})
                for c in self.selection.chosen]  # fmt: skip

    def chart(self) -> Markup:
        ind = self.indicator
        return category_chart(
            [SeriesPoint(p.period, p.value, p.label) for p in ind.history],
            self._lines(),
            dimension=self.selection.dimension.name,
            id_prefix=chart_id("categories", ind.code, self.selection.dimension.code),
            locale=ind.lang,
            title=ind.name,
            unit_suffix=units.suffix(ind.unit, ind.lang),
            decimals=ind.decimals,
            direction=ind.direction,
            joined=ind.joined,
            comparisons=[c.line() for c in ind.comparisons],
        )

    def table(self) -> ChartTable:
        """The chart as a table: the total, each chosen category, each comparison series."""
        ind, lines = self.indicator, self._lines()
        suffix = units.suffix(ind.unit, ind.lang).strip()
        word = "I alt" if ind.lang == "da" else "Total"
        names = [line.name for line in lines] + [c.name for c in ind.comparisons]
        rows = [(p.period, p.label, p.value,
                 [line.values.get(p.period) for line in lines]
                 + [c.values.get(p.period) for c in ind.comparisons])
                for p in ind.history]  # fmt: skip
        title = f"{ind.name} – {self.selection.dimension.name}"
        return ChartTable(title, f"{word} ({suffix})" if suffix else word, names, rows)


def _gap(
    selection: Selection, series: Mapping[str, Mapping[str, CategoryPoint]], ind: Any
) -> GapView | None:
    if len(selection.chosen) < 2:
        return None
    first, second = selection.chosen[-1], selection.chosen[0]
    style, lang = Style(ind.unit, ind.decimals, ind.direction), ind.lang
    labels = {p.period: p.label for p in ind.history}
    rows: list[GapRow] = gap_series(series.get(first.code, {}), series.get(second.code, {}),
                                    [p.period for p in ind.history])  # fmt: skip
    shown = tuple(
        GapLine(r.period, labels[r.period], style.change(r.gap, lang) if r.gap is not None else "–",
                r.trend)
        for r in rows
    )  # fmt: skip
    known = [(r.gap, r.period) for r in rows if r.gap is not None]
    ends = (known[0], known[-1]) if known else ()
    texts = [(style.amount(abs(gap), lang), labels[period]) for gap, period in ends]
    (first_text, first_label), (last_text, last_label) = texts or [("", ""), ("", "")]
    return GapView(first, second, shown, gap_trend(rows), first_text, first_label, last_text,
                   last_label)  # fmt: skip


def category_view(
    ind: Any, points: Sequence[Mapping[str, Any]], selection: Selection
) -> CategoryView:
    """``ind``: the indicator's ``IndicatorView``; ``points``: its snapshot breakdown rows."""
    style = Style(ind.unit, ind.decimals, ind.direction)
    dimension = selection.dimension.code
    cells: dict[tuple[str, str], Cell] = {}
    series: dict[str, dict[str, CategoryPoint]] = {}
    for p in points:
        if p["dimension"] != dimension:
            continue
        value = Decimal(p["value"]) if p["value"] is not None else None
        series.setdefault(p["category"], {})[p["period"]] = CategoryPoint(
            value, p["suppressed"], p["reason"]
        )
    for category, own in series.items():
        moved = movements(own, ind.min_change)  # as the staff reading says it
        for period, point in own.items():
            text = style.value(point.value, ind.lang) if point.value is not None else "–"
            cells[(category, period)] = Cell(
                point.value, text, point.suppressed, point.reason, moved.get(period)
            )
    return CategoryView(ind, selection, cells, _gap(selection, series, ind))


def views_for(
    ind: Any, snapshot: Mapping[str, Any], args: Mapping[str, Any] | None, *, every: bool = False
) -> tuple[tuple[Dimension, ...], Selection | None, list[CategoryView]]:
    """The indicator's dimensions, the reader's choice and the chart(s) to draw: the chosen
    one, or (``every``, the static export where no form can be sent) one per dimension
    with all its categories."""
    points = snapshot.get("breakdowns", {}).get(ind.code, [])
    dimensions = dimensions_of(points, ind.lang)
    selection = choose(dimensions, args)
    if selection is None:
        return dimensions, None, []
    if every:
        chosen = [Selection(d, d.categories) for d in dimensions]
        return dimensions, selection, [category_view(ind, points, s) for s in chosen]
    return dimensions, selection, [category_view(ind, points, selection)]


MAX_CODES, MAX_CODE_LENGTH = 20, 40


def query_choice(args: Any) -> dict[str, Any] | None:
    """The choice a query asks for, in a canonical form (None: no choice asked), bounded in
    size: at most :data:`MAX_CODES` categories; an overlong code is kept as ``""``, which
    no edition has, so the page says it was not found. ``args``: a ``MultiDict``."""
    dimension = args.get("dimension", "")
    if not dimension:
        return None
    categories = sorted({c if len(c) <= MAX_CODE_LENGTH else "" for c in
                         args.getlist("category")[:MAX_CODES]})  # fmt: skip
    return {
        "dimension": dimension if len(dimension) <= MAX_CODE_LENGTH else "",
        "category": categories,
        CHOSEN: bool(args.get(CHOSEN)),
    }


def choice_key(choice: Mapping[str, Any] | None) -> str:
    """The part of a store key that tells one choice from another."""
    if not choice:
        return ""
    chosen = "1" if choice[CHOSEN] else "0"
    return f":{choice['dimension']}:{'+'.join(choice['category'])}:{chosen}"
