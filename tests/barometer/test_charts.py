"""Tests for the server-side SVG charts (barometer/charts.py)."""

from __future__ import annotations

import io
import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pypdf
import pytest
import weasyprint
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from barometer.charts import (
    PALETTE,
    SeriesPoint,
    gauge,
    nice_ticks,
    sparkline,
    status_badge_symbol,
    trend_chart,
)
from barometer.status import Colour, GroupColour

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def point(period: str, value: str | None) -> SeriesPoint:
    year, half = period.split("-H")
    return SeriesPoint(period, None if value is None else D(value), f"{half}. halvår {year}")


SERIES = [
    point("2007-H1", "46.4"),
    point("2007-H2", "46.9"),
    point("2008-H1", "47.1"),
    point("2008-H2", "47.5"),
    point("2009-H1", "47.9"),
]
GAPPED = [*SERIES[:2], point("2008-H1", None), *SERIES[3:]]


def trend(
    locale: str = "da", id_prefix: str = "trend", points: list[SeriesPoint] = SERIES, **kwargs: Any
) -> str:
    options = {"title": "Beskæftigelse", "unit_suffix": " %"} | kwargs
    return str(trend_chart(points, id_prefix=id_prefix, locale=locale, **options))


def dial(score: Decimal | None, colour: str, locale: str = "da", id_prefix: str = "gauge") -> str:
    return str(
        gauge(score, colour, id_prefix=id_prefix, locale=locale, label="Beskæftigelse",
              caption="4 af 6 indikatorer kan vurderes")
    )  # fmt: skip


def spark(
    locale: str = "da", id_prefix: str = "spark", values: list | None = None, **kwargs: Any
) -> str:
    values = [p.value for p in SERIES] if values is None else values
    return str(sparkline(values, id_prefix=id_prefix, locale=locale, label="B", **kwargs))


CHARTS: dict[str, Callable[[str], str]] = {
    "trend": lambda locale: trend(locale, points=GAPPED, target=D(50), baseline=D(46)),
    "trend-empty": lambda locale: trend(locale, points=[]),
    "sparkline": spark,
    "gauge": lambda locale: dial(D("0.5"), "green", locale),
    "gauge-none": lambda locale: dial(None, "not_assessable", locale),
}
EVERY_CHART = pytest.mark.parametrize(
    ("kind", "locale"), [(kind, locale) for kind in CHARTS for locale in ("da", "en")]
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def find_all(svg: str, tag: str, cls: str | None = None) -> list[ET.Element]:
    found = parse(svg).iter(SVG + tag)
    return [e for e in found if cls is None or cls in e.get("class", "").split()]


def desc(svg: str) -> str:
    return parse(svg).findtext(SVG + "desc") or ""


def texts(svg: str) -> list[str]:
    return [e.text or "" for e in parse(svg).iter(SVG + "text")]


# ---------------------------------------------------------------- every chart


@EVERY_CHART
def test_chart_is_an_image_named_by_its_title_and_described_by_its_desc(
    kind: str, locale: str
) -> None:
    root = parse(CHARTS[kind](locale))
    title, description = root.find(SVG + "title"), root.find(SVG + "desc")
    assert root.get("role") == "img"
    assert title is not None and description is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == description.get("id")
    assert title.text and description.text


@EVERY_CHART
def test_chart_has_no_inline_style_and_no_script(kind: str, locale: str) -> None:
    svg = CHARTS[kind](locale).lower()
    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg
    assert not re.search(r"\son\w+=", svg)  # no event handlers either


@EVERY_CHART
def test_chart_parses_as_xml_with_a_viewbox(kind: str, locale: str) -> None:
    root = parse(CHARTS[kind](locale))
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


@EVERY_CHART
def test_chart_output_is_deterministic(kind: str, locale: str) -> None:
    assert CHARTS[kind](locale) == CHARTS[kind](locale)


def test_charts_are_markup_safe_to_embed_in_templates() -> None:
    charts = [
        trend_chart(SERIES, id_prefix="t", locale="da", title="T"),
        sparkline([D(1)], id_prefix="s", locale="da", label="S"),
        gauge(D(0), "yellow", id_prefix="g", locale="da", label="G", caption="C"),
    ]
    assert all(isinstance(chart, Markup) for chart in charts)


@EVERY_CHART
def test_every_text_names_the_font_and_a_fill(kind: str, locale: str) -> None:
    for text in find_all(CHARTS[kind](locale), "text"):
        assert text.get("font-family") == "DejaVu Sans, IBM Plex Sans, Arial, sans-serif"
        assert text.get("fill", "").startswith("#")


@EVERY_CHART
def test_arcs_have_a_nonzero_radius(kind: str, locale: str) -> None:
    for path in find_all(CHARTS[kind](locale), "path"):
        for rx, ry in re.findall(r"A\s*([-\d.]+)[ ,]+([-\d.]+)", path.get("d", "")):
            assert float(rx) > 0 and float(ry) > 0


def test_different_id_prefixes_give_different_ids() -> None:
    first, second = trend(id_prefix="area-1"), trend(id_prefix="area-2")
    ids = {e.get("id") for e in parse(first).iter() if e.get("id")}
    other = {e.get("id") for e in parse(second).iter() if e.get("id")}
    assert ids == {"area-1-title", "area-1-desc"}
    assert not ids & other


def test_charts_with_distinct_prefixes_have_unique_ids_on_one_page() -> None:
    page = trend(id_prefix="a") + dial(D(0), "yellow", id_prefix="b") + spark(id_prefix="c")
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 6


@pytest.mark.parametrize("prefix", ["", "1abc", 'a" onload="x', "a b", "a<b"])
def test_unsafe_id_prefix_is_rejected(prefix: str) -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        trend(id_prefix=prefix)


def test_unsupported_locale_is_rejected() -> None:
    with pytest.raises(ValueError, match="locale"):
        trend("de")


def test_text_is_escaped() -> None:
    svg = trend(title='Ø & <b>"x"</b>')
    assert (parse(svg).findtext(SVG + "title") or "").startswith('Ø & <b>"x"</b>, 2007')
    assert "<b>" not in svg


# ---------------------------------------------------------------- trend chart


def test_trend_title_and_desc_in_danish_use_decimal_comma() -> None:
    svg = trend("da", target=D(50), target_label="Mål 2010")
    title = parse(svg).findtext(SVG + "title")
    assert title == "Beskæftigelse, 2007–2009: fra 46,4 % til 47,9 %, mål 50,0 %"
    assert desc(svg) == (
        "Beskæftigelse. Første måling (1. halvår 2007): 46,4 %. "
        "Seneste måling (1. halvår 2009): 47,9 %. Laveste værdi: 46,4 % (1. halvår 2007). "
        "Højeste værdi: 47,9 % (1. halvår 2009). Mål 2010: 50,0 %. Højere er bedre."
    )


def test_trend_desc_in_english_uses_decimal_point() -> None:
    points = [SeriesPoint("2007-H1", D("46.4"), "1st half 2007"),
              SeriesPoint("2007-H2", D("45.9"), "2nd half 2007")]  # fmt: skip
    svg = trend("en", points=points, unit_suffix="%", target=D(40), direction=-1)
    assert desc(svg) == (
        "Beskæftigelse. First measurement (1st half 2007): 46.4%. "
        "Latest measurement (2nd half 2007): 45.9%. Lowest value: 45.9% (2nd half 2007). "
        "Highest value: 46.4% (1st half 2007). Target: 40.0%. Lower is better."
    )


def test_trend_title_summarises_the_data_in_english_with_a_decimal_point() -> None:
    svg = trend("en", points=GAPPED, unit_suffix="%", target=D(50))
    title = parse(svg).findtext(SVG + "title")
    assert title == "Beskæftigelse, 2007–2009: from 46.4% to 47.9%, target 50.0%"


def test_trend_title_of_one_value_or_none_says_so() -> None:
    assert parse(trend(points=SERIES[:1])).findtext(SVG + "title") == "Beskæftigelse, 2007: 46,4 %"
    assert parse(trend(points=[])).findtext(SVG + "title") == "Beskæftigelse: ingen målinger"


def test_gauge_title_names_the_colour_score_and_coverage() -> None:
    title = parse(dial(D("0.48"), "green")).findtext(SVG + "title")
    assert title == "Beskæftigelse: Grøn, score 0,48 (4 af 6 indikatorer kan vurderes)"
    title = parse(dial(None, "not_assessable", "en")).findtext(SVG + "title")
    assert title == "Beskæftigelse: Not assessable (4 af 6 indikatorer kan vurderes)"


def test_trend_desc_names_missing_periods() -> None:
    assert desc(trend("da", points=GAPPED)).endswith("Ingen værdi for 1. halvår 2008.")


def test_trend_desc_names_the_baseline() -> None:
    assert "Baseline: 46.0%." in desc(trend("en", unit_suffix="%", baseline=D(46)))


def test_trend_title_is_visible_text() -> None:
    assert "Beskæftigelse" in texts(trend())


def test_trend_shows_the_desired_direction() -> None:
    assert "↑ Højere er bedre" in texts(trend("da"))
    assert "↓ Lower is better" in texts(trend("en", direction=-1))


def test_trend_rejects_a_direction_other_than_plus_or_minus_one() -> None:
    with pytest.raises(ValueError, match="direction"):
        trend(direction=0)


def test_contiguous_values_draw_one_polyline() -> None:
    assert len(find_all(trend(), "polyline", "chart-line")) == 1


def test_none_value_breaks_the_line_into_two_polylines() -> None:
    lines = find_all(trend(points=GAPPED), "polyline", "chart-line")
    assert [len(line.get("points", "").split()) for line in lines] == [2, 2]


def test_isolated_value_gets_a_dot_but_no_line() -> None:
    points = [SERIES[0], point("2007-H2", None), SERIES[2]]
    svg = trend(points=points)
    assert find_all(svg, "polyline") == []
    assert len(find_all(svg, "circle", "chart-dot")) == 2


def test_one_dot_per_value_with_its_label_and_value() -> None:
    dots = find_all(trend(points=GAPPED), "circle", "chart-dot")
    assert [d.findtext(SVG + "title") for d in dots] == [
        "1. halvår 2007: 46,4 %",
        "2. halvår 2007: 46,9 %",
        "2. halvår 2008: 47,5 %",
        "1. halvår 2009: 47,9 %",
    ]


def test_higher_values_are_drawn_higher() -> None:
    ys = [float(d.get("cy", "")) for d in find_all(trend(), "circle", "chart-dot")]
    assert ys == sorted(ys, reverse=True)


def test_target_line_is_dashed_and_labelled() -> None:
    svg = trend(target=D(50), target_label="Mål 2010")
    (line,) = find_all(svg, "line", "chart-target")
    assert line.get("stroke-dasharray")
    assert line.get("y1") == line.get("y2")
    assert "Mål 2010: 50,0 %" in texts(svg)


def test_legend_samples_match_the_target_and_baseline_lines() -> None:
    svg = trend(target=D(50), baseline=D(46))
    for kind in ("target", "baseline"):
        (line,) = find_all(svg, "line", f"chart-{kind}")
        (sample,) = find_all(svg, "line", f"chart-legend-{kind}")
        assert sample.get("stroke-dasharray") == line.get("stroke-dasharray")
        assert sample.get("stroke") == line.get("stroke")


def test_target_label_defaults_to_the_word_for_target() -> None:
    assert "Target: 50.0%" in texts(trend("en", unit_suffix="%", target=D(50)))


def test_no_target_line_without_a_target() -> None:
    assert find_all(trend(), "line", "chart-target") == []


def test_baseline_marker_is_drawn_and_labelled() -> None:
    svg = trend(baseline=D(46))
    assert len(find_all(svg, "line", "chart-baseline")) == 1
    assert "Udgangspunkt: 46,0 %" in texts(svg)


def test_target_outside_the_data_extends_the_axis() -> None:
    svg = trend(target=D(55))
    (line,) = find_all(svg, "line", "chart-target")
    grid = [float(g.get("y1", "")) for g in find_all(svg, "line", "chart-grid")]
    assert min(grid) <= float(line.get("y1", "")) <= max(grid)


def test_y_tick_labels_share_the_step_decimals_with_a_danish_comma() -> None:
    points = [point("2007-H1", "0.2"), point("2007-H2", "1.1")]
    labels = [e.text for e in find_all(trend(points=points), "text", "chart-tick-label")]
    assert labels == ["0,00 %", "0,25 %", "0,50 %", "0,75 %", "1,00 %", "1,25 %"]


def test_x_labels_are_short_period_labels() -> None:
    labels = [e.text for e in find_all(trend(), "text", "chart-x-label")]
    assert labels == ["07 H1", "07 H2", "08 H1", "08 H2", "09 H1"]


def test_crowded_x_labels_show_every_other_ending_with_the_last() -> None:
    periods = [f"{y}-H{h}" for y in range(2000, 2005) for h in (1, 2)]
    points = [point(p, "1") for p in periods]
    labels = [e.text for e in find_all(trend(points=points, width=400), "text", "chart-x-label")]
    assert labels == ["00 H2", "01 H2", "02 H2", "03 H2", "04 H2"]


def test_very_crowded_x_labels_thin_out_further() -> None:
    points = [point(f"{y}-H{h}", "1") for y in range(2000, 2020) for h in (1, 2)]
    labels = find_all(trend(points=points, width=400), "text", "chart-x-label")
    assert 0 < len(labels) <= 40 / 3
    assert labels[-1].text == "19 H2"


def test_trend_without_values_says_so() -> None:
    svg = trend("en", points=[point("2007-H1", None)])
    assert "No measurements." in desc(svg)
    assert find_all(svg, "circle") == []


# ---------------------------------------------------------------- gauge


def needle_vector(svg: str) -> tuple[float, float]:
    (needle,) = find_all(svg, "line", "chart-gauge-needle")
    x1, y1, x2, y2 = (float(needle.get(k, "")) for k in ("x1", "y1", "x2", "y2"))
    return x2 - x1, y2 - y1


@pytest.mark.parametrize(
    ("score", "direction"), [("-1", (-1, 0)), ("0", (0, -1)), ("1", (1, 0)), ("0.5", (1, -1))]
)
def test_gauge_needle_points_at_the_score(score: str, direction: tuple[int, int]) -> None:
    dx, dy = needle_vector(dial(D(score), "yellow"))
    length = math.hypot(dx, dy)
    assert length > 0
    expected = math.hypot(*direction)
    assert dx / length == pytest.approx(direction[0] / expected, abs=1e-3)
    assert dy / length == pytest.approx(direction[1] / expected, abs=1e-3)


def test_gauge_needle_for_minus_one_zero_and_one_has_exact_coordinates() -> None:
    ends = [find_all(dial(D(s), "red"), "line", "chart-gauge-needle")[0] for s in (-1, 0, 1)]
    assert [(e.get("x2"), e.get("y2")) for e in ends] == [
        ("32", "78"),
        ("100", "10"),
        ("168", "78"),
    ]
    assert {(e.get("x1"), e.get("y1")) for e in ends} == {("100", "78")}


def test_gauge_needle_is_clamped_to_the_scale() -> None:
    assert needle_vector(dial(D(3), "green")) == needle_vector(dial(D(1), "green"))


def test_gauge_without_score_has_no_needle_and_says_not_assessable() -> None:
    svg = dial(None, "not_assessable")
    assert find_all(svg, "line", "chart-gauge-needle") == []
    assert "Kan ikke vurderes" in texts(svg)
    assert desc(svg) == "Beskæftigelse: Kan ikke vurderes. 4 af 6 indikatorer kan vurderes."


def test_gauge_not_assessable_in_english() -> None:
    assert "Not assessable" in texts(dial(None, "not_assessable", "en"))


def test_gauge_with_a_score_but_not_assessable_shows_no_needle() -> None:
    assert find_all(dial(D("0.5"), "not_assessable"), "line", "chart-gauge-needle") == []


@pytest.mark.parametrize(
    ("colour", "locale", "word"),
    [
        ("green", "da", "Grøn"),
        ("yellow", "da", "Gul"),
        ("red", "da", "Rød"),
        ("green", "en", "Green"),
        ("yellow", "en", "Yellow"),
        ("red", "en", "Red"),
    ],
)
def test_gauge_prints_the_colour_word(colour: str, locale: str, word: str) -> None:
    (text,) = find_all(dial(D(0), colour, locale), "text", "chart-gauge-word")
    assert text.text == word
    assert text.get("fill") == PALETTE[colour]


def test_gauge_accepts_group_colour_enum() -> None:
    assert "Gul" in texts(dial(D(0), GroupColour.YELLOW))


def test_gauge_desc_gives_the_score_with_decimal_comma() -> None:
    assert desc(dial(D("0.5"), "green")) == (
        "Beskæftigelse: Grøn. Score 0,50 på en skala fra -1 til +1. "
        "4 af 6 indikatorer kan vurderes."
    )


def test_gauge_shows_the_caption_wrapped_rather_than_clipped() -> None:
    captions = find_all(dial(D(0), "yellow"), "text", "chart-gauge-caption")
    assert " ".join(e.text or "" for e in captions) == "4 af 6 indikatorer kan vurderes"


def test_gauge_draws_three_bands() -> None:
    bands = find_all(dial(D(0), "yellow"), "path", "chart-gauge-band")
    assert [b.get("fill") for b in bands] == [PALETTE["red"], "#f2c94c", PALETTE["green"]]


def test_gauge_rejects_an_unknown_colour() -> None:
    with pytest.raises(ValueError, match="colour"):
        dial(D(0), "blue")


# ---------------------------------------------------------------- sparkline


def test_sparkline_title_is_label_and_last_value() -> None:
    assert parse(spark("da", unit_suffix=" %")).findtext(SVG + "title") == "B: 47,9 %"
    assert parse(spark("en")).findtext(SVG + "title") == "B: 47.9"


def test_sparkline_desc_summarises_the_series() -> None:
    assert desc(spark("da")) == "B. 5 målinger, fra 46,4 til 47,9."


def test_sparkline_emphasises_the_last_value() -> None:
    svg = spark(values=[D(1), D(3), D(2), None])
    (last,) = find_all(svg, "circle", "chart-spark-last")
    line = find_all(svg, "polyline", "chart-spark-line")[0]
    assert f"{last.get('cx')},{last.get('cy')}" == line.get("points", "").split()[-1]


def test_sparkline_breaks_at_missing_values() -> None:
    assert len(find_all(spark(values=[D(1), D(2), None, D(3), D(4)]), "polyline")) == 2


def test_sparkline_without_values_says_no_data() -> None:
    svg = spark("en", values=[None, None])
    assert parse(svg).findtext(SVG + "title") == "B: no data"
    assert find_all(svg, "circle") == []


def test_sparkline_flat_series_sits_mid_height() -> None:
    (last,) = find_all(spark(values=[D(5), D(5)]), "circle", "chart-spark-last")
    assert last.get("cy") == "14"


@pytest.mark.parametrize(("colour", "stroke"), [("red", "#b3261e"), (None, "#1f4e79")])
def test_sparkline_colour_by_status_name(colour: str | None, stroke: str) -> None:
    (line,) = find_all(spark(colour=colour), "polyline")
    assert line.get("stroke") == stroke


def test_sparkline_rejects_an_unsafe_colour() -> None:
    with pytest.raises(ValueError, match="colour"):
        spark(colour='red" onload="alert(1)')


# ---------------------------------------------------------------- symbols and palette


@pytest.mark.parametrize(
    ("colour", "symbol"),
    [
        ("green", "▲"),
        ("yellow", "●"),
        ("red", "▼"),
        ("grey", "–"),
        ("first", "○"),
        (Colour.GREEN, "▲"),
        (GroupColour.NOT_ASSESSABLE, "–"),
    ],
)
def test_status_badge_symbol(colour: str, symbol: str) -> None:
    assert status_badge_symbol(colour) == symbol


def test_status_badge_symbol_rejects_an_unknown_colour() -> None:
    with pytest.raises(ValueError, match="purple"):
        status_badge_symbol("purple")


def contrast_on_white(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


@pytest.mark.parametrize("name", ["green", "yellow", "red", "grey", "ink", "muted", "line"])
def test_palette_text_colours_meet_wcag_aa_on_white(name: str) -> None:
    assert contrast_on_white(PALETTE[name]) >= 4.5


# ---------------------------------------------------------------- nice_ticks


def test_nice_ticks_cover_the_range_with_a_nice_step() -> None:
    assert nice_ticks(D("46.4"), D("47.9")) == [D(46), D("46.5"), D(47), D("47.5"), D(48)]


def test_nice_ticks_for_a_round_range() -> None:
    assert nice_ticks(D(0), D(100)) == [D(0), D(25), D(50), D(75), D(100)]


def test_nice_ticks_with_negative_values() -> None:
    assert nice_ticks(D(-3), D(7)) == [D(-5), D("-2.5"), D(0), D("2.5"), D(5), D("7.5")]


def test_nice_ticks_all_negative() -> None:
    assert nice_ticks(D(-12), D(-1)) == [D(-15), D(-10), D(-5), D(0)]


def test_nice_ticks_when_lo_equals_hi() -> None:
    ticks = nice_ticks(D(50), D(50))
    assert ticks[0] < D(50) < ticks[-1]
    assert 4 <= len(ticks) <= 6


def test_nice_ticks_when_both_are_zero() -> None:
    ticks = nice_ticks(D(0), D(0))
    assert ticks[0] < 0 < ticks[-1]


def test_nice_ticks_accepts_reversed_bounds() -> None:
    assert nice_ticks(D(10), D(0)) == nice_ticks(D(0), D(10))


def test_nice_ticks_has_no_exponent_notation_or_negative_zero() -> None:
    assert [str(t) for t in nice_ticks(D(-10), D(30))] == ["-10", "0", "10", "20", "30"]


def test_nice_ticks_rejects_a_count_below_two() -> None:
    with pytest.raises(ValueError, match="count"):
        nice_ticks(D(0), D(1), count=1)


NICE_MANTISSAS = {D(1), D(2), D("2.5"), D(5)}
decimals = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)


@given(decimals, decimals)
def test_nice_ticks_property_cover_nice_step_four_to_six(a: Decimal, b: Decimal) -> None:
    ticks = nice_ticks(a, b)
    steps = {y - x for x, y in itertools.pairwise(ticks)}
    (step,) = steps
    assert ticks[0] <= min(a, b) and ticks[-1] >= max(a, b)
    assert 4 <= len(ticks) <= 6
    assert step.scaleb(-step.adjusted()).normalize() in NICE_MANTISSAS


# ---------------------------------------------------------------- PDF


def test_weasyprint_renders_the_charts_with_their_text_into_a_pdf(tmp_path) -> None:
    chart = trend(points=GAPPED, title="Beskæftigelsesfrekvens (æøå)", target=D(50))
    page = (
        '<!doctype html><html lang="da"><head><meta charset="utf-8"></head><body>'
        f"<h1>Barometer</h1><figure>{chart}</figure>"
        f"<figure>{dial(D('0.5'), 'green')}</figure></body></html>"
    )
    pdf = weasyprint.HTML(string=page, base_url=str(tmp_path)).write_pdf()
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Beskæftigelsesfrekvens (æøå)" in text
    assert "Grøn" in text
    assert "Mål: 50,0 %" in text
