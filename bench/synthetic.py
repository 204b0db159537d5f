"""Synthetic, realistic catalogue data at a named scale, built through the services.

    from bench.synthetic import build_catalogue
    version = build_catalogue(areas=6, goals=60, indicators=300)   # approved version 1

Names carry Danish letters, units and kinds vary, every goal has a success criterion and
every third indicator one of its own, as in the real overview table. The caller commits.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from barometer import catalogue_data
from barometer.models import CatalogueVersion
from barometer.services import catalogue_nodes as svc
from barometer.services import catalogue_versions
from core.extensions import db
from core.models import Body, BodyKind
from core.services import accounts
from core.services.accounts import BodyData

NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)
AREAS = [
    "Beskæftigelse",
    "Uddannelse",
    "Bolig",
    "Tryghed",
    "Kultur- og fritidsaktiviteter",
    "Sundhed og omsorg",
    "Sprog",
    "Medborgerskab",
]
ADMINISTRATIONS = ["BIF", "BUF", "KFF", "SUF", "SOF", "TMF", "ØKF"]
SUBJECTS = [
    "ledige med ikke-vestlig baggrund",
    "tosprogede elever",
    "unge på erhvervsuddannelse",
    "nyankomne flygtninge",
    "ældre indvandrere",
    "beboere i udsatte boligområder",
]
MEASURES = [
    ("Andel", "percent", 1),
    ("Antal", "count", 0),
    ("Forskel i procentpoint for", "percentage_points", 1),
    ("Antal pr. 1.000", "rate_per_1000", 1),
]


def _administrations() -> list[str]:
    existing = set(db.session.scalars(select(Body.code)))
    for code in ADMINISTRATIONS:
        if code not in existing:
            accounts.create_body(
                BodyData(code, BodyKind.ADMINISTRATION, f"{code}-forvaltningen", f"{code} admin."),
                actor=None,
                now=NOW,
            )
    return ADMINISTRATIONS


def build_catalogue(
    areas: int = 6,
    goals: int = 60,
    indicators: int = 300,
    *,
    seed: int = 2007,
    approve: bool = True,
    span: str = "2007-2010",
) -> CatalogueVersion:
    """A policy with one version holding ``areas`` focus areas, ``goals`` goals and
    ``indicators`` indicators, spread evenly; approved unless ``approve`` is False. The
    policy runs for the years ``span`` ("2007-2016" for 20 half-years)."""
    rng = random.Random(seed)
    owners = _administrations()
    policy = catalogue_versions.create_policy(
        catalogue_data.PolicyData(
            f"Syntetisk politik {seed}-{rng.randrange(10**6)}",
            "BR 1/06",
            date(2006, 6, 14),
            span,
        ),
        actor=None,
        now=NOW,
    )
    version = catalogue_versions.create_draft(
        policy, label="Syntetisk katalog – æøå", actor=None, now=NOW
    )
    area_rows = [
        svc.add_focus_area(
            version,
            catalogue_data.FocusAreaData(f"A{a:02d}", a, AREAS[(a - 1) % len(AREAS)]),
            actor=None,
            now=NOW,
        )
        for a in range(1, areas + 1)
    ]
    goal_rows = []
    for g in range(goals):
        area = area_rows[g % areas]
        goal = svc.add_goal(
            area,
            catalogue_data.GoalData(
                f"{area.code}-M{g:03d}", f"Flere {rng.choice(SUBJECTS)} skal opleve fremgang ({g})"
            ),
            actor=None,
            now=NOW,
        )
        svc.add_criterion(
            goal,
            catalogue_data.CriterionData(
                "Halvering af forskellen senest 2010",
                decision_reference="BIU 227/2006",
                decision_date=date(2006, 12, 14),
            ),
            actor=None,
            now=NOW,
        )
        goal_rows.append(goal)
    for i in range(indicators):
        goal = goal_rows[i % goals]
        word, unit, decimals = rng.choice(MEASURES)
        baseline = Decimal(rng.randrange(100, 9000)) / (10 if decimals else 1)
        ind = svc.add_indicator(
            goal,
            catalogue_data.IndicatorData(
                code=f"I{i:04d}",
                name_da=f"{word} {rng.choice(SUBJECTS)} i København ({i})",
                kind=rng.choice(["effect", "effect", "activity", "benchmark"]),
                unit=unit,
                decimals=decimals,
                direction=rng.choice([1, 1, -1]),
                owner_code=rng.choice(owners),
                data_source="Danmarks Statistik, registerbaseret arbejdsstyrkestatistik",
                baseline_value=baseline,
                baseline_period="2006-H2",
            ),
            actor=None,
            now=NOW,
        )
        if i % 3 == 0:
            svc.add_criterion(
                ind,
                catalogue_data.CriterionData(
                    f"Mindst {baseline + 5} senest 2010", baseline + 5, "2010-H2"
                ),
                actor=None,
                now=NOW,
            )
    if approve:
        catalogue_versions.approve_version(
            version,
            decision_text="BIU 227/2006",
            decision_date=date(2006, 12, 14),
            actor=None,
            now=NOW,
        )
    return version
