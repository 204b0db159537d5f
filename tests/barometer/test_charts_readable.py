"""Charts people can read: the straight path from the baseline to the target drawn with the
target marked, annual series joined, long titles wrapped rather than clipped, no text
under 12 px on a phone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from barometer import svg
from barometer.chart_data import SeriesPoint
from barometer.charts import gauge, sparkline, trend_chart

NS = "{http://www.w3.org/2000/svg}"
D = Decimal
ROOT = Path(__file__).resolve().parents[2]


def point(period: str, value: str | None) -> SeriesPoint:
    year, half = period.split("-H")
    return SeriesPoint(period, None if value is None else D(value), f"{half}. halvår {year}")


SERIES = [point("2007-H1", "46.4"), point("2007-H2", "47.4"), point("2008-H1", "48.3")]
ANNUAL = [point("2007-H2", "33.9"), point("2008-H1", None), point("2008-H2", "33.7"),
          point("2009-H1", None), point("2009-H2", "31.3")]  # fmt: skip
LONG = "Andel af ikke-vestlige indvandrere og efterkommere i alderen 16-64 år i beskæftigelse"


def trend(points: list[SeriesPoint] = SERIES, **options: object) -> ET.Element:
    chosen: dict[str, object] = {"title": "Beskæftigelse", "unit_suffix": " %"} | options
    markup = trend_chart(points, id_prefix="t", locale="da", **chosen)  # type: ignore[arg-type]
    return ET.fromstring(str(markup))  # noqa: S314 - our own output


def elements(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(NS + tag) if cls in (e.get("class") or "").split()]


def with_path() -> ET.Element:
    return trend(target=D("50.0"), baseline=D("46.0"), path=("2006-H2", "2010-H2"))


def test_the_path_runs_from_the_baseline_to_the_target_which_is_marked() -> None:
    root = with_path()
    (path,) = elements(root, "line", "chart-path")
    (marker,) = elements(root, "circle", "chart-target-marker")
    labels = [e.text for e in elements(root, "text", "chart-x-label")]
    assert labels[0] == "06 H2" and labels[-1] == "10 H2"  # the axis reaches both ends
    assert float(path.get("y1", "")) > float(path.get("y2", ""))  # rising: 46 -> 50
    assert (marker.get("cx"), marker.get("cy")) == (path.get("x2"), path.get("y2"))
    assert marker.findtext(NS + "title") == "Mål (2. halvår 2010): 50,0 %"
    assert elements(root, "line", "chart-target") == []  # no flat line across the plot


def test_the_path_is_explained_in_the_legend_and_the_text_alternative() -> None:
    root = with_path()
    legend = " ".join(e.text or "" for e in root.iter(NS + "text"))
    assert "Lige vej mod målet" in legend and "Mål (2. halvår 2010): 50,0 %" in legend
    assert "Den lige vej fra udgangspunktet 46,0 % (2. halvår 2006) til målet 50,0 % " in (
        root.findtext(NS + "desc") or ""
    )


def test_an_annual_series_is_joined_across_its_empty_half_years() -> None:
    assert len(elements(trend(ANNUAL), "polyline", "chart-line")) == 0  # isolated dots
    (line,) = elements(trend(ANNUAL, joined=True), "polyline", "chart-line")
    assert len((line.get("points") or "").split()) == 3
    values = [p.value for p in ANNUAL]
    spark = sparkline(values, id_prefix="s", locale="da", label="TRY-01", joined=True)
    assert str(spark).count("<polyline") == 1


def test_a_long_title_is_wrapped_never_clipped() -> None:
    root = trend(title=LONG)
    rows = elements(root, "text", "chart-title")
    width = float(root.get("width", ""))
    assert len(rows) > 1
    assert " ".join(r.text or "" for r in rows) == LONG
    assert all(svg.text_width(r.text or "", 15, bold=True) <= width for r in rows)
    ys = [float(r.get("y", "")) for r in rows]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)  # one row under the other
    (frame_top,) = {float(g.get("y2", "")) for g in elements(root, "line", "chart-grid")[-1:]}
    assert frame_top > ys[-1]  # the plot starts below the title


def long_trend() -> ET.Element:
    return trend(title=LONG, target=D("50.0"), baseline=D("46.0"), path=("2006-H2", "2010-H2"))


def dial() -> ET.Element:
    caption = "24 af 26 indikatorer kan vurderes"
    markup = gauge(D("0.2"), "yellow", id_prefix="g", locale="da", label="B", caption=caption)
    return ET.fromstring(str(markup))  # noqa: S314 - our own output


@pytest.mark.parametrize("chart", [long_trend, trend, dial])
def test_no_text_is_smaller_than_12_px_and_the_chart_fits_a_phone(
    chart: Callable[[], ET.Element],
) -> None:
    root = chart()
    sizes = [float(t.get("font-size", "0")) for t in root.iter(NS + "text")]
    assert sizes and min(sizes) >= 12
    assert float(root.get("width", "")) <= 360  # drawn at 1:1 or larger on a 360 px phone


def test_the_stylesheet_never_draws_a_trend_chart_narrower_than_its_own_width() -> None:
    css = (ROOT / "static/css/app.css").read_text(encoding="utf-8")
    rule = re.search(r"\.chart-trend\s*\{([^}]*)\}", css)
    assert rule and "min-width: 360px" in rule.group(1)
