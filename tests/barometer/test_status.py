"""Table tests for the default status method (domain.md, "The reading").

The standard case used throughout: a percent indicator, higher is better, one decimal,
baseline 46.0 % in 2006-H2 (t0 = 2006.5) and a target of 50.0 % by 2010-H2 (tT = 2010.5),
so the straight path rises 1.0 point a year: E(2008-H2) = 48.0, E(2007-H2) = 47.0.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from barometer.period import Period
from barometer.status import (
    NOT_AN_EVALUATION,
    Colour,
    Criterion,
    GroupColour,
    IndicatorInput,
    IndicatorStatus,
    Kind,
    MethodParameters,
    Progress,
    Structure,
    Text,
    compute_reading,
    group_reading,
    indicator_status,
    roll_up,
)
from barometer.status_text import PHRASES

D = Decimal
H = Period.parse
TARGET = Criterion(D("50.0"), Period.target_year(2010))


def make(
    values: dict[str, str],
    *,
    baseline: tuple[str, str] | None = ("46.0", "2006-H2"),
    direction: int = 1,
    decimals: int = 1,
    unit: str = "percent",
    criterion: Criterion | None = None,
    min_change: str | None = None,
    reasons: dict[str, str] | None = None,
    kind: Kind = Kind.EFFECT,
    code: str = "E1",
) -> IndicatorInput:
    return IndicatorInput(
        code=code,
        kind=kind,
        direction=direction,
        decimals=decimals,
        unit=unit,
        baseline_value=D(baseline[0]) if baseline else None,
        baseline_period=H(baseline[1]) if baseline else None,
        values={H(p): D(v) for p, v in values.items()},
        missing_reasons={H(p): r for p, r in (reasons or {}).items()},
        min_change=D(min_change) if min_change else None,
        criterion=criterion,
    )


def status(values: dict[str, str], period: str, **options: object) -> IndicatorStatus:
    return indicator_status(make(values, **options), H(period))  # type: ignore[arg-type]


def progress_at(value: str, period: str = "2008-H2", **options: object) -> IndicatorStatus:
    options.setdefault("criterion", TARGET)
    return status({period: value}, period, **options)


# --- Movement -------------------------------------------------------------------------


def test_rise_when_higher_is_better_is_green() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "47.9"}, "2007-H2")
    assert (s.movement, s.change, s.previous_period) == (Colour.GREEN, D("1.5"), H("2007-H1"))


def test_fall_when_higher_is_better_is_red() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "45.0"}, "2007-H2")
    assert (s.movement, s.change) == (Colour.RED, D("-1.4"))


def test_fall_when_lower_is_better_is_green() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "45.0"}, "2007-H2", direction=-1)
    assert s.movement == Colour.GREEN


def test_without_an_earlier_value_movement_compares_with_the_baseline() -> None:
    s = status({"2007-H1": "46.4"}, "2007-H1")
    assert s.movement == Colour.GREEN
    assert (s.previous_value, s.previous_period, s.compared_with_baseline) == (
        D("46.0"),
        None,
        True,
    )


def test_without_earlier_value_or_baseline_it_is_the_first_measurement() -> None:
    s = status({"2007-H1": "46.4"}, "2007-H1", baseline=None)
    assert (s.movement, s.change, s.previous_value) == (Colour.FIRST, None, None)
    assert not s.compared_with_baseline


def test_baseline_of_the_same_period_is_not_a_previous_value() -> None:
    s = status({"2006-H2": "46.2"}, "2006-H2")
    assert s.movement == Colour.FIRST


def test_values_equal_after_rounding_are_yellow() -> None:
    s = status({"2007-H1": "46.44", "2007-H2": "46.36"}, "2007-H2")
    assert (s.movement, s.change, s.value) == (Colour.YELLOW, D("0.0"), D("46.4"))


def test_values_are_rounded_half_up() -> None:
    assert status({"2007-H1": "46.45"}, "2007-H1").value == D("46.5")


def test_change_exactly_at_the_default_minimum_is_coloured() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "46.5"}, "2007-H2")
    assert s.movement == Colour.GREEN


def test_change_exactly_at_a_custom_minimum_is_coloured() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "45.9"}, "2007-H2", min_change="0.5")
    assert s.movement == Colour.RED


def test_change_just_below_the_minimum_is_yellow() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "46.8"}, "2007-H2", min_change="0.5")
    assert (s.movement, s.change) == (Colour.YELLOW, D("0.4"))


def test_default_minimum_is_one_unit_of_the_last_decimal() -> None:
    assert make({}, decimals=2).minimum_change == D("0.01")
    assert make({}, decimals=0).minimum_change == D(1)


def test_annual_indicator_compares_with_its_last_value_skipping_empty_half_years() -> None:
    s = status({"2007-H2": "46.4", "2008-H2": "47.0"}, "2008-H2")
    assert (s.previous_period, s.previous_value, s.movement) == (
        H("2007-H2"),
        D("46.4"),
        Colour.GREEN,
    )


def test_no_value_for_the_period_is_grey_with_the_reason() -> None:
    reasons = {"2008-H1": "Annual survey; no H1 measurement"}
    s = status({"2007-H2": "46.4"}, "2008-H1", reasons=reasons)
    assert (s.movement, s.since_baseline, s.value, s.change) == (
        Colour.GREY,
        Colour.GREY,
        None,
        None,
    )
    assert s.movement_text.en == "No value for 1st half 2008: Annual survey; no H1 measurement."


def test_grey_without_a_reason_says_none_was_reported() -> None:
    s = status({}, "2008-H1")
    assert s.movement_text == Text(
        da="Ingen værdi for 1. halvår 2008: ingen indberettet.",
        en="No value for 1st half 2008: none reported.",
    )


def test_baseline_is_used_when_it_is_newer_than_the_last_measurement() -> None:
    s = status({"2006-H1": "40.0", "2007-H1": "46.4"}, "2007-H1")
    assert (s.previous_value, s.compared_with_baseline) == (D("46.0"), True)


def test_a_measurement_in_the_baseline_period_wins_over_the_baseline_figure() -> None:
    s = status({"2006-H2": "45.0", "2007-H1": "46.4"}, "2007-H1")
    assert (s.previous_value, s.previous_period) == (D("45.0"), H("2006-H2"))


# --- Since baseline -----------------------------------------------------------------


def test_since_baseline_compares_with_the_baseline_not_the_previous_value() -> None:
    s = status({"2007-H1": "48.0", "2007-H2": "47.0"}, "2007-H2")
    assert (s.movement, s.since_baseline, s.change_since_baseline) == (
        Colour.RED,
        Colour.GREEN,
        D("1.0"),
    )


def test_since_baseline_without_a_baseline_is_first() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "47.0"}, "2007-H2", baseline=None)
    assert (s.since_baseline, s.change_since_baseline) == (Colour.FIRST, None)


def test_since_baseline_in_the_baseline_period_is_first() -> None:
    s = status({"2006-H2": "46.0"}, "2006-H2")
    assert s.since_baseline == Colour.FIRST
    assert s.since_baseline_text.en == "The baseline is 2nd half 2006; nothing to compare with yet."


def test_since_baseline_unchanged_is_yellow() -> None:
    assert status({"2008-H1": "46.0"}, "2008-H1").since_baseline == Colour.YELLOW


# --- Progress towards the success criterion -----------------------------------------


@pytest.mark.parametrize(
    ("value", "progress", "ratio"),
    [
        ("47.9", Progress.ON_TRACK, "0.9500"),  # 1.9 / 2.0, exactly at the threshold
        ("48.6", Progress.ON_TRACK, "1.3000"),
        ("47.8", Progress.TOO_SLOW, "0.9000"),
        ("47.2", Progress.TOO_SLOW, "0.6000"),  # exactly at the lower threshold
        ("47.1", Progress.LIMITED, "0.5500"),
        ("46.0", Progress.LIMITED, "0.0000"),  # no progress at all is still not away
        ("45.9", Progress.MOVING_AWAY, "-0.0500"),
    ],
)
def test_progress_classes_by_ratio(value: str, progress: Progress, ratio: str) -> None:
    s = progress_at(value)
    assert (s.progress, s.progress_ratio, s.expected_value) == (progress, D(ratio), D("48.0"))


def test_progress_classes_when_lower_is_better() -> None:
    # Baseline 14.0 towards 10.0: E(2008-H2) = 12.0; 12.2 is 1.8 / 2.0 = 0.9 of the way.
    target = Criterion(D("10.0"), Period.target_year(2010))
    s = progress_at("12.2", baseline=("14.0", "2006-H2"), direction=-1, criterion=target)
    assert (s.progress, s.progress_ratio) == (Progress.TOO_SLOW, D("0.9000"))


def test_reaching_the_target_exactly_counts_as_met() -> None:
    assert progress_at("50.0").progress == Progress.TARGET_MET


def test_target_met_overrides_the_ratio_classes() -> None:
    # Ratio 4.1 / 2.0 would be "on track"; meeting the target says more.
    s = progress_at("50.1")
    assert (s.progress, s.progress_ratio) == (Progress.TARGET_MET, D("2.0500"))


def test_target_met_when_lower_is_better_means_at_or_below_it() -> None:
    target = Criterion(D("10.0"), Period.target_year(2010))
    s = progress_at("9.8", baseline=("14.0", "2006-H2"), direction=-1, criterion=target)
    assert s.progress == Progress.TARGET_MET


def test_target_met_with_a_red_movement_is_met_but_slipping() -> None:
    values = {"2008-H1": "51.0", "2008-H2": "50.5"}
    s = status(values, "2008-H2", criterion=TARGET)
    assert (s.movement, s.progress) == (Colour.RED, Progress.MET_BUT_SLIPPING)


def test_target_met_with_a_yellow_movement_is_not_slipping() -> None:
    values = {"2008-H1": "50.5", "2008-H2": "50.5"}
    assert status(values, "2008-H2", criterion=TARGET).progress == Progress.TARGET_MET


def test_no_ratio_in_the_baseline_period() -> None:
    s = progress_at("46.2", period="2006-H2")
    assert (s.progress, s.progress_ratio, s.expected_value) == (Progress.NO_RATIO, None, None)


def test_no_ratio_when_the_target_equals_the_baseline() -> None:
    target = Criterion(D("46.0"), Period.target_year(2010))
    assert progress_at("45.0", criterion=target).progress == Progress.NO_RATIO


def test_no_ratio_without_a_baseline() -> None:
    assert progress_at("47.0", baseline=None).progress == Progress.NO_RATIO


def test_after_the_target_period_the_expected_value_stays_at_the_target() -> None:
    # Clamped: E = 50.0, P = 3.8 / 4.0 = 0.95. Unclamped E(2011.5) = 51.0 would give 0.76.
    s = progress_at("49.8", period="2011-H2")
    assert (s.progress, s.progress_ratio, s.expected_value) == (
        Progress.ON_TRACK,
        D("0.9500"),
        D("50.0"),
    )


def test_ratio_is_compared_exactly_not_through_an_inexact_division() -> None:
    # t0 = 2006.5, tT = 2008.0, t = 2007.0: a third of the way; E - v0 = 1/3 of 1.0 point.
    # P = 0.2 / (1/3) = 0.6 exactly: too slow, not limited.
    target = Criterion(D("47.0"), H("2008-H1"))
    s = progress_at("46.2", period="2007-H1", criterion=target)
    assert (s.progress, s.progress_ratio) == (Progress.TOO_SLOW, D("0.6000"))


def test_ratio_is_rounded_for_display_only() -> None:
    # P = 1.8999 / 2.0 = 0.94995 shows as 0.9500 but is below 0.95: too slow.
    target = Criterion(D("50"), Period.target_year(2010))
    s = progress_at("47.8999", baseline=("46", "2006-H2"), decimals=4, criterion=target)
    assert (s.progress, s.progress_ratio) == (Progress.TOO_SLOW, D("0.9500"))


def test_no_criterion_gives_no_progress_class() -> None:
    s = status({"2008-H2": "47.0"}, "2008-H2")
    assert (s.progress, s.progress_ratio) == (Progress.NO_CRITERION, None)


def test_no_value_gives_no_data_for_progress() -> None:
    assert status({}, "2008-H2", criterion=TARGET).progress == Progress.NO_DATA


def test_custom_thresholds_change_the_progress_class() -> None:
    params = MethodParameters(on_track=D("0.90"), too_slow=D("0.50"))
    s = indicator_status(make({"2008-H2": "47.8"}, criterion=TARGET), H("2008-H2"), params)
    assert s.progress == Progress.ON_TRACK


# --- Explanations -------------------------------------------------------------------


def test_green_movement_text_in_both_languages() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "47.9"}, "2007-H2")
    assert s.movement_text == Text(
        da="Steg fra 46,4 % til 47,9 % (+1,5 procentpoint). Højere er bedre: grøn.",
        en="Rose from 46.4% to 47.9% (+1.5 points). Higher is better: green.",
    )


def test_red_movement_text_when_lower_is_better() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "47.9"}, "2007-H2", direction=-1)
    assert s.movement_text == Text(
        da="Steg fra 46,4 % til 47,9 % (+1,5 procentpoint). Lavere er bedre: rød.",
        en="Rose from 46.4% to 47.9% (+1.5 points). Lower is better: red.",
    )


def test_unchanged_text_names_the_minimum_change() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "46.4"}, "2007-H2")
    assert s.movement_text == Text(
        da="Uændret på 46,4 % (ændringen er mindre end minimum på 0,1 procentpoint): gul.",
        en="Unchanged at 46.4% (change smaller than the minimum of 0.1 points): yellow.",
    )


def test_almost_unchanged_text_shows_the_small_change() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "46.6"}, "2007-H2", min_change="0.25")
    assert s.movement_text.en == (
        "Almost unchanged, from 46.4% to 46.6% (+0.2 points, smaller than the minimum of "
        "0.25 points): yellow."
    )


def test_movement_text_names_the_baseline_when_compared_with_it() -> None:
    s = status({"2007-H1": "45.0"}, "2007-H1")
    assert s.movement_text == Text(
        da="Faldt fra 46,0 % (udgangspunkt, 2. halvår 2006) til 45,0 % (-1,0 procentpoint). "
        "Højere er bedre: rød.",
        en="Fell from 46.0% (baseline, 2nd half 2006) to 45.0% (-1.0 points). "
        "Higher is better: red.",
    )


def test_movement_text_names_an_earlier_period_that_is_not_the_previous_half_year() -> None:
    s = status({"2007-H2": "46.4", "2008-H2": "46.4"}, "2008-H2")
    assert s.movement_text.en == (
        "Unchanged at 46.4%, as in 2nd half 2007 (change smaller than the minimum of "
        "0.1 points): yellow."
    )


def test_first_measurement_text() -> None:
    s = status({"2007-H1": "46.4"}, "2007-H1", baseline=None)
    assert s.movement_text == Text(
        da="Første måling: 46,4 %; intet at sammenligne med.",
        en="First measurement: 46.4%; nothing to compare with.",
    )


def test_since_baseline_text() -> None:
    s = status({"2007-H1": "46.4", "2007-H2": "47.9"}, "2007-H2")
    assert s.since_baseline_text == Text(
        da="Siden udgangspunktet i 2. halvår 2006: steg fra 46,0 % til 47,9 % "
        "(+1,9 procentpoint). Højere er bedre: grøn.",
        en="Since the baseline in 2nd half 2006: rose from 46.0% to 47.9% (+1.9 points). "
        "Higher is better: green.",
    )


def test_progress_text_explains_the_straight_path() -> None:
    assert progress_at("47.9").progress_text == Text(
        da="Forventet nu: 48,0 % på den lige vej fra 46,0 % (2. halvår 2006) til 50,0 % "
        "(2. halvår 2010); opnået 47,9 %, 0,95 gange den forventede fremgang: på rette spor.",
        en="Expected 48.0% by now on the straight path from 46.0% (2nd half 2006) to 50.0% "
        "(2nd half 2010); reached 47.9%, 0.95 times the expected progress: on track.",
    )


def test_progress_text_says_when_the_target_date_has_passed() -> None:
    text = progress_at("48.0", period="2011-H1").progress_text.en
    assert text.startswith("Expected 50.0% by now (the target date has passed) on the")
    assert text.endswith("reached 48.0%, 0.50 times the expected progress: limited progress.")


def test_target_met_text() -> None:
    assert progress_at("50.2").progress_text == Text(
        da="Målet er nået: 50,2 % mod et mål på 50,0 % senest i 2. halvår 2010.",
        en="Target met: 50.2% against a target of 50.0% by 2nd half 2010.",
    )


def test_met_but_slipping_text() -> None:
    s = status({"2008-H1": "51.0", "2008-H2": "50.5"}, "2008-H2", criterion=TARGET)
    assert s.progress_text.en == (
        "Target met (50.5% against a target of 50.0% by 2nd half 2010), but the latest "
        "movement is in the wrong direction: met but slipping."
    )


def test_no_ratio_text_at_the_baseline() -> None:
    assert progress_at("46.2", period="2006-H2").progress_text.en == (
        "No progress ratio yet: the path towards a target of 50.0% by 2nd half 2010 starts at "
        "the baseline (2nd half 2006)."
    )


def test_no_criterion_text() -> None:
    assert status({"2008-H2": "47.0"}, "2008-H2").progress_text == Text(
        da="Indikatoren har intet succeskriterium.",
        en="No success criterion for this indicator.",
    )


@pytest.mark.parametrize(
    ("unit", "decimals", "da", "en"),
    [
        ("count", 0, "Steg fra 1.150 til 1.175 (+25).", "Rose from 1,150 to 1,175 (+25)."),
        (
            "rate_per_1000",
            1,
            "Steg fra 1.150,0 pr. 1.000 til 1.175,0 pr. 1.000 (+25,0 pr. 1.000).",
            "Rose from 1,150.0 per 1,000 to 1,175.0 per 1,000 (+25.0 per 1,000).",
        ),
        ("amount_dkk", 0, "Steg fra 1.150 kr. til 1.175 kr. (+25 kr.).", "Rose from 1,150 DKK"),
        (
            "percentage_points",
            1,
            "Steg fra 1.150,0 procentpoint til 1.175,0 procentpoint (+25,0 procentpoint).",
            "Rose from 1,150.0 points to 1,175.0 points (+25.0 points).",
        ),
        ("index", 1, "Steg fra 1.150,0 til 1.175,0 (+25,0).", "Rose from 1,150.0 to 1,175.0"),
    ],
)
def test_numbers_and_units_are_formatted_per_language(
    unit: str, decimals: int, da: str, en: str
) -> None:
    s = status({"2007-H1": "1150", "2007-H2": "1175"}, "2007-H2", unit=unit, decimals=decimals)
    assert s.movement_text.da.startswith(da)
    assert s.movement_text.en.startswith(en)


def test_text_get_accepts_regional_locales() -> None:
    text = Text(da="dansk", en="english")
    assert (text.get("da_DK"), text.get("en-GB"), text.get("en")) == ("dansk", "english", "english")


def test_text_get_rejects_other_languages() -> None:
    with pytest.raises(ValueError, match="Unsupported locale"):
        Text(da="dansk", en="english").get("de")


def test_every_phrase_has_the_same_placeholders_in_both_languages() -> None:
    def fields(template: str) -> set[str]:
        return set(re.findall(r"{(\w+)}", template))

    for key, danish in PHRASES["da"].items():
        assert fields(danish) == fields(PHRASES["en"][key]), key


def test_caveat_says_it_is_not_an_evaluation_in_both_languages() -> None:
    assert "ikke en evaluering" in NOT_AN_EVALUATION.da
    assert "not an evaluation" in NOT_AN_EVALUATION.en


def test_status_to_dict_is_json_friendly() -> None:
    data = progress_at("47.9").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert (data["value"], data["progress"], data["period"]) == ("47.9", "on_track", "2008-H2")
    assert data["movement_text"]["da"].startswith("Steg fra 46,0 %")


# --- Input validation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"direction": 0}, "direction must be"),
        ({"unit": "furlongs"}, "unknown unit"),
        ({"decimals": -1}, "decimals must not be negative"),
        ({"min_change": "-0.1"}, "min_change must be positive"),
    ],
)
def test_indicator_input_rejects_invalid_settings(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make({}, **options)  # type: ignore[arg-type]


# --- Roll-ups -----------------------------------------------------------------------

TEMPLATE = status({"2007-H1": "46.4", "2007-H2": "47.9"}, "2007-H2")


def statuses(spec: str, kind: Kind = Kind.EFFECT) -> list[IndicatorStatus]:
    """Statuses with the movement colours spelled by spec: G, Y, R, - (grey), F (first)."""
    colours = {"G": Colour.GREEN, "Y": Colour.YELLOW, "R": Colour.RED, "-": Colour.GREY}
    colours["F"] = Colour.FIRST
    return [replace(TEMPLATE, movement=colours[c], kind=kind) for c in spec]


@pytest.mark.parametrize(
    ("spec", "score", "colour"),
    [
        ("GYY", "0.3333", GroupColour.GREEN),  # exactly 1/3
        ("GGGYYYYYYY", "0.3000", GroupColour.YELLOW),  # just below 1/3
        ("RYY", "-0.3333", GroupColour.RED),  # exactly -1/3
        ("RRRYYYYYYY", "-0.3000", GroupColour.YELLOW),  # just above -1/3
        ("GGGG", "1.0000", GroupColour.GREEN),
        ("RRRR", "-1.0000", GroupColour.RED),
        ("GR", "0.0000", GroupColour.YELLOW),
    ],
)
def test_roll_up_score_and_colour_at_the_thresholds(
    spec: str, score: str, colour: GroupColour
) -> None:
    result = roll_up(statuses(spec))
    assert (result.score, result.colour) == (D(score), colour)


def test_roll_up_counts_each_colour() -> None:
    result = roll_up(statuses("GGYR-F"))
    counts = (result.green, result.yellow, result.red, result.grey, result.first)
    assert counts == (2, 1, 1, 1, 1)
    assert (result.total, result.assessable) == (6, 4)


def test_fewer_than_half_assessable_is_not_assessable() -> None:
    result = roll_up(statuses("GG---"))
    assert (result.colour, result.score) == (GroupColour.NOT_ASSESSABLE, D("1.0000"))


def test_exactly_half_assessable_is_assessable() -> None:
    assert roll_up(statuses("GGG--F")).colour == GroupColour.GREEN


def test_first_measurements_are_not_assessable() -> None:
    assert roll_up(statuses("FFFG")).colour == GroupColour.NOT_ASSESSABLE


def test_roll_up_with_nothing_assessable_has_no_score() -> None:
    result = roll_up(statuses("--"))
    assert (result.colour, result.score, result.assessable) == (
        GroupColour.NOT_ASSESSABLE,
        None,
        0,
    )


def test_empty_roll_up_is_not_assessable() -> None:
    result = roll_up([])
    assert (result.total, result.colour, result.score) == (0, GroupColour.NOT_ASSESSABLE, None)


def test_benchmarks_are_never_counted() -> None:
    result = roll_up(statuses("G") + statuses("RRR---", kind=Kind.BENCHMARK))
    assert (result.total, result.red, result.grey, result.colour) == (1, 0, 0, GroupColour.GREEN)


def test_custom_coverage_rule_applies() -> None:
    params = MethodParameters(min_coverage=D("0.75"))
    assert roll_up(statuses("GGG--F"), params).colour == GroupColour.NOT_ASSESSABLE


def test_group_reading_splits_effect_and_activity() -> None:
    reading = group_reading(
        statuses("GG", Kind.EFFECT) + statuses("RRR", Kind.ACTIVITY) + statuses("Y", Kind.BENCHMARK)
    )
    assert (reading.effect.green, reading.effect.total) == (2, 2)
    assert (reading.activity.red, reading.activity.total) == (3, 3)
    assert (reading.all.total, reading.all.colour) == (5, GroupColour.YELLOW)


def test_coverage_text_in_both_languages() -> None:
    assert roll_up(statuses("GGYR-F")).coverage_text == Text(
        da="4 af 6 indikatorer kan vurderes", en="4 of 6 indicators assessable"
    )


def test_score_text_shows_the_calculation() -> None:
    assert roll_up(statuses("GGYR-F")).score_text == Text(
        da="Grøn 2, gul 1, rød 1: score (2 - 1) / 4 = 0,25; grøn ved 0,33 eller mere, "
        "rød ved -0,33 eller mindre: gul.",
        en="Green 2, yellow 1, red 1: score (2 - 1) / 4 = 0.25; green at 0.33 or more, "
        "red at -0.33 or less: yellow.",
    )


def test_score_text_when_too_few_are_assessable() -> None:
    assert roll_up(statuses("G--")).score_text == Text(
        da="Kan ikke vurderes: færre end 50 % af indikatorerne har en status.",
        en="Not assessable: fewer than 50% of the indicators have a status.",
    )


# --- Parameters ---------------------------------------------------------------------


def test_default_parameters_as_a_dict() -> None:
    assert MethodParameters().to_dict() == {
        "on_track": "0.95",
        "too_slow": "0.60",
        "group_green": "1/3",
        "group_red": "-1/3",
        "min_coverage": "0.5",
    }


def test_parameters_round_trip_through_a_dict() -> None:
    params = MethodParameters(on_track=D("0.9"), group_green=Fraction(2, 5))
    assert MethodParameters.from_dict(params.to_dict()) == params


def test_parameters_from_dict_default_missing_keys() -> None:
    assert MethodParameters.from_dict({"min_coverage": "0.6"}) == MethodParameters(
        min_coverage=D("0.6")
    )


def test_parameters_from_dict_accept_decimal_thresholds() -> None:
    assert MethodParameters.from_dict({"group_green": "0.25"}).group_green == Fraction(1, 4)


def test_parameters_from_dict_reject_unknown_keys() -> None:
    with pytest.raises(ValueError, match="Unknown method parameters: speed"):
        MethodParameters.from_dict({"speed": "1"})


@pytest.mark.parametrize(
    "options",
    [
        {"too_slow": D("0.96")},
        {"group_green": Fraction(-1, 2)},
        {"min_coverage": D("1.5")},
    ],
)
def test_inconsistent_parameters_are_rejected(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        MethodParameters(**options)  # type: ignore[arg-type]


# --- A whole reading ----------------------------------------------------------------

STRUCTURE = Structure(
    focus_areas=[
        ("EMPLOYMENT", [("G1", ["E1", "A1"]), ("G2", ["E2", "SHARED"])]),
        ("EDUCATION", [("G3", ["SHARED", "B1"])]),
    ]
)


def catalogue() -> dict[str, IndicatorInput]:
    rising = {"2007-H1": "46.4", "2007-H2": "47.9"}
    falling = {"2007-H1": "46.4", "2007-H2": "45.0"}
    return {
        "E1": make(rising, code="E1"),
        "A1": make(falling, code="A1", kind=Kind.ACTIVITY),
        "E2": make({}, code="E2"),
        "SHARED": make(rising, code="SHARED"),
        "B1": make(falling, code="B1", kind=Kind.BENCHMARK),
    }


def test_reading_rolls_up_goals() -> None:
    reading = compute_reading(STRUCTURE, catalogue(), H("2007-H2"))
    g1 = reading.goals["G1"]
    assert (g1.all.green, g1.all.red, g1.effect.green, g1.activity.red) == (1, 1, 1, 1)


def test_reading_rolls_up_focus_areas_over_all_their_goals() -> None:
    area = compute_reading(STRUCTURE, catalogue(), H("2007-H2")).focus_areas["EMPLOYMENT"]
    assert (area.all.total, area.all.green, area.all.grey) == (4, 2, 1)


def test_reading_counts_a_shared_indicator_once_overall() -> None:
    overall = compute_reading(STRUCTURE, catalogue(), H("2007-H2")).overall
    assert (overall.all.total, overall.all.green, overall.all.red) == (4, 2, 1)


def test_reading_gives_benchmarks_a_status_but_never_counts_them() -> None:
    reading = compute_reading(STRUCTURE, catalogue(), H("2007-H2"))
    assert reading.indicators["B1"].movement == Colour.RED
    assert reading.focus_areas["EDUCATION"].all.total == 1


def test_reading_rejects_a_structure_naming_an_unknown_indicator() -> None:
    structure = Structure(focus_areas=[("F", [("G", ["NOPE"])])])
    with pytest.raises(ValueError, match="without input: NOPE"):
        compute_reading(structure, catalogue(), H("2007-H2"))


def test_reading_rejects_repeated_goal_codes() -> None:
    structure = Structure(focus_areas=[("F1", [("G", ["E1"])]), ("F2", [("G", ["E2"])])])
    with pytest.raises(ValueError, match="Repeated goal codes: G"):
        compute_reading(structure, catalogue(), H("2007-H2"))


def test_reading_to_dict_is_json_friendly_and_carries_the_caveat() -> None:
    data = compute_reading(STRUCTURE, catalogue(), H("2007-H2")).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["caveat"] == NOT_AN_EVALUATION.to_dict()
    assert data["params"]["group_green"] == "1/3"
    assert data["goals"]["G1"]["all"]["coverage_text"]["en"] == "2 of 2 indicators assessable"
