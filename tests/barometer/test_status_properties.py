"""Property tests for the default status method (domain.md, "The reading")."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from barometer.period import Period
from barometer.status import (
    Colour,
    Criterion,
    GroupColour,
    IndicatorInput,
    IndicatorStatus,
    Kind,
    MethodParameters,
    indicator_status,
    roll_up,
)

# No example database: the tests must not write into the repository.
SETTINGS = settings(max_examples=200, deadline=None, database=None)

PERIODS = [Period(year, half) for year in range(2005, 2012) for half in (1, 2)]
SWAPPED = {Colour.GREEN: Colour.RED, Colour.RED: Colour.GREEN}

periods = st.sampled_from(PERIODS)
# Three decimals on indicators with at most two, so rounding is always exercised.
amounts = st.integers(-200_000, 200_000).map(lambda i: Decimal(i).scaleb(-3))
min_changes = st.none() | st.integers(1, 500).map(lambda i: Decimal(i).scaleb(-2))


@st.composite
def indicators(draw: st.DrawFn, kind: Kind | None = None) -> IndicatorInput:
    baseline = draw(st.none() | st.tuples(amounts, periods))
    criterion = draw(st.none() | st.builds(Criterion, amounts, periods))
    return IndicatorInput(
        code="X",
        kind=kind or draw(st.sampled_from(list(Kind))),
        direction=draw(st.sampled_from([1, -1])),
        decimals=draw(st.integers(0, 2)),
        unit=draw(st.sampled_from(["percent", "count", "rate_per_1000", "index"])),
        baseline_value=baseline[0] if baseline else None,
        baseline_period=baseline[1] if baseline else None,
        values=draw(st.dictionaries(periods, amounts, max_size=8)),
        min_change=draw(min_changes),
        criterion=criterion,
    )


def negated(indicator: IndicatorInput) -> IndicatorInput:
    """The same indicator with every value, the baseline and the target negated."""
    base = indicator.baseline_value
    criterion = indicator.criterion
    return replace(
        indicator,
        baseline_value=None if base is None else -base,
        values={p: -v for p, v in indicator.values.items()},
        criterion=None
        if criterion is None
        else replace(criterion, target_value=-criterion.target_value),
    )


def reversed_direction(indicator: IndicatorInput) -> IndicatorInput:
    return replace(indicator, direction=-indicator.direction)


def assert_green_and_red_swapped(original: IndicatorStatus, changed: IndicatorStatus) -> None:
    assert changed.movement == SWAPPED.get(original.movement, original.movement)
    assert changed.since_baseline == SWAPPED.get(original.since_baseline, original.since_baseline)


# Each change alone reverses the sign of d * (v(t) - v(prev)), so each swaps green and red;
# together they cancel out. (Half-up rounding rounds halves away from zero, so rounding
# commutes with negation.)


@SETTINGS
@given(indicators(), periods)
def test_swapping_the_direction_swaps_green_and_red(
    indicator: IndicatorInput, period: Period
) -> None:
    original = indicator_status(indicator, period)
    assert_green_and_red_swapped(original, indicator_status(reversed_direction(indicator), period))


@SETTINGS
@given(indicators(), periods)
def test_negating_the_values_swaps_green_and_red(indicator: IndicatorInput, period: Period) -> None:
    original = indicator_status(indicator, period)
    assert_green_and_red_swapped(original, indicator_status(negated(indicator), period))


@SETTINGS
@given(indicators(), periods)
def test_swapping_the_direction_and_negating_the_values_changes_no_status(
    indicator: IndicatorInput, period: Period
) -> None:
    original = indicator_status(indicator, period)
    mirror = indicator_status(reversed_direction(negated(indicator)), period)
    assert (mirror.movement, mirror.since_baseline) == (original.movement, original.since_baseline)
    assert (mirror.progress, mirror.progress_ratio) == (original.progress, original.progress_ratio)


@SETTINGS
@given(indicators(), periods, amounts)
def test_equal_values_are_yellow(indicator: IndicatorInput, period: Period, value: Decimal) -> None:
    values = {**indicator.values, period.previous(): value, period: value}
    same = replace(indicator, values=values, baseline_value=value, baseline_period=Period(2000, 1))
    result = indicator_status(same, period)
    assert result.movement == Colour.YELLOW
    assert result.since_baseline == Colour.YELLOW


@SETTINGS
@given(indicators(), periods)
def test_grey_exactly_when_the_period_has_no_value(
    indicator: IndicatorInput, period: Period
) -> None:
    result = indicator_status(indicator, period)
    assert (result.movement == Colour.GREY) == (period not in indicator.values)


@SETTINGS
@given(
    st.lists(indicators(), min_size=1, max_size=6),
    periods,
    st.data(),
)
def test_adding_a_missing_value_never_lowers_coverage(
    catalogue: list[IndicatorInput], period: Period, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(catalogue) - 1))
    chosen = catalogue[index]
    free = [p for p in PERIODS if p <= period and p not in chosen.values]
    if not free:
        return
    added_at = data.draw(st.sampled_from(free))
    added = replace(chosen, values={**chosen.values, added_at: data.draw(amounts)})
    before = roll_up(indicator_status(i, period) for i in catalogue)
    after = roll_up(
        indicator_status(i, period) for i in [*catalogue[:index], added, *catalogue[index + 1 :]]
    )
    assert after.total == before.total
    assert after.assessable >= before.assessable
    if before.colour != GroupColour.NOT_ASSESSABLE:
        assert after.colour != GroupColour.NOT_ASSESSABLE


COLOURS = st.sampled_from(list(Colour))
TEMPLATE: IndicatorStatus = indicator_status(
    IndicatorInput("T", Kind.EFFECT, 1, 1, "percent", None, None, {}), Period(2007, 1)
)


@SETTINGS
@given(st.lists(st.tuples(COLOURS, st.sampled_from(list(Kind))), max_size=40))
def test_score_stays_within_minus_one_and_one(spec: list[tuple[Colour, Kind]]) -> None:
    result = roll_up(replace(TEMPLATE, movement=c, kind=k) for c, k in spec)
    assert result.assessable == result.green + result.yellow + result.red
    assert result.total == sum(1 for _, k in spec if k != Kind.BENCHMARK)
    if result.score is None:
        assert result.assessable == 0
    else:
        assert Decimal(-1) <= result.score <= Decimal(1)


fractions = st.fractions(min_value=-1, max_value=1, max_denominator=1000)
proportions = st.integers(0, 100).map(lambda i: Decimal(i).scaleb(-2))


@st.composite
def parameters(draw: st.DrawFn) -> MethodParameters:
    low, high = sorted([draw(proportions), draw(proportions)])
    red, green = sorted([draw(fractions), draw(fractions)])
    return MethodParameters(
        on_track=high,
        too_slow=low,
        group_green=green,
        group_red=red,
        min_coverage=draw(proportions),
    )


@SETTINGS
@given(parameters())
def test_parameters_round_trip_through_a_dict(params: MethodParameters) -> None:
    restored = MethodParameters.from_dict(params.to_dict())
    assert restored == params
    assert restored.to_dict() == params.to_dict()
    assert isinstance(restored.group_green, Fraction)
