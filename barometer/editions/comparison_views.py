"""Comparison series as the public pages show them, made from an edition's snapshot:
names in one language, values formatted like the indicator's, never a colour or status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from barometer import charts, units
from barometer.bilingual import pick
from barometer.chart_files import ChartTable
from barometer.period import Period
from barometer.status_text import Style


def _pick(obj: Mapping[str, Any], name: str, lang: str) -> str:
    return pick(str(obj.get(f"{name}_da") or ""), obj.get(f"{name}_en"), lang)


@dataclass(frozen=True)
class ComparisonView:
    """A comparison series in one language: never coloured, never counted."""

    name: str
    kind: str
    source: str
    illustrative: bool
    values: dict[str, Decimal]
    texts: dict[str, str]  # period code: the value formatted like the indicator's

    def line(self) -> charts.ComparisonLine:
        return charts.ComparisonLine(self.name, self.values)

    def text(self, period: str) -> str:
        return self.texts.get(period, "–")

    def latest(self) -> tuple[str, str] | None:
        """The last value and the period code it is of (None: no value)."""
        if not self.values:
            return None
        period = max(self.values, key=Period.parse)
        return period, self.texts[period]


def comparison_views(
    rows: Sequence[Mapping[str, Any]], style: Style, lang: str
) -> tuple[ComparisonView, ...]:
    views = []
    for row in rows:
        values = {v["period"]: Decimal(v["value"]) for v in row["values"]}
        views.append(ComparisonView(
            _pick(row, "name", lang), row["kind"], row.get("source", ""),
            bool(row.get("illustrative")), values,
            {p: style.value(v, lang) for p, v in values.items()},
        ))  # fmt: skip
    return tuple(views)


@dataclass(frozen=True)
class ComparedSeries:
    """One comparison series in two editions: the last value each shows, uncoloured."""

    code: str
    indicator: str
    name: str
    first: str  # "60,7 % (2008-H2)" or "–"
    second: str


def _shown(view: ComparisonView | None, labels: Mapping[str, str]) -> str:
    latest = view.latest() if view is not None else None
    if latest is None:
        return "–"
    period, text = latest
    return f"{text} ({labels.get(period, period)})"


def compare_series(
    a: Sequence[Any], b: Sequence[Any], labels: Mapping[str, str]
) -> list[ComparedSeries]:
    """The comparison series of the indicators of two editions (``IndicatorView`` lists)."""
    result = []
    a_map, b_map = {i.code: i for i in a}, {i.code: i for i in b}
    for code in dict.fromkeys([*a_map, *b_map]):
        first, second = a_map.get(code), b_map.get(code)
        named_a = {c.name: c for c in first.comparisons} if first else {}
        named_b = {c.name: c for c in second.comparisons} if second else {}
        indicator = (second or first).name  # type: ignore[union-attr]
        for name in dict.fromkeys([*named_a, *named_b]):
            result.append(ComparedSeries(
                code, indicator, name,
                _shown(named_a.get(name), labels), _shown(named_b.get(name), labels),
            ))  # fmt: skip
    return result


def chart_table(ind: Any) -> ChartTable:
    """An ``IndicatorView``'s trend chart as a table: the values per period and each
    comparison series."""
    suffix = units.suffix(ind.unit, ind.lang).strip()
    word = "Værdi" if ind.lang == "da" else "Value"
    rows = [(p.period, p.label, p.value, [c.values.get(p.period) for c in ind.comparisons])
            for p in ind.history]  # fmt: skip
    names = [c.name for c in ind.comparisons]
    return ChartTable(ind.name, f"{word} ({suffix})" if suffix else word, names, rows)
