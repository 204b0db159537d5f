"""The audit log reads in the reader's language: every action, kind of object and field the
demo records has a name, and the stored values (ISO dates, true and false, decimals, codes
of units and states, ids of bodies) are written the reader's way."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select

from core import audit_labels
from core.models import AuditEvent
from tests.core.test_translation_crawl import _choose, problems_of, visible_text
from tests.demo_cache import load_demo_once
from tests.web import login, text_of


@pytest.fixture
def demo(app: Flask, db: Any) -> None:
    load_demo_once()
    db.session.commit()


def test_every_action_object_and_field_of_the_demo_has_a_name(app: Flask, demo: None) -> None:
    labels = audit_labels._labels(app)
    unnamed: set[str] = set()
    with app.test_request_context():
        named = {
            name
            for event in AuditEvent.query.all()
            for name in event.changes or {}
            if any(function(name) for function in labels.field_functions)
        }
    for event in AuditEvent.query.all():
        if event.action not in labels.actions:
            unnamed.add(f"action {event.action}")
        if event.object_type not in labels.object_types:
            unnamed.add(f"object {event.object_type}")
        for name in event.changes or {}:
            typed = f"{event.object_type}.{name}"
            if not (name in labels.fields or typed in labels.fields or name in named):
                unnamed.add(f"field {name}")
    assert not unnamed, sorted(unnamed)


@pytest.mark.parametrize(
    ("name", "value", "danish", "english"),
    [
        ("collection_deadline", "2012-02-28T22:59:59+00:00", "28.02.2012 23.59", "28 Feb 2012"),
        ("decision_date", "2006-06-14", "14. jun. 2006", "14 Jun 2006"),
        ("illustrative", True, "Ja", "Yes"),
        ("derived_from_confidential", False, "Nej", "No"),
        ("target_value", "22.0", "22,0", "22.0"),
        ("unit", "percent", "Procent", "Percent"),
        ("notes", "", "–", "–"),
        ("targets", ["UDD-M3", "UDD-M4"], "UDD-M3, UDD-M4", "UDD-M3, UDD-M4"),
    ],
)
def test_a_stored_value_reads_the_readers_way(
    app: Flask, name: str, value: Any, danish: str, english: str
) -> None:
    with app.test_request_context():
        for locale, expected in (("da", danish), ("en", english)):
            with force_locale(locale):
                assert expected in audit_labels.value_label(name, value), (locale, name)


def test_a_state_reads_as_its_object_types_state(app: Flask) -> None:
    with app.test_request_context(), force_locale("da"):
        assert audit_labels.value_label("state", "closed", "MeasurementPeriod") == "Lukket"
        assert audit_labels.value_label("state", "open", "Hearing") == "Åben for høringssvar"
        assert audit_labels.value_label("status", "superseded", "CatalogueVersion") != (
            "superseded"
        )


def test_a_summary_writes_its_dates_the_readers_way(app: Flask) -> None:
    with app.test_request_context(), force_locale("da"):
        assert audit_labels.summary_text("BIU 227/2006: BIU 2007-04-18") == (
            "BIU 227/2006: BIU 18. apr. 2007"
        )


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_audit_log_of_the_demo_is_in_one_language(
    app: Flask, demo: None, client: FlaskClient, db: Any, lang: str
) -> None:
    _choose(client, lang)
    login(client, "admin@example.dk", app.config["DEMO_PASSWORD"])
    pages = -(-db.session.query(AuditEvent).count() // app.config["AUDIT_PAGE_SIZE"])
    for number in range(1, pages + 1):
        html = text_of(client.get(f"/audit/?page={number}"))
        found = problems_of(visible_text(html, lang), lang)
        assert not found, (number, found)
        assert "MeasurementPeriod" not in html and "True" not in visible_text(html, lang)


def test_an_english_name_in_the_danish_audit_log_is_marked_english(
    app: Flask, demo: None, client: FlaskClient, db: Any
) -> None:
    login(client, "admin@example.dk", app.config["DEMO_PASSWORD"])
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "catalogue.indicator_created")
    ).first()
    html = text_of(client.get(f"/audit/?action={event.action}"))
    assert f'<dd lang="en">– → {event.changes["name_en"]["new"]}' in html.replace("&#39;", "'")
