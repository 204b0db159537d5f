"""The half-year period: parsing, order, arithmetic, target years and labels."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from barometer.period import Period

D = Decimal
H = Period.parse


def test_period_parses_year_and_half() -> None:
    assert H("2007-H1") == Period(2007, 1)


def test_period_prints_as_it_parses() -> None:
    assert str(H("2009-H2")) == "2009-H2"


@pytest.mark.parametrize(
    "text", ["2007-H3", "2007H1", "07-H1", "2007-h1", "", "2007-H", "x-H1", "0000-H1", "0999-H2"]
)
def test_period_parse_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="expected a half-year like '2007-H1'"):
        Period.parse(text)


def test_period_rejects_a_third_half() -> None:
    with pytest.raises(ValueError, match="half must be 1 or 2"):
        Period(2007, 3)


def test_periods_order_chronologically() -> None:
    assert sorted([H("2008-H1"), H("2007-H2"), H("2007-H1")]) == [
        H("2007-H1"),
        H("2007-H2"),
        H("2008-H1"),
    ]


@pytest.mark.parametrize(("text", "fraction"), [("2007-H1", "2007.0"), ("2007-H2", "2007.5")])
def test_period_fraction_counts_h2_as_half_a_year(text: str, fraction: str) -> None:
    assert H(text).fraction == D(fraction)


def test_previous_and_next_cross_the_year_boundary() -> None:
    assert H("2008-H1").previous() == H("2007-H2")
    assert H("2007-H2").next() == H("2008-H1")


def test_target_year_alone_means_its_second_half() -> None:
    assert Period.target_year(2010) == H("2010-H2")


@pytest.mark.parametrize(
    ("text", "locale", "label"),
    [
        ("2007-H1", "da", "1. halvår 2007"),
        ("2007-H2", "da", "2. halvår 2007"),
        ("2007-H1", "en", "1st half 2007"),
        ("2007-H2", "en", "2nd half 2007"),
        ("2007-H2", "da_DK", "2. halvår 2007"),
    ],
)
def test_period_label_in_both_languages(text: str, locale: str, label: str) -> None:
    assert H(text).label(locale) == label


@pytest.mark.parametrize(("text", "period"), [("2010", "2010-H2"), ("2010-H1", "2010-H1")])
def test_a_target_period_may_name_a_year_alone(text: str, period: str) -> None:
    assert Period.parse_target(text) == H(period)


@pytest.mark.parametrize("text", ["10", "2010-H3", "twenty ten", ""])
def test_a_malformed_target_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Period.parse_target(text)


def test_short_label_fits_a_chart_axis() -> None:
    assert (H("2007-H1").short_label(), H("2010-H2").short_label()) == ("07 H1", "10 H2")


def test_label_text_holds_both_languages() -> None:
    assert H("2009-H2").label_text().to_dict() == {"da": "2. halvår 2009", "en": "2nd half 2009"}


periods = st.builds(Period, st.integers(1000, 9999), st.sampled_from([1, 2]))


@given(periods)
def test_every_period_parses_back_from_its_text(period: Period) -> None:
    assert Period.parse(str(period)) == period


@given(periods)
def test_next_and_previous_are_inverse_and_ordered(period: Period) -> None:
    assert period.previous() < period < period.next()
    assert period.next().previous() == period == period.previous().next()


@given(periods, periods)
def test_order_agrees_with_the_fraction_and_the_text(a: Period, b: Period) -> None:
    assert (a < b) == (a.fraction < b.fraction) == (str(a) < str(b))
