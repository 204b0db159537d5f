"""The overview table's dates are written as people write them in each language: never ISO."""

from __future__ import annotations

import pytest

from barometer.overview import criterion_line


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("da", "18.04.2007"), ("en", "18 Apr 2007")],
)
def test_a_criterion_names_its_decision_date_in_the_language_of_the_table(
    locale: str, expected: str
) -> None:
    criterion = {
        "text": "85 %",
        "decision_reference": "BIU 118/2007",
        "decision_date": "2007-04-18",
    }
    assert criterion_line(criterion, locale) == f"85 % (BIU 118/2007, {expected})"
