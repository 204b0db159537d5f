"""The reading is kept while nothing it is computed from changes, and computed again when a
measurement, a period or the version does."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from barometer import frozen_versions, reading_memory
from barometer.models import Measurement
from barometer.reading import load_reading
from barometer.services import catalogue_versions
from tests.barometer.reading_factories import NOW, add_values, make_period, make_reading_catalogue


@pytest.fixture
def memory(app: Flask) -> Iterator[None]:
    app.config["CATALOGUE_MEMORY"] = True
    frozen_versions.forget()
    reading_memory.forget()
    yield
    app.config.pop("CATALOGUE_MEMORY")
    frozen_versions.forget()
    reading_memory.forget()


def _value(page: Any, code: str) -> Decimal | None:
    value = page.reading.indicators[code].value
    return None if value is None else Decimal(value)


def test_the_same_state_gives_the_kept_reading_and_a_change_a_new_one(
    app: Flask, db: Any, memory: None
) -> None:
    version = make_reading_catalogue()
    period = make_period("2007-H1")
    add_values(period, {"A1-M1-I1": Decimal("46.4"), "A1-M1-I2": Decimal("12.0")})
    db.session.commit()
    first = load_reading(period.period, version)
    assert load_reading(period.period, version) is first
    # A correction of a value (an ORM update raises its edit counter).
    row = db.session.scalar(select(Measurement).where(Measurement.indicator_code == "A1-M1-I1"))
    assert row is not None
    row.value = Decimal("47.0")
    db.session.commit()
    corrected = load_reading(period.period, version)
    assert corrected is not first and _value(corrected, "A1-M1-I1") == Decimal("47.0")
    # A new value, and a new period: each gives a reading of its own.
    add_values(period, {"A1-M1-C": Decimal(120)})
    db.session.commit()
    assert load_reading(period.period, version) is not corrected
    again = load_reading(period.period, version)
    make_period("2007-H2")
    db.session.commit()
    assert load_reading(period.period, version) is not again


def test_a_deleted_value_is_seen_and_a_draft_is_never_kept(
    app: Flask, db: Any, memory: None
) -> None:
    version = make_reading_catalogue()
    period = make_period("2007-H1")
    add_values(period, {"A1-M1-I1": Decimal("46.4")})
    db.session.commit()
    first = load_reading(period.period, version)
    db.session.delete(db.session.scalar(select(Measurement)))
    db.session.commit()
    assert _value(load_reading(period.period, version), "A1-M1-I1") is None
    assert first is not None
    draft = catalogue_versions.create_draft(version.policy, label="Udkast", actor=None, now=NOW)
    db.session.commit()
    assert load_reading(period.period, draft) is not load_reading(period.period, draft)
