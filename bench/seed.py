"""Synthetic data at a named scale in the configured database, through the services.

    flask --app app bench seed --scale small|large|huge [--seed N]

:func:`seed` builds, for a :class:`bench.scales.Scale`: the administrations and a
secretariat user, an approved catalogue (:func:`bench.synthetic.build_catalogue`), the
measurement periods from 2007-H1 with a value for every indicator, the published editions
(one per period, then corrections), and one hearing answered in full by every consulted
body (:mod:`bench.seed_hearing`). Everything is dated in 2006-2017 and chosen by a
``random.Random(seed)``: the same seed gives the same names and values.
:func:`content_digest` hashes those names and values (not ids or password hashes), so two
seeds can be compared. The caller commits.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from barometer.demo.editions import publication_date
from barometer.demo.reading import collection_deadline
from barometer.measurement_import import Entry
from barometer.models import Edition, Goal, Indicator, Measurement, MeasurementPeriod, Policy
from barometer.period import Period
from barometer.reading import catalogue_in_force
from barometer.services import editions as edition_svc
from barometer.services import measurements as measurement_svc
from bench.scales import Scale
from bench.seed_hearing import build_hearing
from bench.synthetic import NOW, build_catalogue
from core.extensions import db
from core.models import AuditEvent, Body, BodyKind, Role, User
from core.services import accounts
from hearing.models.hearings import Consultee, Hearing
from hearing.models.responses import CoverageAssessment, Proposal, Response

SECRETARIAT_EMAIL = "bench.sekretariat@example.dk"
SOURCES = ("Danmarks Statistik", "Københavns Kommunes tilfredshedsundersøgelse", "Jobindsats.dk")
CORRECTION_REASONS = (
    "Rettet tal for ældre indvandrere efter ny opgørelse fra Danmarks Statistik.",
    "Fejl i beregningen af andelen på erhvervsuddannelse; værdien er rettet.",
    "Et forkert årstal i kilden er rettet (før: 2008, nu: 2009).",
)


@dataclass(frozen=True)
class Seeded:
    """What one seed built: the counts the scale promises."""

    focus_areas: int
    goals: int
    indicators: int
    periods: int
    measurements: int
    editions: int
    bodies_consulted: int
    responses: int
    assessments: int
    proposals: int


def is_empty() -> bool:
    """True when the database holds no users, bodies, policies or audit entries."""
    return all(
        db.session.scalar(select(model.id).limit(1)) is None
        for model in (User, Body, Policy, AuditEvent)
    )


def period_codes(count: int) -> list[str]:
    """``count`` half-years from 2007-H1."""
    return [f"{2007 + n // 2}-H{n % 2 + 1}" for n in range(count)]


def _value(rng: random.Random, unit: str, decimals: int) -> Decimal:
    top = {"percent": 1000, "rate_per_1000": 10000, "percentage_points": 300}.get(unit)
    if top is None:  # a count
        return Decimal(rng.randrange(0, 5000))
    value = Decimal(rng.randrange(0, top))
    return value / 10 if decimals else value


def _measure(codes: list[str], rng: random.Random, now: datetime) -> None:
    """Open the periods and save a value for every indicator in each; all but the last
    period are closed again, as after their collection round."""
    for code in codes:
        period = Period.parse(code)
        row = measurement_svc.open_period(
            measurement_svc.PeriodData(code, collection_deadline(period)), actor=None, now=now
        )
        catalogue = catalogue_in_force(period)
        assert catalogue is not None, code
        specs = catalogue.specs()
        entries = [
            Entry(
                spec.code,
                _value(rng, spec.unit, spec.decimals),
                source=rng.choice(SOURCES),
                row=n + 1,
            )
            for n, spec in enumerate(specs.values())
        ]
        measurement_svc.save_entries(
            row, entries, specs, actor=None, now=now, source_label="bench seed"
        )
        if code != codes[-1]:
            measurement_svc.close_period(row, actor=None, now=now)


def _publish(scale: Scale, codes: list[str], version_number: int, rng: random.Random) -> None:
    """One edition per period in order, then corrections of the latest in each period."""
    latest: dict[str, Edition] = {}
    for code in codes[: scale.originals]:
        edition = edition_svc.create_draft(
            edition_svc.EditionData(code, version_number), actor=None, now=publication_date(code)
        )
        latest[code] = edition_svc.publish(
            edition,
            actor=None,
            now=publication_date(code),
            render_documents=False,
            acknowledged=True,  # the goals' assessments are not made by the seed
        )
    for n in range(scale.corrections):
        code = codes[n % scale.originals]
        when = publication_date(code) + timedelta(days=n + 1)
        draft = edition_svc.create_correction(
            latest[code], rng.choice(CORRECTION_REASONS), actor=None, now=when
        )
        latest[code] = edition_svc.publish(
            draft, actor=None, now=when, render_documents=False, acknowledged=True
        )


def seed(scale: Scale, *, seed: int, password: str, folder: Path) -> Seeded:
    """Build ``scale`` in the (empty) database; the response letters are stored in
    ``folder``. No commit."""
    rng = random.Random(seed)
    codes = period_codes(scale.periods)
    last_year = Period.parse(codes[-1]).year
    version = build_catalogue(
        scale.areas,
        scale.goals,
        scale.indicators,
        seed=seed,
        span=f"2007-{max(last_year, 2010)}",
    )
    secretariat_body = accounts.create_body(
        accounts.BodyData("LS", BodyKind.SECRETARIAT, "Ledelsessekretariatet", "Secretariat"),
        actor=None,
        now=NOW,
    )
    secretariat = accounts.create_user(
        accounts.UserData(
            SECRETARIAT_EMAIL,
            "Søren Sekretær",
            "da",
            True,
            (accounts.RoleData(Role.SECRETARIAT, None),),
        ),
        password,
        actor=None,
        now=NOW,
    )
    _measure(codes, rng, NOW)
    _publish(scale, codes, version.number, rng)
    goals = list(
        db.session.scalars(select(Goal.code).where(Goal.version_id == version.id).order_by(Goal.id))
    )
    build_hearing(
        version,
        goals,
        secretariat=secretariat,
        reply_body=secretariat_body,
        bodies=scale.bodies,
        proposals=scale.proposals,
        rng=rng,
        now=NOW + timedelta(days=30),
        folder=folder,
    )
    db.session.flush()
    return counts()


def _count(model: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def counts() -> Seeded:
    """The counts of what a seed builds, as they are in the database now."""
    from barometer.models import FocusArea

    return Seeded(
        focus_areas=_count(FocusArea),
        goals=_count(Goal),
        indicators=_count(Indicator),
        periods=_count(MeasurementPeriod),
        measurements=_count(Measurement),
        editions=int(
            db.session.scalar(
                select(func.count()).select_from(Edition).where(Edition.published_at.is_not(None))
            )
            or 0
        ),
        bodies_consulted=_count(Consultee),
        responses=_count(Response),
        assessments=_count(CoverageAssessment),
        proposals=_count(Proposal),
    )


def _rows(statement: Any) -> Iterable[str]:
    return (
        "|".join("" if v is None else str(v) for v in row) for row in db.session.execute(statement)
    )


def content_digest() -> str:
    """A SHA-256 of the seeded names and values, in a stable order and without ids."""
    statements = (
        select(Body.code, Body.name_da, Body.kind).order_by(Body.code),
        select(Indicator.code, Indicator.name_da, Indicator.unit, Indicator.baseline_value)
        .order_by(Indicator.code),
        select(Goal.code, Goal.text_da).order_by(Goal.code),
        select(MeasurementPeriod.code, Measurement.indicator_code, Measurement.value,
               Measurement.source)
        .join(MeasurementPeriod, Measurement.period_id == MeasurementPeriod.id)
        .order_by(MeasurementPeriod.code, Measurement.indicator_code),
        select(Edition.period_code, Edition.published_at, Edition.correction_reason,
               Edition.sha256)
        .order_by(Edition.published_at, Edition.period_code),
        select(Hearing.reference, Hearing.title).order_by(Hearing.reference),
        select(Proposal.text, Proposal.target_value).order_by(Proposal.text),
    )  # fmt: skip
    digest = hashlib.sha256()
    for statement in statements:
        for line in _rows(statement):
            digest.update(line.encode("utf-8") + b"\n")
        digest.update(b"--\n")
    return digest.hexdigest()
