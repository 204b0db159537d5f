"""The read side of the version in force: load the facts, apply the pure rule.

Every page, file and API response that shows one measurement period takes its catalogue
version from here (:func:`version_in_force`), never "the latest approved version": with
a second policy the latest version belongs to other periods. The rule itself is
:mod:`barometer.version_in_force`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from barometer.models import CatalogueVersion, MeasurementPeriod, Policy, VersionOverride
from barometer.period import Period
from barometer.version_in_force import (
    InForce,
    PolicyFacts,
    VersionFacts,
    parse_span,
)
from barometer.version_in_force import version_in_force as rule
from core.extensions import db


@dataclass(frozen=True)
class Facts:
    """Everything the rule needs, loaded in three queries."""

    policies: tuple[PolicyFacts, ...]
    versions: tuple[VersionFacts, ...]
    overrides: dict[Period, tuple[int, str]]

    def in_force(self, period: Period) -> InForce | None:
        return rule(period, self.policies, self.versions, self.overrides)


def load_facts() -> Facts:
    policies = []
    for policy in db.session.scalars(select(Policy).order_by(Policy.id)):
        span = parse_span(policy.period)
        if span is not None:
            policies.append(PolicyFacts(policy.id, *span))
    versions = tuple(
        VersionFacts(number, policy_id, decided_on)
        for number, policy_id, decided_on in db.session.execute(
            select(
                CatalogueVersion.number, CatalogueVersion.policy_id, CatalogueVersion.decision_date
            ).where(
                CatalogueVersion.approved_at.is_not(None),
                CatalogueVersion.decision_date.is_not(None),
            )
        )
        if decided_on is not None
    )
    overrides = {
        Period.parse(code): (number, reason)
        for code, number, reason in db.session.execute(
            select(VersionOverride.period_code, CatalogueVersion.number, VersionOverride.reason)
            .join(CatalogueVersion, VersionOverride.version_id == CatalogueVersion.id)
        )
    }  # fmt: skip
    return Facts(tuple(policies), versions, overrides)


def in_force_info(period: Period) -> InForce | None:
    return load_facts().in_force(period)


def version_in_force(period: Period) -> CatalogueVersion | None:
    """The catalogue version in force for ``period`` (None: no policy covers it yet)."""
    found = in_force_info(period)
    if found is None:
        return None
    return db.session.scalar(
        select(CatalogueVersion).where(CatalogueVersion.number == found.number)
    )


def in_force_by_period(periods: Iterable[Period]) -> dict[Period, InForce | None]:
    facts = load_facts()
    return {p: facts.in_force(p) for p in periods}


def periods_in_force() -> dict[str, InForce | None]:
    """Every measurement period's code with its version in force, oldest first."""
    codes = db.session.scalars(select(MeasurementPeriod.code).order_by(MeasurementPeriod.code))
    facts = load_facts()
    return {c: facts.in_force(Period.parse(c)) for c in codes}


def override_of(period_code: str) -> VersionOverride | None:
    return db.session.scalar(
        select(VersionOverride).where(VersionOverride.period_code == period_code)
    )


def overrides() -> dict[str, VersionOverride]:
    """Every period's override, by period code."""
    return {o.period_code: o for o in db.session.scalars(select(VersionOverride))}
