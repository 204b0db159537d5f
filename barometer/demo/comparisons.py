"""Demo step: national comparison series for two indicators.

The demo's benchmark indicator REF-01 (the national labour-force participation rate of
non-Western immigrants, Statistics Denmark) becomes what it is to its goal's first
indicator BES-01: a comparison series "Hele landet", drawn as a grey dashed line beside
the municipality's own figures and never coloured or counted. The 2011-2014 catalogue
drops REF-01 as an indicator (barometer/demo/history.py), so its 2011 figures (the same
invented continuation the other indicators get) live in the series alone. BES-04 gets an invented
national series. Both are marked illustrative: the figures are not of the same
definition as the indicators they are drawn beside (or are invented), and say so.
Running the step twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from barometer.demo import history
from barometer.models import (
    ComparisonKind,
    ComparisonSeries,
    ComparisonValue,
    Measurement,
    MeasurementPeriod,
)
from core.extensions import db

BENCHMARK, BENCHMARK_OF = "REF-01", "BES-01"
# BES-04's invented national level, per half-year.
INVENTED = {
    "BES-04": {
        "2007-H1": "38.5", "2007-H2": "39.2", "2008-H1": "40.1", "2008-H2": "40.6",
        "2009-H1": "37.9", "2009-H2": "37.2", "2010-H1": "37.8", "2010-H2": "38.6",
        "2011-H1": "39.3", "2011-H2": "39.9",
    },
}  # fmt: skip
SOURCE_REF = "Danmarks Statistik (RAS207, RAS3, RAS1), via REF-01; illustrativ sammenligning"
SOURCE_INVENTED = "Opfundne tal til demoen"


def _benchmark_values(data: dict[str, Any]) -> dict[str, Decimal]:
    """REF-01's measured values, and for the half-years after its catalogue dropped it the
    continuation of its trend (as every demo indicator's 2010-2011 figures are made)."""
    rows = db.session.execute(
        select(MeasurementPeriod.code, Measurement.value)
        .join(MeasurementPeriod, Measurement.period_id == MeasurementPeriod.id)
        .where(Measurement.indicator_code == BENCHMARK, Measurement.value.is_not(None))
    )
    values = {code: value for code, value in rows if value is not None}
    benchmark = next((i for i in data.get("indicators", []) if i["code"] == BENCHMARK), None)
    if benchmark is not None:
        measured = [m for m in data.get("measurements", []) if m["indicator"] == BENCHMARK]
        later = history.later_values(measured, int(benchmark["decimals"]))
        values |= {p: v for p, v in later.items() if v is not None and p not in values}
    return values


def _add(code: str, values: dict[str, Decimal], source: str, now: datetime) -> None:
    exists = db.session.scalar(
        select(ComparisonSeries.id).where(
            ComparisonSeries.indicator_code == code, ComparisonSeries.name_da == "Hele landet"
        )
    )
    if exists is not None or not values:
        return
    db.session.add(
        ComparisonSeries(
            indicator_code=code, name_da="Hele landet", name_en="All of Denmark",
            kind=ComparisonKind.NATIONAL, source=source, illustrative=True, imported_at=now,
            values=[ComparisonValue(period_code=p, value=v) for p, v in sorted(values.items())],
        )
    )  # fmt: skip


def load_comparisons(data: dict[str, Any], now: datetime) -> None:
    _add(BENCHMARK_OF, _benchmark_values(data), SOURCE_REF, now)
    for code, values in INVENTED.items():
        _add(code, {p: Decimal(v) for p, v in values.items()}, SOURCE_INVENTED, now)
    db.session.flush()
