"""The reading honours an indicator's metadata: its measuring cycle (annual indicators are
not due every half-year), its data breaks (no colour across a break) and its target date
(at or after it the target was met or missed, said in words)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from barometer.frequency import Cycle, Frequency, format_breaks, parse_breaks
from barometer.period import Period
from barometer.status import (
    Colour,
    Criterion,
    IndicatorInput,
    Kind,
    Progress,
    Structure,
    compute_reading,
    indicator_status,
    roll_up,
)

D = Decimal
H = Period.parse
ANNUAL_H2 = Cycle(Frequency.ANNUAL, 2)


def make(values: dict[str, str], **options: object) -> IndicatorInput:
    base: dict[str, object] = {
        "code": "E1",
        "kind": Kind.EFFECT,
        "direction": 1,
        "decimals": 1,
        "unit": "percent",
        "baseline_value": D("46.0"),
        "baseline_period": H("2006-H2"),
        "values": {H(p): D(v) for p, v in values.items()},
    }
    return IndicatorInput(**(base | options))  # type: ignore[arg-type]


# --- the cycle --------------------------------------------------------------------------


def test_an_annual_indicator_is_due_only_in_its_half_year() -> None:
    assert ANNUAL_H2.is_due(H("2009-H2")) and not ANNUAL_H2.is_due(H("2009-H1"))
    assert Cycle().is_due(H("2009-H1"))
    assert not Cycle(Frequency.IRREGULAR).is_due(H("2009-H1"))


@pytest.mark.parametrize(
    ("cycle", "after", "expected"),
    [
        (Cycle(), "2009-H2", "2010-H1"),
        (ANNUAL_H2, "2009-H1", "2009-H2"),
        (ANNUAL_H2, "2009-H2", "2010-H2"),
        (Cycle(Frequency.ANNUAL, 1), "2009-H1", "2010-H1"),
        (Cycle(Frequency.IRREGULAR), "2009-H1", None),
    ],
)
def test_next_expected_value_follows_the_frequency(
    cycle: Cycle, after: str, expected: str | None
) -> None:
    found = cycle.next_expected(H(after))
    assert (str(found) if found else None) == expected


def test_an_annual_cycle_needs_its_half_year() -> None:
    with pytest.raises(ValueError):
        Cycle(Frequency.ANNUAL)
    with pytest.raises(ValueError):
        Cycle(Frequency.HALF_YEARLY, 2)


def test_data_breaks_read_one_per_line_and_name_the_bad_lines() -> None:
    breaks, problems = parse_breaks("2008-H2: New register\n\nsoon: what\n2008-H2: again\n")
    assert [(str(b.period), b.text) for b in breaks] == [("2008-H2", "New register")]
    assert [p.line for p in problems] == [3, 4]
    assert format_breaks({b.period: b.text for b in breaks}) == "2008-H2: New register"


# --- off-cycle half-years ---------------------------------------------------------------


def test_an_off_cycle_half_year_of_an_annual_indicator_is_not_grey() -> None:
    s = indicator_status(make({"2008-H2": "33.7"}, cycle=ANNUAL_H2), H("2009-H1"))
    assert (s.movement, s.since_baseline, s.progress, s.due) == (
        Colour.OFF_CYCLE,
        Colour.OFF_CYCLE,
        Progress.OFF_CYCLE,
        False,
    )
    assert s.movement_text.da == (
        "Årlig indikator, der måles i 2. halvår: ingen værdi ventes for 1. halvår 2009."
    )
    assert s.movement_text.en == (
        "Annual indicator, measured in the 2nd half: no value is expected for 1st half 2009."
    )


def test_a_missing_value_in_the_measured_half_year_is_still_grey() -> None:
    s = indicator_status(make({"2008-H2": "33.7"}, cycle=ANNUAL_H2), H("2009-H2"))
    assert (s.movement, s.due) == (Colour.GREY, True)


def test_off_cycle_half_years_do_not_count_against_coverage() -> None:
    annual = make({"2008-H2": "33.7"}, code="A", cycle=ANNUAL_H2)
    half_yearly = make({"2008-H2": "46.4", "2009-H1": "47.0"}, code="H")
    structure = Structure([("F", [("G", ["A", "H"])])])
    overall = compute_reading(structure, {"A": annual, "H": half_yearly}, H("2009-H1")).overall
    assert (overall.all.total, overall.all.assessable, overall.all.grey) == (1, 1, 0)
    assert overall.all.coverage_text.en == "1 of 1 indicator assessable"
    assert overall.all.off_cycle == 1


def test_an_annual_value_is_compared_with_the_year_before() -> None:
    s = indicator_status(
        make({"2008-H2": "33.7", "2009-H2": "35.0"}, cycle=ANNUAL_H2), H("2009-H2")
    )
    assert (s.movement, s.previous_period) == (Colour.GREEN, H("2008-H2"))


# --- data breaks ------------------------------------------------------------------------


def test_a_fall_across_a_data_break_is_not_comparable_never_red() -> None:
    data = make(
        {"2009-H1": "49.0", "2009-H2": "45.0"}, breaks={H("2009-H2"): "New register at DST"}
    )
    s = indicator_status(data, H("2009-H2"))
    assert (s.movement, s.change) == (Colour.NOT_COMPARABLE, None)
    assert s.movement_text.da == (
        "Kan ikke sammenlignes med 49,0 % (1. halvår 2009): databrud i 2. halvår 2009: "
        "New register at DST."
    )
    assert s.movement_text.en.startswith("Not comparable with 49.0% (1st half 2009): data break")
    assert s.since_baseline == Colour.NOT_COMPARABLE


def test_after_the_break_the_series_compares_again() -> None:
    data = make(
        {"2009-H1": "49.0", "2009-H2": "45.0", "2010-H1": "46.0"},
        breaks={H("2009-H2"): "New register"},
    )
    s = indicator_status(data, H("2010-H1"))
    assert (s.movement, s.change) == (Colour.GREEN, D("1.0"))


def test_a_break_is_not_counted_as_a_colour() -> None:
    data = make({"2009-H1": "49.0", "2009-H2": "45.0"}, breaks={H("2009-H2"): "New register"})
    result = roll_up([indicator_status(data, H("2009-H2"))])
    assert (result.red, result.total, result.assessable, result.not_comparable) == (0, 1, 0, 1)


# --- the target date ----------------------------------------------------------------------

COUNT_TARGET = Criterion(D("1500"), Period.target_year(2010))


def count(values: dict[str, str]) -> IndicatorInput:
    return make(
        values,
        unit="count",
        decimals=0,
        baseline_value=D("1000"),
        baseline_period=H("2006-H2"),
        criterion=COUNT_TARGET,
    )


def test_a_target_missed_at_its_date_is_said_in_words() -> None:
    s = indicator_status(count({"2010-H1": "1470", "2010-H2": "1485"}), H("2010-H2"))
    assert s.target_outcome == "missed"
    assert s.target_text is not None
    assert s.target_text.da == "Målet for 2010 blev ikke nået: 1.485 mod 1.500."
    assert s.target_text.en == "The target for 2010 was not met: 1,485 against 1,500."


def test_a_target_met_at_its_date_is_said_in_words() -> None:
    s = indicator_status(count({"2010-H2": "1512"}), H("2010-H2"))
    assert s.target_outcome == "met"
    assert (
        s.target_text is not None and s.target_text.da == "Målet for 2010 er nået: 1.512 mod 1.500."
    )


def test_after_the_target_date_the_outcome_stays() -> None:
    s = indicator_status(count({"2011-H1": "1490"}), H("2011-H1"))
    assert s.target_outcome == "missed"


def test_before_the_target_date_there_is_no_outcome_only_progress() -> None:
    s = indicator_status(count({"2010-H1": "1440"}), H("2010-H1"))
    assert (s.target_outcome, s.target_text) == (None, None)
    assert s.progress == Progress.ON_TRACK


def test_a_target_for_a_first_half_year_names_the_half_year() -> None:
    data = make({"2010-H1": "49.0"}, criterion=Criterion(D("50.0"), H("2010-H1")))
    s = indicator_status(data, H("2010-H1"))
    assert s.target_text is not None
    assert s.target_text.en == "The target for 1st half 2010 was not met: 49.0% against 50.0%."
