"""Services of measurements and assessments, against a real database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from barometer.errors import ImportRejected
from barometer.measurement_import import ChangeKind, Entry
from barometer.models import (
    Assessment,
    AssessmentState,
    CorrectionsAreAppendOnly,
    Measurement,
    MeasurementCorrection,
    MeasurementPeriod,
)
from barometer.reading import load_catalogue
from barometer.services import assessments as asvc
from barometer.services import measurements as svc
from core.errors import AlreadyExists, Forbidden, StaleEdit, ValidationFailed
from core.models import AuditEvent
from tests.barometer.factories import administration
from tests.barometer.reading_factories import NOW, make_period, make_reading_catalogue
from tests.factories import make_data_contact, make_secretariat

D = Decimal


def counts(db: Any) -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count(Measurement.id))),
        db.session.scalar(select(func.count(MeasurementCorrection.id))),
        db.session.scalar(select(func.count(AuditEvent.id))),
    )


@pytest.fixture
def setup(db: Any) -> dict[str, Any]:
    specs = load_catalogue(make_reading_catalogue()).specs()
    objects = {
        "specs": specs,
        "period": make_period("2007-H1"),
        "bif": make_data_contact(administration("BIF"), "bif@example.dk"),
        "buf": make_data_contact(administration("BUF"), "buf@example.dk"),
        "sek": make_secretariat(),
    }
    db.session.commit()  # the tests roll back to check that nothing was written
    return objects


def test_opening_a_period_normalises_the_code_and_refuses_a_second_one(db: Any) -> None:
    row = svc.open_period(svc.PeriodData("2008-H2", NOW), actor=None, now=NOW)
    assert (row.code, row.is_open, row.label("da"), row.label("en")) == (
        "2008-H2",
        True,
        "2. halvår 2008",
        "2nd half 2008",
    )
    with pytest.raises(AlreadyExists):
        svc.open_period(svc.PeriodData("2008-H2", NOW), actor=None, now=NOW)
    with pytest.raises(ValidationFailed):
        svc.open_period(svc.PeriodData("2008-H3", NOW), actor=None, now=NOW)


def test_a_data_contact_enters_values_for_own_indicators(db: Any, setup: dict[str, Any]) -> None:
    result = svc.save_entries(
        setup["period"],
        [Entry("A1-M1-I1", D("46.4"), provisional=True, source="DST", expected_version=0)],
        setup["specs"],
        actor=setup["bif"],
        now=NOW,
    )
    assert [c.kind for c in result.changes] == [ChangeKind.NEW]
    m = db.session.scalar(select(Measurement))
    assert (m.indicator_code, m.value, m.provisional, m.source, m.entered_by_id) == (
        "A1-M1-I1",
        D("46.4"),
        True,
        "DST",
        setup["bif"].id,
    )
    assert db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "measurement.entered")
    )


def test_a_data_contact_cannot_enter_values_for_another_administration(
    db: Any, setup: dict[str, Any]
) -> None:
    before = counts(db)
    with pytest.raises(Forbidden):
        svc.save_entries(
            setup["period"],
            [Entry("A1-M1-I1", D("46.4")), Entry("A1-M1-C", D(120))],
            setup["specs"],
            actor=setup["bif"],
            now=NOW,
        )
    db.session.rollback()
    assert counts(db) == before


def test_a_consultee_member_cannot_enter_values(db: Any, setup: dict[str, Any]) -> None:
    from tests.factories import make_member

    member = make_member()
    with pytest.raises(Forbidden):
        svc.save_entries(
            setup["period"], [Entry("A1-M1-I1", D("46.4"))], setup["specs"], actor=member, now=NOW
        )


def test_a_closed_period_refuses_data_contacts_but_not_the_secretariat(
    db: Any, setup: dict[str, Any]
) -> None:
    closed = make_period("2006-H2", closed=True)
    with pytest.raises(Forbidden):
        svc.save_entries(
            closed, [Entry("A1-M1-I1", D("46.0"))], setup["specs"], actor=setup["bif"], now=NOW
        )
    svc.save_entries(
        closed, [Entry("A1-M1-I1", D("46.0"))], setup["specs"], actor=setup["sek"], now=NOW
    )


def test_one_bad_entry_writes_nothing_and_lists_every_problem(
    db: Any, setup: dict[str, Any]
) -> None:
    before = counts(db)
    with pytest.raises(ImportRejected) as caught:
        svc.save_entries(
            setup["period"],
            [
                Entry("A1-M1-I1", D("46.4"), row=1),
                Entry("A1-M1-I2", D("101.0"), row=2),
                Entry("A1-M1-C", D("1.5"), row=3),
            ],
            setup["specs"],
            actor=setup["sek"],
            now=NOW,
        )
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "value"), (3, "value")]
    db.session.rollback()
    assert counts(db) == before


def test_a_correction_needs_a_reason_and_keeps_the_old_value(
    db: Any, setup: dict[str, Any]
) -> None:
    period, specs, bif = setup["period"], setup["specs"], setup["bif"]
    svc.save_entries(period, [Entry("A1-M1-I1", D("46.4"))], specs, actor=bif, now=NOW)
    db.session.commit()
    with pytest.raises(ImportRejected) as caught:
        svc.save_entries(period, [Entry("A1-M1-I1", D("46.9"))], specs, actor=bif, now=NOW)
    assert caught.value.problems[0].column == "reason"
    db.session.rollback()
    svc.save_entries(
        period,
        [Entry("A1-M1-I1", D("46.9"), reason="Danmarks Statistik rettede tallet")],
        specs,
        actor=bif,
        now=NOW,
    )
    m = db.session.scalar(select(Measurement))
    assert m.value == D("46.9")
    ((correction, period_code),) = svc.corrections_for("A1-M1-I1")
    assert (correction.old_value, correction.new_value, correction.reason, period_code) == (
        D("46.4"),
        D("46.9"),
        "Danmarks Statistik rettede tallet",
        "2007-H1",
    )
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "measurement.corrected")
    )
    assert event.changes["value"] == {"old": "46.4000", "new": "46.9"}


def test_the_correction_history_cannot_be_changed(db: Any, setup: dict[str, Any]) -> None:
    period, specs = setup["period"], setup["specs"]
    svc.save_entries(period, [Entry("A1-M1-I1", D("46.4"))], specs, actor=None, now=NOW)
    svc.save_entries(period, [Entry("A1-M1-I1", D("46.5"), reason="x")], specs, actor=None, now=NOW)
    correction = db.session.scalar(select(MeasurementCorrection))
    correction.reason = "rewritten"
    with pytest.raises(CorrectionsAreAppendOnly):
        db.session.flush()


def test_saving_over_a_value_someone_else_corrected_meanwhile_is_a_stale_edit(
    db: Any, setup: dict[str, Any]
) -> None:
    period, specs, bif = setup["period"], setup["specs"], setup["bif"]
    svc.save_entries(period, [Entry("A1-M1-I1", D("46.4"))], specs, actor=bif, now=NOW)
    opened = db.session.scalar(select(Measurement.lock_version))
    svc.save_entries(
        period, [Entry("A1-M1-I1", D("46.6"), reason="ny")], specs, actor=setup["sek"], now=NOW
    )
    with pytest.raises(StaleEdit):
        svc.save_entries(
            period,
            [Entry("A1-M1-I1", D("46.8"), reason="min", expected_version=opened)],
            specs,
            actor=bif,
            now=NOW,
        )
    # A form opened before anyone entered a value expects none.
    with pytest.raises(StaleEdit):
        svc.save_entries(
            period, [Entry("A1-M1-I1", D("46.8"), expected_version=0)], specs, actor=bif, now=NOW
        )


def test_no_value_with_a_reason_is_stored_as_such(db: Any, setup: dict[str, Any]) -> None:
    svc.save_entries(
        setup["period"],
        [Entry("A1-M1-I2", None, note="Årlig undersøgelse")],
        setup["specs"],
        actor=setup["bif"],
        now=NOW,
    )
    m = db.session.scalar(select(Measurement))
    assert (m.value, m.note) == (None, "Årlig undersøgelse")


def test_closing_and_reopening_a_period_is_audited(db: Any) -> None:
    row = make_period("2009-H1")
    svc.close_period(row, actor=None, now=NOW)
    assert (row.state, row.closed_at) == ("closed", NOW)
    svc.reopen_period(row, actor=None, now=NOW)
    assert row.is_open and row.closed_at is None
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"measurement_period.closed", "measurement_period.reopened"} <= actions
    assert db.session.scalar(select(func.count(MeasurementPeriod.id))) == 1


def test_an_assessment_is_drafted_then_finalised_and_stale_saves_are_refused(db: Any) -> None:
    period = make_period()
    sek = make_secretariat()
    first = asvc.save_assessment(
        period, "BES", asvc.AssessmentData("Udkast"), actor=sek, now=NOW, expected_version=0
    )
    assert first.state == AssessmentState.DRAFT
    asvc.save_assessment(
        period,
        "BES",
        asvc.AssessmentData("**Endelig** vurdering", AssessmentState.FINAL),
        actor=sek,
        now=NOW,
        expected_version=1,
    )
    row = db.session.scalar(select(Assessment))
    assert (row.text, row.is_final, row.lock_version) == ("**Endelig** vurdering", True, 2)
    with pytest.raises(StaleEdit):
        asvc.save_assessment(
            period, "BES", asvc.AssessmentData("x"), actor=sek, now=NOW, expected_version=1
        )
    with pytest.raises(ValidationFailed):
        asvc.save_assessment(
            period, "UDD", asvc.AssessmentData("  ", AssessmentState.FINAL), actor=sek, now=NOW
        )
