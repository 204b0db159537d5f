"""The demo shows the metadata as intended: an annual indicator that is not grey in its
first half-years, a benchmark with a recorded data break, never coloured."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from barometer.models import ComparisonSeries, Edition, Indicator
from barometer.period import Period
from barometer.queries_in_force import version_in_force
from barometer.reading import load_reading
from tests.barometer.factories import NOW
from tests.demo_cache import load_demo_once


def test_the_demo_has_an_annual_indicator_a_data_break_and_a_benchmark(db: Any) -> None:
    load_demo_once(NOW)
    db.session.commit()
    survey = db.session.scalars(select(Indicator).where(Indicator.code == "TRY-01")).first()
    assert (survey.frequency, survey.measured_half) == ("annual", 2)
    benchmark = db.session.scalars(select(Indicator).where(Indicator.code == "REF-01")).first()
    assert benchmark.kind == "benchmark" and benchmark.data_breaks.startswith("2009-H2: ")
    assert benchmark.data_breaks_en.startswith("2009-H2: Statistics Denmark changed")
    first, second = Period.parse("2009-H1"), Period.parse("2009-H2")
    first_version, second_version = version_in_force(first), version_in_force(second)
    assert first_version is not None and second_version is not None
    first_half = load_reading(first, first_version).reading
    assert first_half.indicators["TRY-01"].movement == "off_cycle"
    assert first_half.overall.all.grey == 0
    second_half = load_reading(second, second_version).reading
    assert second_half.indicators["REF-01"].movement == "not_comparable"
    why = second_half.indicators["REF-01"].movement_text
    assert "ændrede opgørelsesmetoden" in why.da and "changed its method" in why.en
    assert second_half.indicators["TRY-01"].movement == "green"
    # The benchmark's national figures are BES-01's comparison series; BES-04 has one too.
    series = {
        s.indicator_code: s
        for s in db.session.scalars(select(ComparisonSeries).order_by(ComparisonSeries.id))
    }
    assert set(series) == {"BES-01", "BES-04"}
    assert all(s.illustrative and s.kind == "national" for s in series.values())
    national = {v.period_code: str(v.value.normalize()) for v in series["BES-01"].values}
    assert national["2008-H2"] == "60.7" and "2008-H1" not in national
    latest = db.session.scalars(
        select(Edition).where(Edition.period_code == "2009-H2").order_by(Edition.id.desc())
    ).first()
    assert latest.snapshot["comparisons"]["BES-01"][0]["name_en"] == "All of Denmark"
