"""Demo breakdowns: two dimensions (herkomst, køn) in version 1 of the catalogue, chosen for
three indicators, and their values per category for the demo's periods.

Like the rest of the demo's figures these are invented (the dimensions are marked
illustrative and the indicators' pages say their figures are): BES-01, the employment of
non-Western immigrants and descendants, by origin (immigrants and descendants, as
Statistics Denmark's *herkomst*) and by gender, with the gap between descendants and
immigrants narrowing; UDD-05 by gender;
SUN-04 by gender, where the men's figure of a few half-years is suppressed by the
discretion rule ("færre end 5 besvarelser") and so is never shown as a number.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from barometer.models import (
    CatalogueVersion,
    CategoryValue,
    Indicator,
    MeasurementPeriod,
)
from barometer.services import breakdowns as svc
from core.extensions import db

ORIGIN = svc.DimensionData(
    "herkomst",
    "Herkomst",
    "Origin",
    (
        svc.CategoryData("indvandrere", "Indvandrere", "Immigrants"),
        svc.CategoryData("efterkommere", "Efterkommere", "Descendants"),
    ),
    illustrative=True,
)
GENDER = svc.DimensionData(
    "koen",
    "Køn",
    "Gender",
    (svc.CategoryData("kvinder", "Kvinder", "Women"), svc.CategoryData("maend", "Mænd", "Men")),
    illustrative=True,
)
CHOSEN = {"BES-01": ("herkomst", "koen"), "UDD-05": ("koen",), "SUN-04": ("koen",)}
SUPPRESSED = "færre end 5 besvarelser (diskretionering)"

# (indicator, dimension, category): (value in the first period, change per half-year).
SERIES = {
    ("BES-01", "herkomst", "indvandrere"): ("44.0", "0.4"),
    ("BES-01", "herkomst", "efterkommere"): ("56.0", "0.1"),
    ("BES-01", "koen", "kvinder"): ("40.5", "0.9"),
    ("BES-01", "koen", "maend"): ("52.0", "0.6"),
    ("UDD-05", "koen", "kvinder"): ("64.0", "1.3"),
    ("UDD-05", "koen", "maend"): ("55.5", "0.9"),
    ("SUN-04", "koen", "kvinder"): ("73.0", "0.8"),
    ("SUN-04", "koen", "maend"): ("70.0", "0.9"),
}
# Half-years where the men's satisfaction of SUN-04 rests on too few answers to be shown.
SUPPRESSED_AT = {("SUN-04", "koen", "maend"): {0, 1, 4}}


def load_dimensions(version: CatalogueVersion, now: datetime) -> None:
    """Add the dimensions to a draft and choose them for the three indicators."""
    for data in (ORIGIN, GENDER):
        svc.add_dimension(version, data, actor=None, now=now)
    indicators = db.session.scalars(
        select(Indicator).where(Indicator.version_id == version.id, Indicator.code.in_(CHOSEN))
    )
    for indicator in indicators:
        svc.set_indicator_dimensions(indicator, CHOSEN[indicator.code], actor=None, now=now)


def load_category_values(data: dict[str, Any], now: datetime) -> None:
    """The values per category of every demo period, each created only if missing."""
    periods = list(db.session.scalars(select(MeasurementPeriod).order_by(MeasurementPeriod.code)))
    taken = set(
        db.session.execute(
            select(
                CategoryValue.indicator_code,
                CategoryValue.period_id,
                CategoryValue.dimension_code,
                CategoryValue.category_code,
            )
        ).all()
    )
    for (code, dimension, category), (start, step) in SERIES.items():
        for index, period in enumerate(periods):
            if (code, period.id, dimension, category) in taken:
                continue
            hidden = index in SUPPRESSED_AT.get((code, dimension, category), set())
            value = Decimal(start) + Decimal(step) * index
            db.session.add(
                CategoryValue(
                    indicator_code=code,
                    period_id=period.id,
                    dimension_code=dimension,
                    category_code=category,
                    value=None if hidden else min(value, Decimal(100)),
                    suppressed=hidden,
                    reason=SUPPRESSED if hidden else "",
                    entered_at=now,
                )
            )
    db.session.flush()
