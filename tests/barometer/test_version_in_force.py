"""The version-in-force rule (barometer.version_in_force), as a table."""

from __future__ import annotations

from datetime import date

import pytest

from barometer.period import Period
from barometer.version_in_force import (
    CARRIED_OVER,
    OVERRIDE,
    RULE,
    PolicyFacts,
    VersionFacts,
    parse_span,
    period_end,
    policy_switches,
    version_in_force,
)

P1 = PolicyFacts(1, 2007, 2010)
P2 = PolicyFacts(2, 2011, 2014)
V1 = VersionFacts(1, 1, date(2006, 12, 14))  # the concept, BIU 227/2006
V2 = VersionFacts(2, 1, date(2007, 4, 18))  # after the hearing, BIU 118/2007
V3 = VersionFacts(3, 2, date(2011, 3, 10))  # the 2011-2014 policy's first version
V4 = VersionFacts(4, 2, date(2011, 5, 2))  # a second one decided in the same half-year
V5 = VersionFacts(5, 2, date(2011, 8, 1))  # and one in the next half-year

CASES = [
    # (period, policies, versions, expected number, how)
    ("2006-H1", [P1], [V1], None, None),  # before the policy
    ("2006-H2", [P1], [V1], None, None),  # before the policy, though v1 is decided by then
    ("2007-H1", [P1], [V1, V2], 2, RULE),  # v2 decided on 18.04.2007, before 30.06.2007
    ("2007-H1", [P1], [V1], 1, RULE),
    ("2009-H2", [P1, P2], [V1, V2, V3], 2, RULE),  # inside: the later policy does not reach back
    ("2010-H2", [P1, P2], [V1, V2, V3], 2, RULE),  # the old policy's last half-year
    ("2011-H1", [P1, P2], [V1, V2, V3], 3, RULE),  # the new policy's first version
    # The new policy's first version decided while 2010-H2 is still measured on the old one.
    ("2010-H2", [P1, P2], [V1, V2, VersionFacts(3, 2, date(2010, 11, 4))], 2, RULE),
    ("2011-H1", [P1, P2], [V1, V2, VersionFacts(3, 2, date(2010, 11, 4))], 3, RULE),
    ("2011-H1", [P1, P2], [V1, V2, V3, V4], 4, RULE),  # two decided in one half-year
    ("2011-H1", [P1, P2], [V1, V2, V3, V4, V5], 4, RULE),  # v5 only after the half-year
    ("2011-H2", [P1, P2], [V1, V2, V3, V4, V5], 5, RULE),
    ("2011-H1", [P1, P2], [V1, V2], 2, CARRIED_OVER),  # new policy without a version yet
    ("2011-H1", [P1], [V1, V2], 2, CARRIED_OVER),  # after the policy, no successor
    ("2015-H1", [P1, P2], [V1, V2, V3], 3, CARRIED_OVER),  # after every policy
    ("2007-H1", [], [V1], None, None),  # no policy at all
]


@pytest.mark.parametrize(("period", "policies", "versions", "number", "how"), CASES)
def test_the_version_in_force(
    period: str,
    policies: list[PolicyFacts],
    versions: list[VersionFacts],
    number: int | None,
    how: str | None,
) -> None:
    found = version_in_force(Period.parse(period), policies, versions)
    assert (found.number if found else None, found.how if found else None) == (number, how)


def test_two_versions_decided_on_the_same_day_the_higher_number_wins() -> None:
    twin = VersionFacts(6, 2, V3.decided_on)
    found = version_in_force(Period(2011, 1), [P1, P2], [V3, twin])
    assert found is not None and found.number == 6


def test_an_override_wins_and_keeps_its_reason() -> None:
    overrides = {Period(2007, 1): (1, "Målingen var i gang på version 1")}
    found = version_in_force(Period(2007, 1), [P1], [V1, V2], overrides)
    assert found is not None
    assert (found.number, found.how, found.reason, found.is_override) == (
        1,
        OVERRIDE,
        "Målingen var i gang på version 1",
        True,
    )
    # Other periods follow the rule.
    other = version_in_force(Period(2007, 2), [P1], [V1, V2], overrides)
    assert other is not None and (other.number, other.how) == (2, RULE)


def test_an_override_naming_an_unknown_version_is_ignored() -> None:
    found = version_in_force(Period(2007, 1), [P1], [V1, V2], {Period(2007, 1): (9, "?")})
    assert found is not None and (found.number, found.how) == (2, RULE)


def test_period_ends_and_policy_spans() -> None:
    assert period_end(Period(2007, 1)) == date(2007, 6, 30)
    assert period_end(Period(2007, 2)) == date(2007, 12, 31)
    assert parse_span("2007-2010") == (2007, 2010)
    assert parse_span(" 2011 – 2014 ") == (2011, 2014)
    assert parse_span("2010-2007") is None
    assert parse_span("from 2007") is None


def test_a_decision_on_the_last_day_counts_for_the_half_year() -> None:
    late = VersionFacts(3, 1, date(2008, 6, 30))
    assert version_in_force(Period(2008, 1), [P1], [V1, late]).number == 3  # type: ignore[union-attr]
    assert version_in_force(Period(2007, 2), [P1], [V1, late]).number == 1  # type: ignore[union-attr]


def test_policy_switches_between_consecutive_periods() -> None:
    periods = [Period(2010, 1), Period(2010, 2), Period(2011, 1), Period(2011, 2)]
    versions = [V1, V2, V3, V5]
    in_force = {p: version_in_force(p, [P1, P2], versions) for p in periods}
    assert policy_switches(in_force) == [(Period(2011, 1), 2, 3)]
