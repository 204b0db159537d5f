"""Factories for editions: the small reading catalogue, two periods, published editions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from barometer.models import AssessmentState, Edition, MeasurementPeriod
from barometer.services import assessments as assessment_svc
from barometer.services import editions as svc
from tests.barometer.reading_factories import add_values, make_period, make_reading_catalogue

NOW = datetime(2007, 1, 10, 11, 0, tzinfo=UTC)
PUBLISHED_AT = datetime(2007, 10, 1, 9, 0, tzinfo=UTC)
D = Decimal
# A note and an assessment with the CSV separator, quotes and Danish letters.
NOTE = 'Skøn; "foreløbigt" tal fra Ærø og Åbenrå'
ASSESSMENT = (
    "Forvaltningen vurderer, at **mentorordninger** kan løfte stillingen; også på Østerbro."
)


def make_periods() -> tuple[MeasurementPeriod, MeasurementPeriod]:
    make_reading_catalogue()
    first, second = make_period("2007-H1", closed=True), make_period("2007-H2")
    add_values(first, {"A1-M1-I1": D("46.4"), "A1-M1-I2": D("47.0"), "A1-M1-C": D("110")})
    add_values(second, {"A1-M1-I1": D("47.9"), "A1-M1-C": D("105")})
    add_values(second, {"A1-M1-I2": None}, note=NOTE)
    assessment_svc.save_assessment(
        second, "A1", assessment_svc.AssessmentData(ASSESSMENT, AssessmentState.FINAL),
        actor=None, now=NOW,
    )  # fmt: skip
    return first, second


def make_draft(period_code: str = "2007-H2") -> Edition:
    return svc.create_draft(svc.EditionData(period_code, 1), actor=None, now=NOW)


def publish(edition: Edition, at: datetime = PUBLISHED_AT) -> Edition:
    return svc.publish(edition, actor=None, now=at, render_documents=False, acknowledged=True)


def make_published(period_code: str = "2007-H2") -> Edition:
    return publish(make_draft(period_code))
