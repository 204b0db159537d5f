"""The chart of a breakdown (pure): the total, a path per category told apart by colour and
marker, a missing value breaking its line, comparison series dashed and grey."""

from __future__ import annotations

import re
from decimal import Decimal
from xml.etree import ElementTree

from barometer.category_chart import COLOURS, category_chart
from barometer.chart_data import ComparisonLine, SeriesPoint
from barometer.svg import PALETTE

NS = "{http://www.w3.org/2000/svg}"
POINTS = [SeriesPoint(f"200{y}-H{h}", Decimal(40 + y + h), f"{h}. halvår 200{y}")
          for y in (7, 8) for h in (1, 2)]  # fmt: skip
WOMEN = ComparisonLine("Kvinder", {"2007-H1": Decimal(38), "2008-H1": Decimal(41),
                                   "2008-H2": Decimal(42)})  # fmt: skip
MEN = ComparisonLine("Mænd", {p.period: Decimal(50) for p in POINTS})
NATIONAL = ComparisonLine("Hele landet", {p.period: Decimal(45) for p in POINTS})


def _chart(*categories: ComparisonLine, locale: str = "da") -> ElementTree.Element:
    svg = category_chart(
        POINTS, categories, dimension="Køn", id_prefix="c-t", locale=locale,
        title="Beskæftigelse", unit_suffix=" %", comparisons=[NATIONAL],
    )  # fmt: skip
    return ElementTree.fromstring(str(svg))  # noqa: S314 - our own output, not untrusted input


def test_one_path_per_category_each_with_its_own_colour() -> None:
    root = _chart(WOMEN, MEN)
    paths = root.findall(f"{NS}path[@class='chart-category']")
    assert [p.findtext(f"{NS}title") for p in paths] == ["Kvinder", "Mænd"]
    assert [p.get("stroke") for p in paths] == list(COLOURS[:2])
    status = {PALETTE[c] for c in ("green", "yellow", "red")}
    assert not status & {p.get("stroke") for p in paths}  # never a status colour


def test_a_missing_value_breaks_the_line_and_is_not_drawn_at_zero() -> None:
    women = _chart(WOMEN).find(f"{NS}path[@class='chart-category']")
    assert women is not None
    moves = re.findall(r"[ML]", women.get("d", ""))
    assert moves == ["M", "M", "L"]  # 2007-H2 is missing: the pen lifts
    markers = [m for m in _chart(WOMEN).iter() if m.get("class") == "chart-category-marker"]
    assert len(markers) == 3


def test_categories_differ_by_marker_shape_and_are_named_in_the_legend() -> None:
    root = _chart(WOMEN, MEN)
    shapes = {m.tag for m in root.iter() if m.get("class") == "chart-category-marker"}
    assert shapes == {f"{NS}polygon"}  # square and triangle are both polygons
    legend = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "chart-category-label"]
    assert legend == ["I alt", "Kvinder", "Mænd"]


def test_the_comparison_series_is_a_grey_dashed_line_and_the_title_names_the_breakdown() -> None:
    root = _chart(MEN, locale="en")
    comparison = root.find(f"{NS}path[@class='chart-comparison']")
    assert comparison is not None
    assert comparison.get("stroke") == PALETTE["grey"] and comparison.get("stroke-dasharray")
    title = root.findtext(f"{NS}title")
    assert title is not None and title.startswith("Beskæftigelse by køn: Total, Mænd")
    desc = root.findtext(f"{NS}desc") or ""
    assert "Mænd: 50 %" in desc or "Mænd: 50.0 %" in desc
