"""Which catalogue version is in force for a measurement period: the rule, pure.

A barometer lives through several policies (2007-2010, then 2011-2014), each with its own
numbered catalogue versions. For a half-year the version in force is:

1. the secretariat's override for that period, when one is set (with a reason);
2. otherwise, within the policy whose period covers the half-year, the latest version
   approved (by the date of its decision) on or before the half-year's last day;
3. a half-year after the end of every policy, or in a new policy whose first version is
   not yet approved by the half-year's end, keeps the latest version of the most recent
   earlier policy: the old catalogue stays in force until a new one is decided;
4. a half-year before every policy has none.

"Approved" means a version that was ever in force (approved now or approved and
superseded since); a consulted draft replaced without approval never was. Two versions
approved in one half-year: the later decision wins (then the higher number).

No Flask, no database: callers hand plain facts in (``barometer.queries`` loads them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from barometer.period import Period

_SPAN = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")

RULE = "rule"
CARRIED_OVER = "carried_over"
OVERRIDE = "override"


@dataclass(frozen=True)
class PolicyFacts:
    """A policy: its id and the years it covers (both included)."""

    id: int
    first_year: int
    last_year: int

    def covers(self, period: Period) -> bool:
        return self.first_year <= period.year <= self.last_year

    @property
    def first(self) -> Period:
        return Period(self.first_year, 1)

    @property
    def last(self) -> Period:
        return Period(self.last_year, 2)


@dataclass(frozen=True)
class VersionFacts:
    """A version that was approved: its number, policy and the date of its decision."""

    number: int
    policy_id: int
    decided_on: date


@dataclass(frozen=True)
class InForce:
    """The version in force for a period, and why: ``rule``, ``carried_over`` or ``override``."""

    number: int
    policy_id: int
    how: str
    reason: str = ""

    @property
    def is_override(self) -> bool:
        return self.how == OVERRIDE


def parse_span(text: str) -> tuple[int, int] | None:
    """The years of a policy's period written "2007-2010"; None if it is not such a span."""
    match = _SPAN.match(text or "")
    if match is None:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return (first, last) if first <= last else None


def period_end(period: Period) -> date:
    """The last day of a half-year: 30 June or 31 December."""
    return date(period.year, 6, 30) if period.half == 1 else date(period.year, 12, 31)


def _latest(versions: Iterable[VersionFacts]) -> VersionFacts | None:
    return max(versions, key=lambda v: (v.decided_on, v.number), default=None)


def version_in_force(
    period: Period,
    policies: Iterable[PolicyFacts],
    versions: Iterable[VersionFacts],
    overrides: Mapping[Period, tuple[int, str]] | None = None,
) -> InForce | None:
    """The version in force for ``period`` (see the module's rule), or None."""
    all_versions = list(versions)
    if overrides and period in overrides:
        number, reason = overrides[period]
        chosen = next((v for v in all_versions if v.number == number), None)
        if chosen is not None:
            return InForce(chosen.number, chosen.policy_id, OVERRIDE, reason)
    end = period_end(period)
    decided = [v for v in all_versions if v.decided_on <= end]
    started = sorted(
        (p for p in policies if p.first <= period), key=lambda p: (p.first_year, p.id), reverse=True
    )
    for policy in started:
        latest = _latest(v for v in decided if v.policy_id == policy.id)
        if latest is not None:
            how = RULE if policy.covers(period) else CARRIED_OVER
            return InForce(latest.number, policy.id, how)
    return None


def policy_switches(in_force: Mapping[Period, InForce | None]) -> list[tuple[Period, int, int]]:
    """Where the policy changes between consecutive periods: (period, old and new number)."""
    switches = []
    ordered = sorted(((p, f) for p, f in in_force.items() if f is not None), key=lambda x: x[0])
    for (_, before), (period, after) in pairwise(ordered):
        if before.policy_id != after.policy_id:
            switches.append((period, before.number, after.number))
    return switches
