"""The secretariat's override of the version in force: service and pages."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from barometer.errors import CatalogueInvalid
from barometer.period import Period
from barometer.queries_in_force import in_force_info
from barometer.services import catalogue_versions
from barometer.services import version_overrides as svc
from core.errors import NotFound
from core.models import AuditEvent
from tests.barometer.factories import NOW
from tests.barometer.reading_factories import make_period, make_reading_catalogue
from tests.factories import make_data_contact, make_secretariat
from tests.web import login, post, text_of


@pytest.fixture
def two_versions(db: Any) -> dict[str, Any]:
    """Version 1 (BIU 227/2006) and version 2 approved on 18.04.2007, same policy."""
    from datetime import date

    v1 = make_reading_catalogue()
    draft = catalogue_versions.create_draft(v1.policy, label="Efter høringen", actor=None, now=NOW)
    v2 = catalogue_versions.approve_version(
        draft, decision_text="BIU 118/2007", decision_date=date(2007, 4, 18), actor=None, now=NOW
    )
    make_period("2007-H1")
    make_secretariat()
    db.session.commit()
    return {"v1": v1, "v2": v2}


def _actions(db: Any) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("catalogue.version_override%"))
            .order_by(AuditEvent.id)
        )
    )


def test_an_override_puts_another_version_in_force_and_clearing_restores_the_rule(
    db: Any, two_versions: dict[str, Any]
) -> None:
    period = Period(2007, 1)
    assert in_force_info(period).number == 2  # type: ignore[union-attr]
    svc.set_override("2007-H1", 1, "Indsamlingen var begyndt på version 1", actor=None, now=NOW)
    found = in_force_info(period)
    assert found is not None and (found.number, found.is_override) == (1, True)
    assert found.reason == "Indsamlingen var begyndt på version 1"
    assert in_force_info(Period(2007, 2)).number == 2  # type: ignore[union-attr]
    svc.clear_override("2007-H1", actor=None, now=NOW)
    assert in_force_info(period).number == 2  # type: ignore[union-attr]
    assert _actions(db) == ["catalogue.version_override_set", "catalogue.version_override_cleared"]


@pytest.mark.parametrize(
    ("period", "number", "reason", "field"),
    [
        ("2007-H1", 1, "  ", "reason"),
        ("2007-H1", 9, "En grund", "version"),
        ("2007", 1, "En grund", "period"),
    ],
)
def test_an_override_needs_a_period_an_approved_version_and_a_reason(
    db: Any, two_versions: dict[str, Any], period: str, number: int, reason: str, field: str
) -> None:
    with pytest.raises(CatalogueInvalid) as err:
        svc.set_override(period, number, reason, actor=None, now=NOW)
    assert err.value.field == field
    assert _actions(db) == []


def test_a_draft_cannot_be_put_in_force(db: Any, two_versions: dict[str, Any]) -> None:
    draft = catalogue_versions.create_draft(
        two_versions["v2"].policy, label="Kladde", actor=None, now=NOW
    )
    with pytest.raises(CatalogueInvalid):
        svc.set_override("2007-H1", draft.number, "En grund", actor=None, now=NOW)


def test_clearing_a_period_without_override_is_refused(
    db: Any, two_versions: dict[str, Any]
) -> None:
    with pytest.raises(NotFound):
        svc.clear_override("2007-H1", actor=None, now=NOW)


def test_the_secretariat_sets_and_clears_an_override_on_the_page(
    client: FlaskClient, db: Any, two_versions: dict[str, Any]
) -> None:
    login(client, "sek@example.dk")
    listing = text_of(client.get("/barometer/catalogue/in-force/"))
    assert "BIU 118/2007" in listing and "/barometer/catalogue/in-force/2007-H1" in listing
    refused = post(client, "/barometer/catalogue/in-force/2007-H1", {"version": "1", "reason": ""})
    assert refused.status_code == 400
    assert in_force_info(Period(2007, 1)).number == 2  # type: ignore[union-attr]
    done = post(
        client,
        "/barometer/catalogue/in-force/2007-H1",
        {"version": "1", "reason": "Indsamlingen var begyndt på version 1"},
    )
    assert done.status_code == 302
    page = text_of(client.get("/barometer/reading/2007-H1"))
    assert "Indsamlingen var begyndt på version 1" in page
    assert "Beregnet ud fra version 1 af kataloget" in page
    assert post(client, "/barometer/catalogue/in-force/2007-H1/clear").status_code == 302
    db.session.expire_all()
    assert in_force_info(Period(2007, 1)).number == 2  # type: ignore[union-attr]


def test_only_the_secretariat_chooses_a_version(
    client: FlaskClient, db: Any, two_versions: dict[str, Any]
) -> None:
    from tests.barometer.factories import administration

    make_data_contact(administration("BIF"), "bif@example.dk")
    db.session.commit()
    login(client, "bif@example.dk")
    assert client.get("/barometer/catalogue/in-force/").status_code == 200
    assert client.get("/barometer/catalogue/in-force/2007-H1").status_code == 403
    response = post(
        client, "/barometer/catalogue/in-force/2007-H1", {"version": "1", "reason": "x"}
    )
    assert response.status_code == 403
