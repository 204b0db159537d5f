"""Factories for breakdowns: an approved catalogue whose first indicator is broken down by
origin (``herkomst``: dansk, vestlig, ikke-vestlig, plus ``extra`` categories) and gender
(``koen``), with two periods of totals (they flush; tests commit when they need to)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from barometer.models import CatalogueVersion, CategoryValue, MeasurementPeriod
from barometer.services import breakdowns as svc
from barometer.services import catalogue_versions
from core.extensions import db
from tests.barometer.factories import NOW, indicator, make_draft_with_content
from tests.barometer.reading_factories import add_values, make_period

CODE = "A1-M1-I1"


def make_broken_down(extra: int = 0) -> CatalogueVersion:
    draft = make_draft_with_content(areas=1, goals_per_area=1, indicators_per_goal=2)
    origin = (
        svc.CategoryData("dansk", "Dansk oprindelse", "Danish origin"),
        svc.CategoryData("vestlig", "Vestlig oprindelse", "Western origin"),
        *(svc.CategoryData(f"x{i}", f"Gruppe {i}", f"Group {i}") for i in range(extra)),
        svc.CategoryData("ikke-vestlig", "Ikke-vestlig oprindelse", "Non-Western origin"),
    )
    svc.add_dimension(
        draft, svc.DimensionData("herkomst", "Herkomst", "Origin", origin), actor=None, now=NOW
    )
    gender = (svc.CategoryData("kvinder", "Kvinder", "Women"), svc.CategoryData("maend", "Mænd"))
    svc.add_dimension(
        draft, svc.DimensionData("koen", "Køn", "Gender", gender), actor=None, now=NOW
    )
    svc.set_indicator_dimensions(indicator(draft, CODE), ["herkomst", "koen"], actor=None, now=NOW)
    return catalogue_versions.approve_version(
        draft, decision_text="BIU 227/2006", decision_date=date(2006, 12, 14), actor=None, now=NOW
    )


def make_periods() -> tuple[MeasurementPeriod, MeasurementPeriod]:
    first, second = make_period("2007-H1"), make_period("2007-H2")
    add_values(first, {CODE: Decimal("46.0"), "A1-M1-I2": Decimal("30.0")})
    add_values(second, {CODE: Decimal("47.5"), "A1-M1-I2": Decimal("31.0")})
    return first, second


def add_category(
    period: MeasurementPeriod, dimension: str, category: str, value: str | None,
    reason: str = "",
) -> None:  # fmt: skip
    db.session.add(
        CategoryValue(
            indicator_code=CODE, period_id=period.id, dimension_code=dimension,
            category_code=category, value=None if value is None else Decimal(value),
            suppressed=value is None and bool(reason), reason=reason, entered_at=NOW,
        )
    )  # fmt: skip
    db.session.flush()
