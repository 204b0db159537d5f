"""Editions: drafts, publishing freezes the content with its hash, corrections; frozen is frozen."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from barometer.editions import snapshot as snap
from barometer.models import Edition, EditionFile, EditionState, Measurement
from barometer.services import editions as svc
from core.errors import FrozenError, StaleEdit, ValidationFailed
from core.models import AuditEvent
from tests.barometer.edition_factories import (
    ASSESSMENT,
    NOW,
    make_draft,
    make_periods,
    make_published,
    publish,
)
from tests.barometer.reading_factories import add_values


@pytest.fixture
def periods(db: Any) -> Any:
    return make_periods()


def test_a_draft_has_the_usual_titles_and_no_stored_content(periods: Any, db: Any) -> None:
    edition = make_draft()
    assert edition.state == EditionState.DRAFT
    assert edition.title_da == "Integrationsbarometer, 2. halvår 2007"
    assert edition.title_en == "Integration barometer, 2nd half 2007"
    assert edition.canonical_json is None and edition.sha256 is None
    with pytest.raises(ValueError, match="draft"):
        edition.snapshot  # noqa: B018


def test_a_draft_needs_a_known_period_and_an_approved_version(periods: Any, db: Any) -> None:
    with pytest.raises(ValidationFailed):
        svc.create_draft(svc.EditionData("2031-H1", 1), actor=None, now=NOW)
    with pytest.raises(ValidationFailed):
        svc.create_draft(svc.EditionData("2007-H2", 99), actor=None, now=NOW)


def test_the_preview_is_recomputed_from_the_live_data(periods: Any, db: Any) -> None:
    _, second = periods
    edition = make_draft()
    before = svc.preview(edition)
    assert before["reading"]["indicators"]["A1-M1-I1"]["value"] == "47.9"
    assert before["edition"]["published"] is None
    add_values(second, {"NEW": Decimal("1")})  # unrelated code: same preview
    assert svc.fingerprint(svc.preview(edition)) == svc.fingerprint(before)


def test_publishing_stores_canonical_json_whose_sha256_is_the_one_shown(
    periods: Any, db: Any
) -> None:
    edition = make_published()
    assert edition.state == EditionState.PUBLISHED
    assert edition.sha256 == hashlib.sha256(edition.canonical_json.encode("utf-8")).hexdigest()
    content = json.loads(edition.canonical_json)
    assert snap.canonical_json(content) == edition.canonical_json  # canonical: a fixed point
    assert content["edition"]["published"]["at"] == "2007-10-01T09:00:00+00:00"
    assert content["assessments"]["A1"]["text"] == ASSESSMENT
    assert "<strong>mentorordninger</strong>" in content["assessments"]["A1"]["html"]
    assert content["method"]["parameters"]["on_track"] == "0.95"
    assert [p["code"] for p in content["periods"]] == ["2007-H1", "2007-H2"]
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"edition.created", "edition.published"} <= actions
    # The open-data files are stored by a job after the commit (tests/barometer/
    # test_open_data_job.py): the publication itself stores none.
    assert db.session.scalar(select(EditionFile)) is None
    db.session.commit()
    names = {f.name for f in db.session.scalars(select(EditionFile))}
    assert names == {"data.csv", "data.json", "datapackage.json", "indicator-data.csv"}


def test_canonical_json_sorts_keys_keeps_letters_and_refuses_floats() -> None:
    text = snap.canonical_json({"b": Decimal("1.50"), "a": "Ærø"})
    assert text == '{"a":"Ærø","b":"1.5"}'
    with pytest.raises(TypeError):
        snap.canonical_json({"x": 1.5})


def test_publishing_refuses_when_the_data_changed_after_the_confirmation(
    periods: Any, db: Any
) -> None:
    _, second = periods
    edition = make_draft()
    seen = svc.fingerprint(svc.preview(edition))
    m = db.session.scalar(
        select(Measurement).where(
            Measurement.indicator_code == "A1-M1-I1", Measurement.period_id == second.id
        )
    )
    m.value = Decimal("49.0")
    db.session.flush()
    with pytest.raises(StaleEdit):
        svc.publish(edition, actor=None, now=NOW, expected_fingerprint=seen, acknowledged=True)
    assert edition.state == EditionState.DRAFT


def test_publishing_builds_the_snapshot_once(
    periods: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = make_draft()
    seen = svc.fingerprint(svc.preview(edition))
    calls = []
    build = snap.build_snapshot

    def counting(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return build(**kwargs)

    monkeypatch.setattr(snap, "build_snapshot", counting)
    svc.publish(
        edition,
        actor=None,
        now=NOW,
        expected_fingerprint=seen,
        render_documents=False,
        acknowledged=True,
    )
    assert len(calls) == 1
    assert edition.snapshot["edition"]["published"]["at"] == NOW.isoformat()


@pytest.mark.parametrize("action", ["update", "discard", "publish"])
def test_every_service_refuses_to_change_a_published_edition(
    periods: Any, db: Any, action: str
) -> None:
    edition = make_published()
    db.session.commit()
    text = edition.canonical_json
    with pytest.raises(FrozenError):
        if action == "update":
            svc.update_draft(edition, svc.EditionData("2007-H1", 1), actor=None, now=NOW)
        elif action == "discard":
            svc.discard_draft(edition, actor=None, now=NOW)
        else:
            svc.publish(edition, actor=None, now=NOW, acknowledged=True)
    db.session.rollback()
    stored = db.session.get(Edition, edition.id)
    assert stored is not None and stored.canonical_json == text


def test_the_database_session_refuses_a_direct_change_of_a_published_edition(
    periods: Any, db: Any
) -> None:
    edition = make_published()
    db.session.commit()
    edition.title_da = "Ændret bagefter"
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(FrozenError):
        db.session.delete(db.session.get(Edition, edition.id))
        db.session.flush()
    db.session.rollback()


def test_a_stored_document_cannot_be_replaced(periods: Any, db: Any) -> None:
    edition = make_published()
    db.session.commit()
    row = svc.stored_file(edition.id, "data.csv")
    row.content = b"other"
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()
    same = svc.store_file(edition, "data.csv", "text/csv", b"other", now=NOW)
    assert same.content != b"other"


def test_published_requires_the_hash_and_content_in_the_database(periods: Any, db: Any) -> None:
    edition = make_draft()
    edition.state = EditionState.PUBLISHED  # bypassing the service
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_draft_can_be_changed_and_discarded(periods: Any, db: Any) -> None:
    edition = make_draft()
    svc.update_draft(edition, svc.EditionData("2007-H1", 1, "Særudgave"), actor=None, now=NOW)
    assert (edition.period_code, edition.title_da) == ("2007-H1", "Særudgave")
    svc.discard_draft(edition, actor=None, now=NOW)
    assert db.session.scalar(select(Edition)) is None


def test_a_correction_names_the_corrected_edition_and_why(periods: Any, db: Any) -> None:
    original = make_published()
    with pytest.raises(ValidationFailed):
        svc.create_correction(original, "  ", actor=None, now=NOW)
    with pytest.raises(ValidationFailed):
        svc.create_correction(make_draft("2007-H1"), "Fejl", actor=None, now=NOW)
    correction = svc.create_correction(original, "Forkert værdi for A1-M1-I1", actor=None, now=NOW)
    publish(correction)
    corrects = correction.snapshot["edition"]["corrects"]
    assert corrects == {
        "id": original.id,
        "title": {"da": original.title_da, "en": original.title_en},
        "sha256": original.sha256,
        "reason": "Forkert værdi for A1-M1-I1",
    }
    assert correction.sha256 != original.sha256


def test_the_publication_job_renders_and_stores_both_reports_once(periods: Any, db: Any) -> None:
    edition = make_published()
    db.session.commit()
    svc.render_documents_job(edition.id)
    names = {f.name for f in db.session.scalars(select(EditionFile))}
    assert {"report-da.pdf", "report-en.pdf"} <= names
    first = svc.stored_file(edition.id, "report-da.pdf").sha256
    svc.render_documents_job(edition.id)  # idempotent: nothing is replaced
    assert svc.stored_file(edition.id, "report-da.pdf").sha256 == first
