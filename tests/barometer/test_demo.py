"""The demo's catalogue: version 1 approved by BIU 227/2006, loaded once."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select

from barometer.models import (
    CatalogueVersion,
    CategoryValue,
    Indicator,
    Policy,
    SuccessCriterion,
)
from barometer.services.breakdowns import version_breakdowns
from core.demo import load_demo
from core.models import AuditEvent
from tests.barometer.factories import NOW


def _counts(db: Any) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Policy, CatalogueVersion, Indicator, SuccessCriterion, AuditEvent, CategoryValue)
    )


def test_the_demo_loads_version_1_and_a_second_run_changes_nothing(
    db: Any, client: FlaskClient
) -> None:
    load_demo(NOW)
    db.session.commit()
    policy = db.session.scalar(select(Policy))
    assert (policy.name, policy.case_reference, policy.adopted_on.isoformat()) == (
        "Integrationspolitik 2007-2010",
        "BR 395/06",
        "2006-06-14",
    )
    version = db.session.scalar(select(CatalogueVersion))
    assert (version.number, version.label, version.status) == (
        1,
        "Koncept for integrationsbarometer",
        "approved",
    )
    assert (version.decision_text, version.decision_date.isoformat()) == (
        "BIU 227/2006",
        "2006-12-14",
    )
    assert len(version.focus_areas) == 6
    counts = _counts(db)
    # Version 1 only: the hearing demo adds a draft (a copy of version 1) for its open hearing.
    assert (
        db.session.scalar(
            select(func.count()).select_from(Indicator).where(Indicator.version_id == version.id)
        )
        == 27
    )
    benchmark = db.session.scalar(select(Indicator).where(Indicator.code == "REF-01"))
    assert benchmark.kind == "benchmark" and not benchmark.illustrative
    # Three indicators broken down by origin and gender, one with suppressed values.
    chosen = version_breakdowns(version.id)
    assert {code: [d.code for d in dims] for code, dims in chosen.items()} == {
        "BES-01": ["herkomst", "koen"],
        "UDD-05": ["koen"],
        "SUN-04": ["koen"],
    }
    assert all(d.illustrative for dims in chosen.values() for d in dims)
    suppressed = list(db.session.scalars(select(CategoryValue).where(CategoryValue.suppressed)))
    assert suppressed and all(
        v.indicator_code == "SUN-04" and v.value is None and v.reason for v in suppressed
    )
    load_demo(NOW)
    db.session.commit()
    assert _counts(db) == counts
    page = client.get("/barometer/catalogue/versions/1/overview").get_data(as_text=True)
    assert "Illustrative demodata" in page
    assert "Mindst 50,0 % senest 2010" in page
