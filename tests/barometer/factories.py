"""Factories for catalogue data, built through the services (they flush, never commit)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from barometer import catalogue_data
from barometer.models import CatalogueVersion, Goal, Indicator, Policy
from barometer.services import catalogue_nodes as svc
from barometer.services import catalogue_versions
from core.extensions import db
from core.models import Body, BodyKind
from tests.factories import make_body

NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)


def administration(code: str = "BIF") -> Body:
    body = db.session.scalar(select(Body).where(Body.code == code))
    return body or make_body(code, BodyKind.ADMINISTRATION, f"{code}-forvaltningen")


def make_policy(name: str = "Integrationspolitik 2007-2010") -> Policy:
    return catalogue_versions.create_policy(
        catalogue_data.PolicyData(name, "BR 395/06", date(2006, 6, 14), "2007-2010"),
        actor=None,
        now=NOW,
    )


def indicator_data(code: str, **overrides: object) -> catalogue_data.IndicatorData:
    values: dict[str, object] = {
        "code": code,
        "name_da": f"Andel i beskæftigelse ({code}), æøå",
        "kind": "effect",
        "unit": "percent",
        "decimals": 1,
        "direction": 1,
        "owner_code": "BIF",
        "data_source": "Danmarks Statistik",
        "baseline_value": Decimal("46.0"),
        "baseline_period": "2006-H2",
    }
    values.update(overrides)
    return catalogue_data.IndicatorData(**values)  # type: ignore[arg-type]


def make_draft_with_content(
    policy: Policy | None = None,
    *,
    areas: int = 2,
    goals_per_area: int = 2,
    indicators_per_goal: int = 2,
    label: str = "Koncept for integrationsbarometer",
) -> CatalogueVersion:
    """A draft (version 1 when the database is empty) with areas, goals, indicators and one
    success criterion on every goal and on the first indicator of each goal."""
    administration("BIF")
    policy = policy or make_policy()
    draft = catalogue_versions.create_draft(policy, label=label, actor=None, now=NOW)
    for a in range(1, areas + 1):
        area = svc.add_focus_area(
            draft,
            catalogue_data.FocusAreaData(
                f"A{a}", a, f"Indsatsområde {a} – Beskæftigelse", f"Area {a}"
            ),
            actor=None,
            now=NOW,
        )
        for g in range(1, goals_per_area + 1):
            goal = svc.add_goal(
                area,
                catalogue_data.GoalData(f"A{a}-M{g}", f"Mål {a}.{g}: flere i arbejde"),
                actor=None,
                now=NOW,
            )
            svc.add_criterion(
                goal,
                catalogue_data.CriterionData("Halvering af ledigheden i 2010"),
                actor=None,
                now=NOW,
            )
            for i in range(1, indicators_per_goal + 1):
                ind = svc.add_indicator(
                    goal, indicator_data(f"A{a}-M{g}-I{i}"), actor=None, now=NOW
                )
                if i == 1:
                    svc.add_criterion(
                        ind,
                        catalogue_data.CriterionData(
                            "Mindst 50,0 % i 2010",
                            Decimal("50.0"),
                            "2010-H2",
                            "BIU 227/2006",
                            date(2006, 12, 14),
                        ),
                        actor=None,
                        now=NOW,
                    )
    return draft


def make_approved(**kwargs: object) -> CatalogueVersion:
    draft = make_draft_with_content(**kwargs)  # type: ignore[arg-type]
    return catalogue_versions.approve_version(
        draft, decision_text="BIU 227/2006", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )


def goal(version: CatalogueVersion, code: str) -> Goal:
    return db.session.scalar(select(Goal).where(Goal.version_id == version.id, Goal.code == code))


def indicator(version: CatalogueVersion, code: str) -> Indicator:
    return db.session.scalar(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code == code)
    )
